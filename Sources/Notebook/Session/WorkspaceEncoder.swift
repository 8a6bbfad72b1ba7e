import Foundation
import KScript

/// Turns the notebook namespace into the JSON document of a session's `workspace-N.json`.
///
/// Values form one graph for the whole workspace: every mutable or identity-carrying object
/// (list, dict, set, tuple, instance, function, class, native value) becomes one entry of
/// `objects`, referenced by index, so sharing and cycles survive. Immediates and strings are
/// written inline. Functions and classes defined in the notebook are written as their exact
/// source text; objects of other modules as a reference (`module` + dotted path). Native
/// values go through `SessionCodecs` into files under `blobs/`.
///
/// Value encoding: `{"n":0}` None, `{"b":true}`, `{"i":"42"}`, `{"f":"0.1"}` (shortest
/// round-trip text, `nan`/`inf` included), `{"s":"text"}`, `{"y":"base64"}` bytes,
/// `{"r":3}` reference to `objects[3]`.
final class WorkspaceEncoder {
    /// Something that cannot be saved: the offending type's name.
    struct Unsaveable: Error {
        let typeName: String
    }

    let interpreter: Interpreter
    let module: PyModule
    /// Writes a native value's blob; returns its file name relative to the session and the
    /// blob's metadata.
    let storeBlob: (PyObject, SessionCodecs.Codec) throws -> (file: String, metadata: [String: String])

    private(set) var objects: [[String: Any]] = []
    private var memo: [ObjectIdentifier: Int] = [:]
    /// Keeps encoded objects alive so their identifiers stay unique during the save.
    private var retained: [PyObject] = []

    init(interpreter: Interpreter, module: PyModule,
         storeBlob: @escaping (PyObject, SessionCodecs.Codec) throws -> (file: String, metadata: [String: String])) {
        self.interpreter = interpreter
        self.module = module
        self.storeBlob = storeBlob
    }

    /// Encodes the namespace, plus the `carried` entries of names the namespace does not bind
    /// (values a previous restore could not rebuild), copied unchanged. Returns the document,
    /// the names that could not be saved with the type that stopped each, and the blob files
    /// the carried entries use.
    func encodeWorkspace(names: [String], carried: CarriedEntries? = nil)
        -> (document: [String: Any], unsaved: [(name: String, typeName: String)], carriedFiles: Set<String>) {
        var globals: [[Any]] = []
        var carriedFiles = Set<String>()
        if let carried {
            var copied: [Int: Int] = [:]
            for entry in carried.globals where module[entry.name] == nil {
                globals.append([entry.name, copy(entry.value, from: carried.objects, copied: &copied, files: &carriedFiles), entry.position])
            }
        }
        var unsaved: [(String, String)] = []
        for (position, name) in names.enumerated() {
            guard let value = module[name] else { continue }
            let objectCount = objects.count
            let memoBefore = memo
            do {
                globals.append([name, try encode(value), position])
            } catch let e as Unsaveable {
                objects.removeSubrange(objectCount...)
                memo = memoBefore
                unsaved.append((name, e.typeName))
            } catch {
                objects.removeSubrange(objectCount...)
                memo = memoBefore
                unsaved.append((name, "\(error)"))
            }
        }
        return (["globals": globals, "objects": objects], unsaved, carriedFiles)
    }

    /// Copies an encoded value and the objects it references from another document's table,
    /// renumbering references; collects the blob files of native entries.
    private func copy(_ encoded: Any, from table: [[String: Any]], copied: inout [Int: Int], files: inout Set<String>) -> Any {
        if let dict = encoded as? [String: Any] {
            if dict.count == 1, let index = dict["r"] as? Int, index >= 0, index < table.count {
                if let existing = copied[index] { return ["r": existing] }
                let newIndex = objects.count
                objects.append([:])
                copied[index] = newIndex
                let entry = table[index]
                if entry["k"] as? String == "native", let file = entry["file"] as? String { files.insert(file) }
                objects[newIndex] = copy(entry, from: table, copied: &copied, files: &files) as? [String: Any] ?? [:]
                return ["r": newIndex]
            }
            return dict.mapValues { copy($0, from: table, copied: &copied, files: &files) }
        }
        if let array = encoded as? [Any] { return array.map { copy($0, from: table, copied: &copied, files: &files) } }
        return encoded
    }

    /// The inline or by-reference encoding of `value`.
    func encode(_ value: Value) throws -> Any {
        switch value {
        case .none, .unbound: return ["n": 0]
        case .bool(let b): return ["b": b]
        case .int(let i): return ["i": String(i)]
        case .float(let d): return ["f": WorkspaceEncoder.floatText(d)]
        case .object(let o):
            if let s = o as? PyStr, o.type === BuiltinTypes.str { return ["s": s.value] }
            if let b = o as? PyBytes, o.type === BuiltinTypes.bytes { return ["y": Data(b.bytes).base64EncodedString()] }
            return ["r": try reference(o)]
        }
    }

    static func floatText(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        return "\(d)"
    }

