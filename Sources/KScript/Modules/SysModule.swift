import Foundation
import KTensor

/// The `sys` module.
enum SysModule {
    static func populate(_ m: PyModule, interpreter: Interpreter, argv: [String]) {
        m["argv"] = .object(PyList(argv.map { .str($0) }))
        m["stdout"] = .object(PyConsoleStream(.stdout))
        m["stderr"] = .object(PyConsoleStream(.stderr))
        m["__stdout__"] = m["stdout"]
        m["__stderr__"] = m["stderr"]
        var path: [Value] = [.str(interpreter.scriptDirectory)]
        if let stdlib = interpreter.standardLibraryDirectory { path.append(.str(stdlib)) }
        m["path"] = .object(PyList(path))
        m["modules"] = .object(interpreter.modules)
        m["version"] = .str("3.11.7 (kscript \(KScriptVersion.string))")
        m["version_info"] = PyTuple.make([.int(3), .int(11), .int(7), .str("final"), .int(0)])
        m["platform"] = .str("linux")
        m["maxsize"] = .int(Int.max)
        m["byteorder"] = .str("little")
        m["executable"] = .str(CommandLine.arguments.first ?? "kscript")
        m["implementation"] = .str("kscript")
        m.defineFunction("exit", "status=None, /", doc: "Exit the interpreter by raising SystemExit(status).") { _, args in
            throw PyException(type: BuiltinTypes.systemExit, args: args["status"].isNone ? [] : [args["status"]])
        }
        m.defineFunction("getrecursionlimit", "", doc: "Return the current value of the recursion limit.") { interp, _ in
            .int(interp.recursionLimit)
        }
        m.defineFunction("setrecursionlimit", "limit, /", doc: "Set the maximum depth of the Python interpreter stack to n.") { interp, args in
            let limit = try args.int("limit")
            if limit < 1 { throw PyException.valueError("recursion limit must be greater or equal than 1") }
            if limit <= interp.fp + 1 {
                throw PyException(BuiltinTypes.recursionError, "cannot set the recursion limit to \(limit) at the recursion depth \(interp.fp + 1): the limit is too low")
            }
            interp.recursionLimit = min(limit, interp.frameCapacity - 10)
            return .none
        }
        m.defineFunction("exc_info", "") { interp, _ in
            guard let e = interp.handledException else { return PyTuple.make([.none, .none, .none]) }
            return PyTuple.make([.object(e.type), .object(e), .none])
        }
        m.defineFunction("getsizeof", "object, default=None, /") { _, _ in .int(64) }
        m.defineFunction("intern", "string, /") { _, args in .object(PyStr.intern(try args.string("string"))) }
    }
}
