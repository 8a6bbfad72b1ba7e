/// A runtime value: small immediates inline, everything else one reference to a `PyObject`.
///
/// Python `bool` is a subclass of `int`; it has its own case so `True` prints as `True`, and
/// arithmetic treats it as 0/1. `unbound` is internal: it marks an unassigned variable slot
/// (CPython's NULL) and is never visible to scripts.
public enum Value {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case object(PyObject)
    case unbound

    /// A `str` value.
    public static func str(_ text: String) -> Value { .object(PyStr(text)) }

    /// The object reference, if this is not an immediate.
    public var object: PyObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    public var isUnbound: Bool {
        if case .unbound = self { return true }
        return false
    }

    /// The Python type of this value.
    @inline(__always)
    public var type: PyType {
        switch self {
        case .none: return BuiltinTypes.noneType
        case .bool: return BuiltinTypes.bool
        case .int: return BuiltinTypes.int
        case .float: return BuiltinTypes.float
        case .object(let o): return o.type
        case .unbound: return BuiltinTypes.noneType
        }
    }

    /// The int value of an `int` or `bool` (not float), else nil.
    public var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    /// The numeric value of an int, bool or float as a Double, else nil.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .float(let d): return d
        default: return nil
        }
    }

    /// The Swift string of a `str` value, else nil.
    public var stringValue: String? {
        if case .object(let o) = self, let s = o as? PyStr { return s.value }
        return nil
    }

    /// Identity as Python's `is` sees it.
    public func isIdentical(to other: Value) -> Bool {
        switch (self, other) {
        case (.none, .none), (.unbound, .unbound): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.float(let a), .float(let b)): return a.bitPattern == b.bitPattern
        case (.object(let a), .object(let b)): return a === b
        default: return false
        }
    }
}

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .object(PyStr(value)) }
}
