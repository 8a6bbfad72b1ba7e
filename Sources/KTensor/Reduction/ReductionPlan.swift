/// The axes, result shapes and element count of a reduction.
struct ReductionPlan {
    /// The input (possibly converted to the accumulation dtype).
    var input: Tensor
    /// The sorted, normalised reduced axes.
    var axes: [Int]
    /// Result shape with reduced axes kept as 1.
    var keptShape: [Int]
    /// Result shape as requested (`keptShape` or without the reduced axes).
    var resultShape: [Int]
    /// Number of input elements combined into each result element.
    var reducedCount: Int

    init(_ x: Tensor, axes requested: [Int]?, keepDims: Bool) throws {
        let rank = x.rank
        let axes = try requested.map { try normalizeAxes($0, rank: rank) } ?? Array(0..<rank)
        var isReduced = [Bool](repeating: false, count: rank)
        for a in axes { isReduced[a] = true }
        input = x
        self.axes = axes
        keptShape = (0..<rank).map { isReduced[$0] ? 1 : x.shape[$0] }
        resultShape = keepDims ? keptShape : (0..<rank).filter { !isReduced[$0] }.map { x.shape[$0] }
        reducedCount = axes.reduce(1) { $0 * x.shape[$1] }
    }

    /// The same plan over the input converted to `dtype`.
    func casting(to dtype: DType) -> ReductionPlan {
        var plan = self
        plan.input = input.castValue(to: dtype)
        return plan
    }
}

/// A reduction: its starting value, how to combine two values and how to fold a strided run.
protocol ReduceKernel {
    associatedtype Element: NumericElement
    /// The value results start from (sums 0, products 1, maxima the lowest value ...).
    static var identity: Element { get }
    static func combine(_ accumulator: Element, _ x: Element) -> Element
    /// `accumulator` combined with `n` elements `p[0], p[stride], ...` in NumPy's order.
    static func fold(_ accumulator: Element, _ p: UnsafePointer<Element>, _ n: Int, _ stride: Int) -> Element
}

extension ReduceKernel {
    static func fold(_ accumulator: Element, _ p: UnsafePointer<Element>, _ n: Int, _ stride: Int) -> Element {
        var result = accumulator
        for i in 0..<n { result = combine(result, p[i * stride]) }
        return result
    }
}

/// Runs `K` over `plan.input` into a fresh tensor of the result shape, visiting elements in
/// the order NumPy's iterator does (axes ordered by decreasing |stride|, so transposed inputs
/// are walked in memory order, negative strides kept): when the innermost walk is along a
/// reduced axis it is folded into one result element (`fold`, NumPy's pairwise sum for
/// floats), otherwise rows are combined elementwise. A whole-array reduction that needs more
/// than one stride is folded over a gathered copy, as NumPy folds its buffers.
func reduceTyped<K: ReduceKernel>(_ kernel: K.Type, _ plan: ReductionPlan, dtype: DType, identity: K.Element? = nil) -> Tensor {
    let x = plan.input
    let out = Tensor(uninitializedShape: plan.resultShape, dtype: dtype)
    let q = out.basePointer(K.Element.self)
    q.initialize(repeating: identity ?? K.identity, count: out.count)
    if out.count == 0 || x.count == 0 { return out }
    let rank = x.rank
    let p = UnsafePointer(x.basePointer(K.Element.self))
    if x.isContiguous {
        // Trailing axes reduced: one fold per row. Leading axes: rows combined in order.
        let r = plan.reducedCount, count = plan.axes.count
        if plan.axes.indices.allSatisfy({ plan.axes[$0] == rank - count + $0 }) {
            for i in 0..<out.count { q[i] = K.fold(q[i], p + i * r, r, 1) }
            return out
        }
        if plan.axes.indices.allSatisfy({ plan.axes[$0] == $0 }) {
            let k = out.count
            for row in 0..<r {
                let source = p + row * k
                for j in 0..<k { q[j] = K.combine(q[j], source[j]) }
            }
            return out
        }
    }
    let inStrides = x.strides
    var outStrides = Tensor.contiguousStrides(plan.keptShape)
    for a in plan.axes { outStrides[a] = 0 }
    let order = (0..<rank).sorted { Swift.abs(inStrides[$0]) != Swift.abs(inStrides[$1]) ? Swift.abs(inStrides[$0]) > Swift.abs(inStrides[$1]) : $0 < $1 }
    let layout = coalescedLayout(shape: order.map { x.shape[$0] }, strides: [order.map { inStrides[$0] }, order.map { outStrides[$0] }])
    let last = layout.shape.count - 1
    let n = layout.shape[last], inStep = layout.strides[0][last], outStep = layout.strides[1][last]
    if out.count == 1 && last > 0 {
        // A whole-array reduction that no single stride walks: NumPy copies the elements, in
        // this order, into its buffers and folds those.
        let buffer = Tensor(uninitializedShape: [x.count], dtype: x.dtype)
        let gathered = buffer.basePointer(K.Element.self)
        var filled = 0
        forEachRow(shape: layout.shape, strides: [layout.strides[0]], bases: [0]) { offsets in
            let row = p + offsets[0]
            for i in 0..<n { gathered[filled + i] = row[i * inStep] }
            filled += n
        }
        q[0] = K.fold(q[0], gathered, filled, 1)
        withExtendedLifetime(buffer) {}
        return out
    }
    forEachRow(shape: layout.shape, strides: layout.strides, bases: [0, 0]) { offsets in
        let row = p + offsets[0], target = q + offsets[1]
        if outStep == 0 {
            target[0] = K.fold(target[0], row, n, inStep)
        } else {
            for i in 0..<n { target[i * outStep] = K.combine(target[i * outStep], row[i * inStep]) }
        }
    }
    return out
}

struct SumKernel<T: NumericElement>: ReduceKernel {
    static var identity: T { T.zero }
    static func combine(_ a: T, _ x: T) -> T { T.add(a, x) }
    static func fold(_ accumulator: T, _ p: UnsafePointer<T>, _ n: Int, _ stride: Int) -> T {
        if T.self == Float.self {
            let result = numpySum(unsafeBitCast(accumulator, to: Float.self), UnsafeRawPointer(p).assumingMemoryBound(to: Float.self), n, stride)
            return unsafeBitCast(result, to: T.self)
        }
        if T.self == Double.self {
            let result = numpySum(unsafeBitCast(accumulator, to: Double.self), UnsafeRawPointer(p).assumingMemoryBound(to: Double.self), n, stride)
            return unsafeBitCast(result, to: T.self)
        }
        var result = accumulator
        for i in 0..<n { result = T.add(result, p[i * stride]) }
        return result
    }
}

struct ProdKernel<T: NumericElement>: ReduceKernel {
    static var identity: T { T.one }
    static func combine(_ a: T, _ x: T) -> T { T.multiply(a, x) }
}

struct MaxKernel<T: NumericElement>: ReduceKernel {
    static var identity: T { T.lowest }
    static func combine(_ a: T, _ x: T) -> T { T.maximum(a, x) }
}

struct MinKernel<T: NumericElement>: ReduceKernel {
    static var identity: T { T.highest }
    static func combine(_ a: T, _ x: T) -> T { T.minimum(a, x) }
}
