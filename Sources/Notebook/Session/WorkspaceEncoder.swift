import Foundation
import KScript

/// Turns the notebook namespace into the JSON document of a session's `workspace-N.json`.
///
/// Values form one graph for the whole workspace: every mutable or identity-carrying object
/// (list, dict, set, tuple, instance, function, class, native value) becomes one entry of
/// `objects`, referenced by index, so sharing and cycles survive. Immediates and strings are
/// written inline. Functions and classes defined in the notebook are written as their exact
/// source text; objects of other modules as a reference (`module` + dotted path).
///
/// Native values go through `SessionCodecs` in three steps: while the namespace is walked
/// each gets an entry with its codec's metadata, references and (for script subclasses) its
/// instance attributes; then every native that is part of another saved native (a layer of
/// a saved model) becomes a `part` entry, a path into its container; last, entries no global
/// reaches any more are dropped and the remaining natives' files are stored (`storeBlob`,
/// which skips files whose digest it already has).
///
/// Value encoding: `{"n":0}` None, `{"b":true}`, `{"i":"42"}`, `{"f":"0.1"}` (shortest
/// round-trip text, `nan`/`inf` included), `{"s":"text"}`, `{"y":"base64"}` bytes,
/// `{"r":3}` reference to `objects[3]`.
final class WorkspaceEncoder {
    /// Something that cannot be saved: the offending type's name.
    struct Unsaveable: Error {
        let typeName: String
    }

    /// A native value met during the walk.
    private struct Native {
        let object: PyObject
        let codec: SessionCodecs.Codec
        let blob: SessionBlob
        let digest: SessionDigest
        /// The global whose value first reached it (for the notice).
        let owner: String
        var omissions: [String]
    }

    /// What a save produced.
    struct Result {
        var document: [String: Any]
        /// Globals that could not be saved, with the type that stopped each.
        var unsaved: [(name: String, typeName: String)]
        /// Parts of saved values that were left out, by the global that holds them.
        var omissions: [(name: String, text: String)]
        /// Blob files the document names.
        var files: Set<String>
    }

    let interpreter: Interpreter
    let module: PyModule
    /// Stores a native value's file (unless one with the same digest is stored); returns its
    /// name relative to the session.
    let storeBlob: (SessionBlob, SessionDigest) throws -> String

    private var objects: [[String: Any]] = []
    private var memo: [ObjectIdentifier: Int] = [:]
    /// Keeps encoded objects alive so their identifiers stay unique during the save.
    private var retained: [PyObject] = []
    private var natives: [Int: Native] = [:]
    private var currentGlobal = ""

    init(interpreter: Interpreter, module: PyModule, storeBlob: @escaping (SessionBlob, SessionDigest) throws -> String) {
        self.interpreter = interpreter
        self.module = module
        self.storeBlob = storeBlob
    }

