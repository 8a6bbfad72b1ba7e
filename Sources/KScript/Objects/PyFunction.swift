/// A function defined in a script (`def` or `lambda`). It keeps its code object (with the
/// exact source text), its module, defaults and closure cells.
public final class PyFunction: PyObject {
    public let code: CodeObject
    /// The same code object, readable by the VM without reference counting.
    unowned(unsafe) let codeReference: CodeObject
    /// The module whose globals the function uses (kept alive by the function).
    public let module: PyModule
    /// The same module, readable by the VM without reference counting.
    unowned(unsafe) let moduleReference: PyModule
    public var defaults: [Value]
    public var keywordDefaults: [String: Value]
    public let closure: [PyCell]
    public var name: String
    public var qualifiedName: String
    public var doc: Value

    init(code: CodeObject, module: PyModule, defaults: [Value], keywordDefaults: [String: Value], closure: [PyCell]) {
        self.code = code
        self.codeReference = code
        self.module = module
        self.moduleReference = module
        self.defaults = defaults
        self.keywordDefaults = keywordDefaults
        self.closure = closure
        self.name = code.name
        self.qualifiedName = code.qualifiedName
        self.doc = code.docstring.map { .str($0) } ?? .none
        super.init(type: BuiltinTypes.function)
    }

    /// The function's source text (`def ...` block or lambda expression).
    public var sourceText: String? { code.sourceText }
}

/// A function bound to an instance (`obj.method`).
public final class PyMethod: PyObject {
    public let function: Value
    public let receiver: Value

    public init(function: Value, receiver: Value) {
        self.function = function
        self.receiver = receiver
        super.init(type: BuiltinTypes.method)
    }
}

/// `property(fget, fset, fdel, doc)`.
public final class PyProperty: PyObject {
    public var getter: Value
    public var setter: Value
    public var deleter: Value
    public var doc: Value

    public init(getter: Value, setter: Value = .none, deleter: Value = .none, doc: Value = .none) {
        self.getter = getter
        self.setter = setter
        self.deleter = deleter
        self.doc = doc
        super.init(type: BuiltinTypes.property)
    }
}

/// `staticmethod(f)`.
public final class PyStaticMethod: PyObject {
    public let function: Value
    public init(_ function: Value) {
        self.function = function
        super.init(type: BuiltinTypes.staticmethod)
    }
}

/// `classmethod(f)`.
public final class PyClassMethod: PyObject {
    public let function: Value
    public init(_ function: Value) {
        self.function = function
        super.init(type: BuiltinTypes.classmethod)
    }
}

/// `super(cls, obj)`: attribute lookup starting after `cls` in `type(obj)`'s MRO.
public final class PySuper: PyObject {
    public let startAfter: PyType
    public let receiver: Value
    /// The type whose MRO is searched (`type(obj)`, or `obj` itself for class receivers).
    public let searchType: PyType

    init(startAfter: PyType, receiver: Value, searchType: PyType) {
        self.startAfter = startAfter
        self.receiver = receiver
        self.searchType = searchType
        super.init(type: BuiltinTypes.superType)
    }
}

/// A singleton with a fixed repr (`NotImplemented`, `Ellipsis`).
public final class PySingleton: PyObject {
    public let name: String
    init(name: String, type: PyType) {
        self.name = name
        super.init(type: type)
    }
}
