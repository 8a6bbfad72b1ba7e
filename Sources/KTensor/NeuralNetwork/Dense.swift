/// The fused dense layer op: `activation(x · kernel + bias)` as one tape node.
///
/// Forward: one GEMM into a pooled output, then one pass adding the bias and applying the
/// activation. Backward: `dz = dy * act'(...)` in one pass (no pass at all for a linear
/// activation), `dkernel = xᵀ·dz` and `dx = dz·kernelᵀ` as GEMMs with transpose flags, `dbias`
/// as column sums — each computed only when that input needs a gradient.
extension Tensor {
    /// `activation(x @ kernel + bias)` for `x` of shape `[..., in]`, `kernel` `[in, out]`,
    /// `bias` `[out]`; the result has shape `[..., out]`. `x` is cast to the kernel's dtype if
    /// needed (as Keras autocasts). With a softmax or sigmoid activation the result carries
    /// the pre-activation `x @ kernel + bias` as `attachedLogits` (itself differentiable, so
    /// a cross-entropy on the logits backpropagates into kernel and bias).
    public static func dense(_ x: Tensor, kernel: Tensor, bias: Tensor?, activation: Activation = .linear) throws -> Tensor {
        guard kernel.dtype.isFloatingPoint, kernel.rank == 2 else {
            throw TensorError.invalid("dense: the kernel must be a 2-d float tensor, got shape \(formatShape(kernel.shape)) \(kernel.dtype.name)")
        }
        let inputs = kernel.shape[0], units = kernel.shape[1]
        guard x.rank >= 1, x.shape[x.rank - 1] == inputs else {
            throw TensorError.invalid("Matrix size-incompatible: In[0]: \(formatShape(x.shape)), In[1]: \(formatShape(kernel.shape))")
        }
        if let bias, bias.shape != [units] {
            throw TensorError.invalid("dense: bias shape \(formatShape(bias.shape)) does not match \(units) units")
        }
        if (activation == .softmax || activation == .logSoftmax) && x.rank < 2 {
            throw TensorError.invalid("Cannot apply softmax to a tensor that is 1D. Received input: \(x.shape)")
        }
        let input = try x.cast(to: kernel.dtype)
        let b = try bias?.cast(to: kernel.dtype)
        let rows = input.count / Swift.max(inputs, 1)
        let outShape = Array(input.shape.dropLast()) + [units]
        let x2 = input.rank == 2 ? input : input.reshapedValue([rows, inputs])

        let keepsLogits = activation.attachesLogits || denseBackwardNeedsInput(activation)
        let z = Tensor(uninitializedShape: [rows, units], dtype: kernel.dtype)
        // The activation writes to a buffer of its own: a loop whose output might overlap its
        // input does not vectorise.
        var y = activation == .linear ? z : Tensor(uninitializedShape: [rows, units], dtype: kernel.dtype)
        if kernel.dtype == .float32 {
            denseForward(Float.self, x2, kernel, b, z, y, activation, rows: rows, inputs: inputs, units: units)
        } else {
            denseForward(Double.self, x2, kernel, b, z, y, activation, rows: rows, inputs: inputs, units: units)
        }
        y = y.reshapedValue(outShape)
        let logits = z.reshapedValue(outShape)

        var recordInputs = [input, kernel]
        if let b { recordInputs.append(b) }
        guard Autodiff.needsGradient(recordInputs) else {
            return activation.attachesLogits ? y.withAttachedLogits(logits, activation: activation) : y
        }
        let hasBias = b != nil
        let savedY = y, savedZ = keepsLogits ? z : Tensor(zeros: [0], dtype: z.dtype)
        let backward: Autodiff.MultiBackward = { upstream, needs in
            let dz = try denseOutputGradient(activation, upstream: upstream, output: savedY, logits: savedZ, rows: rows, units: units)
            return try denseInputGradients(dz, x: x2, kernel: kernel, inputShape: input.shape, needs: needs, hasBias: hasBias)
        }
        if activation.attachesLogits {
            let outputs = Autodiff.record(inputs: recordInputs, outputs: [y, logits], backward: backward)
            return outputs[0].withAttachedLogits(outputs[1], activation: activation)
        }
        return Autodiff.record(inputs: recordInputs, outputs: [y], backward: backward)[0]
    }
}

