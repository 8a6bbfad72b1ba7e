/// The arguments a script created a native object with (`MyModel(64)`, `keras.metrics.AUC()`),
/// kept so a notebook session can create it again after a restart by calling its class with
/// the same (restored) arguments.
struct ConstructorCall {
    let positional: [Value]
    let keywords: [(String, Value)]

    init(_ arguments: Arguments) {
        positional = arguments.positional
        keywords = arguments.keywords
    }

    init(positional: [Value], keywords: [(String, Value)]) {
        self.positional = positional
        self.keywords = keywords
    }

    /// The call as one script value, `(args, kwargs)`, for the session to save.
    var value: Value {
        PyTuple.make([PyTuple.make(positional), .object(PyDict(keywords))])
    }

    /// A call saved as `value`, or nil.
    init?(_ value: Value?) {
        guard case .object(let o)? = value, let pair = o as? PyTuple, pair.items.count == 2,
              case .object(let a) = pair.items[0], let args = a as? PyTuple,
              case .object(let k) = pair.items[1], let kwargs = k as? PyDict else { return nil }
        var keywords: [(String, Value)] = []
        for (key, item) in kwargs.pairs {
            guard let name = key.stringValue else { return nil }
            keywords.append((name, item))
        }
        self.init(positional: args.items, keywords: keywords)
    }

    /// Calls `cls` with these arguments.
    func call(_ cls: PyType, _ interp: Interpreter) throws -> Value {
        try interp.call(.object(cls), positional, keywords)
    }
}
