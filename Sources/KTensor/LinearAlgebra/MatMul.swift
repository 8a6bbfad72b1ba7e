/// Matrix products with NumPy's `matmul` rules: 1-d operands are promoted to matrices (and
/// the added dimension removed), leading batch dimensions broadcast. float32 and float64 go to
/// OpenBLAS directly — transposed views are passed as transpose flags, never copied — and
/// integer types use a plain loop with wrapping arithmetic.
extension Tensor {
    /// `a @ b`; with `transposeA`/`transposeB` the last two dimensions of that operand are
    /// swapped first (as a view, so BLAS gets a transpose flag). Differentiable.
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        guard a.rank >= 1 else {
            throw TensorError.invalid("matmul: Input operand 0 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
        }
        guard b.rank >= 1 else {
            throw TensorError.invalid("matmul: Input operand 1 does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
        }
        if a.rank == 2 && b.rank == 2 && !transposeA && !transposeB && a.dtype == b.dtype && a.dtype.isFloatingPoint {
            let result = try product2D(a, b)
            guard Autodiff.needsGradient(a, b) else { return result }
            return Autodiff.record(inputs: [a, b], output: result) { g, needs in
                [needs[0] ? try matmul(g, b, transposeB: true) : nil,
                 needs[1] ? try matmul(a, g, transposeA: true) : nil]
            }
        }
        let x = transposeA && a.rank >= 2 ? try a.swappingLastAxes() : a
        let y = transposeB && b.rank >= 2 ? try b.swappingLastAxes() : b
        if x.rank == 1 || y.rank == 1 {
            let left = x.rank == 1 ? try x.reshaped([1, x.shape[0]]) : x
            let right = y.rank == 1 ? try y.reshaped([y.shape[0], 1]) : y
            let product = try matmul(left, right)
            var shape = product.shape
            if y.rank == 1 { shape.removeLast() }
            if x.rank == 1 { shape.remove(at: shape.count - (y.rank == 1 ? 1 : 2)) }
            return try product.reshaped(shape)
        }
        let result = try matmulValue(x, y)
        guard Autodiff.needsGradient(x, y) else { return result }
        return Autodiff.record(inputs: [x, y], output: result) { g, needs in
            [needs[0] ? try matmul(g, y, transposeB: true) : nil,
             needs[1] ? try matmul(x, g, transposeA: true) : nil]
        }
    }

    /// `self @ other`.
    public func matmul(_ other: Tensor) throws -> Tensor { try Tensor.matmul(self, other) }

    /// The last two dimensions swapped, as a view (recorded).
    func swappingLastAxes() throws -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(rank - 1, rank - 2)
        return try transposed(order)
    }

