import KTensor

/// A GRU over a whole sequence as one tape node, Keras' `reset_after=True` form (gate layout
/// z, r, h; bias rows input and recurrent): `x' = x_t·W + b_in`, `r' = h·U + b_rec`,
/// `z = σ(x'_z + r'_z)`, `r = σ(x'_r + r'_r)`, `ĥ = act(x'_h + r·r'_h)`,
/// `h = z·h + (1 - z)·ĥ`. One GEMM for the inputs of all steps, one per step for the
/// recurrent projection; backward by back-propagation through time.
enum GRUSequence {
    static func run(_ input: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
                    activation: RecurrentActivation, recurrentActivation: RecurrentActivation, goBackwards: Bool,
                    mask: [Bool]? = nil) throws -> (sequence: Tensor, last: Tensor) {
        guard input.rank == 3 else { throw KerasError.value("GRU expects a 3-d input (batch, time, features), got shape \(formatShape(input.shape))") }
        let batch = input.shape[0], steps = input.shape[1], features = input.shape[2]
        let units = recurrentKernel.shape[0], width = 3 * units
        guard kernel.shape == [features, width], recurrentKernel.shape == [units, width] else {
            throw KerasError.value("GRU weights do not match an input of \(features) features")
        }
        guard steps > 0 else { throw KerasError.value("GRU needs at least one time step, got shape \(formatShape(input.shape))") }
        let x = try FloatBuffer(reading: input), w = try FloatBuffer(reading: kernel), u = try FloatBuffer(reading: recurrentKernel)
        let b = try bias.map { try FloatBuffer(reading: $0) }
        let xw = FloatBuffer(zeros: batch * steps * width)
        let inner = FloatBuffer(zeros: batch * width)
        let z = FloatBuffer(zeros: batch * steps * units), r = FloatBuffer(zeros: batch * steps * units)
        let candidate = FloatBuffer(zeros: batch * steps * units), innerH = FloatBuffer(zeros: batch * steps * units)
        let h = FloatBuffer(zeros: batch * steps * units)
        func time(_ s: Int) -> Int { goBackwards ? steps - 1 - s : s }

        let cut = RecurrentRows(batch: batch, steps: steps, units: units, width: width)
        let sequence = goBackwards ? FloatBuffer(uninitialized: batch * steps * units) : h
        let lastH = FloatBuffer(uninitialized: batch * units)
        BranchKernels.run {
            cut.forEach { _, rows in
                let first = rows.lowerBound
                matmul(x.pointer + first * steps * features, w.pointer, xw.pointer + first * steps * width, m: rows.count * steps, n: width, k: features,
                       lda: features, ldb: width, ldc: width, accumulate: false)
                for s in 0..<steps {
                    let t = time(s)
                    let previous = s == 0 ? nil : time(s - 1)
                    if let p = previous {
                        matmul(h.pointer + (first * steps + p) * units, u.pointer, inner.pointer + first * width, m: rows.count, n: width, k: units,
                               lda: steps * units, ldb: width, ldc: width, accumulate: false)
                    } else {
                        (inner.pointer + first * width).update(repeating: 0, count: rows.count * width)
                    }
                    for row in rows {
                        let xr = xw.pointer + (row * steps + t) * width, ir = inner.pointer + row * width
                        let cell = (row * steps + t) * units
                        if let mask, !mask[row * steps + t] {
                            RecurrentMask.carry([h], from: previous.map { (row * steps + $0) * units }, to: cell, count: units)
                            continue
                        }
                        for j in 0..<units {
                            var xz = xr[j], xrr = xr[units + j], xh = xr[2 * units + j]
                            var iz = ir[j], irr = ir[units + j], ih = ir[2 * units + j]
                            if let bp = b?.pointer {
                                xz += bp[j]; xrr += bp[units + j]; xh += bp[2 * units + j]
                                iz += bp[width + j]; irr += bp[width + units + j]; ih += bp[width + 2 * units + j]
                            }
                            let zj = recurrentActivation.apply(xz + iz), rj = recurrentActivation.apply(xrr + irr)
                            let hh = activation.apply(xh + rj * ih)
                            let hPrevious = previous.map { h.pointer[(row * steps + $0) * units + j] } ?? 0
                            z.pointer[cell + j] = zj
                            r.pointer[cell + j] = rj
                            candidate.pointer[cell + j] = hh
                            innerH.pointer[cell + j] = ih
                            h.pointer[cell + j] = zj * hPrevious + (1 - zj) * hh
                        }
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
            let dzx = FloatBuffer(zeros: batch * steps * width), dzr = FloatBuffer(zeros: batch * steps * width)
            let dh = try upstream[1].map { try FloatBuffer($0) } ?? FloatBuffer(zeros: batch * units)
            let dSequence = try upstream[0].map { try FloatBuffer($0) }
            let gradients = RecurrentGradients(cut: cut, steps: steps, features: features, units: units, width: width,
                                               needs: needs, hasBias: hasBias, biasRows: 2)
            cut.forEach { piece, rows in
                let first = rows.lowerBound
                for s in stride(from: steps - 1, through: 0, by: -1) {
                    let t = time(s)
                    let previous = s == 0 ? nil : time(s - 1)
                    for row in rows {
                        let cell = (row * steps + t) * units
                        let gx = dzx.pointer + (row * steps + t) * width, gr = dzr.pointer + (row * steps + t) * width
                        let active = mask?[row * steps + t] ?? true
                        for j in 0..<units {
                            var dhj = dh.pointer[row * units + j]
                            if let ds = dSequence { dhj += ds.pointer[(row * steps + s) * units + j] }
                            if !active {
                                dh.pointer[row * units + j] = dhj
                                continue
                            }
                            let zj = z.pointer[cell + j], rj = r.pointer[cell + j], hh = candidate.pointer[cell + j]
                            let hPrevious = previous.map { h.pointer[(row * steps + $0) * units + j] } ?? 0
                            let dz = dhj * (hPrevious - hh) * recurrentActivation.derivative(output: zj)
                            let dCandidate = dhj * (1 - zj) * activation.derivative(output: hh)
                            let dr = dCandidate * innerH.pointer[cell + j] * recurrentActivation.derivative(output: rj)
                            gx[j] = dz; gx[units + j] = dr; gx[2 * units + j] = dCandidate
                            gr[j] = dz; gr[units + j] = dr; gr[2 * units + j] = dCandidate * rj
                            dh.pointer[row * units + j] = dhj * zj
                        }
                    }
                    matmul(dzr.pointer + (first * steps + t) * width, u.pointer, dh.pointer + first * units, m: rows.count, n: units, k: width,
                           transposeB: true, lda: steps * width, ldb: width, ldc: units, accumulate: true)
                }
                gradients.add(piece: piece, rows: rows, dz: dzx, dzRecurrent: dzr, x: x, w: w, h: h, time: time)
            }
            return gradients.tensors()
        }
        let outputs = Autodiff.record(inputs: inputs, outputs: [outSequence, outLast], runsBesideOthers: true, backward: backward)
        return (outputs[0], outputs[1])
    }
}