    private func reference(_ o: PyObject) throws -> Int {
        if let index = memo[ObjectIdentifier(o)] { return index }
        let index = objects.count
        objects.append([:])
        memo[ObjectIdentifier(o)] = index
        retained.append(o)
        objects[index] = try describe(o)
        return index
    }

    private func encodeAll(_ values: [Value]) throws -> [Any] { try values.map(encode) }

    /// The `objects` entry of `o`.
    private func describe(_ o: PyObject) throws -> [String: Any] {
        let type = o.type
        if let codec = SessionCodecs.codec(for: type), !(o is PyType) {
            let stored = try storeBlob(o, codec)
            return ["k": "native", "codec": codec.typeName, "file": stored.file, "meta": stored.metadata]
        }
        switch o {
        case let m as PyModule:
            return ["k": "module", "name": m.name]
        case let t as PyType:
            if !t.isNative, t.module == module.name {
                guard let source = t.sourceText, !t.qualifiedName.contains(".") else { throw Unsaveable(typeName: "type (no class statement)") }
                return ["k": "class", "name": t.name, "source": source]
            }
            return try moduleReference(moduleName: t.module, path: t.qualifiedName, typeName: "type")
        case let f as PyFunction:
            return try describeFunction(f)
        case let f as NativeFunction:
            if f.ownerType == nil, let moduleName = f.moduleName {
                return try moduleReference(moduleName: moduleName, path: f.name, typeName: "builtin_function_or_method")
            }
            if f.ownerType == nil { return try moduleReference(moduleName: "builtins", path: f.name, typeName: "builtin_function_or_method") }
            throw Unsaveable(typeName: "builtin_function_or_method")
        case let m as PyMethod:
            return ["k": "method", "function": try encode(m.function), "self": try encode(m.receiver)]
        default:
            break
        }
        if type === BuiltinTypes.list, let list = o as? PyList { return ["k": "list", "items": try encodeAll(list.items)] }
        if type === BuiltinTypes.tuple, let tuple = o as? PyTuple { return ["k": "tuple", "items": try encodeAll(tuple.items)] }
        if type === BuiltinTypes.set || type === BuiltinTypes.frozenset, let set = o as? PySet {
            return ["k": set.isFrozen ? "frozenset" : "set", "items": try encodeAll(set.elements)]
        }
        if type === BuiltinTypes.dict, let dict = o as? PyDict {
            let pairs = dict.pairs
            return ["k": "dict", "keys": try encodeAll(pairs.map(\.key)), "values": try encodeAll(pairs.map(\.value))]
        }
        if type === BuiltinTypes.range, let r = o as? PyRange {
            return ["k": "range", "items": [["i": String(r.start)], ["i": String(r.stop)], ["i": String(r.step)]]]
        }
        if type === BuiltinTypes.slice, let s = o as? PySlice {
            return ["k": "slice", "items": try encodeAll([s.start, s.stop, s.step])]
        }
        if o === BuiltinTypes.ellipsisValue { return ["k": "ellipsis"] }
        if o === BuiltinTypes.notImplementedValue { return ["k": "notimplemented"] }
        if !type.isNative, type.nativeBase === BuiltinTypes.object, !(o is PyException) {
            let pairs = o.dict?.pairs ?? []
            return ["k": "instance", "class": try encode(.object(type)),
                    "keys": try encodeAll(pairs.map(\.key)), "values": try encodeAll(pairs.map(\.value))]
        }
        throw Unsaveable(typeName: type.name)
    }

    private func describeFunction(_ f: PyFunction) throws -> [String: Any] {
        if f.module !== module {
            return try moduleReference(moduleName: f.module.name, path: f.qualifiedName, typeName: "function")
        }
        let path = f.qualifiedName.split(separator: ".").map(String.init)
        if path.count == 2, case .object(let owner)? = module[path[0]], let cls = owner as? PyType,
           case .object(let member)? = cls.attributes[path[1]], member === f {
            return ["k": "member", "owner": try encode(.object(cls)), "name": path[1]]
        }
        guard f.closure.isEmpty, path.count == 1, let source = f.sourceText else { throw Unsaveable(typeName: "function (nested)") }
        let decorators = source.split(separator: "\n").prefix { $0.hasPrefix("@") }.count
        var keywordDefaults: [String: Any] = [:]
        for (k, v) in f.keywordDefaults { keywordDefaults[k] = try encode(v) }
        return ["k": "function", "name": f.name, "source": source, "lambda": f.name == "<lambda>",
                "filename": f.code.filename, "line": max(1, f.code.firstLine - decorators),
                "defaults": try encodeAll(f.defaults), "kwdefaults": keywordDefaults]
    }

    /// A reference to `module.path`, checked to resolve now so that it will resolve on restore.
    private func moduleReference(moduleName: String, path: String, typeName: String) throws -> [String: Any] {
        guard !path.contains("<") else { throw Unsaveable(typeName: typeName) }
        return ["k": "attr", "module": moduleName, "path": path]
    }
}
