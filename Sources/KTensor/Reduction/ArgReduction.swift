/// Positions of extrema (`np.argmax`, `np.argmin`, `tf.argmax`): int64 indices of the first
/// occurrence; a NaN counts as the extremum (its first position wins), as in NumPy.
extension Tensor {
    /// Index of the largest element along `axis` (nil: of the flattened tensor).
    public func argmax(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try argExtremum(axis: axis, keepDims: keepDims, maximum: true)
    }

    /// Index of the smallest element along `axis` (nil: of the flattened tensor).
    public func argmin(axis: Int? = nil, keepDims: Bool = false) throws -> Tensor {
        try argExtremum(axis: axis, keepDims: keepDims, maximum: false)
    }

    private func argExtremum(axis: Int?, keepDims: Bool, maximum: Bool) throws -> Tensor {
        guard let axis else {
            let flat = try flattened().argExtremum(axis: 0, keepDims: false, maximum: maximum)
            return keepDims ? try flat.reshaped([Int](repeating: 1, count: rank)) : flat
        }
        let a = try normalizeAxis(axis, rank: rank)
        guard shape[a] > 0 else {
            throw TensorError.invalid("attempt to get \(maximum ? "argmax" : "argmin") of an empty sequence")
        }
        let source = contiguous()
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        var resultShape = shape
        if keepDims { resultShape[a] = 1 } else { resultShape.remove(at: a) }
        let out = Tensor(uninitializedShape: resultShape, dtype: .int64)
        let q = out.basePointer(Int64.self)
        switch dtype {
        case .float32: argScan(source.basePointer(Float.self), q, outer: outer, n: n, inner: inner, maximum: maximum)
        case .float64: argScan(source.basePointer(Double.self), q, outer: outer, n: n, inner: inner, maximum: maximum)
        case .int32: argScan(source.basePointer(Int32.self), q, outer: outer, n: n, inner: inner, maximum: maximum)
        case .int64: argScan(source.basePointer(Int64.self), q, outer: outer, n: n, inner: inner, maximum: maximum)
        case .uint8, .bool: argScan(source.basePointer(UInt8.self), q, outer: outer, n: n, inner: inner, maximum: maximum)
        }
        return out
    }

    /// Keras' sparse categorical matches in one pass: for float32 `labels` of shape `[n]` and
    /// float32 predictions of shape `[n, classes]` (this tensor), a float32 `[n]` tensor with 1
    /// where the row's arg-max (first occurrence; a NaN counts as the extremum) equals the
    /// label. Gives what `equal(labels, argmax(axis: -1).cast(.float32)).cast(.float32)` gives;
    /// nil when the dtypes or shapes are not these (use that composition then).
    public func argmaxMatches(_ labels: Tensor) -> Tensor? {
        guard dtype == .float32, labels.dtype == .float32, rank == 2, labels.rank == 1,
              labels.shape[0] == shape[0], shape[1] > 0 else { return nil }
        let rows = shape[0], classes = shape[1]
        let predictions = contiguous(), targets = labels.contiguous()
        let out = Tensor(uninitializedShape: [rows], dtype: .float32)
        let q = out.basePointer(Float.self), p = predictions.basePointer(Float.self), t = targets.basePointer(Float.self)
        withExtendedLifetime((predictions, targets)) {
            for r in 0..<rows {
                var index: Int64 = 0
                argScan(p + r * classes, &index, outer: 1, n: classes, inner: 1, maximum: true)
                q[r] = t[r] == Float(index) ? 1 : 0
            }
        }
        return out
    }
}

/// For each `[o, :, k]` of an `[outer, n, inner]` block, the first index of the extremum.
func argScan<T: NumericElement>(_ x: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<Int64>, outer: Int, n: Int, inner: Int, maximum: Bool) {
    for o in 0..<outer {
        for k in 0..<inner {
            let p = x + o * n * inner + k
            var best = p[0]
            var index = 0
            if best != best {
                out[o * inner + k] = 0
                continue
            }
            for j in 1..<n {
                let v = p[j * inner]
                if v != v {
                    index = j
                    break
                }
                if maximum ? v > best : v < best {
                    best = v
                    index = j
                }
            }
            out[o * inner + k] = Int64(index)
        }
    }
}
