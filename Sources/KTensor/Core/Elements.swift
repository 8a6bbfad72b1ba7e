#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Element arithmetic with NumPy's semantics: integers wrap on overflow, floor division and
/// remainder follow Python's signs, integer division by zero gives 0, `maximum`/`minimum`
/// propagate NaN. Kernels are generic over this protocol and specialised per element type.
protocol NumericElement: TensorElement, Comparable {
    static var zero: Self { get }
    static var one: Self { get }
    static var isFloat: Bool { get }
    /// The value below every other (-inf for floats), where maxima start.
    static var lowest: Self { get }
    /// The value above every other (+inf for floats), where minima start.
    static var highest: Self { get }
    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    static func floorDivide(_ a: Self, _ b: Self) -> Self
    static func remainder(_ a: Self, _ b: Self) -> Self
    static func power(_ a: Self, _ b: Self) -> Self
    static func maximum(_ a: Self, _ b: Self) -> Self
    static func minimum(_ a: Self, _ b: Self) -> Self
    static func negate(_ a: Self) -> Self
    static func absolute(_ a: Self) -> Self
    static func signum(_ a: Self) -> Self
    /// Exact conversion from integers (rounded for floats).
    init(fromInt64 value: Int64)
    /// Exact for integers; floats truncate as `Int64(fromDouble:)`.
    var asInt64: Int64 { get }
    var isNonZero: Bool { get }
}

/// Integer element types.
protocol IntegerElement: NumericElement, FixedWidthInteger {}

extension IntegerElement {
    static var zero: Self { 0 }
    static var one: Self { 1 }
    static var isFloat: Bool { false }
    static var lowest: Self { Self.min }
    static var highest: Self { Self.max }
    static func add(_ a: Self, _ b: Self) -> Self { a &+ b }
    static func subtract(_ a: Self, _ b: Self) -> Self { a &- b }
    static func multiply(_ a: Self, _ b: Self) -> Self { a &* b }
    static func floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return 0 }
        if Self.isSigned && b == (0 &- 1) { return 0 &- a }
        let q = a / b
        return (a % b != 0) && ((a < 0) != (b < 0)) ? q &- 1 : q
    }
    static func remainder(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return 0 }
        if Self.isSigned && b == (0 &- 1) { return 0 }
        let r = a % b
        return (r != 0) && ((r < 0) != (b < 0)) ? r &+ b : r
    }
    /// Exponentiation by squaring with wrapping; negative exponents are rejected by the caller.
    static func power(_ a: Self, _ b: Self) -> Self {
        var result: Self = 1
        var base = a
        var exponent = b
        while exponent > 0 {
            if exponent & 1 == 1 { result = result &* base }
            base = base &* base
            exponent >>= 1
        }
        return result
    }
    static func maximum(_ a: Self, _ b: Self) -> Self { a >= b ? a : b }
    static func minimum(_ a: Self, _ b: Self) -> Self { a <= b ? a : b }
    static func negate(_ a: Self) -> Self { 0 &- a }
    static func absolute(_ a: Self) -> Self { a < 0 ? 0 &- a : a }
    static func signum(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? 0 &- 1 : 0) }
    init(fromInt64 value: Int64) { self.init(truncatingIfNeeded: value) }
    var asInt64: Int64 { Int64(truncatingIfNeeded: self) }
    var isNonZero: Bool { self != 0 }
}

extension UInt8: IntegerElement {}
extension Int32: IntegerElement {}
extension Int64: IntegerElement {}

