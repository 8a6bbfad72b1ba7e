import Foundation
import KTensor

/// `np.save`, `np.load`, `np.savez`, `np.savez_compressed` over KTensor's `.npy`/`.npz`
/// readers and writers, and the dict-like `NpzFile` that `np.load` returns for archives.
enum NumPyFiles {
    /// The arrays of a loaded `.npz` archive, in archive order.
    final class NpzFileObject: PyObject {
        var arrays: [(name: String, tensor: Tensor)] = []
    }

    static let npzFileType: PyType = {
        let t = PyType.native(name: "NpzFile", module: "numpy.lib.npyio", instancesHaveDict: false)
        func me(_ v: Value) throws -> NpzFileObject {
            guard case .object(let o) = v, let f = o as? NpzFileObject else { throw PyException.typeError("expected an NpzFile") }
            return f
        }
        func keys(_ v: Value) throws -> [Value] { try me(v).arrays.map { .str($0.name) } }
        t.defineProperty("files") { _, v in .object(PyList(try keys(v))) }
        t.defineRawMethod("__getitem__", "key") { _, a in
            let f = try me(a[0])
            guard let key = a[1].stringValue else { throw PyException.keyError(a[1]) }
            let name = key.hasSuffix(".npy") ? String(key.dropLast(4)) : key
            guard let entry = f.arrays.first(where: { $0.name == name }) else {
                throw PyException(BuiltinTypes.keyError, "\(key) is not a file in the archive")
            }
            return ArrayBridge.ndarray(entry.tensor)
        }
        t.defineRawMethod("__contains__", "key") { _, a in
            let f = try me(a[0])
            return .bool(f.arrays.contains { $0.name == a[1].stringValue })
        }
        t.defineRawMethod("__len__", "") { _, a in .int(try me(a[0]).arrays.count) }
        t.defineRawMethod("__iter__", "") { _, a in .object(ArrayIterator(try keys(a[0]))) }
        t.defineMethod("keys", "") { _, args in .object(PyList(try keys(args.receiver))) }
        t.defineMethod("values", "") { _, args in .object(PyList(try me(args.receiver).arrays.map { ArrayBridge.ndarray($0.tensor) })) }
        t.defineMethod("items", "") { _, args in
            .object(PyList(try me(args.receiver).arrays.map { PyTuple.make([.str($0.name), ArrayBridge.ndarray($0.tensor)]) }))
        }
        t.defineMethod("get", "key, default=None") { interp, args in
            let f = try me(args.receiver)
            guard let entry = f.arrays.first(where: { $0.name == args["key"].stringValue }) else { return args["default"] }
            return ArrayBridge.ndarray(entry.tensor)
        }
        t.defineMethod("close", "") { _, _ in .none }
        t.defineMethod("__enter__", "") { _, args in args.receiver }
        t.defineMethod("__exit__", "*args") { _, _ in .bool(false) }
        t.defineRawMethod("__repr__", "") { _, a in .str("<numpy.lib.npyio.NpzFile object at 0x\(String(UInt(bitPattern: ObjectIdentifier(try me(a[0])).hashValue), radix: 16))>") }
        return t
    }()

    /// A path argument: a str (or an object with `__fspath__`).
    static func path(_ v: Value) throws -> String {
        if let s = v.stringValue { return s }
        if case .object(let o) = v, o.type.lookup("__fspath__") != nil, let s = try Interpreter.current.callMethod(v, "__fspath__").stringValue { return s }
        throw PyException.typeError("expected str, bytes or os.PathLike object, not \(v.type.name)")
    }

    static func define(_ m: PyModule) {
        m.addType(npzFileType)
        m.defineFunction("save", "file, arr, allow_pickle=True, fix_imports=True") { _, args in
            var p = try path(args["file"])
            if !p.hasSuffix(".npy") { p += ".npy" }
            try NPYFile.write(try ArrayBridge.tensor(from: args["arr"]).contiguousCopy(), to: p)
            return .none
        }
        m.defineFunction("load", "file, mmap_mode=None, allow_pickle=False, fix_imports=True, encoding='ASCII'") { _, args in
            let p = try path(args["file"])
            guard let handle = FileHandle(forReadingAtPath: p) else {
                let code = FileManager.default.fileExists(atPath: p) ? EACCES : ENOENT
                throw PyException.osError(code == ENOENT ? BuiltinTypes.fileNotFoundError : BuiltinTypes.permissionError,
                                          errno: code, message: String(cString: strerror(code)), filename: p)
            }
            let magic = [UInt8](handle.readData(ofLength: 6))
            try? handle.close()
            if magic.starts(with: [0x50, 0x4B]) {
                let f = NpzFileObject(type: npzFileType)
                f.arrays = try NPZFile.read(contentsOf: p)
                return .object(f)
            }
            if magic.starts(with: [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]) {
                return ArrayBridge.ndarray(try NPYFile.read(contentsOf: p))
            }
            if magic.isEmpty { throw PyException(BuiltinTypes.eofError, "No data left in file") }
            throw PyException.valueError("Cannot load file containing pickled data when allow_pickle=False")
        }
        for (name, compressed) in [("savez", false), ("savez_compressed", true)] {
            m.defineFunction(name, "file, *args, **kwds") { _, args in
                var p = try path(args["file"])
                if !p.hasSuffix(".npz") { p += ".npz" }
                var arrays: [(name: String, tensor: Tensor)] = []
                for (i, v) in args.varArgs.enumerated() { arrays.append(("arr_\(i)", try ArrayBridge.tensor(from: v).contiguousCopy())) }
                for (k, v) in args.varKeywords {
                    if arrays.contains(where: { $0.name == k }) { throw PyException.valueError("Cannot use un-named variables and keyword \(k)") }
                    arrays.append((k, try ArrayBridge.tensor(from: v).contiguousCopy()))
                }
                try NPZFile.write(arrays, to: p, compressed: compressed)
                return .none
            }
        }
    }
}
