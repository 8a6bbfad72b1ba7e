import KTensor

/// An LSTM over a whole sequence as one tape node (Keras' gate layout i, f, c, o):
/// `z = x_t·W + h·U + b`, `c = σ(f)·c + σ(i)·act(g)`, `h = σ(o)·act(c)`, from h = c = 0.
///
/// Forward: one GEMM for the input projection of all time steps, then one GEMM per step for
/// the recurrent projection of all four gates, added in place into the gate buffer.
/// Backward: back-propagation through time with one GEMM per step; the weight and input
/// gradients are three GEMMs over all steps at the end. Both time loops run on the batch's
/// rows in two pieces (`RecurrentRows`), one per thread.
enum LSTMSequence {
    struct Result {
        /// `[batch, time, units]` in processing order (reversed time for `goBackwards`).
        var sequence: Tensor
        var lastH: Tensor
        var lastC: Tensor
    }

    /// `mask` (`[batch * time]`, row-major) marks the steps to process; at a masked step a
    /// row keeps its previous state and output (Keras' masking).
    static func run(_ input: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                    activation: RecurrentActivation, recurrentActivation: RecurrentActivation, goBackwards: Bool,
                    mask: [Bool]? = nil) throws -> Result {
        guard input.rank == 3 else { throw KerasError.value("LSTM expects a 3-d input (batch, time, features), got shape \(formatShape(input.shape))") }
        let batch = input.shape[0], steps = input.shape[1], features = input.shape[2]
        let units = recurrentKernel.shape[0], gates = 4 * units
        guard kernel.shape == [features, gates], recurrentKernel.shape == [units, gates] else {
            throw KerasError.value("LSTM weights do not match an input of \(features) features")
        }
        guard steps > 0 else { throw KerasError.value("LSTM needs at least one time step, got shape \(formatShape(input.shape))") }
        let x = try FloatBuffer(reading: input), w = try FloatBuffer(reading: kernel), u = try FloatBuffer(reading: recurrentKernel)
        let b = try bias.map { try FloatBuffer(reading: $0) }
        // Every element of these is written before it is read (a masked step copies its state).
        let z = FloatBuffer(uninitialized: batch * steps * gates)
        let h = FloatBuffer(uninitialized: batch * steps * units), c = FloatBuffer(uninitialized: batch * steps * units)
        let tc = FloatBuffer(uninitialized: batch * steps * units)
        func time(_ s: Int) -> Int { goBackwards ? steps - 1 - s : s }

        matmul(x.pointer, w.pointer, z.pointer, m: batch * steps, n: gates, k: features, lda: features, ldb: gates, ldc: gates, accumulate: false)
        RecurrentRows(batch: batch, steps: steps, units: units, width: gates).forEach { rows in
            let first = rows.lowerBound
            for s in 0..<steps {
                let t = time(s)
                let previous = s == 0 ? nil : time(s - 1)
                if let p = previous {
                    matmul(h.pointer + (first * steps + p) * units, u.pointer, z.pointer + (first * steps + t) * gates,
                           m: rows.count, n: gates, k: units, lda: steps * units, ldb: gates, ldc: steps * gates, accumulate: true)
                }
                for row in rows {
                    let zr = z.pointer + (row * steps + t) * gates
                    let cell = (row * steps + t) * units
                    let previousCell = previous.map { (row * steps + $0) * units }
                    if let mask, !mask[row * steps + t] {
                        RecurrentMask.carry([h, c, tc], from: previousCell, to: cell, count: units)
                        continue
                    }
                    if let bp = b?.pointer { for k in 0..<gates { zr[k] += bp[k] } }
                    recurrentActivation.apply(zr, to: zr, count: 2 * units)
                    activation.apply(zr + 2 * units, to: zr + 2 * units, count: units)
                    recurrentActivation.apply(zr + 3 * units, to: zr + 3 * units, count: units)
                    let cp = c.pointer + cell, hp = h.pointer + cell, tp = tc.pointer + cell
                    let gi = zr, gf = zr + units, gg = zr + 2 * units, go = zr + 3 * units
                    if let p = previousCell {
                        let cPrevious = c.pointer + p
                        for j in 0..<units { cp[j] = gf[j] * cPrevious[j] + gi[j] * gg[j] }
                    } else {
                        for j in 0..<units { cp[j] = gi[j] * gg[j] }
                    }
                    activation.apply(cp, to: tp, count: units)
                    for j in 0..<units { hp[j] = go[j] * tp[j] }
                }
            }
        }

        let sequence = goBackwards ? reordered(h, batch: batch, steps: steps, width: units) : h
        let last = time(steps - 1)
        let lastH = FloatBuffer(uninitialized: batch * units), lastC = FloatBuffer(uninitialized: batch * units)
        for row in 0..<batch {
            (lastH.pointer + row * units).update(from: h.pointer + (row * steps + last) * units, count: units)
            (lastC.pointer + row * units).update(from: c.pointer + (row * steps + last) * units, count: units)
        }
        var result = Result(sequence: sequence.tensor([batch, steps, units]), lastH: lastH.tensor([batch, units]),
                            lastC: lastC.tensor([batch, units]))
        var inputs = [input, kernel, recurrentKernel]
        if let bias { inputs.append(bias) }
        guard Autodiff.needsGradient(inputs) else { return result }

        let hasBias = bias != nil
        let backward: Autodiff.MultiBackward = { upstream, needs in
            // A masked step leaves its rows of dz unwritten, so they start at zero.
            let dz = mask == nil ? FloatBuffer(uninitialized: batch * steps * gates) : FloatBuffer(zeros: batch * steps * gates)
            let dh = try upstream[1].map { try FloatBuffer($0) } ?? FloatBuffer(zeros: batch * units)
            let dc = try upstream[2].map { try FloatBuffer($0) } ?? FloatBuffer(zeros: batch * units)
            let dSequence = try upstream[0].map { try FloatBuffer($0) }
            let zeros = FloatBuffer(zeros: units)
            RecurrentRows(batch: batch, steps: steps, units: units, width: gates).forEach { rows in
                // Each piece has scratch of its own for the gates' slopes.
                withUnsafeTemporaryAllocation(of: Float.self, capacity: Swift.max(5 * units, 1)) { slopeBuffer in
                    guard let slopes = slopeBuffer.baseAddress else { return }
                    let first = rows.lowerBound
                    for s in stride(from: steps - 1, through: 0, by: -1) {
                        let t = time(s)
                        let previous = s == 0 ? nil : time(s - 1)
                        for row in rows {
                            let zr = z.pointer + (row * steps + t) * gates, dr = dz.pointer + (row * steps + t) * gates
                            let cell = (row * steps + t) * units
                            let dhRow = dh.pointer + row * units, dcRow = dc.pointer + row * units
                            if let ds = dSequence {
                                let source = ds.pointer + (row * steps + s) * units
                                for j in 0..<units { dhRow[j] += source[j] }
                            }
                            // A masked step passes the state's gradients straight through.
                            if let mask, !mask[row * steps + t] { continue }
                            let tp = tc.pointer + cell
                            recurrentActivation.derivatives(zr, into: slopes, count: 2 * units)
                            activation.derivatives(zr + 2 * units, into: slopes + 2 * units, count: units)
                            recurrentActivation.derivatives(zr + 3 * units, into: slopes + 3 * units, count: units)
                            activation.derivatives(tp, into: slopes + 4 * units, count: units)
                            let gi = zr, gf = zr + units, gg = zr + 2 * units, go = zr + 3 * units
                            let cPrevious = previous.map { UnsafePointer(c.pointer + (row * steps + $0) * units) } ?? UnsafePointer(zeros.pointer)
                            for j in 0..<units {
                                let dhj = dhRow[j]
                                let dcj = dcRow[j] + dhj * go[j] * slopes[4 * units + j]
                                dr[j] = dcj * gg[j] * slopes[j]
                                dr[units + j] = dcj * cPrevious[j] * slopes[units + j]
                                dr[2 * units + j] = dcj * gi[j] * slopes[2 * units + j]
                                dr[3 * units + j] = dhj * tp[j] * slopes[3 * units + j]
                                dcRow[j] = dcj * gf[j]
                                dhRow[j] = 0
                            }
                        }
                        matmul(dz.pointer + (first * steps + t) * gates, u.pointer, dh.pointer + first * units, m: rows.count, n: units, k: gates,
                               transposeB: true, lda: steps * gates, ldb: gates, ldc: units, accumulate: true)
                    }
                }
            }
            return RecurrentGradients.weights(dz: dz, x: x, w: w, hPrevious: previousStates(h, batch: batch, steps: steps, units: units, time: time),
                                              batch: batch, steps: steps, features: features, units: units, width: gates,
                                              needs: needs, hasBias: hasBias, biasRows: 1)
        }
        let outputs = Autodiff.record(inputs: inputs, outputs: [result.sequence, result.lastH, result.lastC], backward: backward)
        result.sequence = outputs[0]
        result.lastH = outputs[1]
        result.lastC = outputs[2]
        return result
    }

