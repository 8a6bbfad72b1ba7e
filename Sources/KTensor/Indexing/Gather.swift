/// Integer-array and boolean-mask selection (NumPy's advanced indexing primitives), their
/// assignment forms, and `oneHot`.
extension Tensor {
    /// Index values as Ints, negative ones wrapped, checked against `length`.
    func indexList(length: Int, axis: Int) throws -> [Int] {
        guard !dtype.isFloatingPoint else {
            throw TensorError.index("arrays used as indices must be of integer (or boolean) type")
        }
        return try int64s().map { raw in
            let i = Int(raw)
            let resolved = i < 0 ? i + length : i
            guard resolved >= 0 && resolved < length else {
                throw TensorError.index("index \(i) is out of bounds for axis \(axis) with size \(length)")
            }
            return resolved
        }
    }

    /// `np.take(x, indices, axis)` / `tf.gather`: the slices at `indices` along `axis`
    /// (result shape `shape[..<axis] + indices.shape + shape[(axis+1)...]`); nil axis takes from
    /// the flattened tensor. Negative indices count from the end. Differentiable (the gradient
    /// adds upstream slices into the gathered positions; a leaf gathered along axis 0 may keep
    /// them as rows, `GradientTape.sparseGradient`).
    public func take(_ indices: Tensor, axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try flattened().take(indices, axis: 0) }
        let a = try normalizeAxis(axis, rank: rank)
        let positions = try indices.indexList(length: shape[a], axis: a)
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        let outShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
        let source = contiguous()
        let result = Tensor(uninitializedShape: outShape, dtype: dtype)
        let size = dtype.size
        let rowBytes = inner * size
        let src = source.storage.bytes + source.offset * size, dst = result.storage.bytes
        var written = 0
        for o in 0..<outer {
            for p in positions {
                (dst + written).copyMemory(from: src + (o * n + p) * rowBytes, byteCount: rowBytes)
                written += rowBytes
            }
        }
        guard Autodiff.needsGradient(self) else { return result }
        let inputShape = shape, indexDType = indices.dtype.isInteger ? indices.dtype : DType.int64
        let leafRows: ((Tensor) throws -> IndexedSlices)? = a == 0 ? { g in
            try IndexedSlices(values: g, indices: positions, denseShape: inputShape, indexDType: indexDType)
        } : nil
        return Autodiff.record(inputs: [self], output: result, leafRows: leafRows) { g, _ in
            [try Tensor.scatterAdd(g, positions: positions, into: inputShape, axis: a)]
        }
    }

    /// Zeros of `shape` with the rows of `updates` (laid out as a `take` result along `axis`)
    /// added at `positions` — the gradient of `take` (repeated positions accumulate).
    static func scatterAdd(_ updates: Tensor, positions: [Int], into shape: [Int], axis a: Int) throws -> Tensor {
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        var result = Tensor(uninitializedShape: shape, dtype: updates.dtype)
        let u = updates.contiguous()
        switch updates.dtype {
        case .float32: scatterAddRows(u.basePointer(Float.self), result.basePointer(Float.self), positions, outer: outer, n: n, inner: inner)
        case .float64: scatterAddRows(u.basePointer(Double.self), result.basePointer(Double.self), positions, outer: outer, n: n, inner: inner)
        default: throw TensorError.type("scatter-add needs a float tensor")
        }
        result.tapeID = 0
        return result
    }

    /// `x[indices] = value` along `axis`: writes `value` (broadcast to the `take` result shape)
    /// into the selected slices; with repeated indices the last write wins, as in NumPy.
    /// Copy-on-write; not recorded.
    public mutating func setTaken(_ indices: Tensor, axis: Int = 0, to value: Tensor) throws {
        let a = try normalizeAxis(axis, rank: rank)
        let positions = try indices.indexList(length: shape[a], axis: a)
        let outer = shape[..<a].reduce(1, *), n = shape[a], inner = shape[(a + 1)...].reduce(1, *)
        let selectionShape = Array(shape[..<a]) + indices.shape + Array(shape[(a + 1)...])
        let source = try value.cast(to: dtype).broadcastView(to: selectionShape).contiguousCopy()
        makeUniqueContiguous()
        tapeID = 0
        attachment = nil
        let size = dtype.size, rowBytes = inner * size
        let src = source.storage.bytes, dst = storage.bytes + offset * size
        var read = 0
        for o in 0..<outer {
            for p in positions {
                (dst + (o * n + p) * rowBytes).copyMemory(from: src + read, byteCount: rowBytes)
                read += rowBytes
            }
        }
    }

    /// `x[mask]`: the elements (or trailing slices) where `mask` is true, in row-major order;
    /// `mask` must have the shape of this tensor's leading dimensions. Result shape
    /// `[trueCount] + shape[mask.rank...]`. Differentiable.
    public func masked(_ mask: Tensor) throws -> Tensor {
        let positions = try maskPositions(mask)
        let rest = Array(shape[mask.rank...])
        return try reshaped([-1] + rest).take(Tensor(positions.map { Int64($0) }), axis: 0)
    }

    /// `x[mask] = value`: writes `value` (broadcast to the `masked` result shape) into the
    /// selected positions. Copy-on-write; not recorded.
    public mutating func setMasked(_ mask: Tensor, to value: Tensor) throws {
        let positions = try maskPositions(mask)
        let originalShape = shape
        let rest = Array(shape[mask.rank...])
        var flat = reshapedValue([Tensor.elementCount(Array(shape[..<mask.rank]))] + rest)
        // Drop this value's reference so `flat` can write into the storage without copying.
        self = Tensor(zeros: [0], dtype: dtype)
        try flat.setTaken(Tensor(positions.map { Int64($0) }), axis: 0, to: value)
        self = flat.reshapedValue(originalShape)
    }

    /// Flat positions (over the mask's dimensions) where `mask` is true.
    func maskPositions(_ mask: Tensor) throws -> [Int] {
        guard mask.dtype == .bool else { throw TensorError.index("arrays used as indices must be of integer (or boolean) type") }
        guard mask.rank <= rank, Array(shape[..<mask.rank]) == mask.shape else {
            throw TensorError.index("boolean index did not match indexed array along dimension 0; dimension is \(shape.first ?? 0) but corresponding boolean dimension is \(mask.shape.first ?? 0)")
        }
        var positions: [Int] = []
        var i = 0
        mask.forEachElementOffset { offset in
            if mask.storage.bytes.load(fromByteOffset: offset, as: UInt8.self) != 0 { positions.append(i) }
            i += 1
        }
        return positions
    }

    /// `tf.one_hot(indices, depth)`: a new last axis of size `depth` holding `on` at the index
    /// and `off` elsewhere; indices outside `0..<depth` give all-`off` rows (as TF does).
    public static func oneHot(_ indices: Tensor, depth: Int, on: Double = 1, off: Double = 0, dtype: DType = .float32) throws -> Tensor {
        guard !indices.dtype.isFloatingPoint else { throw TensorError.type("one_hot indices must be integers") }
        guard depth >= 0 else { throw TensorError.invalid("depth must be non-negative, got: \(depth)") }
        try checkShape(indices.shape + [depth], dtype: dtype)
        var result = full(indices.shape + [depth], value: off, dtype: dtype)
        let onValue = Tensor(scalar: on, dtype: dtype)
        let size = dtype.size
        for (row, index) in indices.int64s().enumerated() where index >= 0 && index < depth {
            result.storage.bytes.advanced(by: (row * depth + Int(index)) * size).copyMemory(from: onValue.storage.bytes, byteCount: size)
        }
        result.tapeID = 0
        return result
    }
}

