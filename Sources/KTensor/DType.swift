/// Element types a tensor can hold. Bool is stored as one byte (0 or 1).
public enum DType: UInt8, CaseIterable, Sendable {
    case bool, uint8, int32, int64, float32, float64

    /// Bytes per element.
    @inlinable public var size: Int {
        switch self {
        case .bool, .uint8: return 1
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// NumPy's name (`float32`, `int64`, `bool`, ...), also TensorFlow's.
    public var name: String {
        switch self {
        case .bool: return "bool"
        case .uint8: return "uint8"
        case .int32: return "int32"
        case .int64: return "int64"
        case .float32: return "float32"
        case .float64: return "float64"
        }
    }

    public init?(name: String) {
        switch name {
        case "bool", "bool_": self = .bool
        case "uint8": self = .uint8
        case "int32": self = .int32
        case "int64", "int": self = .int64
        case "float32": self = .float32
        case "float64", "float", "double": self = .float64
        default: return nil
        }
    }

    @inlinable public var isFloatingPoint: Bool { self == .float32 || self == .float64 }
    @inlinable public var isInteger: Bool { self == .uint8 || self == .int32 || self == .int64 }
}

/// Swift types that are the elements of a tensor of some `DType`.
public protocol TensorElement {
    static var dtype: DType { get }
    /// Lossy conversion used by casts and printing.
    init(fromDouble value: Double)
    var asDouble: Double { get }
}

extension Float: TensorElement {
    public static var dtype: DType { .float32 }
    @inlinable public init(fromDouble value: Double) { self = Float(value) }
    @inlinable public var asDouble: Double { Double(self) }
}
extension Double: TensorElement {
    public static var dtype: DType { .float64 }
    @inlinable public init(fromDouble value: Double) { self = value }
    @inlinable public var asDouble: Double { self }
}
extension Int32: TensorElement {
    public static var dtype: DType { .int32 }
    @inlinable public init(fromDouble value: Double) { self = value.isFinite ? Int32(truncatingIfNeeded: Int64(value.magnitude < 9.2e18 ? value : 0)) : Int32.min }
    @inlinable public var asDouble: Double { Double(self) }
}
extension Int64: TensorElement {
    public static var dtype: DType { .int64 }
    @inlinable public init(fromDouble value: Double) { self = value.isFinite && value.magnitude < 9.2e18 ? Int64(value) : Int64.min }
    @inlinable public var asDouble: Double { Double(self) }
}
extension UInt8: TensorElement {
    public static var dtype: DType { .uint8 }
    @inlinable public init(fromDouble value: Double) { self = UInt8(truncatingIfNeeded: Int64(value.isFinite && value.magnitude < 9.2e18 ? value : 0)) }
    @inlinable public var asDouble: Double { Double(self) }
}