/// True when the activation's gradient needs its input (not just its output).
func denseBackwardNeedsInput(_ activation: Activation) -> Bool {
    switch activation {
    case .linear, .relu, .relu6, .sigmoid, .tanh, .softmax, .logSoftmax, .exponential, .selu: return false
    default: return true
    }
}

/// `z = x·W + b` and `y = act(z)`: one GEMM, the bias added to each row, then the activation
/// over the whole block (softmax row by row) (`y` is `z` for a linear activation).
func denseForward<T: FloatElement>(_ type: T.Type, _ x: Tensor, _ kernel: Tensor, _ bias: Tensor?, _ z: Tensor, _ y: Tensor,
                                   _ activation: Activation, rows: Int, inputs: Int, units: Int) {
    let out = z.basePointer(T.self), activated = y.basePointer(T.self)
    if rows == 0 || units == 0 { return }
    if inputs == 0 {
        out.initialize(repeating: 0, count: rows * units)
    } else {
        let xa = x.blasReady(), w = kernel.blasReady()
        gemm(T.self, transposeA: xa.layout.transposed, transposeB: w.layout.transposed, m: rows, n: units, k: inputs,
             a: xa.tensor.basePointer(T.self), lda: xa.layout.leadingDimension, b: w.tensor.basePointer(T.self), ldb: w.layout.leadingDimension,
             c: out, ldc: units)
    }
    let b = bias.map { $0.contiguous() }
    let pb = b?.basePointer(T.self)
    if let pb {
        for r in 0..<rows {
            let row = out + r * units
            for j in 0..<units { row[j] += pb[j] }
        }
    }
    switch activation {
    case .linear: if out != activated { activated.update(from: out, count: rows * units) }
    case .softmax: softmaxRows(out, activated, rows: rows, n: units, log: false)
    case .logSoftmax: softmaxRows(out, activated, rows: rows, n: units, log: true)
    default: activationForward(activation, out, activated, rows * units)
    }
    withExtendedLifetime(b) {}
}

extension Tensor {
    /// A 2-d tensor and how BLAS reads it (copied only if neither it nor its transpose is
    /// row-major with unit stride).
    func blasReady() -> (tensor: Tensor, layout: BLASOperand) {
        if let layout = BLASOperand(rows: shape[0], cols: shape[1], rowStride: stride(0), colStride: stride(1)) {
            return (self, layout)
        }
        let copy = contiguousCopy()
        return (copy, BLASOperand(transposed: false, leadingDimension: Swift.max(shape[1], 1)))
    }
}

/// `dL/dz` (rows × units) from the gradients of the dense outputs `[y, logits?]`.
func denseOutputGradient(_ activation: Activation, upstream: [Tensor?], output y: Tensor, logits z: Tensor, rows: Int, units: Int) throws -> Tensor {
    let fromLogits = upstream.count > 1 ? try upstream[1]?.cast(to: y.dtype).reshaped([rows, units]).contiguous() : nil
    guard let gy = try upstream[0]?.cast(to: y.dtype).reshaped([rows, units]).contiguous() else {
        return fromLogits ?? Tensor(zeros: [rows, units], dtype: y.dtype)
    }
    var dz: Tensor
    if activation == .linear {
        dz = gy
    } else {
        dz = Tensor(uninitializedShape: [rows, units], dtype: y.dtype)
        let yy = y.reshapedValue([rows, units])
        if y.dtype == .float32 {
            denseActivationBackward(activation, gy, yy, z, &dz, Float.self, rows: rows, units: units)
        } else {
            denseActivationBackward(activation, gy, yy, z, &dz, Double.self, rows: rows, units: units)
        }
    }
    if let fromLogits { try dz.applyInPlace(.add, fromLogits) }
    return dz
}