    /// `[batch, time, width]` with the time axis reversed.
    static func reordered(_ buffer: FloatBuffer, batch: Int, steps: Int, width: Int) -> FloatBuffer {
        let out = FloatBuffer(uninitialized: buffer.count)
        for row in 0..<batch {
            for s in 0..<steps {
                (out.pointer + (row * steps + s) * width).update(from: buffer.pointer + (row * steps + steps - 1 - s) * width, count: width)
            }
        }
        return out
    }

    /// For each step t, the state before it (zeros before the first processed step).
    static func previousStates(_ h: FloatBuffer, batch: Int, steps: Int, units: Int, time: (Int) -> Int) -> FloatBuffer {
        let out = FloatBuffer(uninitialized: h.count)
        if steps > 0 {
            let first = time(0)
            for row in 0..<batch { (out.pointer + (row * steps + first) * units).update(repeating: 0, count: units) }
        }
        for s in 1..<max(steps, 1) {
            let t = time(s), p = time(s - 1)
            for row in 0..<batch {
                (out.pointer + (row * steps + t) * units).update(from: h.pointer + (row * steps + p) * units, count: units)
            }
        }
        return out
    }
}

/// The gradients shared by the recurrent layers once the pre-activation gradients `dz` of
/// all steps are known: `dx = dz·Wᵀ`, `dW = xᵀ·dz`, `dU = h_prevᵀ·dz_rec`, `db = Σ dz`.
enum RecurrentGradients {
    /// Gradients for inputs `[x, kernel, recurrent_kernel, bias?]`. `dzRecurrent` (default
    /// `dz`) is the gradient reaching the recurrent projection; a bias of `biasRows` 2 (GRU)
    /// gets the input part in row 0 and the recurrent part in row 1.
    static func weights(dz: FloatBuffer, dzRecurrent: FloatBuffer? = nil, x: FloatBuffer, w: FloatBuffer, hPrevious: FloatBuffer,
                        batch: Int, steps: Int, features: Int, units: Int, width: Int,
                        needs: [Bool], hasBias: Bool, biasRows: Int) -> [Tensor?] {
        let rows = batch * steps
        let recurrentDz = dzRecurrent ?? dz
        var result: [Tensor?] = [nil, nil, nil]
        if hasBias { result.append(nil) }
        if needs[0] {
            let dx = FloatBuffer(uninitialized: rows * features)
            matmul(dz.pointer, w.pointer, dx.pointer, m: rows, n: features, k: width, transposeB: true, lda: width, ldb: width, ldc: features, accumulate: false)
            result[0] = dx.tensor([batch, steps, features])
        }
        if needs[1] {
            let dw = FloatBuffer(uninitialized: features * width)
            matmul(x.pointer, dz.pointer, dw.pointer, m: features, n: width, k: rows, transposeA: true, lda: features, ldb: width, ldc: width, accumulate: false)
            result[1] = dw.tensor([features, width])
        }
        if needs[2] {
            let du = FloatBuffer(uninitialized: units * width)
            matmul(hPrevious.pointer, recurrentDz.pointer, du.pointer, m: units, n: width, k: rows, transposeA: true, lda: units, ldb: width, ldc: width, accumulate: false)
            result[2] = du.tensor([units, width])
        }
        if hasBias && needs[3] {
            let db = FloatBuffer(zeros: biasRows * width)
            for r in 0..<rows {
                let source = dz.pointer + r * width
                for j in 0..<width { db.pointer[j] += source[j] }
            }
            if biasRows == 2 {
                for r in 0..<rows {
                    let source = recurrentDz.pointer + r * width
                    for j in 0..<width { db.pointer[width + j] += source[j] }
                }
            }
            result[3] = db.tensor(biasRows == 2 ? [2, width] : [width])
        }
        return result
    }
}
