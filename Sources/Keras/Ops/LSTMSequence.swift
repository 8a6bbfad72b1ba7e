import KTensor

/// An LSTM over a whole sequence as one tape node (Keras' gate layout i, f, c, o):
/// `z = x_t·W + h·U + b`, `c = σ(f)·c + σ(i)·act(g)`, `h = σ(o)·act(c)`, from h = c = 0.
///
/// Forward: one GEMM for the input projection of all time steps, then one GEMM per step for
/// the recurrent projection of all four gates, added in place into the gate buffer.
/// Backward: back-propagation through time with one GEMM per step; the weight and input
/// gradients are three GEMMs over all steps at the end (`RecurrentGradients`). Both passes
/// run on the batch's rows in two pieces (`RecurrentRows`), one per thread, each piece doing
/// all of its rows' products — or whole, on one thread, beside a sibling layer's kernel
/// (`BranchKernels`, `Autodiff.record(...runsBesideOthers:...)`).
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

        let biasValues = b ?? FloatBuffer(zeros: gates), zeros = FloatBuffer(zeros: units)
        /// The gates, cell and output of `rows` at step `t` from their pre-activations in `z`
        /// (which then hold the activated gates, for the backward pass), eight units at a time.
        func gateRows<A: GateFunction, R: GateFunction>(_ activation: A, _ recurrentActivation: R, rows: Range<Int>, t: Int, previous: Int?) {
            for row in rows {
                let zr = z.pointer + (row * steps + t) * gates, bp = UnsafePointer(biasValues.pointer)
                let cell = (row * steps + t) * units
                let previousCell = previous.map { (row * steps + $0) * units }
                if let mask, !mask[row * steps + t] {
                    RecurrentMask.carry([h, c, tc], from: previousCell, to: cell, count: units)
                    continue
                }
                let cPrevious = previousCell.map { UnsafePointer(c.pointer + $0) } ?? UnsafePointer(zeros.pointer)
                let cp = c.pointer + cell, hp = h.pointer + cell, tp = tc.pointer + cell
                for j in stride(from: 0, to: units, by: 8) {
                    let n = Swift.min(8, units - j)
                    let i = recurrentActivation.apply(lanes(zr, j, n) + lanes(bp, j, n))
                    let f = recurrentActivation.apply(lanes(zr + units, j, n) + lanes(bp + units, j, n))
                    let g = activation.apply(lanes(zr + 2 * units, j, n) + lanes(bp + 2 * units, j, n))
                    let o = recurrentActivation.apply(lanes(zr + 3 * units, j, n) + lanes(bp + 3 * units, j, n))
                    store(i, zr, j, n)
                    store(f, zr + units, j, n)
                    store(g, zr + 2 * units, j, n)
                    store(o, zr + 3 * units, j, n)
                    let cj = f * lanes(cPrevious, j, n) + i * g, tj = activation.apply(cj)
                    store(cj, cp, j, n)
                    store(tj, tp, j, n)
                    store(o * tj, hp, j, n)
                }
            }
        }

        let cut = RecurrentRows(batch: batch, steps: steps, units: units, width: gates)
        let sequence = goBackwards ? FloatBuffer(uninitialized: batch * steps * units) : h
        let lastH = FloatBuffer(uninitialized: batch * units), lastC = FloatBuffer(uninitialized: batch * units)
        BranchKernels.run {
            cut.forEach { _, rows in
                let first = rows.lowerBound
                matmul(x.pointer + first * steps * features, w.pointer, z.pointer + first * steps * gates, m: rows.count * steps, n: gates, k: features,
                       lda: features, ldb: gates, ldc: gates, accumulate: false)
                for s in 0..<steps {
                    let t = time(s)
                    let previous = s == 0 ? nil : time(s - 1)
                    if let p = previous {
                        matmul(h.pointer + (first * steps + p) * units, u.pointer, z.pointer + (first * steps + t) * gates,
                               m: rows.count, n: gates, k: units, lda: steps * units, ldb: gates, ldc: steps * gates, accumulate: true)
                    }
                    if case .tanh = activation, case .sigmoid = recurrentActivation {
                        gateRows(TanhGate(), SigmoidGate(), rows: rows, t: t, previous: previous)
                    } else {
                        gateRows(activation, recurrentActivation, rows: rows, t: t, previous: previous)
                    }
                }
            }
            if goBackwards { RecurrentRows.reverseTime(h, into: sequence, batch: batch, steps: steps, width: units) }
            RecurrentRows.copyStep(time(steps - 1), of: h, into: lastH, batch: batch, steps: steps, width: units)
            RecurrentRows.copyStep(time(steps - 1), of: c, into: lastC, batch: batch, steps: steps, width: units)
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
            let gradients = RecurrentGradients(cut: cut, steps: steps, features: features, units: units, width: gates,
                                               needs: needs, hasBias: hasBias, biasRows: 1)
            /// The pre-activation gradients of `rows` at step `t` (into `dz`), carrying the
            /// state gradients `dh`, `dc` one step back, eight units at a time.
            func gateGradientRows<A: GateFunction, R: GateFunction>(_ activation: A, _ recurrentActivation: R, rows: Range<Int>, s: Int, t: Int,
                                                                    previous: Int?) {
                for row in rows {
                    let zr = UnsafePointer(z.pointer + (row * steps + t) * gates), dr = dz.pointer + (row * steps + t) * gates
                    let cell = (row * steps + t) * units
                    let dhRow = dh.pointer + row * units, dcRow = dc.pointer + row * units
                    if let ds = dSequence {
                        let source = ds.pointer + (row * steps + s) * units
                        for j in 0..<units { dhRow[j] += source[j] }
                    }
                    // A masked step passes the state's gradients straight through.
                    if let mask, !mask[row * steps + t] { continue }
                    let tp = UnsafePointer(tc.pointer + cell)
                    let cPrevious = previous.map { UnsafePointer(c.pointer + (row * steps + $0) * units) } ?? UnsafePointer(zeros.pointer)
                    for j in stride(from: 0, to: units, by: 8) {
                        let n = Swift.min(8, units - j)
                        let i = lanes(zr, j, n), f = lanes(zr + units, j, n), g = lanes(zr + 2 * units, j, n), o = lanes(zr + 3 * units, j, n)
                        let tj = lanes(tp, j, n), dhj = lanes(dhRow, j, n)
                        let dcj = lanes(dcRow, j, n) + dhj * o * activation.derivative(output: tj)
                        store(dcj * g * recurrentActivation.derivative(output: i), dr, j, n)
                        store(dcj * lanes(cPrevious, j, n) * recurrentActivation.derivative(output: f), dr + units, j, n)
                        store(dcj * i * activation.derivative(output: g), dr + 2 * units, j, n)
                        store(dhj * tj * recurrentActivation.derivative(output: o), dr + 3 * units, j, n)
                        store(dcj * f, dcRow, j, n)
                        store(SIMD8<Float>(), dhRow, j, n)
                    }
                }
            }
            cut.forEach { piece, rows in
                let first = rows.lowerBound
                for s in stride(from: steps - 1, through: 0, by: -1) {
                    let t = time(s)
                    let previous = s == 0 ? nil : time(s - 1)
                    if case .tanh = activation, case .sigmoid = recurrentActivation {
                        gateGradientRows(TanhGate(), SigmoidGate(), rows: rows, s: s, t: t, previous: previous)
                    } else {
                        gateGradientRows(activation, recurrentActivation, rows: rows, s: s, t: t, previous: previous)
                    }
                    matmul(dz.pointer + (first * steps + t) * gates, u.pointer, dh.pointer + first * units, m: rows.count, n: units, k: gates,
                           transposeB: true, lda: steps * gates, ldb: gates, ldc: units, accumulate: true)
                }
                gradients.add(piece: piece, rows: rows, dz: dz, x: x, w: w, h: h, time: time)
            }
            return gradients.tensors()
        }
        let outputs = Autodiff.record(inputs: inputs, outputs: [result.sequence, result.lastH, result.lastC], runsBesideOthers: true,
                                      backward: backward)
        result.sequence = outputs[0]
        result.lastH = outputs[1]
        result.lastC = outputs[2]
        return result
    }
}
