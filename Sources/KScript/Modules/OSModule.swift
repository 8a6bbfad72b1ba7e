import Foundation

/// The `os` and `os.path` modules.
enum OSModule {
    static func osError(_ path: String, _ code: Int32) -> PyException {
        let type: PyType
        switch code {
        case ENOENT: type = BuiltinTypes.fileNotFoundError
        case EEXIST: type = BuiltinTypes.fileExistsError
        case EISDIR: type = BuiltinTypes.isADirectoryError
        case ENOTDIR: type = BuiltinTypes.notADirectoryError
        case EACCES, EPERM: type = BuiltinTypes.permissionError
        default: type = BuiltinTypes.osError
        }
        return PyException.osError(type, errno: code, message: String(cString: strerror(code)), filename: path)
    }

    static func make(_ interpreter: Interpreter) throws -> PyModule {
        let m = PyModule(name: "os")
        let path = try interpreter.loadModule("os.path")
        m["path"] = .object(path)
        m["sep"] = .str("/")
        m["linesep"] = .str("\n")
        m["curdir"] = .str(".")
        m["pardir"] = .str("..")
        m["name"] = .str("posix")
        let environType = PyType(name: "_Environ", module: "os", bases: [BuiltinTypes.dict], isNative: true, instancesHaveDict: false)
        let environ = PyDict(type: environType)
        for (k, v) in ProcessInfo.processInfo.environment.sorted(by: { $0.key < $1.key }) { environ.setString(PyStr(k), .str(v)) }
        m["environ"] = .object(environ)
        m.defineFunction("getcwd", "", doc: "Return a unicode string representing the current working directory.") { _, _ in
            .str(FileManager.default.currentDirectoryPath)
        }
        m.defineFunction("chdir", "path") { _, args in
            let p = try args.string("path")
            if !FileManager.default.changeCurrentDirectoryPath(p) { throw osError(p, ENOENT) }
            return .none
        }
        m.defineFunction("listdir", "path=None", doc: "Return a list containing the names of the files in the directory.") { _, args in
            let p = try args.optionalString("path") ?? "."
            do {
                return .object(PyList(try FileManager.default.contentsOfDirectory(atPath: p).map { .str($0) }))
            } catch {
                var isDir: ObjCBool = false
                throw osError(p, FileManager.default.fileExists(atPath: p, isDirectory: &isDir) ? ENOTDIR : ENOENT)
            }
        }
        m.defineFunction("remove", "path") { _, args in
            let p = try args.string("path")
            if unlink(p) != 0 { throw osError(p, errno) }
            return .none
        }
        m["unlink"] = m["remove"]
        m.defineFunction("rmdir", "path") { _, args in
            let p = try args.string("path")
            if Foundation.rmdir(p) != 0 { throw osError(p, errno) }
            return .none
        }
        m.defineFunction("mkdir", "path, mode=511") { _, args in
            let p = try args.string("path")
            if Foundation.mkdir(p, 0o777) != 0 { throw osError(p, errno) }
            return .none
        }
        m.defineFunction("makedirs", "name, mode=511, exist_ok=False") { _, args in
            let p = try args.string("name")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir) {
                if try args.bool("exist_ok") && isDir.boolValue { return .none }
                throw osError(p, EEXIST)
            }
            do {
                try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
            } catch {
                throw osError(p, EACCES)
            }
            return .none
        }
        m.defineFunction("rename", "src, dst") { _, args in
            let s = try args.string("src"), d = try args.string("dst")
            if Foundation.rename(s, d) != 0 { throw osError(s, errno) }
            return .none
        }
        m.defineFunction("getenv", "key, default=None") { _, args in
            ProcessInfo.processInfo.environment[try args.string("key")].map { .str($0) } ?? args["default"]
        }
        m.defineFunction("getpid", "") { _, _ in .int(Int(getpid())) }
        m.defineFunction("cpu_count", "") { _, _ in .int(ProcessInfo.processInfo.activeProcessorCount) }
        return m
    }

    static func makePath(_ interpreter: Interpreter) -> PyModule {
        let m = PyModule(name: "os.path")
        m["sep"] = .str("/")
        func exists(_ p: String) -> (Bool, Bool) {
            var isDir: ObjCBool = false
            let e = FileManager.default.fileExists(atPath: p, isDirectory: &isDir)
            return (e, isDir.boolValue)
        }
        m.defineFunction("exists", "path") { _, args in .bool(exists(try args.string("path")).0) }
        m.defineFunction("isfile", "path") { _, args in
            let (e, d) = exists(try args.string("path"))
            return .bool(e && !d)
        }
        m.defineFunction("isdir", "s") { _, args in
            let (e, d) = exists(try args.string("s"))
            return .bool(e && d)
        }
        m.defineRawFunction("join", "a, *p") { _, a in
            guard a.count >= 1 else { throw PyException.typeError("join() missing 1 required positional argument: 'a'") }
            var result = ""
            for i in 0..<a.count {
                guard let part = a[i].stringValue else {
                    throw PyException.typeError("join() argument must be str, bytes, or os.PathLike object, not '\(a[i].type.name)'")
                }
                if part.hasPrefix("/") { result = part } else if result.isEmpty || result.hasSuffix("/") { result += part } else { result += "/" + part }
            }
            return .str(result)
        }
        m.defineFunction("basename", "p") { _, args in
            let p = try args.string("p")
            if let slash = p.lastIndex(of: "/") { return .str(String(p[p.index(after: slash)...])) }
            return .str(p)
        }
        m.defineFunction("dirname", "p") { _, args in
            let p = try args.string("p")
            guard let slash = p.lastIndex(of: "/") else { return .str("") }
            var head = String(p[...slash])
            if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
            return .str(head)
        }
        m.defineFunction("split", "p") { _, args in
            let p = try args.string("p")
            guard let slash = p.lastIndex(of: "/") else { return PyTuple.make([.str(""), .str(p)]) }
            var head = String(p[...slash])
            if head.contains(where: { $0 != "/" }) { while head.hasSuffix("/") { head.removeLast() } }
            return PyTuple.make([.str(head), .str(String(p[p.index(after: slash)...]))])
        }
        m.defineFunction("splitext", "p") { _, args in
            let p = try args.string("p")
            let base = p.lastIndex(of: "/").map { p.index(after: $0) } ?? p.startIndex
            let name = p[base...]
            if let dot = name.lastIndex(of: "."), name[name.startIndex..<dot].contains(where: { $0 != "." }) {
                return PyTuple.make([.str(String(p[..<dot])), .str(String(p[dot...]))])
            }
            return PyTuple.make([.str(p), .str("")])
        }
        m.defineFunction("abspath", "path") { _, args in
            let p = try args.string("path")
            let full = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
            return .str(URL(fileURLWithPath: full).standardized.path)
        }
        m.defineFunction("expanduser", "path") { _, args in .str((try args.string("path") as NSString).expandingTildeInPath) }
        m.defineFunction("getsize", "filename") { _, args in
            let p = try args.string("filename")
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: p), let size = attributes[.size] as? NSNumber else {
                throw osError(p, ENOENT)
            }
            return .int(size.intValue)
        }
        m.defineFunction("isabs", "s") { _, args in .bool(try args.string("s").hasPrefix("/")) }
        return m
    }
}
