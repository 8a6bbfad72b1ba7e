import KTensor

/// A fully-connected RNN over a whole sequence as one tape node:
/// `h = act(x_t·W + h·U + b)` from h = 0; one GEMM for all inputs, one per step for the
/// recurrence; backward by back-propagation through time.
enum SimpleRNNSequence {
    static func run(_ input: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                    activation: RecurrentActivation, goBackwards: Bool, mask: [Bool]? = nil) throws -> (sequence: Tensor, last: Tensor) {
        guard input.rank == 3 else { throw KerasError.value("SimpleRNN expects a 3-d input (batch, time, features), got shape \(formatShape(input.shape))") }
        let batch = input.shape[0], steps = input.shape[1], features = input.shape[2]
        let units = recurrentKernel.shape[0]
        guard kernel.shape == [features, units], recurrentKernel.shape == [units, units] else {
            throw KerasError.value("SimpleRNN weights do not match an input of \(features) features")
        }
        guard steps > 0 else { throw KerasError.value("SimpleRNN needs at least one time step, got shape \(formatShape(input.shape))") }
        let x = try FloatBuffer(reading: input), w = try FloatBuffer(reading: kernel), u = try FloatBuffer(reading: recurrentKernel)
        let b = try bias.map { try FloatBuffer(reading: $0) }
        let h = FloatBuffer(zeros: batch * steps * units)
        func time(_ s: Int) -> Int { goBackwards ? steps - 1 - s : s }

        let cut = RecurrentRows(batch: batch, steps: steps, units: units, width: units)
        let sequence = goBackwards ? FloatBuffer(uninitialized: batch * steps * units) : h
        let lastH = FloatBuffer(uninitialized: batch * units)
        BranchKernels.run {
            cut.forEach { _, rows in
                let first = rows.lowerBound
                matmul(x.pointer + first * steps * features, w.pointer, h.pointer + first * steps * units, m: rows.count * steps, n: units, k: features,
                       lda: features, ldb: units, ldc: units, accumulate: false)
                for s in 0..<steps {
                    let t = time(s)
                    if s > 0 {
                        matmul(h.pointer + (first * steps + time(s - 1)) * units, u.pointer, h.pointer + (first * steps + t) * units, m: rows.count, n: units,
                               k: units, lda: steps * units, ldb: units, ldc: steps * units, accumulate: true)
                    }
                    for row in rows {
                        if let mask, !mask[row * steps + t] {
                            RecurrentMask.carry([h], from: s > 0 ? (row * steps + time(s - 1)) * units : nil, to: (row * steps + t) * units, count: units)
                            continue
                        }
                        let cell = h.pointer + (row * steps + t) * units
                        for j in 0..<units { cell[j] = activation.apply(cell[j] + (b?.pointer[j] ?? 0)) }
                    }
                }
            }
            if goBackwards { RecurrentRows.reverseTime(h, into: sequence, batch: batch, steps: steps, width: units) }
            RecurrentRows.copyStep(time(steps - 1), of: h, into: lastH, batch: batch, steps: steps, width: units)
        }
        let outSequence = sequence.tensor([batch, steps, units]), outLast = lastH.tensor([batch, units])
        var inputs = [input, kernel, recurrentKernel]
        if let bias { inputs.append(bias) }
        guard Autodiff.needsGradient(inputs) else { return (outSequence, outLast) }

        let hasBias = bias != nil
        let backward: Autodiff.MultiBackward = { upstream, needs in
            let dz = FloatBuffer(zeros: batch * steps * units)
            let dh = try upstream[1].map { try FloatBuffer($0) } ?? FloatBuffer(zeros: batch * units)
            let dSequence = try upstream[0].map { try FloatBuffer($0) }
            let gradients = RecurrentGradients(cut: cut, steps: steps, features: features, units: units, width: units,
                                               needs: needs, hasBias: hasBias, biasRows: 1)
            cut.forEach { piece, rows in
                let first = rows.lowerBound
                for s in stride(from: steps - 1, through: 0, by: -1) {
                    let t = time(s)
                    for row in rows {
                        let cell = (row * steps + t) * units
                        let active = mask?[row * steps + t] ?? true
                        for j in 0..<units {
                            var dhj = dh.pointer[row * units + j]
                            if let ds = dSequence { dhj += ds.pointer[(row * steps + s) * units + j] }
                            dz.pointer[cell + j] = active ? dhj * activation.derivative(output: h.pointer[cell + j]) : 0
                            dh.pointer[row * units + j] = active ? 0 : dhj
                        }
                    }
                    matmul(dz.pointer + (first * steps + t) * units, u.pointer, dh.pointer + first * units, m: rows.count, n: units, k: units,
                           transposeB: true, lda: steps * units, ldb: units, ldc: units, accumulate: true)
                }
                gradients.add(piece: piece, rows: rows, dz: dz, x: x, w: w, h: h, time: time)
            }
            return gradients.tensors()
        }
        let outputs = Autodiff.record(inputs: inputs, outputs: [outSequence, outLast], runsBesideOthers: true, backward: backward)
        return (outputs[0], outputs[1])
    }
}
