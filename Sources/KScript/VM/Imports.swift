import Foundation

extension Interpreter {
    /// The `import` statement: loads `name` (and its parents) and returns the top-level module,
    /// or the named module itself when `returnLeaf` (`import a.b as c`, `from a.b import x`).
    func importModule(_ name: String, fromList: Value, level: Int, returnLeaf: Bool, importer: PyModule) throws -> Value {
        var name = name
        if level > 0 {
            var package = importer.name.split(separator: ".").map(String.init)
            if !(importer.filename?.hasSuffix("__init__.kscript") ?? false) { package = Array(package.dropLast()) }
            if level - 1 > package.count || package.isEmpty {
                throw PyException(BuiltinTypes.importError, "attempted relative import with no known parent package")
            }
            package = Array(package.dropLast(level - 1))
            name = (package + (name.isEmpty ? [] : [name])).joined(separator: ".")
        }
        guard !name.isEmpty else { throw PyException.valueError("Empty module name") }
        let parts = name.split(separator: ".").map(String.init)
        var top: PyModule?
        var current: PyModule?
        for i in 0..<parts.count {
            let fullName = parts[0...i].joined(separator: ".")
            let module = try loadModule(fullName, parent: current, importer: importer)
            if let parent = current, parent[parts[i]] == nil { parent[parts[i]] = .object(module) }
            if top == nil { top = module }
            current = module
        }
        return .object(returnLeaf ? current! : top!)
    }

    /// Finds, creates and caches one module by its full dotted name.
    public func loadModule(_ fullName: String, parent: PyModule? = nil, importer: PyModule? = nil) throws -> PyModule {
        if let cached = try modules.get(.str(fullName)) {
            if case .object(let o) = cached, let m = o as? PyModule { return m }
        }
        if let factory = NativeModules.factory(for: fullName) {
            let module = try factory(self)
            try modules.set(.str(fullName), .object(module))
            return module
        }
        if let factory = Interpreter.builtinModuleFactories[fullName] {
            let module = try factory(self)
            try modules.set(.str(fullName), .object(module))
            return module
        }
        let shortName = String(fullName.split(separator: ".").last ?? "")
        if let parent, let value = parent[shortName], case .object(let o) = value, let m = o as? PyModule {
            return m
        }
        for directory in searchDirectories(parent: parent, importer: importer) {
            let file = (directory as NSString).appendingPathComponent(shortName + ".kscript")
            let package = ((directory as NSString).appendingPathComponent(shortName) as NSString).appendingPathComponent("__init__.kscript")
            for path in [file, package] where FileManager.default.fileExists(atPath: path) {
                return try loadFileModule(fullName, path: path)
            }
        }
        let e = PyException(BuiltinTypes.moduleNotFoundError, "No module named '\(fullName)'")
        e.dict?["name"] = .str(fullName)
        throw e
    }

    private func searchDirectories(parent: PyModule?, importer: PyModule?) -> [String] {
        if let parent, let file = parent.filename, file.hasSuffix("__init__.kscript") {
            return [(file as NSString).deletingLastPathComponent]
        }
        if parent != nil { return [] }
        var directories: [String] = []
        if let file = importer?.filename {
            directories.append((file as NSString).deletingLastPathComponent)
        } else {
            directories.append(scriptDirectory)
        }
        if let path = sysModule["path"], case .object(let o) = path, let list = o as? PyList {
            for entry in list.items {
                if let s = entry.stringValue { directories.append(s.isEmpty ? FileManager.default.currentDirectoryPath : s) }
            }
        }
        if let stdlib = standardLibraryDirectory { directories.append(stdlib) }
        var seen = Set<String>()
        return directories.filter { seen.insert($0).inserted }
    }

    private func loadFileModule(_ fullName: String, path: String) throws -> PyModule {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PyException(BuiltinTypes.importError, "cannot read module file '\(path)'")
        }
        let source = String(decoding: data, as: UTF8.self)
        let module = PyModule(name: fullName, filename: path)
        try modules.set(.str(fullName), .object(module))
        do {
            _ = try run(source: source, filename: path, in: module)
        } catch {
            _ = try? modules.remove(.str(fullName))
            throw error
        }
        return module
    }

    /// `from module import name`.
    func importFrom(_ module: Value, _ name: String) throws -> Value {
        guard case .object(let o) = module, let m = o as? PyModule else {
            return try getAttribute(module, name)
        }
        if let v = m[name] { return v }
        if let sub = try? loadModule(m.name + "." + name, parent: m) {
            m[name] = .object(sub)
            return .object(sub)
        }
        let location = m.filename ?? "unknown location"
        let e = PyException(BuiltinTypes.importError, "cannot import name '\(name)' from '\(m.name)' (\(location))")
        e.dict?["name"] = .str(m.name)
        throw e
    }

    /// `from module import *`.
    func importStar(_ module: Value, into target: PyModule) throws {
        guard case .object(let o) = module, let m = o as? PyModule else { return }
        if let all = m["__all__"] {
            for n in try collect(all) {
                guard let name = n.stringValue else { continue }
                target[name] = try importFrom(module, name)
            }
            return
        }
        for name in m.names where !name.hasPrefix("_") {
            target[name] = m[name]
        }
    }

    /// Modules implemented in this target (`math`, `json`, ...), created on first import.
    nonisolated(unsafe) static var builtinModuleFactories: [String: NativeModules.Factory] = [:]
}