/// `out` (`outer × n × inner`) set to zeros with each row of `u` added at its position, in
/// position order. A large single block is shared with the helper thread by destination rows,
/// cut near `Parallel.halfway` of its elements as the optimizers cut their updates: each
/// thread zeroes its rows and adds what lands in them (every row summed in the same order, so
/// the bits do not depend on it), and later updates the variable rows whose gradient it wrote.
func scatterAddRows<T: FloatElement>(_ u: UnsafeMutablePointer<T>, _ out: UnsafeMutablePointer<T>, _ positions: [Int], outer: Int, n: Int, inner: Int) {
    let total = outer * n * inner
    guard outer == 1, inner > 0, total >= Parallel.halvingThreshold else {
        out.update(repeating: 0, count: total)
        var read = 0
        for o in 0..<outer {
            for p in positions {
                let row = out + (o * n + p) * inner
                let source = u + read
                for k in 0..<inner { row[k] += source[k] }
                read += inner
            }
        }
        return
    }
    let cutRow = Swift.min((Parallel.halfway(total) + inner - 1) / inner, n)
    Parallel.forEachPiece(2) { piece in
        let rows = piece == 0 ? 0..<cutRow : cutRow..<n
        (out + rows.lowerBound * inner).update(repeating: 0, count: rows.count * inner)
        for (i, p) in positions.enumerated() where rows.contains(p) {
            let row = out + p * inner, source = u + i * inner
            for k in 0..<inner { row[k] += source[k] }
        }
    }
}

