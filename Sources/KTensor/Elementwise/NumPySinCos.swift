#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// float32 sine and cosine as NumPy 1.23 computes them on x86 with FMA3 (`simd_sincos_f32`):
/// Cody-Waite reduction by π/2 in three fused steps, then minimax polynomials on [-π/4, π/4];
/// beyond the reduction's range (|x| > 117435.992 for sine, 71476.0625 for cosine) libm.
/// Every `addingProduct` is a fused multiply-add, as NumPy's vector loop uses, so the results
/// are NumPy's bit for bit (libm's `sinf`/`cosf` differ from them in the last bit).
extension Float {
    static func numpySin(_ x: Float) -> Float { numpySinCos(x, cosine: false) }
    static func numpyCos(_ x: Float) -> Float { numpySinCos(x, cosine: true) }

    @inline(__always)
    private static func numpySinCos(_ x: Float, cosine: Bool) -> Float {
        if x.isNaN { return .nan }
        guard Swift.abs(x) <= (cosine ? 71476.0625 : 117435.992) else { return cosine ? cosf(x) : sinf(x) }
        let magic: Float = 0x1.800000p+23
        let scaled = x * 0x1.45f306p-1
        let quadrant = (scaled + magic) - magic
        var r = x.addingProduct(quadrant, -0x1.921fb0p+00)
        r = r.addingProduct(quadrant, -0x1.5110b4p-22)
        r = r.addingProduct(quadrant, -0x1.846988p-48)
        let r2 = r * r
        var c: Float = Float(-0x1.6c06dcp-10).addingProduct(0x1.98e616p-16, r2)
        c = Float(0x1.55553cp-05).addingProduct(c, r2)
        c = Float(-0x1.000000p-01).addingProduct(c, r2)
        c = Float(1).addingProduct(c, r2)
        var s: Float = Float(-0x1.a06bbap-13).addingProduct(0x1.7d3bbcp-19, r2)
        s = Float(0x1.11119ap-07).addingProduct(s, r2)
        s = Float(-0x1.555556p-03).addingProduct(s, r2)
        s = Float(0).addingProduct(s, r2)
        s = r.addingProduct(s, r)
        let k = Int32(quadrant) &+ (cosine ? 1 : 0)
        let value = k & 1 == 0 ? s : c
        return k & 2 == 2 ? 0 - value : value
    }
}
