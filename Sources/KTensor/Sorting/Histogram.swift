/// `np.histogram` without weights, as NumPy 1.23 counts: equal bins through its fast path (bin
/// index from `(x - first) * norm`, corrected by one against the computed edges, the last bin
/// closed) in the edges' dtype, explicit edges through a sorted search. Counts are int64.
extension Tensor {
    /// Counts in `bins` equal bins over `range` (default: the minimum to the maximum; 0 to 1
    /// for no elements; a zero-width range widened by 0.5 each way) and the `bins + 1` edges,
    /// float64 unless the elements are float32. The caller checks the range is finite.
    public func histogram(bins n: Int, range: (Double, Double)?) throws -> (counts: Tensor, edges: Tensor) {
        let values = flattened()
        let edgeType: DType = dtype.isFloatingPoint ? dtype : .float64
        var first = 0.0, last = 1.0, span = 1.0
        if let range {
            (first, last) = range
            span = last - first
        } else if values.count > 0 {
            first = try values.min().scalarDouble()
            last = try values.max().scalarDouble()
            span = dtype == .float32 ? Double(Float(last) - Float(first)) : last - first
        }
        if first == last {
            first -= 0.5
            last += 0.5
            span = last - first
        }
        let edges = try Tensor.linspace(start: first, stop: last, count: n + 1, dtype: edgeType)
        var counts = [Int64](repeating: 0, count: n)
        let norm = Double(n) / span
        let x = values.castValue(to: edgeType).contiguous()
        if edgeType == .float32 {
            Tensor.countEqualBins(x.basePointer(Float.self), x.count, edges: edges.basePointer(Float.self),
                                  first: Float(first), last: Float(last), norm: Float(norm), into: &counts)
        } else {
            Tensor.countEqualBins(x.basePointer(Double.self), x.count, edges: edges.basePointer(Double.self),
                                  first: first, last: last, norm: norm, into: &counts)
        }
        return (try Tensor(shape: [n], values: counts), edges)
    }

    /// Counts between consecutive `edges` (increasing; the caller checks), the last bin closed.
    public func histogram(edges: Tensor) throws -> Tensor {
        guard edges.rank == 1, edges.count > 0 else { throw TensorError.invalid("`bins` must be 1d, when an array") }
        let sorted = try flattened().sorted(axis: 0)
        let inner = try Tensor.searchSorted(sorted, edges.slice(axis: 0, start: 0, length: edges.count - 1))
        let closing = try Tensor.searchSorted(sorted, edges.slice(axis: 0, start: edges.count - 1, length: 1), right: true)
        let cumulative = try Tensor.concat([inner, closing], axis: 0)
        return try Tensor.binaryValue(.subtract, cumulative.slice(axis: 0, start: 1, length: edges.count - 1),
                                      cumulative.slice(axis: 0, start: 0, length: edges.count - 1))
    }

    private static func countEqualBins<T: BinaryFloatingPoint>(_ x: UnsafeMutablePointer<T>, _ count: Int, edges: UnsafeMutablePointer<T>,
                                                               first: T, last: T, norm: T, into counts: inout [Int64]) {
        let n = counts.count
        for i in 0..<count {
            let v = x[i]
            guard v >= first && v <= last else { continue }
            let f = (v - first) * norm
            var k = f >= T(n) ? n : (f > 0 ? Int(f) : 0)
            if k == n { k -= 1 }
            if v < edges[k] { k -= 1 }
            if v >= edges[k + 1] && k != n - 1 { k += 1 }
            counts[k] += 1
        }
    }
}
