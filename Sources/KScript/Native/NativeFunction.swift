/// A function implemented in Swift: a module function, or a method of a native type (then the
/// receiver arrives as the first positional argument).
public final class NativeFunction: PyObject {
    /// What runs when the function is called.
    public enum Body {
        /// Gets the arguments unbound (fast path; the body checks them itself).
        case raw((Interpreter, Arguments) throws -> Value)
        /// Gets the arguments bound to the signature (receiver separated for methods).
        case bound((Interpreter, BoundArguments) throws -> Value)
    }

    public let name: String
    /// `Dense.__init__`, `math.sqrt`: used in error messages and `repr`.
    public let qualifiedName: String
    public let signature: Signature
    public let doc: String?
    /// The module that defines it (`math`), or nil for methods.
    public let moduleName: String?
    /// The type whose method this is (its receiver type), nil for plain functions.
    public unowned(unsafe) let ownerType: PyType?
    let body: Body

    /// Positional-argument bounds checked before a raw body runs (the receiver included).
    private let minimumArguments: Int
    private let maximumArguments: Int

    public init(name: String, qualifiedName: String? = nil, signature: String, doc: String? = nil, module: String? = nil,
                owner: PyType? = nil, body: Body) {
        self.name = name
        self.qualifiedName = qualifiedName ?? (owner.map { "\($0.name).\(name)" } ?? name)
        let parsed = Signature(signature)
        self.signature = parsed
        let receiver = owner == nil ? 0 : 1
        if parsed.isParsed {
            minimumArguments = parsed.minimumPositional + receiver
            maximumArguments = parsed.maximumPositional.map { $0 + receiver } ?? Int.max
        } else {
            minimumArguments = receiver
            maximumArguments = Int.max
        }
        self.doc = doc
        self.moduleName = module
        self.ownerType = owner
        self.body = body
        super.init(type: BuiltinTypes.builtinFunction)
    }

    /// CPython's TypeError for a wrong number of positional arguments.
    private func arityError(_ given: Int) -> PyException {
        let receiver = ownerType == nil ? 0 : 1
        let low = minimumArguments - receiver, high = maximumArguments == Int.max ? Int.max : maximumArguments - receiver
        let n = given - receiver
        if ownerType != nil && given == 0 {
            return PyException.typeError("unbound method \(qualifiedName)() needs an argument")
        }
        if low == high {
            if low == 0 { return PyException.typeError("\(qualifiedName)() takes no arguments (\(n) given)") }
            if low == 1 { return PyException.typeError("\(qualifiedName)() takes exactly one argument (\(n) given)") }
            return PyException.typeError("\(name) expected \(low) arguments, got \(n)")
        }
        if n < low { return PyException.typeError("\(name) expected at least \(low) argument\(low == 1 ? "" : "s"), got \(n)") }
        return PyException.typeError("\(name) expected at most \(high) argument\(high == 1 ? "" : "s"), got \(n)")
    }

    /// Calls the function with raw arguments.
    public func call(_ interpreter: Interpreter, _ arguments: Arguments) throws -> Value {
        switch body {
        case .raw(let f):
            if arguments.count < minimumArguments || arguments.count > maximumArguments {
                throw arityError(arguments.count)
            }
            return try f(interpreter, arguments)
        case .bound(let f):
            if ownerType != nil {
                guard arguments.count >= 1 else {
                    throw PyException.typeError("unbound method \(qualifiedName)() needs an argument")
                }
                let bound = try signature.bind(arguments.droppingFirst(), function: qualifiedName, receiver: arguments[0])
                return try f(interpreter, bound)
            }
            return try f(interpreter, try signature.bind(arguments, function: qualifiedName))
        }
    }
}

extension PyType {
    /// Declares a native type. `allocator` creates instances (it receives the class being
    /// instantiated, which may be a script subclass); nil inherits the base's allocator.
    public static func native(name: String, module: String, base: PyType? = nil, doc: String? = nil,
                              instancesHaveDict: Bool = true, allocator: NativeAllocator? = nil) -> PyType {
        let t = PyType(name: name, module: module, bases: [base ?? BuiltinTypes.object], doc: doc, isNative: true,
                       instancesHaveDict: instancesHaveDict)
        if let allocator { t.allocator = allocator }
        return t
    }