func denseActivationBackward<T: FloatElement>(_ activation: Activation, _ g: Tensor, _ y: Tensor, _ z: Tensor, _ dz: inout Tensor,
                                              _ type: T.Type, rows: Int, units: Int) {
    let pg = g.basePointer(T.self), py = y.basePointer(T.self), out = dz.basePointer(T.self)
    if activation == .logSoftmax {
        for r in 0..<rows {
            let gr = pg + r * units, yr = py + r * units, dr = out + r * units
            var total: T = 0
            for j in 0..<units { total += gr[j] }
            for j in 0..<units { dr[j] = gr[j] - T.kernelExp(yr[j]) * total }
        }
        return
    }
    if activation == .softmax {
        for r in 0..<rows {
            let gr = pg + r * units, yr = py + r * units, dr = out + r * units
            var dot: T = 0
            for j in 0..<units { dot += gr[j] * yr[j] }
            for j in 0..<units { dr[j] = (gr[j] - dot) * yr[j] }
        }
        return
    }
    let pz = z.count > 0 ? z.basePointer(T.self) : py
    activationBackward(activation, pg, pz, py, out, rows * units)
}

/// Gradients of x, kernel and bias from `dz`, each only when needed.
func denseInputGradients(_ dz: Tensor, x: Tensor, kernel: Tensor, inputShape: [Int], needs: [Bool], hasBias: Bool) throws -> [Tensor?] {
    let rows = dz.shape[0], units = dz.shape[1], inputs = kernel.shape[0]
    var result: [Tensor?] = [nil, nil]
    if hasBias { result.append(nil) }
    if kernel.dtype == .float32 {
        denseGradients(Float.self, dz, x, kernel, &result, needs: needs, rows: rows, units: units, inputs: inputs)
    } else {
        denseGradients(Double.self, dz, x, kernel, &result, needs: needs, rows: rows, units: units, inputs: inputs)
    }
    if let dx = result[0], dx.shape != inputShape { result[0] = dx.reshapedValue(inputShape) }
    return result
}

func denseGradients<T: FloatElement>(_ type: T.Type, _ dz: Tensor, _ x: Tensor, _ kernel: Tensor, _ result: inout [Tensor?],
                                     needs: [Bool], rows: Int, units: Int, inputs: Int) {
    let g = dz.basePointer(T.self)
    if needs[0] {
        var dx = Tensor(uninitializedShape: [rows, inputs], dtype: dz.dtype)
        if units == 0 {
            dx = Tensor(zeros: [rows, inputs], dtype: dz.dtype)
        } else if rows > 0 && inputs > 0 {
            let w = kernel.blasReady()
            // dx = dz · Wᵀ
            gemm(T.self, transposeA: false, transposeB: !w.layout.transposed, m: rows, n: inputs, k: units,
                 a: g, lda: units, b: w.tensor.basePointer(T.self), ldb: w.layout.leadingDimension,
                 c: dx.basePointer(T.self), ldc: inputs)
        }
        result[0] = dx
    }
    if needs[1] {
        var dw = Tensor(uninitializedShape: [inputs, units], dtype: dz.dtype)
        if rows == 0 {
            dw = Tensor(zeros: [inputs, units], dtype: dz.dtype)
        } else if inputs > 0 && units > 0 {
            let xa = x.blasReady()
            // dW = xᵀ · dz
            gemm(T.self, transposeA: !xa.layout.transposed, transposeB: false, m: inputs, n: units, k: rows,
                 a: xa.tensor.basePointer(T.self), lda: xa.layout.leadingDimension, b: g, ldb: units,
                 c: dw.basePointer(T.self), ldc: units)
        }
        result[1] = dw
    }
    if result.count > 2 && needs[2] {
        let db = Tensor(zeros: [units], dtype: dz.dtype)
        let out = db.basePointer(T.self)
        for r in 0..<rows {
            let row = g + r * units
            for j in 0..<units { out[j] += row[j] }
        }
        result[2] = db
    }
}
