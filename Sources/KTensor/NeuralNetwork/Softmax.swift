/// Numerically stable softmax and log-softmax along one axis, computed as TF does:
/// `e = exp(x - max)`, then `e * (1 / sum(e))`, or `shifted - log(sum(exp(shifted)))`.
extension Tensor {
    /// `tf.nn.softmax(x, axis)` (works on any rank, 1-d included). Differentiable.
    public func softmax(axis: Int = -1) throws -> Tensor {
        let a = try normalizeAxis(axis, rank: rank)
        let x = dtype.isFloatingPoint ? self : try cast(to: dtype.floatResult)
        let y = x.softmaxValue(axis: a, log: false)
        guard Autodiff.needsGradient(x) else { return y }
        return Autodiff.record(inputs: [x], output: y) { g, _ in
            [try (g - (g * y).sum(axes: [a], keepDims: true)) * y]
        }
    }

    /// `tf.nn.log_softmax(x, axis)`. Differentiable.
    public func logSoftmax(axis: Int = -1) throws -> Tensor {
        let a = try normalizeAxis(axis, rank: rank)
        let x = dtype.isFloatingPoint ? self : try cast(to: dtype.floatResult)
        let y = x.softmaxValue(axis: a, log: true)
        guard Autodiff.needsGradient(x) else { return y }
        return Autodiff.record(inputs: [x], output: y) { g, _ in
            [try g - g.sum(axes: [a], keepDims: true) * y.exp()]
        }
    }

    /// The forward softmax of a float tensor along a normalised axis (not recorded).
    func softmaxValue(axis a: Int, log: Bool) -> Tensor {
        let source = contiguous()
        let out = Tensor(uninitializedShape: shape, dtype: dtype)
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        if dtype == .float32 {
            softmaxKernel(source.basePointer(Float.self), out.basePointer(Float.self), outer: outer, n: n, inner: inner, log: log)
        } else {
            softmaxKernel(source.basePointer(Double.self), out.basePointer(Double.self), outer: outer, n: n, inner: inner, log: log)
        }
        return out
    }
}

/// Softmax over the middle dimension of an `[outer, n, inner]` block (`y` may be `x` when
/// `inner` is 1).
func softmaxKernel<T: FloatElement>(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, outer: Int, n: Int, inner: Int, log: Bool) {
    if n == 0 || outer == 0 { return }
    if inner == 1 {
        softmaxRows(x, y, rows: outer, n: n, log: log)
        return
    }
    for o in 0..<outer {
        for k in 0..<inner {
            let base = o * n * inner + k
            let px = x + base, py = y + base
            var maximum = px[0]
            for j in 1..<n where px[j * inner] > maximum || px[j * inner].isNaN { maximum = px[j * inner] }
            var total: T = 0
            if log {
                for j in 0..<n { total += T.kernelExp(px[j * inner] - maximum) }
                let logTotal = T.log(total)
                for j in 0..<n { py[j * inner] = (px[j * inner] - maximum) - logTotal }
            } else {
                for j in 0..<n {
                    let e = T.kernelExp(px[j * inner] - maximum)
                    py[j * inner] = e
                    total += e
                }
                let scale = 1 / total
                for j in 0..<n { py[j * inner] *= scale }
            }
        }
    }
}

/// Softmax of each row of a `[rows, n]` block (`y` may be `x`): the rows shifted by their
/// maximum, then the exponentials of the whole block in one loop (which vectorises across rows
/// however short they are), then each row's sum in order.
func softmaxRows<T: FloatElement>(_ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, rows: Int, n: Int, log: Bool) {
    for r in 0..<rows {
        let px = x + r * n, py = y + r * n
        // The row's maximum, NaN if any element is (without branches, which mispredict).
        var maximum = px[0], nans = 0
        for j in 0..<n {
            let v = px[j]
            maximum = v > maximum ? v : maximum
            nans &+= v.isNaN ? 1 : 0
        }
        if nans > 0 { maximum = .nan }
        for j in 0..<n { py[j] = px[j] - maximum }
    }
    let count = rows * n
    withUnsafeTemporaryAllocation(of: T.self, capacity: count) { buffer in
        guard let e = buffer.baseAddress else { return }
        for i in 0..<count { e[i] = T.kernelExp(y[i]) }
        for r in 0..<rows {
            let er = e + r * n, yr = y + r * n
            var total: T = 0
            for j in 0..<n { total += er[j] }
            if log {
                let logTotal = T.log(total)
                for j in 0..<n { yr[j] -= logTotal }
            } else {
                let scale = 1 / total
                for j in 0..<n { yr[j] = er[j] * scale }
            }
        }
    }
}