extension Tensor {
    /// The rows (slices along axis 0) at `positions`, copied into a new contiguous tensor
    /// without gradient. Touches no autodiff state, so it may run on a thread other than the
    /// engine's (batch prefetching). `positions` must be valid row indices.
    public func gatheringRows<C: Collection>(at positions: C) -> Tensor where C.Element == Int {
        let result = Tensor(uninitializedShape: [positions.count] + shape.dropFirst(), dtype: dtype)
        copyRows(at: positions, into: result, startingAt: 0)
        return result
    }

    /// Copies the rows at `positions` into rows `firstRow...` of `target`, a new tensor of the
    /// gathered shape and dtype (`Tensor(uninitializedShape:)`) that nothing else holds yet: it
    /// is written in place, so a batch can be gathered in parts on different threads. Touches
    /// no autodiff state. `positions` must be valid row indices and fit in `target`.
    public func copyRows<C: Collection>(at positions: C, into target: Tensor, startingAt firstRow: Int) where C.Element == Int {
        if positions.withContiguousStorageIfAvailable({ copyRows(at: $0, into: target, startingAt: firstRow) }) == nil {
            Array(positions).withUnsafeBufferPointer { copyRows(at: $0, into: target, startingAt: firstRow) }
        }
    }

    /// `copyRows` over the positions' own buffer (no generic iteration per row).
    private func copyRows(at positions: UnsafeBufferPointer<Int>, into target: Tensor, startingAt firstRow: Int) {
        let source = contiguous()
        let rowBytes = shape.dropFirst().reduce(1, *) * dtype.size
        withExtendedLifetime(source) {
            gatherRows(from: UnsafeRawPointer(source.storage.bytes + source.offset * dtype.size), rowBytes: rowBytes,
                       at: positions, to: target.storage.bytes + target.offset * dtype.size + firstRow * rowBytes)
        }
    }
}

/// Copies the rows at `positions` of `source` (rows of `rowBytes` bytes) to consecutive rows
/// at `target`. Rows of a shuffled batch lie all over a large array, so the copy waits on
/// memory: it moves eight rows at a time, 64 bytes from each in turn, which keeps eight
/// streams of reads in flight instead of one (1.6 times the bandwidth of a copy per row on
/// the development machine).
func gatherRows(from source: UnsafeRawPointer, rowBytes: Int, at positions: UnsafeBufferPointer<Int>,
                to target: UnsafeMutableRawPointer) {
    typealias Block = SIMD8<UInt64>
    let blocks = rowBytes / MemoryLayout<Block>.size, tail = rowBytes % MemoryLayout<Block>.size
    var first = 0
    while first < positions.count {
        let group = Swift.min(8, positions.count - first)
        let to = target + first * rowBytes
        for block in 0..<blocks {
            let offset = block * MemoryLayout<Block>.size
            for q in 0..<group {
                let value = source.loadUnaligned(fromByteOffset: positions[first + q] * rowBytes + offset, as: Block.self)
                to.storeBytes(of: value, toByteOffset: q * rowBytes + offset, as: Block.self)
            }
        }
        if tail > 0 {
            let offset = blocks * MemoryLayout<Block>.size
            for q in 0..<group {
                (to + q * rowBytes + offset).copyMemory(from: source + positions[first + q] * rowBytes + offset, byteCount: tail)
            }
        }
        first += group
    }
}
