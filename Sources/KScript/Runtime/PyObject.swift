/// The base class of every heap value. It knows its Python type and may carry an instance
/// `__dict__`. Script class instances are plain `PyObject`s with a dict; native types subclass
/// `PyObject` (a script class that inherits from a native type gets an instance of the native
/// Swift class whose `type` is the script class).
open class PyObject {
    private final unowned(unsafe) var storedType: PyType?
    /// The type's address, for identity checks that must not touch reference counts.
    final var typeAddress: UnsafeMutableRawPointer?
    /// The instance attribute dictionary, nil for objects without one.
    public final var dict: PyDict?

    /// The Python type of this object (possibly a script subclass of the Swift class's type).
    public final var type: PyType {
        get { storedType.unsafelyUnwrapped }
        set {
            storedType = newValue
            typeAddress = Unmanaged.passUnretained(newValue).toOpaque()
        }
    }

    public init(type: PyType) {
        self.storedType = type
        self.typeAddress = Unmanaged.passUnretained(type).toOpaque()
        if type.instancesHaveDict { dict = PyDict() }
    }

    /// Only for bootstrapping the `type` type itself.
    init(bootstrap: ()) {
        self.storedType = nil
    }

    /// An instance attribute, looked up without reference-count traffic on the dict.
    @inline(__always)
    final func instanceAttribute(_ name: PyStr) -> Value? {
        dict?.getString(name)
    }

    /// True when the instance dict cannot shadow the method `name`: it has no such key. The
    /// answer is remembered in `cache` for this dict until its keys change.
    @inline(__always)
    final func instanceLacks(_ name: PyStr, cache: UnsafeMutablePointer<AttributeCache>) -> Bool {
        guard let d = dict else { return true }
        let address = Unmanaged.passUnretained(d).toOpaque()
        if cache.pointee.checkedDictionary == address && cache.pointee.checkedVersion == d.version { return true }
        if d.getString(name) != nil { return false }
        cache.pointee.checkedDictionary = address
        cache.pointee.checkedVersion = d.version
        return true
    }
}

/// Reads `Value`s in place without retaining the objects they hold, for the VM's hot paths.
/// The object tag is measured at startup rather than assumed.
struct ValueInspector {
    let objectTag: UInt8

    init() {
        var probe = Value.object(BuiltinTypes.object)
        objectTag = withUnsafeBytes(of: &probe) { $0[MemoryLayout<UnsafeRawPointer>.size] }
    }

    /// The address of the object in `slot`, or nil for immediates.
    @inline(__always)
    func objectAddress(_ slot: UnsafePointer<Value>) -> UnsafeMutableRawPointer? {
        let raw = UnsafeRawPointer(slot)
        guard raw.load(fromByteOffset: MemoryLayout<UnsafeRawPointer>.size, as: UInt8.self) == objectTag else { return nil }
        return raw.load(as: UnsafeMutableRawPointer.self)
    }

    /// True when `slot` holds an object that no other strong reference holds, tested in place.
    @inline(__always)
    func holdsOnlyReference(_ slot: UnsafeMutablePointer<Value>) -> Bool {
        guard objectAddress(slot) != nil else { return false }
        return slot.withMemoryRebound(to: PyObject.self, capacity: 1) { isKnownUniquelyReferenced(&$0.pointee) }
    }
}

/// A closure cell: a variable shared between a function and the functions nested in it.
public final class PyCell: PyObject {
    public var value: Value

    public init(_ value: Value = .unbound) {
        self.value = value
        super.init(type: BuiltinTypes.cell)
    }
}

/// A module-level variable slot. Code objects link their global names to these at compile
/// time, so a global read is a pointer load (plus a builtins fallback when unbound).
public final class GlobalCell {
    public let name: String
    public var value: Value
    /// The builtins cell of the same name, consulted when this one is unbound.
    var builtin: GlobalCell?

    init(name: String, value: Value = .unbound) {
        self.name = name
        self.value = value
    }
}
