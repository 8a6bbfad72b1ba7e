/// One line of a traceback: a frame of script code and the line it was executing.
public struct TracebackEntry {
    public let filename: String
    public let line: Int
    public let function: String
}

/// An instance of `BaseException` or any subclass (built-in or script-defined). Thrown as a
/// Swift error through native code; the VM catches it and unwinds script frames.
public final class PyException: PyObject, Error {
    public var args: [Value]
    /// Frames the exception passed through, innermost first.
    public var traceback: [TracebackEntry] = []
    public var cause: Value = .none
    public var context: PyException?
    public var suppressContext = false
    /// For NameError: the names in scope when it was raised (locals, globals, builtins), for
    /// the "Did you mean" suggestion of the traceback.
    var nameCandidates: [[String]] = []

    public init(type: PyType, args: [Value]) {
        self.args = args
        super.init(type: type)
    }

    /// A new exception of `type` with a single message argument.
    public convenience init(_ type: PyType, _ message: String) {
        self.init(type: type, args: [.str(message)])
    }

    public static func typeError(_ message: String) -> PyException { PyException(BuiltinTypes.typeError, message) }
    public static func valueError(_ message: String) -> PyException { PyException(BuiltinTypes.valueError, message) }
    public static func indexError(_ message: String) -> PyException { PyException(BuiltinTypes.indexError, message) }
    public static func attributeError(_ message: String) -> PyException { PyException(BuiltinTypes.attributeError, message) }
    public static func nameError(_ message: String) -> PyException { PyException(BuiltinTypes.nameError, message) }
    public static func zeroDivision(_ message: String) -> PyException { PyException(BuiltinTypes.zeroDivisionError, message) }
    public static func overflow(_ message: String) -> PyException { PyException(BuiltinTypes.overflowError, message) }
    public static func runtimeError(_ message: String) -> PyException { PyException(BuiltinTypes.runtimeError, message) }
    public static func notImplemented(_ message: String) -> PyException { PyException(BuiltinTypes.notImplementedError, message) }
    public static func keyError(_ key: Value) -> PyException { PyException(type: BuiltinTypes.keyError, args: [key]) }
    public static func stopIteration(_ value: Value = .none) -> PyException {
        PyException(type: BuiltinTypes.stopIteration, args: value.isNone ? [] : [value])
    }
    public static func osError(_ type: PyType, errno: Int32, message: String, filename: String?) -> PyException {
        var args: [Value] = [.int(Int(errno)), .str(message)]
        if let filename { args.append(.str(filename)) }
        let e = PyException(type: type, args: args)
        e.dict?["errno"] = .int(Int(errno))
        e.dict?["strerror"] = .str(message)
        e.dict?["filename"] = filename.map { .str($0) } ?? Value.none
        return e
    }

    /// True if this exception is an instance of `type` (or a subclass).
    public func isInstance(of type: PyType) -> Bool { self.type.isSubtype(of: type) }
}
