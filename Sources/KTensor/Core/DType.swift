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

    /// The dtype NumPy/TF call `name` (also the aliases `bool_`, `int`, `float`, `double`).
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
    /// Truncates toward zero; NaN, infinities and out-of-range values give `Int32.min`, as
    /// NumPy's C cast does on x86-64.
    @inlinable public init(fromDouble value: Double) {
        self = value > -2147483649.0 && value < 2147483648.0 ? Int32(value) : Int32.min
    }
    @inlinable public var asDouble: Double { Double(self) }
}
extension Int64: TensorElement {
    public static var dtype: DType { .int64 }
    /// Truncates toward zero; NaN, infinities and out-of-range values give `Int64.min`.
    @inlinable public init(fromDouble value: Double) {
        self = value >= -9223372036854775808.0 && value < 9223372036854775808.0 ? Int64(value) : Int64.min
    }
    @inlinable public var asDouble: Double { Double(self) }
}
extension UInt8: TensorElement {
    public static var dtype: DType { .uint8 }
    /// Truncates toward zero through a 32-bit integer and keeps the low byte (300.0 → 44,
    /// -1.0 → 255), as NumPy's C cast does on x86-64.
    @inlinable public init(fromDouble value: Double) {
        self = UInt8(truncatingIfNeeded: Int32(fromDouble: value))
    }
    @inlinable public var asDouble: Double { Double(self) }
}

// MARK: - Type promotion

extension DType {
    /// Kind of a Python scalar mixed with an array in an arithmetic expression.
    public enum ScalarKind: Sendable {
        case bool, int, float
    }

    /// Position in NumPy's kind order bool < unsigned/signed integer < floating point.
    var kindRank: Int {
        switch self {
        case .bool: return 0
        case .uint8, .int32, .int64: return 1
        case .float32, .float64: return 2
        }
    }

    /// NumPy's array–array promotion (`np.result_type(a, b)`) restricted to the six dtypes:
    /// bool defers to the other type, uint8 widens into int32/int64/float32/float64, and an
    /// int32 or int64 meeting float32 gives float64.
    public static func promoted(_ a: DType, _ b: DType) -> DType {
        if a == b { return a }
        if a == .bool { return b }
        if b == .bool { return a }
        switch (a, b) {
        case (.uint8, _): return b
        case (_, .uint8): return a
        case (.int32, .int64), (.int64, .int32): return .int64
        case (.float32, .float64), (.float64, .float32): return .float64
        default: return .float64  // an int32/int64 meets a float
        }
    }

    /// NumPy 1.23's value-based promotion of an array with a Python scalar: a scalar of the
    /// same or a lower kind adopts the array's dtype (an int that does not fit widens the
    /// integer type); a scalar of a higher kind gives int64 (bool array, int scalar) or float64.
    /// NumPy's uint16/int16/float16 results are not representable and become int32/float32.
    public func promoted(withScalar kind: ScalarKind, integerValue: Int64 = 0) -> DType {
        switch kind {
        case .bool:
            return self
        case .int:
            switch self {
            case .bool: return .int64
            case .uint8: return (0...255).contains(integerValue) ? .uint8 : (Int64(Int32.min)...Int64(Int32.max)).contains(integerValue) ? .int32 : .int64
            case .int32: return (Int64(Int32.min)...Int64(Int32.max)).contains(integerValue) ? .int32 : .int64
            default: return self
            }
        case .float:
            return isFloatingPoint ? self : .float64
        }
    }

    /// Result dtype of NumPy's float ufuncs (`exp`, `sqrt`, `true_divide` ...) on this dtype.
    /// NumPy gives float16 for bool/uint8; that type does not exist here, so they give float32.
    @inlinable public var floatResult: DType {
        switch self {
        case .float32, .float64: return self
        case .bool, .uint8: return .float32
        case .int32, .int64: return .float64
        }
    }

    /// Result dtype of NumPy's `sum`/`prod`/`cumsum` without `dtype=`: bool and integers give
    /// int64 (NumPy's uint64 for uint8 is not representable here), floats keep their type.
    @inlinable public var accumulationResult: DType {
        isFloatingPoint ? self : .int64
    }
}
