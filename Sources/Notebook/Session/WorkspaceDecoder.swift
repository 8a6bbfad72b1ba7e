import Foundation
import KScript

/// Rebuilds a namespace from the document `WorkspaceEncoder` wrote (see there for the format).
///
/// Order matters because notebook functions and classes are restored by running their
/// source in the module: first the globals whose values need no definitions (numbers,
/// strings, plain containers, modules) are bound, then every function and class source runs
/// in the order the names were first defined, then the remaining globals are decoded and all
/// bindings are set to the saved objects, and last the session-wide states are restored. A
/// value that fails to restore is reported by name and skipped; it does not stop the others.
/// Native values are rebuilt by their codecs from their files (`blobPath` checks a file name
/// and gives its path); a script subclass's attributes are set after its codec made it.
final class WorkspaceDecoder {
    /// A structural problem: the document is not a workspace this version wrote.
    struct FormatError: Error, CustomStringConvertible {
        let description: String
    }

    let interpreter: Interpreter
    let module: PyModule
    let blobPath: (_ file: String, _ digest: String?) throws -> String
    private let objects: [[String: Any]]
    private let states: [String: Any]
    private let globals: [(name: String, value: Any, position: Int)]
    private var built: [Int: Value] = [:]
    private var inProgress = Set<Int>()
    /// The saved entries of globals that failed to restore, with the table they refer to, so
    /// the next save can write them back unchanged instead of losing them.
    private(set) var unrestored: CarriedEntries?

    init(document: Any, interpreter: Interpreter, module: PyModule,
         blobPath: @escaping (_ file: String, _ digest: String?) throws -> String) throws {
        guard let root = document as? [String: Any], let objects = root["objects"] as? [[String: Any]],
              let globals = root["globals"] as? [[Any]] else { throw FormatError(description: "not a kscript workspace document") }
        self.objects = objects
        self.states = root["state"] as? [String: Any] ?? [:]
        self.globals = try globals.map { entry in
            guard entry.count == 3, let name = entry[0] as? String, let position = entry[2] as? Int else {
                throw FormatError(description: "malformed global entry")
            }
            return (name, entry[1], position)
        }
        self.interpreter = interpreter
        self.module = module
        self.blobPath = blobPath
    }

    /// Restores every global into the module. Returns "name: reason" for values that failed.
    func restore() -> [String] {
        var failures: [String] = []
        var decoded: [String: Value] = [:]
        for global in globals where isPlain(global.value) {
            if let value = try? decode(global.value) {
                module[global.name] = value
                decoded[global.name] = value
            }
        }
        let definitions = objects.indices.filter { ["function", "class"].contains(objects[$0]["k"] as? String) }
        let order = Dictionary(globals.map { ($0.name, $0.position) }, uniquingKeysWith: min)
        for index in definitions.sorted(by: { (order[objects[$0]["name"] as? String ?? ""] ?? .max) < (order[objects[$1]["name"] as? String ?? ""] ?? .max) }) {
            do { _ = try object(index) } catch { failures.append("\(objects[index]["name"] as? String ?? "?"): \(describe(error))") }
        }
        var failed: [(name: String, value: Any, position: Int)] = []
        for global in globals where decoded[global.name] == nil {
            do {
                decoded[global.name] = try decode(global.value)
            } catch {
                failures.append("\(global.name): \(describe(error))")
                failed.append(global)
            }
        }
        if !failed.isEmpty { unrestored = CarriedEntries(globals: failed, objects: objects) }
        let saved = Set(globals.map(\.name))
        for name in module.names where !saved.contains(name) && CellExecutor.isUserName(name) { module[name] = nil }
        for global in globals { module[global.name] = decoded[global.name] }
        for state in SessionCodecs.registeredStates {
            guard let encoded = states[state.name] else { continue }
            do { try state.restore(interpreter, try decode(encoded)) } catch { failures.append("\(state.name): \(describe(error))") }
        }
        return failures
    }

    private func describe(_ error: Error) -> String {
        if let e = error as? PyException { return interpreter.exceptionLine(e) }
        return "\(error)"
    }

    /// True when decoding `encoded` runs no source and needs no class.
    private func isPlain(_ encoded: Any, depth: Int = 0) -> Bool {
        guard let dict = encoded as? [String: Any] else { return false }
        guard let index = dict["r"] as? Int else { return true }
        guard depth < 64, index >= 0, index < objects.count else { return false }
        let entry = objects[index]
        switch entry["k"] as? String {
        case "module", "attr", "range", "ellipsis", "notimplemented": return true
        case "list", "tuple", "set", "frozenset", "slice":
            return (entry["items"] as? [Any] ?? []).allSatisfy { isPlain($0, depth: depth + 1) }
        case "dict":
            return ((entry["keys"] as? [Any] ?? []) + (entry["values"] as? [Any] ?? [])).allSatisfy { isPlain($0, depth: depth + 1) }
        default: return false
        }
    }

