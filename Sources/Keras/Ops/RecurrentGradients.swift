import KTensor

/// The gradients a recurrent kernel's backward pass returns once the pre-activation gradients
/// `dz` of all steps are known: `dx = dz·Wᵀ`, `dW = xᵀ·dz`, `dU = h_prevᵀ·dz_rec`, `db = Σ dz`.
///
/// Each piece of the batch's rows (`RecurrentRows`) adds its share right after its own time
/// loop, on its own thread: its rows of `dx`, and its partial sums of the weights' gradients.
/// `tensors()` adds the pieces' partial sums in piece order, so the bits depend only on the
/// shape.
final class RecurrentGradients {
    private let cut: RecurrentRows
    private let steps: Int, features: Int, units: Int, width: Int
    private let hasBias: Bool
    private let biasRows: Int
    private let dx: FloatBuffer?
    /// One partial sum per piece.
    private let dw: [FloatBuffer], du: [FloatBuffer], db: [FloatBuffer]
    /// For each step, the state before it (zeros before the first processed step).
    private let hPrevious: FloatBuffer?

    /// Gradients for inputs `[x, kernel, recurrent_kernel, bias?]` (those `needs` asks for). A
    /// bias of `biasRows` 2 (GRU) gets the input part in row 0 and the recurrent part in row 1.
    init(cut: RecurrentRows, steps: Int, features: Int, units: Int, width: Int, needs: [Bool], hasBias: Bool, biasRows: Int) {
        self.cut = cut
        self.steps = steps
        self.features = features
        self.units = units
        self.width = width
        self.hasBias = hasBias
        self.biasRows = biasRows
        let pieces = cut.pieces
        dx = needs[0] ? FloatBuffer(uninitialized: cut.batch * steps * features) : nil
        dw = needs[1] ? (0..<pieces).map { _ in FloatBuffer(uninitialized: features * width) } : []
        du = needs[2] ? (0..<pieces).map { _ in FloatBuffer(uninitialized: units * width) } : []
        db = hasBias && needs[3] ? (0..<pieces).map { _ in FloatBuffer(zeros: biasRows * width) } : []
        hPrevious = needs[2] ? FloatBuffer(uninitialized: cut.batch * steps * units) : nil
    }

    /// Adds the share of `rows` (piece `piece`): `dz` and `dzRecurrent` (default `dz`) of
    /// width `width` per step, the input `x` and kernel `w`, and the states `h` in processing
    /// order given by `time`.
    func add(piece: Int, rows: Range<Int>, dz: FloatBuffer, dzRecurrent: FloatBuffer? = nil, x: FloatBuffer, w: FloatBuffer,
             h: FloatBuffer, time: (Int) -> Int) {
        let steps = steps, features = features, units = units, width = width
        let first = rows.lowerBound * steps, count = rows.count * steps
        let recurrentDz = dzRecurrent ?? dz
        if let dx {
            matmul(dz.pointer + first * width, w.pointer, dx.pointer + first * features, m: count, n: features, k: width,
                   transposeB: true, lda: width, ldb: width, ldc: features, accumulate: false)
        }
        if !dw.isEmpty {
            matmul(x.pointer + first * features, dz.pointer + first * width, dw[piece].pointer, m: features, n: width, k: count,
                   transposeA: true, lda: features, ldb: width, ldc: width, accumulate: false)
        }
        if let hPrevious {
            for row in rows {
                let base = row * steps
                (hPrevious.pointer + (base + time(0)) * units).update(repeating: 0, count: units)
                for s in 1..<steps {
                    (hPrevious.pointer + (base + time(s)) * units).update(from: h.pointer + (base + time(s - 1)) * units, count: units)
                }
            }
            matmul(hPrevious.pointer + first * units, recurrentDz.pointer + first * width, du[piece].pointer, m: units, n: width, k: count,
                   transposeA: true, lda: units, ldb: width, ldc: width, accumulate: false)
        }
        if !db.isEmpty {
            let sum = db[piece].pointer
            for r in first..<(first + count) {
                let source = dz.pointer + r * width
                for j in 0..<width { sum[j] += source[j] }
            }
            if biasRows == 2 {
                for r in first..<(first + count) {
                    let source = recurrentDz.pointer + r * width
                    for j in 0..<width { sum[width + j] += source[j] }
                }
            }
        }
    }

    /// The gradients, one per input (nil where not needed), once every piece has added its share.
    func tensors() -> [Tensor?] {
        var result: [Tensor?] = [dx?.tensor([cut.batch, steps, features]), total(dw)?.tensor([features, width]),
                                 total(du)?.tensor([units, width])]
        if hasBias { result.append(total(db)?.tensor(biasRows == 2 ? [2, width] : [width])) }
        return result
    }

    /// The pieces' partial sums added into the first, in piece order.
    private func total(_ parts: [FloatBuffer]) -> FloatBuffer? {
        guard let sum = parts.first else { return nil }
        for part in parts.dropFirst() {
            for i in 0..<sum.count { sum.pointer[i] += part.pointer[i] }
        }
        return sum
    }
}