    /// The product of two float matrices of one dtype straight through BLAS: the common case,
    /// kept free of copies and bookkeeping (not recorded).
    static func product2D(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let m = a.shape[0], k = a.shape[1], n = b.shape[1]
        guard k == b.shape[0] else {
            throw TensorError.invalid("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(b.shape[0]) is different from \(k))")
        }
        guard m * n * k > 0,
              let opA = BLASOperand(rows: m, cols: k, rowStride: a.stride(0), colStride: a.stride(1)),
              let opB = BLASOperand(rows: k, cols: n, rowStride: b.stride(0), colStride: b.stride(1)) else {
            return try matmulValue(a, b)
        }
        let out = Tensor(uninitializedShape: [m, n], dtype: a.dtype)
        if a.dtype == .float32 {
            sgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                  a: a.basePointer(Float.self), lda: opA.leadingDimension, b: b.basePointer(Float.self), ldb: opB.leadingDimension,
                  beta: 0, c: out.basePointer(Float.self), ldc: n)
        } else {
            dgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                  a: a.basePointer(Double.self), lda: opA.leadingDimension, b: b.basePointer(Double.self), ldb: opB.leadingDimension,
                  beta: 0, c: out.basePointer(Double.self), ldc: n)
        }
        return out
    }

    /// The product of two operands of rank >= 2 (not recorded).
    static func matmulValue(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1]
        let k2 = b.shape[b.rank - 2], n = b.shape[b.rank - 1]
        guard k == k2 else {
            throw TensorError.invalid("matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc signature (n?,k),(k,m?)->(n?,m?) (size \(k2) is different from \(k))")
        }
        let common = DType.promoted(a.dtype, b.dtype)
        if common == .bool {
            return try matmulValue(a.cast(to: .int64), b.cast(to: .int64)).castValue(to: .bool)
        }
        let x = try a.cast(to: common), y = try b.cast(to: common)
        if a.rank == 2 && b.rank == 2 {
            var out = Tensor(uninitializedShape: [m, n], dtype: common)
            try multiplyMatrices(x, y, into: &out, batchShape: [], m: m, n: n, k: k)
            return out
        }
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        let batch = try broadcastShapes(batchA, batchB)
        var out = Tensor(uninitializedShape: batch + [m, n], dtype: common)
        try multiplyMatrices(x, y, into: &out, batchShape: batch, m: m, n: n, k: k)
        return out
    }

    /// Fills the contiguous `out` (`batch + [m, n]`) with the products of the matrices of `a`
    /// and `b`, whose batch dimensions broadcast to `batchShape`.
    private static func multiplyMatrices(_ a: Tensor, _ b: Tensor, into out: inout Tensor, batchShape: [Int], m: Int, n: Int, k: Int) throws {
        if out.count == 0 { return }
        if k == 0 {
            out = Tensor(zeros: out.shape, dtype: out.dtype)
            return
        }
        var x = a, y = b
        let ra = a.rank, rb = b.rank
        var layoutA = BLASOperand(rows: m, cols: k, rowStride: x.stride(ra - 2), colStride: x.stride(ra - 1))
        if layoutA == nil {
            x = x.contiguousCopy()
            layoutA = BLASOperand(rows: m, cols: k, rowStride: x.stride(ra - 2), colStride: x.stride(ra - 1))
        }
        var layoutB = BLASOperand(rows: k, cols: n, rowStride: y.stride(rb - 2), colStride: y.stride(rb - 1))
        if layoutB == nil {
            y = y.contiguousCopy()
            layoutB = BLASOperand(rows: k, cols: n, rowStride: y.stride(rb - 2), colStride: y.stride(rb - 1))
        }
        guard let opA = layoutA, let opB = layoutB else {
            throw TensorError(.runtime, "matmul: unsupported operand layout")
        }
        if batchShape.isEmpty {
            // One product: no batch bookkeeping.
            if out.dtype == .float32 {
                sgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                      a: x.basePointer(Float.self), lda: opA.leadingDimension, b: y.basePointer(Float.self), ldb: opB.leadingDimension,
                      beta: 0, c: out.basePointer(Float.self), ldc: n)
                return
            }
            if out.dtype == .float64 {
                dgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                      a: x.basePointer(Double.self), lda: opA.leadingDimension, b: y.basePointer(Double.self), ldb: opB.leadingDimension,
                      beta: 0, c: out.basePointer(Double.self), ldc: n)
                return
            }
        }
        // Batch offsets of each operand (broadcast batch dimensions have stride 0).
        let batchCount = Tensor.elementCount(batchShape)
        var offsetsA = [x.offset], offsetsB = [y.offset]
        if !batchShape.isEmpty {
            let stridesA = Array(x.withBatchShape().broadcastStrides(to: batchShape))
            let stridesB = Array(y.withBatchShape().broadcastStrides(to: batchShape))
            offsetsA = batchOffsets(batchShape, stridesA, base: x.offset)
            offsetsB = batchOffsets(batchShape, stridesB, base: y.offset)
        }
        let size = m * n
        switch out.dtype {
        case .float32:
            let pa = x.storage.bytes.assumingMemoryBound(to: Float.self), pb = y.storage.bytes.assumingMemoryBound(to: Float.self)
            let pc = out.basePointer(Float.self)
            for i in 0..<batchCount {
                sgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                      a: pa + offsetsA[i], lda: opA.leadingDimension, b: pb + offsetsB[i], ldb: opB.leadingDimension,
                      beta: 0, c: pc + i * size, ldc: n)
            }
        case .float64:
            let pa = x.storage.bytes.assumingMemoryBound(to: Double.self), pb = y.storage.bytes.assumingMemoryBound(to: Double.self)
            let pc = out.basePointer(Double.self)
            for i in 0..<batchCount {
                dgemm(transposeA: opA.transposed, transposeB: opB.transposed, m: m, n: n, k: k, alpha: 1,
                      a: pa + offsetsA[i], lda: opA.leadingDimension, b: pb + offsetsB[i], ldb: opB.leadingDimension,
                      beta: 0, c: pc + i * size, ldc: n)
            }
        case .int32: integerMatmul(Int32.self, x, y, out, offsetsA, offsetsB, m: m, n: n, k: k)
        case .int64: integerMatmul(Int64.self, x, y, out, offsetsA, offsetsB, m: m, n: n, k: k)
        case .uint8, .bool: integerMatmul(UInt8.self, x, y, out, offsetsA, offsetsB, m: m, n: n, k: k)
        }
    }

    /// This tensor's batch dimensions only (its last two dropped), for stride broadcasting.
    private func withBatchShape() -> Tensor {
        Tensor(storage: storage, dtype: dtype, shape: Array(shape.dropLast(2)), strides: Array(strides.dropLast(2)), offset: offset)
    }

    private static func batchOffsets(_ shape: [Int], _ strides: [Int], base: Int) -> [Int] {
        var offsets: [Int] = []
        offsets.reserveCapacity(Tensor.elementCount(shape))
        let layout = coalescedLayout(shape: shape, strides: [strides])
        let inner = layout.shape[layout.shape.count - 1], step = layout.strides[0][layout.shape.count - 1]
        forEachRow(shape: layout.shape, strides: layout.strides, bases: [base]) { row in
            for i in 0..<inner { offsets.append(row[0] + i * step) }
        }
        return offsets
    }

    private static func integerMatmul<T: NumericElement>(_ type: T.Type, _ a: Tensor, _ b: Tensor, _ out: Tensor,
                                                         _ offsetsA: [Int], _ offsetsB: [Int], m: Int, n: Int, k: Int) {
        let pa = a.storage.bytes.assumingMemoryBound(to: T.self), pb = b.storage.bytes.assumingMemoryBound(to: T.self)
        let pc = out.basePointer(T.self)
        let sa0 = a.strides[a.rank - 2], sa1 = a.strides[a.rank - 1]
        let sb0 = b.strides[b.rank - 2], sb1 = b.strides[b.rank - 1]
        for batch in 0..<offsetsA.count {
            let x = pa + offsetsA[batch], y = pb + offsetsB[batch], c = pc + batch * m * n
            for i in 0..<m {
                for j in 0..<n {
                    var total = T.zero
                    for p in 0..<k { total = T.add(total, T.multiply(x[i * sa0 + p * sa1], y[p * sb0 + j * sb1])) }
                    c[i * n + j] = total
                }
            }
        }
    }

    // MARK: dot, outer, tensordot

    /// `np.dot`: inner product of vectors (0-d result), `matmul` for matrices and for an n-d
    /// tensor with a vector, and for n-d × m-d a sum over the last axis of `a` and the
    /// second-to-last of `b`. Differentiable.
    public static func dot(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        if a.rank == 0 || b.rank == 0 { return try a * b }
        if b.rank <= 2 && a.rank <= 2 || b.rank == 1 { return try matmul(a, b) }
        return try tensordot(a, b, axes: ([a.rank - 1], [b.rank - 2]))
    }

    /// `np.outer`: the flattened operands' products `a[i] * b[j]`.
    public static func outer(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try a.reshaped([-1, 1]) * b.reshaped([1, -1])
    }

    /// `np.tensordot(a, b, axes=n)`: contracts the last `n` axes of `a` with the first `n` of `b`.
    public static func tensordot(_ a: Tensor, _ b: Tensor, axes n: Int) throws -> Tensor {
        guard n >= 0, n <= a.rank, n <= b.rank else { throw TensorError.invalid("shape-mismatch for sum") }
        return try tensordot(a, b, axes: (Array((a.rank - n)..<a.rank), Array(0..<n)))
    }

    /// `np.tensordot(a, b, axes=(axesA, axesB))`: contracts the paired axes (as a transpose,
    /// reshape and one matrix product). Differentiable.
    public static func tensordot(_ a: Tensor, _ b: Tensor, axes: ([Int], [Int])) throws -> Tensor {
        guard axes.0.count == axes.1.count else { throw TensorError.invalid("shape-mismatch for sum") }
        let contractA = try axes.0.map { try normalizeAxis($0, rank: a.rank) }
        let contractB = try axes.1.map { try normalizeAxis($0, rank: b.rank) }
        for (i, j) in zip(contractA, contractB) where a.shape[i] != b.shape[j] {
            throw TensorError.invalid("shape-mismatch for sum")
        }
        let freeA = (0..<a.rank).filter { !contractA.contains($0) }
        let freeB = (0..<b.rank).filter { !contractB.contains($0) }
        let inner = contractA.reduce(1) { $0 * a.shape[$1] }
        let left = try a.transposed(freeA + contractA).reshaped([-1, inner])
        let right = try b.transposed(contractB + freeB).reshaped([inner, -1])
        return try matmul(left, right).reshaped(freeA.map { a.shape[$0] } + freeB.map { b.shape[$0] })
    }
}