    /// Decodes an inline value or reference.
    func decode(_ encoded: Any) throws -> Value {
        guard let dict = encoded as? [String: Any], let (tag, payload) = dict.first, dict.count == 1 else {
            throw FormatError(description: "malformed value")
        }
        switch tag {
        case "n": return .none
        case "b":
            guard let b = payload as? Bool else { throw FormatError(description: "malformed bool") }
            return .bool(b)
        case "i":
            guard let text = payload as? String, let i = Int(text) else { throw FormatError(description: "malformed int") }
            return .int(i)
        case "f":
            guard let text = payload as? String, let d = Double(text) else { throw FormatError(description: "malformed float") }
            return .float(d)
        case "s":
            guard let s = payload as? String else { throw FormatError(description: "malformed str") }
            return .str(s)
        case "y":
            guard let text = payload as? String, let data = Data(base64Encoded: text) else { throw FormatError(description: "malformed bytes") }
            return .object(PyBytes(Array(data)))
        case "r":
            guard let index = payload as? Int else { throw FormatError(description: "malformed reference") }
            return try object(index)
        default:
            throw FormatError(description: "unknown value tag \(tag)")
        }
    }

    private func decodeAll(_ encoded: Any?) throws -> [Value] {
        guard let items = encoded as? [Any] else { throw FormatError(description: "malformed item list") }
        return try items.map(decode)
    }

    /// Builds (once) the object at `index`.
    private func object(_ index: Int) throws -> Value {
        if let value = built[index] { return value }
        guard index >= 0, index < objects.count else { throw FormatError(description: "reference out of range") }
        guard !inProgress.contains(index) else {
            throw PyException.valueError("a reference cycle runs through an immutable value (tuple or frozenset) and cannot be rebuilt")
        }
        inProgress.insert(index)
        defer { inProgress.remove(index) }
        let entry = objects[index]
        let kind = entry["k"] as? String ?? ""
        switch kind {
        case "list":
            let list = PyList()
            built[index] = .object(list)
            list.items = try decodeAll(entry["items"])
            return .object(list)
        case "dict":
            let dict = PyDict()
            built[index] = .object(dict)
            let keys = try decodeAll(entry["keys"])
            let values = try decodeAll(entry["values"])
            guard keys.count == values.count else { throw FormatError(description: "malformed dict") }
            for (k, v) in zip(keys, values) { try dict.set(k, v) }
            return .object(dict)
        case "set", "frozenset":
            let set = PySet(frozen: kind == "frozenset")
            for item in try decodeAll(entry["items"]) { try set.add(item) }
            return remember(index, .object(set))
        case "tuple":
            return remember(index, PyTuple.make(try decodeAll(entry["items"])))
        case "range":
            let bounds = try decodeAll(entry["items"]).compactMap(\.intValue)
            guard bounds.count == 3 else { throw FormatError(description: "malformed range") }
            return remember(index, .object(PyRange(start: bounds[0], stop: bounds[1], step: bounds[2])))
        case "slice":
            let parts = try decodeAll(entry["items"])
            guard parts.count == 3 else { throw FormatError(description: "malformed slice") }
            return remember(index, .object(PySlice(start: parts[0], stop: parts[1], step: parts[2])))
        case "ellipsis": return remember(index, .object(BuiltinTypes.ellipsisValue))
        case "notimplemented": return remember(index, .object(BuiltinTypes.notImplementedValue))
        case "module":
            guard let name = entry["name"] as? String else { throw FormatError(description: "malformed module") }
            return remember(index, .object(try interpreter.loadModule(name)))
        case "attr":
            guard let name = entry["module"] as? String, let path = entry["path"] as? String else { throw FormatError(description: "malformed reference") }
            var value = Value.object(try interpreter.loadModule(name))
            for part in path.split(separator: ".") { value = try interpreter.getAttribute(value, String(part)) }
            return remember(index, value)
        case "class":
            guard let name = entry["name"] as? String, let source = entry["source"] as? String else { throw FormatError(description: "malformed class") }
            try interpreter.run(source: source, filename: "<session>", in: module)
            guard let value = module[name] else { throw PyException.nameError("class \(name) was not defined by its source") }
            return remember(index, value)
        case "function":
            return remember(index, try function(entry))
        case "member":
            guard let name = entry["name"] as? String, let ownerCode = entry["owner"] else { throw FormatError(description: "malformed member") }
            let owner = try decode(ownerCode)
            guard case .object(let o) = owner, let cls = o as? PyType, let member = cls.attributes[name] else {
                throw PyException.attributeError("the restored class has no member \(name)")
            }
            return remember(index, member)
        case "method":
            guard let functionCode = entry["function"], let receiverCode = entry["self"] else { throw FormatError(description: "malformed method") }
            return remember(index, .object(PyMethod(function: try decode(functionCode), receiver: try decode(receiverCode))))
        case "instance":
            guard let classCode = entry["class"] else { throw FormatError(description: "malformed instance") }
            guard case .object(let o) = try decode(classCode), let cls = o as? PyType else {
                throw PyException.typeError("the class of a saved instance did not restore to a class")
            }
            let instance = PyObject(type: cls)
            built[index] = .object(instance)
            let keys = try decodeAll(entry["keys"])
            let values = try decodeAll(entry["values"])
            guard keys.count == values.count else { throw FormatError(description: "malformed instance") }
            for (k, v) in zip(keys, values) { try instance.dict?.set(k, v) }
            return .object(instance)
        case "native":
            return try native(entry, index: index)
        case "part":
            guard let containerCode = entry["of"], let path = entry["path"] as? String else { throw FormatError(description: "malformed part") }
            guard case .object(let container) = try decode(containerCode), let codec = SessionCodecs.codec(for: container.type),
                  let resolve = codec.resolvePart else {
                throw PyException.typeError("the container of a saved part did not restore to a value with parts")
            }
            return remember(index, try resolve(interpreter, container, path))
        default:
            throw FormatError(description: "unknown object kind '\(kind)'")
        }
    }

