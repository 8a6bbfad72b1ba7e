extension Float {
    /// `exp(x)` in single precision without libm: range reduction by ln 2 and Cephes' degree-6
    /// polynomial (the one Eigen's vectorised `exp` uses), at most 1.4 ulp from the exact value
    /// (libm's `expf`: 1 ulp). Branch-free and call-free, so the loops of fused kernels
    /// vectorise (8× faster than calling `expf`). Inputs are clamped to [-87.3, 88.4] (results
    /// from 1.2e-38 to 2.4e38); NaN stays NaN.
    @inlinable @inline(__always)
    public static func fastExp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.33654), 88.37626)
        let (polynomial, shifted) = fastExpParts(clamped)
        let exponent = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
        return polynomial * Float(bitPattern: UInt32(bitPattern: (exponent &+ 127) << 23))
    }
}

extension SIMD8 where Scalar == Float {
    /// `Float.fastExp` of each lane, bit for bit: the same operations in the same order, on
    /// eight lanes at once (fused kernels whose loops the compiler cannot vectorise use it).
    @inlinable @inline(__always)
    public func fastExp() -> SIMD8<Float> {
        // Swift.max(x, lo) is `lo >= x ? lo : x` and Swift.min(x, hi) is `hi < x ? hi : x`:
        // a NaN lane fails both comparisons and stays NaN.
        var clamped = self
        clamped.replace(with: -87.33654, where: clamped .<= -87.33654)
        clamped.replace(with: 88.37626, where: clamped .> 88.37626)
        let (polynomial, shifted) = fastExpParts(clamped)
        let exponent = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return polynomial * unsafeBitCast((exponent &+ 127) &<< 23, to: SIMD8<Float>.self)
    }
}

/// `Float` or eight `Float` lanes: what `fastExp`'s range reduction and polynomial are written
/// over, so that the scalar and the eight-lane exponentials are one formula.
public protocol FastExpLanes {
    init(broadcast value: Float)
    static func + (a: Self, b: Self) -> Self
    static func - (a: Self, b: Self) -> Self
    static func * (a: Self, b: Self) -> Self
}

extension Float: FastExpLanes {
    @inlinable @inline(__always) public init(broadcast value: Float) { self = value }
}

extension SIMD8: FastExpLanes where Scalar == Float {
    @inlinable @inline(__always) public init(broadcast value: Float) { self.init(repeating: value) }
}

/// `exp` of a clamped input as `polynomial · 2ⁿ`: the polynomial, and `shifted`, which holds
/// n in its low mantissa bits. Adding 1.5·2²³ rounds x/ln 2 to the nearest integer n; the
/// remainder r = x - n·ln 2 (ln 2 in two parts) goes into Cephes' degree-6 polynomial.
@inlinable @inline(__always)
public func fastExpParts<V: FastExpLanes>(_ clamped: V) -> (polynomial: V, shifted: V) {
    let shifted = clamped * V(broadcast: 1.44269504088896341) + V(broadcast: 12_582_912)
    let n = shifted - V(broadcast: 12_582_912)
    let r = clamped - n * V(broadcast: 0.693359375) + n * V(broadcast: 2.12194440e-4)
    var p = V(broadcast: 1.9875691500e-4)
    p = p * r + V(broadcast: 1.3981999507e-3)
    p = p * r + V(broadcast: 8.3334519073e-3)
    p = p * r + V(broadcast: 4.1665795894e-2)
    p = p * r + V(broadcast: 1.6666665459e-1)
    p = p * r + V(broadcast: 5.0000001201e-1)
    return (p * r * r + r + V(broadcast: 1), shifted)
}