    /// Adds a method whose arguments are bound to `signature` (written without `self`).
    @discardableResult
    public func defineMethod(_ name: String, _ signature: String, doc: String? = nil,
                             _ body: @escaping (Interpreter, BoundArguments) throws -> Value) -> NativeFunction {
        let f = NativeFunction(name: name, signature: signature, doc: doc, owner: self, body: .bound(body))
        setAttribute(name, .object(f))
        return f
    }

    /// Adds a method that receives raw arguments; `arguments[0]` is the receiver.
    @discardableResult
    public func defineRawMethod(_ name: String, _ signature: String, doc: String? = nil,
                                _ body: @escaping (Interpreter, Arguments) throws -> Value) -> NativeFunction {
        let f = NativeFunction(name: name, signature: signature, doc: doc, owner: self, body: .raw(body))
        setAttribute(name, .object(f))
        return f
    }

    /// Adds a static method (no receiver).
    public func defineStaticMethod(_ name: String, _ signature: String, doc: String? = nil,
                                   _ body: @escaping (Interpreter, BoundArguments) throws -> Value) {
        let f = NativeFunction(name: name, qualifiedName: "\(self.name).\(name)", signature: signature, doc: doc, body: .bound(body))
        setAttribute(name, .object(PyStaticMethod(.object(f))))
    }

    /// Adds a class method; the bound arguments' receiver is the class.
    public func defineClassMethod(_ name: String, _ signature: String, doc: String? = nil,
                                  _ body: @escaping (Interpreter, BoundArguments) throws -> Value) {
        let f = NativeFunction(name: name, signature: signature, doc: doc, owner: self, body: .bound(body))
        setAttribute(name, .object(PyClassMethod(.object(f))))
    }

    /// Adds a property computed by Swift code; `set` nil makes it read-only.
    public func defineProperty(_ name: String, doc: String? = nil,
                               get: @escaping (Interpreter, Value) throws -> Value,
                               set: ((Interpreter, Value, Value) throws -> Void)? = nil) {
        let getter = NativeFunction(name: name, signature: "", doc: doc, owner: self, body: .raw { interp, args in
            try get(interp, args[0])
        })
        var setter: Value = .none
        if let set {
            setter = .object(NativeFunction(name: name, signature: "value", owner: self, body: .raw { interp, args in
                try set(interp, args[0], args[1])
                return .none
            }))
        }
        setAttribute(name, .object(PyProperty(getter: .object(getter), setter: setter, doc: doc.map { .str($0) } ?? .none)))
    }
}

extension PyModule {
    /// Adds a function bound to `signature` to a native module.
    @discardableResult
    public func defineFunction(_ name: String, _ signature: String, doc: String? = nil,
                               _ body: @escaping (Interpreter, BoundArguments) throws -> Value) -> NativeFunction {
        let f = NativeFunction(name: name, signature: signature, doc: doc, module: self.name, body: .bound(body))
        self[name] = .object(f)
        return f
    }

    /// Adds a function receiving raw arguments.
    @discardableResult
    public func defineRawFunction(_ name: String, _ signature: String, doc: String? = nil,
                                  _ body: @escaping (Interpreter, Arguments) throws -> Value) -> NativeFunction {
        let f = NativeFunction(name: name, signature: signature, doc: doc, module: self.name, body: .raw(body))
        self[name] = .object(f)
        return f
    }

    /// Adds a type to the module namespace.
    public func addType(_ type: PyType) {
        self[type.name] = .object(type)
    }
}

/// The registry of modules implemented in Swift. Each is created lazily by its factory on
/// first import and then cached in `sys.modules` like any module. Bridge targets register
/// `numpy`, `tensorflow`, `keras`, `matplotlib.pyplot` here at startup.
public enum NativeModules {
    public typealias Factory = (Interpreter) throws -> PyModule

    nonisolated(unsafe) private static var factories: [String: Factory] = [:]

    /// Registers (or replaces) the factory for the dotted module name `name`.
    public static func register(_ name: String, _ factory: @escaping Factory) {
        factories[name] = factory
    }

    static func factory(for name: String) -> Factory? { factories[name] }

    /// Names of all registered native modules.
    public static var names: [String] { factories.keys.sorted() }
}