    /// A native value: its class and references first, then the codec, then its attributes
    /// (which may refer back to it).
    private func native(_ entry: [String: Any], index: Int) throws -> Value {
        guard let codecName = entry["codec"] as? String else { throw FormatError(description: "malformed native value") }
        guard let codec = SessionCodecs.codec(named: codecName) else {
            throw PyException(BuiltinTypes.importError, "no session codec for \(codecName) is available")
        }
        var scriptClass: PyType?
        if let classCode = entry["class"] {
            guard case .object(let o) = try decode(classCode), let cls = o as? PyType else {
                throw PyException.typeError("the class of a saved value did not restore to a class")
            }
            scriptClass = cls
        }
        let references = (entry["refs"] as? [Any] ?? []).map { code -> Value? in
            guard let value = try? decode(code), !value.isNone else { return nil }
            return value
        }
        let path = try (entry["file"] as? String).map { try blobPath($0, entry["digest"] as? String) } ?? ""
        let saved = SavedBlob(path: path, metadata: entry["meta"] as? [String: String] ?? [:],
                              references: references, scriptClass: scriptClass)
        let value = remember(index, try codec.decode(interpreter, saved))
        if let keys = entry["keys"], let values = entry["values"], case .object(let object) = value, let dict = object.dict {
            let keys = try decodeAll(keys), values = try decodeAll(values)
            guard keys.count == values.count else { throw FormatError(description: "malformed attributes") }
            for (k, v) in zip(keys, values) { try dict.set(k, v) }
        }
        return value
    }

    private func remember(_ index: Int, _ value: Value) -> Value {
        built[index] = value
        return value
    }

    /// Runs a saved function's source in the module (padded so line numbers match the cell it
    /// came from) and applies the saved defaults.
    private func function(_ entry: [String: Any]) throws -> Value {
        guard let name = entry["name"] as? String, let source = entry["source"] as? String else { throw FormatError(description: "malformed function") }
        let filename = entry["filename"] as? String ?? "<session>"
        let line = entry["line"] as? Int ?? 1
        let padded = String(repeating: "\n", count: max(0, min(line, 100_000) - 1)) + source
        let value: Value
        if entry["lambda"] as? Bool == true {
            value = try interpreter.run(source: padded, filename: filename, in: module, interactive: true)
        } else {
            try interpreter.run(source: padded, filename: filename, in: module)
            guard let defined = module[name] else { throw PyException.nameError("function \(name) was not defined by its source") }
            value = defined
        }
        if case .object(let o) = value, let f = o as? PyFunction {
            if let defaults = entry["defaults"] { f.defaults = try decodeAll(defaults) }
            if let keywordDefaults = entry["kwdefaults"] as? [String: Any] {
                for (k, v) in keywordDefaults { f.keywordDefaults[k] = try decode(v) }
            }
        }
        return value
    }
}

/// Saved globals kept in their encoded form (see `WorkspaceDecoder.unrestored`).
struct CarriedEntries {
    var globals: [(name: String, value: Any, position: Int)]
    let objects: [[String: Any]]
}