    /// Encodes the namespace, plus the `carried` entries of names the namespace does not bind
    /// (values a previous restore could not rebuild), copied unchanged, and the registered
    /// session-wide states.
    func encodeWorkspace(names: [String], carried: CarriedEntries? = nil) throws -> Result {
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
            currentGlobal = name
            switch attempt(value) {
            case .success(let encoded): globals.append([name, encoded, position])
            case .failure(let e): unsaved.append((name, e.typeName))
            }
        }
        var states: [String: Any] = [:]
        for state in SessionCodecs.registeredStates {
            currentGlobal = state.name
            guard let value = try? state.save(interpreter), case .success(let encoded) = attempt(value) else { continue }
            states[state.name] = encoded
        }
        decideParts()
        unsaved += dropOrphans(&globals)
        compact(globals: &globals, states: &states)
        var files = carriedFiles
        var omissions: [(String, String)] = []
        for index in natives.keys.sorted() {
            guard let native = natives[index] else { continue }
            omissions += native.omissions.map { (native.owner, $0) }
            if case .none = native.blob.contents { continue }
            let file = try storeBlob(native.blob, native.digest)
            objects[index]["file"] = file
            files.insert(file)
        }
        var document: [String: Any] = ["globals": globals, "objects": objects]
        if !states.isEmpty { document["state"] = states }
        return Result(document: document, unsaved: unsaved, omissions: omissions, files: files)
    }

    /// Encodes `value`, undoing everything the attempt added when it fails.
    private func attempt(_ value: Value) -> Swift.Result<Any, Unsaveable> {
        let objectCount = objects.count
        let memoBefore = memo
        do {
            return .success(try encode(value))
        } catch {
            objects.removeSubrange(objectCount...)
            memo = memoBefore
            natives = natives.filter { $0.key < objectCount }
            return .failure(error as? Unsaveable ?? Unsaveable(typeName: "\(error)"))
        }
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
        objects[index] = try describe(o, index: index)
        return index
    }

    private func encodeAll(_ values: [Value]) throws -> [Any] { try values.map(encode) }

    /// The `objects` entry of `o`.
    private func describe(_ o: PyObject, index: Int) throws -> [String: Any] {
        let type = o.type
        if let codec = SessionCodecs.codec(for: type), !(o is PyType) {
            return try describeNative(o, codec: codec, index: index)
        }
        switch o {
        case let m as PyModule:
            return ["k": "module", "name": m.name]
        case let t as PyType:
            if !t.isNative, t.module == module.name {
                guard let source = t.sourceText, !t.qualifiedName.contains(".") else { throw Unsaveable(typeName: "type (no class statement)") }
                return ["k": "class", "name": t.name, "source": source]
            }
            if t.isNative, let found = importedName(of: t, declared: t.module, name: t.name) {
                return ["k": "attr", "module": found.module, "path": found.name]
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

    /// A native value's entry: codec, metadata, references and, for a script subclass, its
    /// class and instance attributes. References and attributes that cannot be saved are left
    /// out and named as omissions; the value itself is still saved.
    private func describeNative(_ o: PyObject, codec: SessionCodecs.Codec, index: Int) throws -> [String: Any] {
        let blob: SessionBlob
        do {
            blob = try codec.encode(interpreter, o)
        } catch let e as PyException {
            throw Unsaveable(typeName: "\(o.type.name): \(interpreter.exceptionLine(e))")
        }
        var entry: [String: Any] = ["k": "native", "codec": codec.typeName, "meta": blob.metadata]
        var omissions = blob.omissions
        if !blob.references.isEmpty {
            entry["refs"] = blob.references.map { reference -> Any in
                switch attempt(reference.value) {
                case .success(let encoded): return encoded
                case .failure(let e):
                    omissions.append("\(reference.what) (\(e.typeName))")
                    return ["n": 0]
                }
            }
            if blob.referencesRequired, let missing = omissions.dropFirst(blob.omissions.count).first {
                throw Unsaveable(typeName: "\(o.type.name), whose \(missing) cannot be saved")
            }
        }
        if !o.type.isNative, let dict = o.dict {
            entry["class"] = try encode(.object(o.type))
            var keys: [Any] = [], values: [Any] = []
            for (key, value) in dict.pairs {
                guard case .success(let k) = attempt(key) else { continue }
                switch attempt(value) {
                case .success(let v):
                    keys.append(k)
                    values.append(v)
                case .failure(let e):
                    omissions.append("attribute \((try? interpreter.str(key)) ?? "?") (\(e.typeName))")
                }
            }
            entry["keys"] = keys
            entry["values"] = values
        }
        let digest = blob.digest
        if case .none = blob.contents {} else { entry["digest"] = digest.description }
        natives[index] = Native(object: o, codec: codec, blob: blob, digest: digest, owner: currentGlobal, omissions: omissions)
        return entry
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

    /// A loaded module (not the notebook's) that holds `object` under `name`: the module the
    /// object declares when it does, else the first by name (native types declare Keras' and TensorFlow's internal
    /// module paths, `keras.engine.training`, which cannot be imported; `keras` holds `Model`).
    private func importedName(of object: PyObject, declared: String, name: String) -> (module: String, name: String)? {
        func holds(_ module: Value?) -> Bool {
            guard case .object(let m)? = module, let module = m as? PyModule, module !== self.module,
                  case .object(let found)? = module[name] else { return false }
            return found === object
        }
        if holds(try? interpreter.modules.get(.str(declared))) { return (declared, name) }
        let candidates = interpreter.modules.pairs.compactMap { pair in pair.key.stringValue.map { ($0, pair.value) } }
        guard let match = candidates.sorted(by: { $0.0 < $1.0 }).first(where: { holds($0.1) }) else { return nil }
        return (match.0, name)
    }

    /// A reference to `module.path`, checked to resolve now so that it will resolve on restore.
    private func moduleReference(moduleName: String, path: String, typeName: String) throws -> [String: Any] {
        guard !path.contains("<") else { throw Unsaveable(typeName: typeName) }
        return ["k": "attr", "module": moduleName, "path": path]
    }

    // MARK: Parts

    /// Turns natives that are part of another saved native into `part` entries. A native
    /// whose engine object several containers hold goes to the first container that is saved
    /// on its own, unless that container's references reach it (its constructor arguments,
    /// say): then it stays a value of its own, restored before the container.
    private func decideParts() {
        var claims: [ObjectIdentifier: [(container: Int, path: String)]] = [:]
        for index in natives.keys.sorted() {
            guard let native = natives[index], let parts = native.codec.parts else { continue }
            for part in parts(native.object) { claims[part.identity, default: []].append((index, part.path)) }
        }
        guard !claims.isEmpty else { return }
        var claimed: [(index: Int, claims: [(container: Int, path: String)])] = []
        var standalone = Set<Int>()
        for index in natives.keys.sorted() {
            guard let native = natives[index] else { continue }
            let mine = native.codec.identity?(native.object).flatMap { claims[$0] }?.filter { $0.container != index } ?? []
            if mine.isEmpty { standalone.insert(index) } else { claimed.append((index, mine)) }
        }
        var reachable: [Int: Set<Int>] = [:]
        for (index, candidates) in claimed {
            let chosen = candidates.first { candidate in
                guard standalone.contains(candidate.container) else { return false }
                if reachable[candidate.container] == nil {
                    reachable[candidate.container] = referencedObjects(from: objects[candidate.container]["refs"] ?? [])
                }
                return reachable[candidate.container]?.contains(index) == false
            }
            guard let chosen else {
                standalone.insert(index)
                continue
            }
            objects[index] = ["k": "part", "of": ["r": chosen.container], "path": chosen.path]
            natives[index] = nil
        }
    }

    /// Removes the globals that reach a value its codec saves only as a part and that no
    /// saved container holds; returns them with the reason.
    private func dropOrphans(_ globals: inout [[Any]]) -> [(name: String, typeName: String)] {
        let orphans = natives.filter { $0.value.codec.partOnly }
        guard !orphans.isEmpty else { return [] }
        var dropped: [(String, String)] = []
        globals = globals.filter { global in
            let reached = referencedObjects(from: global[1])
            guard let orphan = orphans.first(where: { reached.contains($0.key) }) else { return true }
            dropped.append((global[0] as? String ?? "?", "\(orphan.value.object.type.name) not part of a saved model"))
            return false
        }
        for index in orphans.keys { natives[index] = nil }
        return dropped
    }

    /// Indices of every object `encoded` reaches.
    private func referencedObjects(from encoded: Any) -> Set<Int> {
        var seen = Set<Int>()
        var pending = [encoded]
        while let item = pending.popLast() {
            if let dict = item as? [String: Any] {
                if dict.count == 1, let index = dict["r"] as? Int {
                    if index >= 0, index < objects.count, seen.insert(index).inserted { pending.append(objects[index]) }
                } else {
                    pending.append(contentsOf: dict.values)
                }
            } else if let array = item as? [Any] {
                pending.append(contentsOf: array)
            }
        }
        return seen
    }

    /// Drops the objects the globals and states do not reach (references of natives that
    /// became parts) and renumbers the rest.
    private func compact(globals: inout [[Any]], states: inout [String: Any]) {
        let keep = referencedObjects(from: globals.map { $0[1] } + Array(states.values)).sorted()
        guard keep.count < objects.count else { return }
        var renumbered: [Int: Int] = [:]
        for (new, old) in keep.enumerated() { renumbered[old] = new }
        func rewrite(_ item: Any) -> Any {
            if let dict = item as? [String: Any] {
                if dict.count == 1, let index = dict["r"] as? Int, let new = renumbered[index] { return ["r": new] }
                return dict.mapValues(rewrite)
            }
            if let array = item as? [Any] { return array.map(rewrite) }
            return item
        }
        objects = keep.map { rewrite(objects[$0]) as? [String: Any] ?? [:] }
        globals = globals.map { [$0[0], rewrite($0[1]), $0[2]] }
        states = states.mapValues(rewrite)
        var kept: [Int: Native] = [:]
        for (old, native) in natives { if let new = renumbered[old] { kept[new] = native } }
        natives = kept
        memo = [:]
    }
}
