/// Creates the instance for a call of a native type (or of a script class inheriting from one).
/// It receives the class actually being instantiated, which may be a script subclass, and the
/// call's arguments (most allocators ignore them; `__init__` gets them next).
public typealias NativeAllocator = (_ interpreter: Interpreter, _ type: PyType, _ arguments: Arguments) throws -> PyObject

/// Replaces the whole `type(...)` call protocol for built-in types such as `int` or `str`
/// whose construction is a conversion (`int("42")`). Receives the type being called.
public typealias NativeConstructor = (_ interpreter: Interpreter, _ type: PyType, _ arguments: Arguments) throws -> Value

/// Computes `left op right` in the storage of a temporary operand instead of allocating a result
/// (NumPy's temporary elision). `temporary` is an object of exactly the type holding the hook
/// that nothing else can reach (a register read nowhere after the operation held its only
/// reference); `other` is the other operand. With `temporaryIsLeft` false, `other` is an int,
/// bool, float or an object of the same type, and the result must be what the operator protocol
/// gives for `other op temporary`. Returns nil, with no effect, to leave the operation to the
/// protocol.
public typealias TemporaryBinaryOperator = (_ op: BinaryOperator, _ temporary: PyObject, _ other: Value,
                                            _ temporaryIsLeft: Bool) throws -> Value?

/// A Python type object: a built-in type, a native (Swift-defined) type, or a script class.
public final class PyType: PyObject {
    public let name: String
    public var qualifiedName: String
    /// The module the type belongs to (`builtins`, `keras.layers`, `__main__`).
    public var module: String
    public private(set) var bases: [PyType]
    /// Method resolution order (C3), starting with the type itself.
    public private(set) var mro: [PyType] = []
    /// The type's own `__dict__`.
    public let attributes: PyDict
    public var doc: String?
    /// True for types defined in Swift (built-in or bridge); their attributes are read-only to scripts.
    public let isNative: Bool
    /// How instances of this type (and subclasses without their own) are created.
    public var allocator: NativeAllocator?

    /// The allocator of the nearest type in the MRO that has one.
    var resolvedAllocator: NativeAllocator? { mro.lazy.compactMap(\.allocator).first }
    /// Overrides `__new__` + `__init__` for conversion-style built-ins.
    public var constructor: NativeConstructor?
    /// Stands in for the type's own binary operator methods when an operand is a temporary
    /// (`Interpreter.binaryOperation(_:_:_:consumed:)`); not inherited by subclasses. Only for
    /// native types other than str, list, tuple, set and dict (whose operators the interpreter
    /// handles before the method protocol).
    public var temporaryBinary: TemporaryBinaryOperator?
    /// Whether instances get an attribute dictionary.
    public var instancesHaveDict: Bool
    /// The exact source text of a script class (nil for native types).
    public var sourceText: String?
    /// False for types like `bool` or `NoneType` that cannot be subclassed.
    public var isSubclassable = true

    /// Bumped whenever any type's attributes change, invalidating inline caches.
    nonisolated(unsafe) static var epoch = 0

    // Flags recomputed when any class changes (a base's new `__getattr__` counts), so the VM
    // can skip dunder lookups.
    private var flags = (getattr: false, setattr: false, delattr: false)
    private var flagsEpoch = -1
    var hasCustomGetattr: Bool { currentFlags.getattr }
    var hasCustomSetattr: Bool { currentFlags.setattr }
    var hasCustomDelattr: Bool { currentFlags.delattr }
    private var currentFlags: (getattr: Bool, setattr: Bool, delattr: Bool) {
        if flagsEpoch != PyType.epoch { refreshFlags() }
        return flags
    }
    var cachedInit: Value?
    var initializerEpoch = -1

