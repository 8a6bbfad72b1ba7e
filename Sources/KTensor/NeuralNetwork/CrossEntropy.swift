/// TensorFlow's fused cross-entropy ops: per-sample losses computed stably from logits, each
/// one tape node whose backward is a single pass (`softmax - labels`, `sigmoid - labels`).
extension Tensor {
    /// `tf.nn.softmax_cross_entropy_with_logits`: for logits and label distributions of shape
    /// `[..., classes]`, the per-sample loss `-Σ labels * log_softmax(logits)` of shape `[...]`.
    /// Gradients: `upstream * (softmax - labels)` for the logits, `-upstream * log_softmax` for
    /// the labels.
    public static func softmaxCrossEntropyWithLogits(logits: Tensor, labels: Tensor) throws -> Tensor {
        guard logits.rank >= 1, logits.shape == labels.shape else {
            throw TensorError.invalid("logits and labels must be broadcastable: logits_size=\(logits.shape) labels_size=\(labels.shape)")
        }
        let z = logits.dtype.isFloatingPoint ? logits : try logits.cast(to: .float32)
        let y = try labels.cast(to: z.dtype)
        let a = z.rank - 1
        let logProbabilities = z.softmaxValue(axis: a, log: true)
        let products = try Tensor.binaryValue(.multiply, y, logProbabilities)
        let loss = try products.sumValue(ReductionPlan(products, axes: [a], keepDims: false)).negative()
        guard Autodiff.needsGradient(z, y) else { return loss.withoutGradient() }
        let keptShape = Array(z.shape.dropLast()) + [1]
        return Autodiff.record(inputs: [z, y], output: loss.withoutGradient()) { g, needs in
            let upstream = try g.reshaped(keptShape)
            return [needs[0] ? try upstream * (logProbabilities.exp() - y) : nil,
                    needs[1] ? try (upstream * logProbabilities).negative() : nil]
        }
    }

    /// `tf.nn.sparse_softmax_cross_entropy_with_logits`: integer class `labels` of shape `[...]`
    /// and logits `[..., classes]`; the per-sample loss `logsumexp(logits) - logits[label]`.
    /// A label outside `0..<classes` is an error, as on TF's CPU. Gradient for the logits:
    /// `upstream * (softmax - onehot(labels))`.
    public static func sparseSoftmaxCrossEntropyWithLogits(logits: Tensor, labels: Tensor) throws -> Tensor {
        guard !labels.dtype.isFloatingPoint else { throw TensorError.type("sparse labels must be integers, got \(labels.dtype.name)") }
        guard logits.rank >= 1, Array(logits.shape.dropLast()) == labels.shape else {
            throw TensorError.invalid("logits and labels must have the same first dimension, got logits shape \(logits.shape) and labels shape \(labels.shape)")
        }
        let z = (logits.dtype.isFloatingPoint ? logits : try logits.cast(to: .float32))
        let classes = z.shape[z.rank - 1]
        let rows = labels.count
        let targets = labels.int64s()
        for t in targets where t < 0 || t >= Int64(classes) {
            throw TensorError.invalid("Received a label value of \(t) which is outside the valid range of [0, \(classes)).  Label values: \(targets.map(String.init).joined(separator: " "))")
        }
        let logProbabilities = z.softmaxValue(axis: z.rank - 1, log: true)
        var loss = Tensor(uninitializedShape: labels.shape, dtype: z.dtype)
        if z.dtype == .float32 {
            pickNegated(logProbabilities.basePointer(Float.self), targets, loss.basePointer(Float.self), rows: rows, classes: classes)
        } else {
            pickNegated(logProbabilities.basePointer(Double.self), targets, loss.basePointer(Double.self), rows: rows, classes: classes)
        }
        guard Autodiff.needsGradient(z) else { return loss }
        loss.tapeID = 0
        return Autodiff.record(inputs: [z], output: loss) { g, _ in
            let gradient = Tensor(uninitializedShape: logProbabilities.shape, dtype: logProbabilities.dtype)
            if gradient.dtype == .float32 {
                softmaxMinusOneHot(logProbabilities.basePointer(Float.self), targets, gradient.basePointer(Float.self), rows: rows, classes: classes)
            } else {
                softmaxMinusOneHot(logProbabilities.basePointer(Double.self), targets, gradient.basePointer(Double.self), rows: rows, classes: classes)
            }
            return [try gradient * g.reshaped(labels.shape + [1])]
        }
    }

    /// `tf.nn.sigmoid_cross_entropy_with_logits`: elementwise
    /// `max(x, 0) - x * z + log(1 + exp(-|x|))` for logits x and labels z of one shape.
    /// Gradients: `upstream * (sigmoid(x) - z)` for the logits, `-upstream * x` for the labels.
    public static func sigmoidCrossEntropyWithLogits(logits: Tensor, labels: Tensor) throws -> Tensor {
        guard logits.shape == labels.shape else {
            throw TensorError.invalid("logits and labels must have the same shape (\(logits.shape) vs \(labels.shape))")
        }
        let x = (logits.dtype.isFloatingPoint ? logits : try logits.cast(to: .float32)).contiguous()
        let z = try labels.cast(to: x.dtype).contiguous()
        let loss = Tensor(uninitializedShape: x.shape, dtype: x.dtype)
        if x.dtype == .float32 {
            sigmoidCrossEntropy(x.basePointer(Float.self), z.basePointer(Float.self), loss.basePointer(Float.self), x.count)
        } else {
            sigmoidCrossEntropy(x.basePointer(Double.self), z.basePointer(Double.self), loss.basePointer(Double.self), x.count)
        }
        guard Autodiff.needsGradient(x, z) else { return loss }
        return Autodiff.record(inputs: [x, z], output: loss) { g, needs in
            [needs[0] ? try g * (x.sigmoid() - z) : nil,
             needs[1] ? try (g * x).negative() : nil]
        }
    }
}

/// `loss[r] = -logp[r, label[r]]`.
func pickNegated<T: FloatElement>(_ logp: UnsafeMutablePointer<T>, _ labels: [Int64], _ loss: UnsafeMutablePointer<T>, rows: Int, classes: Int) {
    for r in 0..<rows { loss[r] = -logp[r * classes + Int(labels[r])] }
}

/// `p[r, j] = exp(logp[r, j]) - (j == label[r] ? 1 : 0)`: softmax minus the one-hot labels.
func softmaxMinusOneHot<T: FloatElement>(_ logp: UnsafeMutablePointer<T>, _ labels: [Int64], _ p: UnsafeMutablePointer<T>, rows: Int, classes: Int) {
    for i in 0..<rows * classes { p[i] = T.kernelExp(logp[i]) }
    for r in 0..<rows { p[r * classes + Int(labels[r])] -= 1 }
}

/// TF's stable elementwise sigmoid cross-entropy.
func sigmoidCrossEntropy<T: FloatElement>(_ x: UnsafeMutablePointer<T>, _ z: UnsafeMutablePointer<T>, _ loss: UnsafeMutablePointer<T>, _ n: Int) {
    for i in 0..<n {
        let v = x[i]
        loss[i] = Swift.max(v, 0) - v * z[i] + T.log1p(T.exp(-Swift.abs(v)))
    }
}
