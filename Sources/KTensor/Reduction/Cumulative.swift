/// Running sums and products along an axis (`np.cumsum`, `np.cumprod`), accumulated in order.
extension Tensor {
    /// `np.cumsum(x, axis)` (nil: over the flattened tensor). Bool and integer inputs
    /// accumulate in int64. Differentiable.
    public func cumsum(axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try flattened().cumsum(axis: 0) }
        let a = try normalizeAxis(axis, rank: rank)
        let result = cumulativeValue(axis: a, product: false)
        guard Autodiff.needsGradient(self) else { return result }
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            [try g.flipped(axes: [a]).cumsum(axis: a).flipped(axes: [a])]
        }
    }

    /// `np.cumprod(x, axis)`. Differentiable where no element is zero (the gradient is
    /// `reverse_cumsum(g * y) / x`, as TF computes it).
    public func cumprod(axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try flattened().cumprod(axis: 0) }
        let a = try normalizeAxis(axis, rank: rank)
        let result = cumulativeValue(axis: a, product: true)
        guard Autodiff.needsGradient(self) else { return result }
        let input = self
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            [try (g * result).flipped(axes: [a]).cumsum(axis: a).flipped(axes: [a]) / input]
        }
    }

    private func cumulativeValue(axis a: Int, product: Bool) -> Tensor {
        let source = (dtype.isFloatingPoint ? self : castValue(to: .int64)).contiguous()
        let out = Tensor(uninitializedShape: shape, dtype: source.dtype)
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        switch source.dtype {
        case .float32: cumulate(source.basePointer(Float.self), out.basePointer(Float.self), outer: outer, n: n, inner: inner, product: product)
        case .float64: cumulate(source.basePointer(Double.self), out.basePointer(Double.self), outer: outer, n: n, inner: inner, product: product)
        default: cumulate(source.basePointer(Int64.self), out.basePointer(Int64.self), outer: outer, n: n, inner: inner, product: product)
        }
        return out
    }
}

/// `y[o, j, k] = y[o, j-1, k] op x[o, j, k]` over an `[outer, n, inner]` block.
func cumulate<T: NumericElement>(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, outer: Int, n: Int, inner: Int, product: Bool) {
    if n == 0 { return }
    for o in 0..<outer {
        let px = x + o * n * inner, py = y + o * n * inner
        py.update(from: px, count: inner)
        for j in 1..<n {
            let previous = py + (j - 1) * inner, row = px + j * inner, out = py + j * inner
            if product {
                for k in 0..<inner { out[k] = T.multiply(previous[k], row[k]) }
            } else {
                for k in 0..<inner { out[k] = T.add(previous[k], row[k]) }
            }
        }
    }
}
