/// Sorting and searching with NumPy's results: stable order (ties keep their positions, as
/// `kind='stable'`; for distinct keys this is also what the default quicksort returns), NaN
/// sorted last.
extension Tensor {
    /// `np.argsort(x, axis, kind='stable')`: int64 indices that sort each line along `axis`
    /// (nil: the flattened tensor).
    public func argsort(axis: Int? = -1) throws -> Tensor {
        guard let axis else { return try flattened().argsort(axis: 0) }
        let a = try normalizeAxis(axis, rank: Swift.max(rank, 1))
        if rank == 0 { return Tensor(zeros: [], dtype: .int64) }
        let moved = try movedToLast(a)
        let n = shape[a]
        let keys = moved.doublesOrInt64s()
        var order = [Int64](repeating: 0, count: moved.count)
        for line in 0..<(n == 0 ? 0 : moved.count / n) {
            let base = line * n
            let sortedIndices: [Int]
            switch keys {
            case .doubles(let d): sortedIndices = stableOrder(n) { Tensor.sortsBefore(d[base + $0], d[base + $1]) }
            case .integers(let v): sortedIndices = stableOrder(n) { v[base + $0] < v[base + $1] }
            }
            for (k, index) in sortedIndices.enumerated() { order[base + k] = Int64(index) }
        }
        return try Tensor(shape: moved.shape, values: order).movedFromLast(a)
    }

    /// `np.sort(x, axis)`: the values sorted along `axis` (nil: the flattened tensor).
    public func sorted(axis: Int? = -1) throws -> Tensor {
        guard let axis else { return try flattened().sorted(axis: 0) }
        if rank == 0 { return self }
        let a = try normalizeAxis(axis, rank: rank)
        let order = try argsort(axis: a)
        return try takeAlongAxis(order, axis: a)
    }

    /// `np.take_along_axis(x, indices, axis)`: for each line along `axis`, the elements at the
    /// given positions. `indices` must have this tensor's shape except along `axis`.
    public func takeAlongAxis(_ indices: Tensor, axis: Int) throws -> Tensor {
        let a = try normalizeAxis(axis, rank: rank)
        guard indices.rank == rank, (0..<rank).allSatisfy({ $0 == a || indices.shape[$0] == shape[$0] }) else {
            throw TensorError.invalid("`indices` and `arr` must have the same number of dimensions and matching shapes")
        }
        let n = shape[a], m = indices.shape[a]
        let source = try movedToLast(a)
        let positions = try indices.movedToLast(a).indexList(length: n, axis: a)
        var flat: [Int64] = []
        flat.reserveCapacity(positions.count)
        for (k, p) in positions.enumerated() { flat.append(Int64((k / Swift.max(m, 1)) * n + p)) }
        return try source.flattened().take(Tensor(shape: [flat.count], values: flat), axis: 0)
            .reshaped(Array(source.shape.dropLast()) + [m]).movedFromLast(a)
    }

    /// `np.searchsorted(sorted, values, side)`: int64 insertion points of `values` into the
    /// ascending 1-d `sorted` (left: before equal elements, right: after).
    public static func searchSorted(_ sorted: Tensor, _ values: Tensor, right: Bool = false) throws -> Tensor {
        guard sorted.rank == 1 else { throw TensorError.invalid("object too deep for desired array") }
        let keys = sorted.doubles(), queries = values.doubles()
        let result = queries.map { q -> Int64 in
            var low = 0, high = keys.count
            while low < high {
                let mid = (low + high) / 2
                let goRight = right ? !sortsBefore(q, keys[mid]) : sortsBefore(keys[mid], q)
                if goRight { low = mid + 1 } else { high = mid }
            }
            return Int64(low)
        }
        return try Tensor(shape: values.shape, values: result)
    }

    /// NumPy's sort order for floats: ascending, NaN after everything.
    static func sortsBefore(_ a: Double, _ b: Double) -> Bool {
        a < b || (b.isNaN && !a.isNaN)
    }

    /// This tensor with axis `a` moved last, as a contiguous copy.
    func movedToLast(_ a: Int) throws -> Tensor {
        var order = Array(0..<rank)
        order.remove(at: a)
        order.append(a)
        return try transposedValue(order).contiguous()
    }

    /// The inverse of `movedToLast` (a view).
    func movedFromLast(_ a: Int) throws -> Tensor {
        var order = Array(0..<(rank - 1))
        order.insert(rank - 1, at: a)
        return try transposedValue(order)
    }

    /// Sort keys: exact Int64 for integers (and bools), Double for floats.
    enum SortKeys {
        case doubles([Double])
        case integers([Int64])
    }

    func doublesOrInt64s() -> SortKeys {
        dtype.isFloatingPoint ? .doubles(doubles()) : .integers(int64s())
    }
}

/// `0..<n` stably sorted by `before` (a merge sort; ties keep their order).
func stableOrder(_ n: Int, _ before: (Int, Int) -> Bool) -> [Int] {
    var order = Array(0..<n)
    var scratch = order
    var width = 1
    while width < n {
        var start = 0
        while start < n {
            let middle = Swift.min(start + width, n), end = Swift.min(start + 2 * width, n)
            var i = start, j = middle, k = start
            while i < middle && j < end {
                if before(order[j], order[i]) {
                    scratch[k] = order[j]
                    j += 1
                } else {
                    scratch[k] = order[i]
                    i += 1
                }
                k += 1
            }
            while i < middle { scratch[k] = order[i]; i += 1; k += 1 }
            while j < end { scratch[k] = order[j]; j += 1; k += 1 }
            start += 2 * width
        }
        swap(&order, &scratch)
        width *= 2
    }
    return order
}
