#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The trigonometric and hyperbolic functions of the float element types: libm (NumPy's
/// float64 loops and most of its float32 ones call it), except float32 sine and cosine, which
/// follow NumPy's own vector algorithm (`Float.numpySin`).
protocol TrigonometricElement: FloatElement {
    static func sin(_ x: Self) -> Self
    static func cos(_ x: Self) -> Self
    static func tan(_ x: Self) -> Self
    static func asin(_ x: Self) -> Self
    static func acos(_ x: Self) -> Self
    static func atan(_ x: Self) -> Self
    static func sinh(_ x: Self) -> Self
    static func cosh(_ x: Self) -> Self
    static func asinh(_ x: Self) -> Self
    static func acosh(_ x: Self) -> Self
    static func atanh(_ x: Self) -> Self
    static func atan2(_ y: Self, _ x: Self) -> Self
    static func hypot(_ x: Self, _ y: Self) -> Self
}

extension Float: TrigonometricElement {
    static func sin(_ x: Float) -> Float { numpySin(x) }
    static func cos(_ x: Float) -> Float { numpyCos(x) }
    static func tan(_ x: Float) -> Float { tanf(x) }
    static func asin(_ x: Float) -> Float { asinf(x) }
    static func acos(_ x: Float) -> Float { acosf(x) }
    static func atan(_ x: Float) -> Float { atanf(x) }
    static func sinh(_ x: Float) -> Float { sinhf(x) }
    static func cosh(_ x: Float) -> Float { coshf(x) }
    static func asinh(_ x: Float) -> Float { asinhf(x) }
    static func acosh(_ x: Float) -> Float { acoshf(x) }
    static func atanh(_ x: Float) -> Float { atanhf(x) }
    static func atan2(_ y: Float, _ x: Float) -> Float { atan2f(y, x) }
    static func hypot(_ x: Float, _ y: Float) -> Float { hypotf(x, y) }
}

extension Double: TrigonometricElement {
    static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    static func tan(_ x: Double) -> Double { Glibc.tan(x) }
    static func asin(_ x: Double) -> Double { Glibc.asin(x) }
    static func acos(_ x: Double) -> Double { Glibc.acos(x) }
    static func atan(_ x: Double) -> Double { Glibc.atan(x) }
    static func sinh(_ x: Double) -> Double { Glibc.sinh(x) }
    static func cosh(_ x: Double) -> Double { Glibc.cosh(x) }
    static func asinh(_ x: Double) -> Double { Glibc.asinh(x) }
    static func acosh(_ x: Double) -> Double { Glibc.acosh(x) }
    static func atanh(_ x: Double) -> Double { Glibc.atanh(x) }
    static func atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
    static func hypot(_ x: Double, _ y: Double) -> Double { Glibc.hypot(x, y) }
}

struct SinKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.sin(x) }
}
struct CosKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.cos(x) }
}
struct TanKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.tan(x) }
}
struct AsinKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.asin(x) }
}
struct AcosKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.acos(x) }
}
struct AtanKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.atan(x) }
}
struct SinhKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.sinh(x) }
}
struct CoshKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.cosh(x) }
}
struct AsinhKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.asinh(x) }
}
struct AcoshKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.acosh(x) }
}
struct AtanhKernel<T: TrigonometricElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.atanh(x) }
}
struct Atan2Kernel<T: TrigonometricElement>: BinaryKernel {
    static func apply(_ y: T, _ x: T) -> T { T.atan2(y, x) }
}
struct HypotKernel<T: TrigonometricElement>: BinaryKernel {
    static func apply(_ x: T, _ y: T) -> T { T.hypot(x, y) }
}
