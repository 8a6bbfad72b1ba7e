/// `np.unique`, `np.bincount`, `np.nonzero`.
extension Tensor {
    /// The result of `unique`: sorted distinct values, and on request the index of each
    /// value's first occurrence, the inverse mapping and the counts (all int64).
    public struct UniqueResult {
        public var values: Tensor
        public var firstIndices: Tensor
        public var inverse: Tensor
        public var counts: Tensor
    }

    /// `np.unique(x, return_index, return_inverse, return_counts)` over the flattened tensor;
    /// NaNs collapse into one, as in NumPy 1.23.
    public func unique() throws -> UniqueResult {
        let flat = flattened()
        let order = try flat.argsort(axis: 0).int64s().map(Int.init)
        var distinct: [Int] = [], counts: [Int64] = []
        var inverse = [Int64](repeating: 0, count: flat.count)
        let keys = flat.doublesOrInt64s()
        func same(_ i: Int, _ j: Int) -> Bool {
            switch keys {
            case .doubles(let d): return d[i] == d[j] || (d[i].isNaN && d[j].isNaN)
            case .integers(let v): return v[i] == v[j]
            }
        }
        for position in order {
            if let last = distinct.last, same(last, position) {
                counts[counts.count - 1] += 1
            } else {
                distinct.append(position)
                counts.append(1)
            }
            inverse[position] = Int64(distinct.count - 1)
        }
        let picks = distinct.map(Int64.init)
        return UniqueResult(values: try flat.take(Tensor(shape: [picks.count], values: picks), axis: 0).withoutGradient(),
                            firstIndices: try Tensor(shape: [picks.count], values: picks),
                            inverse: try Tensor(shape: [inverse.count], values: inverse),
                            counts: try Tensor(shape: [counts.count], values: counts))
    }

    /// `np.bincount(x, weights, minlength)`: occurrences of each non-negative integer in the
    /// 1-d `x` (int64), or the sums of `weights` per value (float64).
    public func bincount(weights: Tensor? = nil, minLength: Int = 0) throws -> Tensor {
        guard rank == 1 else { throw TensorError.invalid("object too deep for desired array") }
        guard !dtype.isFloatingPoint else { throw TensorError.type("Cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'safe'") }
        guard minLength >= 0 else { throw TensorError.invalid("'minlength' must not be negative") }
        let values = int64s()
        if values.contains(where: { $0 < 0 }) {
            throw TensorError.invalid("'list' argument must have no negative elements")
        }
        let length = Swift.max(Int(values.max() ?? -1) + 1, minLength)
        try Tensor.checkShape([length], dtype: .int64)
        if let weights {
            guard weights.shape == shape else { throw TensorError.invalid("The weights and list don't have the same length.") }
            var sums = [Double](repeating: 0, count: length)
            for (v, w) in zip(values, weights.doubles()) { sums[Int(v)] += w }
            return try Tensor(shape: [length], values: sums)
        }
        var counts = [Int64](repeating: 0, count: length)
        for v in values { counts[Int(v)] += 1 }
        return try Tensor(shape: [length], values: counts)
    }

    /// `np.nonzero(x)`: for each dimension, the int64 indices of the non-zero elements in
    /// row-major order.
    public func nonzero() -> [Tensor] {
        let truth = castValue(to: .bool).contiguous()
        var coordinates = [[Int64]](repeating: [], count: Swift.max(rank, 1))
        let strides = Tensor.contiguousStrides(shape)
        truth.withUnsafeBufferPointer(as: UInt8.self) { flags in
            for (position, flag) in flags.enumerated() where flag != 0 {
                if rank == 0 {
                    coordinates[0].append(0)
                    continue
                }
                var rest = position
                for axis in 0..<rank {
                    coordinates[axis].append(Int64(rest / strides[axis]))
                    rest %= strides[axis]
                }
            }
        }
        return coordinates.map { Tensor($0) }
    }
}
