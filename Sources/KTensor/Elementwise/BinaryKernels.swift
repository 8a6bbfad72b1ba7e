/// Element kernels for two-operand ops and the loop that applies them over (broadcast,
/// strided) operands. A kernel is a type with a static `apply`, so the loop is specialised
/// per kernel and element type with the operation inlined: no closures, no existentials.
protocol BinaryKernel {
    associatedtype Element
    associatedtype Result
    static func apply(_ a: Element, _ b: Element) -> Result
}

struct AddKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.add(a, b) }
}
struct SubtractKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.subtract(a, b) }
}
struct MultiplyKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.multiply(a, b) }
}
struct DivideKernel<T: FloatElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { a / b }
}
struct FloorDivideKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.floorDivide(a, b) }
}
struct RemainderKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.remainder(a, b) }
}
struct PowerKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.power(a, b) }
}
struct MaximumKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.maximum(a, b) }
}
struct MinimumKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { T.minimum(a, b) }
}
struct EqualKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a == b ? 1 : 0 }
}
struct NotEqualKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a != b ? 1 : 0 }
}
struct LessKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a < b ? 1 : 0 }
}
struct LessEqualKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a <= b ? 1 : 0 }
}
struct GreaterKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a > b ? 1 : 0 }
}
struct GreaterEqualKernel<T: NumericElement>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> UInt8 { a >= b ? 1 : 0 }
}
struct LogicalAndKernel: BinaryKernel {
    static func apply(_ a: UInt8, _ b: UInt8) -> UInt8 { (a != 0 && b != 0) ? 1 : 0 }
}
struct LogicalOrKernel: BinaryKernel {
    static func apply(_ a: UInt8, _ b: UInt8) -> UInt8 { (a != 0 || b != 0) ? 1 : 0 }
}
struct LogicalXorKernel: BinaryKernel {
    static func apply(_ a: UInt8, _ b: UInt8) -> UInt8 { (a != 0) != (b != 0) ? 1 : 0 }
}

/// Applies `K` elementwise: `out[i] = K.apply(a[i], b[i])` over `shape`, each operand walked
/// with its own element strides (0 along broadcast dimensions). Pointers address element
/// [0, 0, ...] of each operand. Contiguous, scalar and row-broadcast operands reduce to tight
/// loops after coalescing.
func binaryLoop<K: BinaryKernel>(_ kernel: K.Type, shape: [Int],
                                 a: UnsafePointer<K.Element>, aStrides: [Int],
                                 b: UnsafePointer<K.Element>, bStrides: [Int],
                                 out: UnsafeMutablePointer<K.Result>, outStrides: [Int]) {
    let layout = coalescedLayout(shape: shape, strides: [aStrides, bStrides, outStrides])
    let last = layout.shape.count - 1
    let n = layout.shape[last]
    let sa = layout.strides[0][last], sb = layout.strides[1][last], so = layout.strides[2][last]
    forEachRow(shape: layout.shape, strides: layout.strides, bases: [0, 0, 0]) { offsets in
        binaryRow(kernel, n: n, a: a + offsets[0], sa: sa, b: b + offsets[1], sb: sb, out: out + offsets[2], so: so)
    }
}

/// One row of `binaryLoop`, with tight loops for the unit-stride and scalar cases.
func binaryRow<K: BinaryKernel>(_ kernel: K.Type, n: Int,
                                a: UnsafePointer<K.Element>, sa: Int,
                                b: UnsafePointer<K.Element>, sb: Int,
                                out: UnsafeMutablePointer<K.Result>, so: Int) {
    if so == 1 && sa == 1 && sb == 1 {
        for i in 0..<n { out[i] = K.apply(a[i], b[i]) }
    } else if so == 1 && sa == 1 && sb == 0 {
        let s = b[0]
        for i in 0..<n { out[i] = K.apply(a[i], s) }
    } else if so == 1 && sa == 0 && sb == 1 {
        let s = a[0]
        for i in 0..<n { out[i] = K.apply(s, b[i]) }
    } else {
        for i in 0..<n { out[i * so] = K.apply(a[i * sa], b[i * sb]) }
    }
}

/// `K` over two operands of element type `K.Element` into a fresh tensor of `shape` and
/// `dtype` (whose element type is `K.Result`).
func applyBinary<K: BinaryKernel>(_ kernel: K.Type, _ a: Tensor, _ b: Tensor, shape: [Int], dtype: DType) -> Tensor {
    let out = Tensor(uninitializedShape: shape, dtype: dtype)
    let n = out.count
    if n == 0 { return out }
    let pa = UnsafePointer(a.basePointer(K.Element.self))
    let pb = UnsafePointer(b.basePointer(K.Element.self))
    let po = out.basePointer(K.Result.self)
    if a.shape == shape && a.isContiguous {
        if b.shape == shape && b.isContiguous {
            binaryRow(kernel, n: n, a: pa, sa: 1, b: pb, sb: 1, out: po, so: 1)
            return out
        }
        if b.count == 1 {
            binaryRow(kernel, n: n, a: pa, sa: 1, b: pb, sb: 0, out: po, so: 1)
            return out
        }
    } else if a.count == 1 && b.shape == shape && b.isContiguous {
        binaryRow(kernel, n: n, a: pa, sa: 0, b: pb, sb: 1, out: po, so: 1)
        return out
    }
    binaryLoop(kernel, shape: shape, a: pa, aStrides: a.broadcastStrides(to: shape),
               b: pb, bStrides: b.broadcastStrides(to: shape), out: po, outStrides: out.strides)
    return out
}

/// `K` in place: `a[i] = K.apply(a[i], b[i])`, `b` broadcast to `a`'s shape. `a` must be
/// uniquely owned; `K.Result` must be `K.Element`.
func applyBinaryInPlace<K: BinaryKernel>(_ kernel: K.Type, _ a: inout Tensor, _ b: Tensor) where K.Result == K.Element {
    let n = a.count
    if n == 0 { return }
    let pa = a.basePointer(K.Element.self)
    let pb = UnsafePointer(b.basePointer(K.Element.self))
    if a.isContiguous && b.shape == a.shape && b.isContiguous {
        binaryRow(kernel, n: n, a: pa, sa: 1, b: pb, sb: 1, out: pa, so: 1)
    } else if a.isContiguous && b.count == 1 {
        binaryRow(kernel, n: n, a: pa, sa: 1, b: pb, sb: 0, out: pa, so: 1)
    } else {
        binaryLoop(kernel, shape: a.shape, a: pa, aStrides: a.strides, b: pb, bStrides: b.broadcastStrides(to: a.shape),
                   out: pa, outStrides: a.strides)
    }
}