/// Floating-point element types with the libm functions kernels need.
protocol FloatElement: NumericElement, BinaryFloatingPoint {
    static func exp(_ x: Self) -> Self
    /// exp inside the fused softmax and cross-entropy kernels: float32 through `Float.fastExp`
    /// (vectorises; within 1.4 ulp; 0 below the smallest normal result, so a masked logit of
    /// -inf or -1e9 still gets probability 0), float64 libm.
    static func kernelExp(_ x: Self) -> Self
    static func expm1(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func erf(_ x: Self) -> Self
    static func erfc(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
    static func fmod(_ x: Self, _ y: Self) -> Self
    /// tanh as TensorFlow's CPU kernels compute it: for float32 the rational approximation of
    /// Eigen (bit-identical to TF 2.12), for float64 libm.
    static func tfTanh(_ x: Self) -> Self
    /// erf as TensorFlow's CPU kernels compute it (float32: Eigen's rational approximation).
    static func tfErf(_ x: Self) -> Self
}

extension FloatElement {
    static var zero: Self { 0 }
    static var one: Self { 1 }
    static var isFloat: Bool { true }
    static var lowest: Self { -Self.infinity }
    static var highest: Self { Self.infinity }
    static func add(_ a: Self, _ b: Self) -> Self { a + b }
    static func subtract(_ a: Self, _ b: Self) -> Self { a - b }
    static func multiply(_ a: Self, _ b: Self) -> Self { a * b }
    /// NumPy's `npy_floor_divide`: floor of the exact quotient computed through `fmod`.
    static func floorDivide(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return a / b }
        let mod = fmod(a, b)
        var div = (a - mod) / b
        if mod != 0 && ((b < 0) != (mod < 0)) { div -= 1 }
        if div != 0 {
            var floored = div.rounded(.down)
            if div - floored > 0.5 { floored += 1 }
            return floored
        }
        return Self(signOf: a / b, magnitudeOf: 0)
    }
    /// NumPy's `npy_remainder`: the result has the sign of the divisor.
    static func remainder(_ a: Self, _ b: Self) -> Self {
        if b == 0 { return fmod(a, b) }
        var mod = fmod(a, b)
        if mod != 0 {
            if (b < 0) != (mod < 0) { mod += b }
        } else {
            mod = b < 0 ? -0.0 : 0.0
        }
        return mod
    }
    static func power(_ a: Self, _ b: Self) -> Self { pow(a, b) }
    static func maximum(_ a: Self, _ b: Self) -> Self { (a >= b || a.isNaN) ? a : b }
    static func minimum(_ a: Self, _ b: Self) -> Self { (a <= b || a.isNaN) ? a : b }
    static func negate(_ a: Self) -> Self { -a }
    static func absolute(_ a: Self) -> Self { Swift.abs(a) }
    static func signum(_ a: Self) -> Self { a > 0 ? 1 : (a < 0 ? -1 : (a.isNaN ? a : 0)) }
    var isNonZero: Bool { self != 0 }
}

extension Float: FloatElement {
    static func exp(_ x: Float) -> Float { expf(x) }
    @inline(__always) static func kernelExp(_ x: Float) -> Float { x < -87.33654 ? 0 : fastExp(x) }
    static func expm1(_ x: Float) -> Float { expm1f(x) }
    static func log(_ x: Float) -> Float { logf(x) }
    static func log1p(_ x: Float) -> Float { log1pf(x) }
    static func tanh(_ x: Float) -> Float { tanhf(x) }
    static func erf(_ x: Float) -> Float { erff(x) }
    static func erfc(_ x: Float) -> Float { erfcf(x) }
    static func pow(_ x: Float, _ y: Float) -> Float { powf(x, y) }
    static func fmod(_ x: Float, _ y: Float) -> Float { fmodf(x, y) }
    init(fromInt64 value: Int64) { self = Float(value) }

    /// A 13/6-degree rational approximation on [-7.9053, 7.9053] (tanh(x) = x below 0.0004),
    /// evaluated with separate multiplies and adds as TF's build does.
    static func tfTanh(_ input: Float) -> Float {
        if Swift.abs(input) < 0.0004 { return input }
        let x = Swift.min(Swift.max(input, -7.90531110763549805), 7.90531110763549805)
        let x2 = x * x
        var p: Float = -2.76076847742355e-16
        p = x2 * p + 2.00018790482477e-13
        p = x2 * p + -8.60467152213735e-11
        p = x2 * p + 5.12229709037114e-08
        p = x2 * p + 1.48572235717979e-05
        p = x2 * p + 6.37261928875436e-04
        p = x2 * p + 4.89352455891786e-03
        p = x * p
        var q: Float = 1.19825839466702e-06
        q = x2 * q + 1.18534705686654e-04
        q = x2 * q + 2.26843463243900e-03
        q = x2 * q + 4.89352518554385e-03
        return p / q
    }

    /// A 13/8-degree rational approximation on [-4, 4] (±1 outside).
    static func tfErf(_ input: Float) -> Float {
        if input.isNaN { return input }
        let x = Swift.min(Swift.max(input, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = x2 * p + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q: Float = -1.45660718464996e-05
        q = x2 * q + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }
    var asInt64: Int64 { Int64(fromDouble: Double(self)) }
}

extension Double: FloatElement {
    static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    static func kernelExp(_ x: Double) -> Double { Glibc.exp(x) }
    static func expm1(_ x: Double) -> Double { Glibc.expm1(x) }
    static func log(_ x: Double) -> Double { Glibc.log(x) }
    static func log1p(_ x: Double) -> Double { Glibc.log1p(x) }
    static func tanh(_ x: Double) -> Double { Glibc.tanh(x) }
    static func erf(_ x: Double) -> Double { Glibc.erf(x) }
    static func erfc(_ x: Double) -> Double { Glibc.erfc(x) }
    static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    static func fmod(_ x: Double, _ y: Double) -> Double { Glibc.fmod(x, y) }
    init(fromInt64 value: Int64) { self = Double(value) }
    static func tfTanh(_ x: Double) -> Double { Glibc.tanh(x) }
    static func tfErf(_ x: Double) -> Double { Glibc.erf(x) }
    var asInt64: Int64 { Int64(fromDouble: self) }
}
