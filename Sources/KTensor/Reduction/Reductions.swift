/// Reductions over any set of axes (`nil` = all) with NumPy's result dtypes and NumPy's exact
/// float summation order (see `reduceTyped`): where the innermost axis in memory is reduced,
/// runs are summed with NumPy's buffered pairwise sum (`PairwiseSum.swift`), elsewhere rows
/// are accumulated in memory order. So float32 `sum`/`mean`/`var`/`std` equal NumPy's bit for
/// bit for contiguous, transposed, flipped and strided inputs over any axes tested by
/// `numpy_ops.json` (whole array, leading, trailing, middle and non-adjacent axes); integer
/// means (cast to float64 in NumPy's buffers) match for whole-array and last-axis reductions.
extension Tensor {
    /// `np.sum` / `tf.reduce_sum`. Bool and integer inputs sum in int64.
    public func sum(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims)
        let result = sumValue(plan)
        guard Autodiff.needsGradient(self) else { return result }
        return recordReduction(result, plan: plan) { g in g }
    }

    /// `np.mean` / `tf.reduce_mean`: the sum divided by the count in the result dtype (float32
    /// stays float32; integers give float64). An empty reduction gives NaN.
    public func mean(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims)
        let n = plan.reducedCount
        let source = dtype.isFloatingPoint ? plan : plan.casting(to: .float64)
        let total = source.input.dtype == .float32
            ? reduceTyped(SumKernel<Float>.self, source, dtype: .float32)
            : reduceTyped(SumKernel<Double>.self, source, dtype: .float64)
        var result = total
        try result.applyInPlace(.divide, Tensor(scalar: Double(n), dtype: total.dtype))
        let count = Double(n)
        guard Autodiff.needsGradient(self) else { return result }
        return recordReduction(result, plan: plan) { g in try g / Tensor(scalar: count, dtype: g.dtype) }
    }

    /// `np.max` / `tf.reduce_max` (NaN propagates). Throws on an empty reduction. The gradient
    /// is shared equally between tied maxima, as in TF.
    public func max(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, maximum: true)
    }

    /// `np.min` / `tf.reduce_min`.
    public func min(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        try extremum(axes: axes, keepDims: keepDims, maximum: false)
    }

    private func extremum(axes: [Int]?, keepDims: Bool, maximum: Bool) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims)
        if plan.reducedCount == 0 && Tensor.elementCount(plan.resultShape) > 0 || count == 0 {
            throw TensorError.invalid("zero-size array to reduction operation \(maximum ? "maximum" : "minimum") which has no identity")
        }
        let result: Tensor
        switch dtype {
        case .float32: result = maximum ? reduceTyped(MaxKernel<Float>.self, plan, dtype: dtype) : reduceTyped(MinKernel<Float>.self, plan, dtype: dtype)
        case .float64: result = maximum ? reduceTyped(MaxKernel<Double>.self, plan, dtype: dtype) : reduceTyped(MinKernel<Double>.self, plan, dtype: dtype)
        case .int32: result = maximum ? reduceTyped(MaxKernel<Int32>.self, plan, dtype: dtype) : reduceTyped(MinKernel<Int32>.self, plan, dtype: dtype)
        case .int64: result = maximum ? reduceTyped(MaxKernel<Int64>.self, plan, dtype: dtype) : reduceTyped(MinKernel<Int64>.self, plan, dtype: dtype)
        case .uint8, .bool: result = maximum ? reduceTyped(MaxKernel<UInt8>.self, plan, dtype: dtype) : reduceTyped(MinKernel<UInt8>.self, plan, dtype: dtype)
        }
        guard Autodiff.needsGradient(self) else { return result }
        let input = self
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            let y = try result.reshaped(plan.keptShape)
            let indicators = try Tensor.equal(y, input).cast(to: g.dtype)
            let selected = try indicators.sum(axes: plan.axes, keepDims: true)
            return [try indicators / selected * g.reshaped(plan.keptShape)]
        }
    }

    /// `np.prod` / `tf.reduce_prod`. Bool and integer inputs multiply in int64.
    public func prod(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims)
        let source = dtype.isFloatingPoint ? plan : plan.casting(to: .int64)
        let result: Tensor
        switch source.input.dtype {
        case .float32: result = reduceTyped(ProdKernel<Float>.self, source, dtype: .float32)
        case .float64: result = reduceTyped(ProdKernel<Double>.self, source, dtype: .float64)
        default: result = reduceTyped(ProdKernel<Int64>.self, source, dtype: .int64)
        }
        guard Autodiff.needsGradient(self) else { return result }
        let input = self
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            [try input.productOfOthers(plan) * g.reshaped(plan.keptShape)]
        }
    }

    /// `np.any`: true where some element along the axes is non-zero.
    public func any(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims).casting(to: .bool)
        return reduceTyped(MaxKernel<UInt8>.self, plan, dtype: .bool, identity: 0)
    }

    /// `np.all`: true where every element along the axes is non-zero.
    public func all(axes: [Int]? = nil, keepDims: Bool = false) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims).casting(to: .bool)
        return reduceTyped(MinKernel<UInt8>.self, plan, dtype: .bool, identity: 1)
    }

    /// `np.var(x, axis, ddof)`, computed as NumPy does: mean (keepdims), squared deviations,
    /// their sum divided by `n - ddof`. Floats keep their dtype, integers give float64.
    /// Differentiable.
    public func variance(axes: [Int]? = nil, keepDims: Bool = false, ddof: Int = 0) throws -> Tensor {
        let plan = try ReductionPlan(self, axes: axes, keepDims: keepDims)
        let x = dtype.isFloatingPoint ? self : try cast(to: .float64)
        let mean = try x.mean(axes: plan.axes, keepDims: true)
        let deviation = try x - mean
        let squares = try deviation * deviation
        let total = try squares.sum(axes: plan.axes, keepDims: keepDims)
        return try total / Tensor(scalar: Double(Swift.max(plan.reducedCount - ddof, 0)), dtype: total.dtype)
    }

    /// `np.std(x, axis, ddof)`: the square root of `variance`.
    public func standardDeviation(axes: [Int]? = nil, keepDims: Bool = false, ddof: Int = 0) throws -> Tensor {
        try variance(axes: axes, keepDims: keepDims, ddof: ddof).sqrt()
    }

    // MARK: Internals

    func sumValue(_ plan: ReductionPlan) -> Tensor {
        switch dtype {
        case .float32: return reduceTyped(SumKernel<Float>.self, plan, dtype: .float32)
        case .float64: return reduceTyped(SumKernel<Double>.self, plan, dtype: .float64)
        case .int64: return reduceTyped(SumKernel<Int64>.self, plan, dtype: .int64)
        default: return reduceTyped(SumKernel<Int64>.self, plan.casting(to: .int64), dtype: .int64)
        }
    }

    /// Records a reduction whose gradient is `scale(upstream)` broadcast back over the reduced
    /// axes.
    private func recordReduction(_ result: Tensor, plan: ReductionPlan, scale: @escaping (Tensor) throws -> Tensor) -> Tensor {
        guard Autodiff.needsGradient(self) else { return result }
        let inputShape = shape
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            [try scale(g.reshaped(plan.keptShape)).broadcast(to: inputShape)]
        }
    }

    /// For each element, the product of the other elements of its reduction group (the
    /// gradient of `prod`), exact also when the group holds zeros.
    private func productOfOthers(_ plan: ReductionPlan) throws -> Tensor {
        let kept = (0..<rank).filter { !plan.axes.contains($0) }
        let order = kept + plan.axes
        let moved = try transposedValue(order).contiguousCopy().castValue(to: dtype)
        let rows = kept.reduce(1) { $0 * shape[$1] }, width = plan.reducedCount
        var others = moved
        others.makeUniqueContiguous()
        if dtype == .float32 {
            exclusiveProducts(moved.basePointer(Float.self), others.basePointer(Float.self), rows: rows, width: width)
        } else {
            exclusiveProducts(moved.basePointer(Double.self), others.basePointer(Double.self), rows: rows, width: width)
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return try others.transposedValue(inverse)
    }
}

/// `out[i] = Π_{j≠i} x[j]` per row, by prefix and suffix products.
func exclusiveProducts<T: FloatElement>(_ x: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>, rows: Int, width: Int) {
    for r in 0..<rows {
        let p = x + r * width, q = out + r * width
        var prefix: T = 1
        for i in 0..<width {
            q[i] = prefix
            prefix *= p[i]
        }
        var suffix: T = 1
        var i = width - 1
        while i >= 0 {
            q[i] *= suffix
            suffix *= p[i]
            i -= 1
        }
    }
}