    /// Creates a type. `base` defaults to `object` (except for `object` itself).
    public init(name: String, module: String = "builtins", bases: [PyType], doc: String? = nil, isNative: Bool,
                instancesHaveDict: Bool? = nil) {
        self.name = name
        self.qualifiedName = name
        self.module = module
        self.bases = bases
        self.attributes = PyDict()
        self.doc = doc
        self.isNative = isNative
        self.instancesHaveDict = instancesHaveDict ?? (!isNative || bases.contains { $0.instancesHaveDict })
        if let metatype = BuiltinTypes.typeTypeIfReady {
            super.init(type: metatype)
        } else {
            super.init(bootstrap: ())
            self.type = self
        }
        self.mro = [self] + ((try? PyType.linearize(bases)) ?? bases)
        PyType.keepAlive.append(self)
    }

    /// Every type ever created; types are immortal, so `unowned(unsafe)` type pointers stay valid.
    nonisolated(unsafe) private static var keepAlive: [PyType] = []

    /// Sets the bases after checking that a consistent MRO exists.
    func setBases(_ newBases: [PyType]) throws {
        let linear = try PyType.linearize(newBases)
        bases = newBases
        mro = [self] + linear
        PyType.epoch &+= 1
        refreshFlags()
    }

    /// C3 linearization of the bases' MROs.
    static func linearize(_ bases: [PyType]) throws -> [PyType] {
        var sequences = bases.map(\.mro) + [bases]
        var result: [PyType] = []
        while true {
            sequences = sequences.filter { !$0.isEmpty }
            if sequences.isEmpty { return result }
            var candidate: PyType?
            for sequence in sequences {
                let head = sequence[0]
                if !sequences.contains(where: { $0.dropFirst().contains { $0 === head } }) {
                    candidate = head
                    break
                }
            }
            guard let next = candidate else {
                let names = bases.map(\.name).joined(separator: ", ")
                throw PyException.typeError("Cannot create a consistent method resolution\norder (MRO) for bases \(names)")
            }
            result.append(next)
            sequences = sequences.map { $0.first === next ? Array($0.dropFirst()) : $0 }
        }
    }

    /// Finds `name` along the MRO.
    public func lookup(_ name: PyStr) -> Value? {
        for t in mro {
            if let v = t.attributes.getString(name) { return v }
        }
        return nil
    }

    public func lookup(_ name: String) -> Value? { lookup(PyStr.intern(name)) }

    /// The type in the MRO that defines `name`.
    func definingType(of name: PyStr) -> PyType? {
        mro.first { $0.attributes.getString(name) != nil }
    }

    /// True if `self` is `other` or inherits from it.
    public func isSubtype(of other: PyType) -> Bool {
        if self === other { return true }
        for t in mro where t === other { return true }
        return false
    }

    /// Sets a class attribute (for script classes, or while defining native types).
    public func setAttribute(_ name: String, _ value: Value) {
        attributes.setString(PyStr.intern(name), value)
        PyType.epoch &+= 1
        refreshFlags()
    }

    func refreshFlags() {
        flagsEpoch = PyType.epoch
        flags.getattr = lookup("__getattr__") != nil
        if let s = lookup("__setattr__"), case .object(let o) = s, o !== BuiltinTypes.objectSetattr {
            flags.setattr = true
        } else {
            flags.setattr = false
        }
        if let s = lookup("__delattr__"), case .object(let o) = s, o !== BuiltinTypes.objectDelattr {
            flags.delattr = true
        } else {
            flags.delattr = false
        }
    }

    /// True when the implementation of `name` for instances is the native one (the type is
    /// native, or a script subclass that does not override it).
    func usesNativeSlot(_ name: PyStr) -> Bool {
        if isNative { return true }
        return definingType(of: name)?.isNative ?? true
    }

    /// The nearest native type in the MRO (the Swift class backing instances).
    public var nativeBase: PyType? { mro.first { $0.isNative } }

    /// `module.qualname` as `repr(cls)` and tracebacks show it (`builtins` is omitted).
    public var displayName: String {
        module == "builtins" ? qualifiedName : "\(module).\(qualifiedName)"
    }
}
