/// Quantiles and medians as NumPy 1.23 computes them: `np.quantile`'s default linear method
/// (`_quantile`: virtual index `(n - 1) q`, the two neighbouring sorted values, `_lerp`) in
/// float64, and `np.median` as the mean of the middle one or two values in the mean's dtype; a
/// line holding NaN gives NaN.
extension Tensor {
    /// `np.quantile(self, q, axis)` (`q` in [0, 1], checked by the caller): shape
    /// `q.shape + ` the shape without `axis` (nil: over the flattened tensor), float64.
    public func quantile(_ q: Tensor, axis: Int?) throws -> Tensor {
        let lines = try quantileLines(axis)
        let n = lines.shape[0]
        guard n > 0 else { throw TensorError.index("cannot do a non-empty take from an empty axes.") }
        let sorted = try lines.sorted(axis: 0)
        let virtual = q.castValue(to: .float64).doubles().map { Double(n - 1) * $0 }
        let previous = virtual.map { v -> Int64 in
            if v.isNaN || v >= Double(n - 1) { return -1 }
            return v < 0 ? 0 : Int64(v.rounded(.down))
        }
        let next = zip(virtual, previous).map { v, p -> Int64 in
            if v.isNaN || v >= Double(n - 1) { return -1 }
            return v < 0 ? 0 : p + 1
        }
        let gammaShape = q.shape + [Int](repeating: 1, count: sorted.rank - 1)
        let gamma = try Tensor(shape: gammaShape, values: zip(virtual, previous).map { $0 - Double($1) })
        let indexShape = q.shape
        let low = try sorted.take(Tensor(shape: indexShape, values: previous.map { $0 < 0 ? $0 + Int64(n) : $0 }), axis: 0)
        let high = try sorted.take(Tensor(shape: indexShape, values: next.map { $0 < 0 ? $0 + Int64(n) : $0 }), axis: 0)
        let difference = try Tensor.binaryValue(.subtract, high, low)
        let fromLow = try Tensor.binaryValue(.add, low, Tensor.binaryValue(.multiply, difference, gamma))
        let oneMinusGamma = try Tensor.binaryValue(.subtract, Tensor(scalar: 1.0, dtype: .float64), gamma)
        let fromHigh = try Tensor.binaryValue(.subtract, high, Tensor.binaryValue(.multiply, difference, oneMinusGamma))
        let upperHalf = try Tensor.greaterEqual(gamma, Tensor(scalar: 0.5, dtype: .float64))
        let result = try Tensor.where(upperHalf, fromHigh, fromLow)
        return try withNaNLines(result, sorted: sorted)
    }

    /// `np.median(self, axis)` (nil: over the flattened tensor).
    public func median(axis: Int?) throws -> Tensor {
        let lines = try quantileLines(axis)
        let n = lines.shape[0]
        let sorted = try lines.sorted(axis: 0)
        let middle = n % 2 == 1 ? try sorted.slice(axis: 0, start: n / 2, length: 1)
                                : try sorted.slice(axis: 0, start: Swift.max(n / 2 - 1, 0), length: n == 0 ? 0 : 2)
        let result = try middle.mean(axes: [0])
        return n == 0 ? result : try withNaNLines(result, sorted: sorted)
    }

    /// The tensor with the reduced axis moved to the front (the flattened tensor for nil).
    private func quantileLines(_ axis: Int?) throws -> Tensor {
        guard let axis else { return flattened() }
        return try movingAxis(try normalizeAxis(axis, rank: rank), to: 0)
    }

    /// `result` with NaN wherever the sorted line (whose last element is its largest, or NaN)
    /// holds a NaN.
    private func withNaNLines(_ result: Tensor, sorted: Tensor) throws -> Tensor {
        guard sorted.dtype.isFloatingPoint else { return result }
        let last = try sorted.slice(axis: 0, start: sorted.shape[0] - 1, length: 1).squeezed(axes: [0])
        return try Tensor.where(last.isNaN(), Tensor(scalar: Double.nan, dtype: result.dtype), result)
    }
}
