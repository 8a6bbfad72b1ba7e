/// Element kernels for one-operand ops and the loop that applies them.
protocol UnaryKernel {
    associatedtype Element
    associatedtype Result
    static func apply(_ x: Element) -> Result
}

struct NegateKernel<T: NumericElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.negate(x) }
}
struct AbsKernel<T: NumericElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.absolute(x) }
}
struct SignKernel<T: NumericElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.signum(x) }
}
struct SquareKernel<T: NumericElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.multiply(x, x) }
}
struct ExpKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.exp(x) }
}
struct Expm1Kernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.expm1(x) }
}
struct LogKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.log(x) }
}
struct Log1pKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.log1p(x) }
}
struct SqrtKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { x.squareRoot() }
}
struct ReciprocalKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { 1 / x }
}
struct ErfKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { T.tfErf(x) }
}
struct FloorKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { x.rounded(.down) }
}
struct CeilKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { x.rounded(.up) }
}
struct RoundKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> T { x.rounded(.toNearestOrEven) }
}
struct IsNaNKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> UInt8 { x.isNaN ? 1 : 0 }
}
struct IsFiniteKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> UInt8 { x.isFinite ? 1 : 0 }
}
struct IsInfiniteKernel<T: FloatElement>: UnaryKernel {
    static func apply(_ x: T) -> UInt8 { x.isInfinite ? 1 : 0 }
}
struct LogicalNotKernel: UnaryKernel {
    static func apply(_ x: UInt8) -> UInt8 { x == 0 ? 1 : 0 }
}

/// `K` over every element of `x` (element type `K.Element`) into a fresh contiguous tensor.
func applyUnary<K: UnaryKernel>(_ kernel: K.Type, _ x: Tensor, dtype: DType) -> Tensor {
    let source = x.contiguous()
    let out = Tensor(uninitializedShape: x.shape, dtype: dtype)
    let n = out.count
    let p = UnsafePointer(source.basePointer(K.Element.self))
    let q = out.basePointer(K.Result.self)
    for i in 0..<n { q[i] = K.apply(p[i]) }
    return out
}
