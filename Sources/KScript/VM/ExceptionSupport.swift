extension Interpreter {
    /// Builds the exception a `raise` statement throws (form 0: bare raise, 1: raise X,
    /// 2: raise X from Y).
    func raiseException(form: UInt8, _ value: Value, _ causeValue: Value) throws -> PyException {
        if form == 0 {
            guard let current = handledException else {
                return PyException.runtimeError("No active exception to reraise")
            }
            reraising = true
            return current
        }
        let exception = try makeException(value, for: "exceptions must derive from BaseException")
        if form == 2 {
            switch causeValue {
            case .none:
                exception.cause = .none
            default:
                exception.cause = .object(try makeException(causeValue, for: "exception causes must derive from BaseException"))
            }
            exception.suppressContext = true
        }
        if let handled = handledException, handled !== exception {
            setContext(of: exception, to: handled)
        }
        return exception
    }

    /// An exception instance from `raise X` (X an instance or a class).
    func makeException(_ value: Value, for message: String) throws -> PyException {
        if case .object(let o) = value {
            if let e = o as? PyException { return e }
            if let t = o as? PyType, t.isSubtype(of: BuiltinTypes.baseException) {
                let instance = try call(value, [])
                if case .object(let io) = instance, let e = io as? PyException { return e }
                throw PyException.typeError("calling \(t.name) should have returned an instance of BaseException, not \(instance.type.name)")
            }
        }
        throw PyException.typeError(message)
    }

    /// `except T:` matching, T a class or tuple of classes.
    func exceptionMatches(_ exception: Value, _ pattern: Value) throws -> Bool {
        if case .object(let o) = pattern {
            if let t = o as? PyType {
                guard t.isSubtype(of: BuiltinTypes.baseException) else {
                    throw PyException.typeError("catching classes that do not inherit from BaseException is not allowed")
                }
                return exception.type.isSubtype(of: t)
            }
            if let tuple = o as? PyTuple {
                for item in tuple.items where try exceptionMatches(exception, item) { return true }
                return false
            }
        }
        throw PyException.typeError("catching classes that do not inherit from BaseException is not allowed")
    }

    /// The `__exit__` and `__enter__` methods of a context manager.
    func contextManagerMethods(_ manager: Value) throws -> (Value, Value) {
        let type = manager.type
        guard let enter = type.lookup("__enter__") else {
            throw PyException.typeError("'\(type.name)' object does not support the context manager protocol")
        }
        guard let exit = type.lookup("__exit__") else {
            throw PyException.typeError("'\(type.name)' object does not support the context manager protocol (missed __exit__ method)")
        }
        return (exit, enter)
    }
}
