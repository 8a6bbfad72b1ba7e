import KTensor

/// Keras 2.12's three cross-entropies (`keras.backend.*_crossentropy`), per sample.
///
/// Predictions that carry attached logits (the output of a softmax/sigmoid activation) are
/// computed from those logits even when `fromLogits` is false, as Keras does; plain
/// probabilities are clipped to `[ε, 1-ε]` with Keras' ε = 1e-7.
enum Crossentropy {
    /// Keras' fuzz factor.
    static let epsilon = 1e-7

    /// The logits to use, or nil for the clipped-probability path (`backend._get_logits`).
    static func logits(of output: Tensor, fromLogits: Bool, activation: Activation) -> Tensor? {
        if let attached = output.attachedLogits, attached.activation == activation { return attached.logits }
        return fromLogits ? output : nil
    }

    /// `sparse_categorical_crossentropy`: integer `target` (any shape whose flattening matches
    /// the prediction rows), predictions `[..., classes]`. Probabilities are clipped and
    /// logged, then fed to the sparse softmax cross-entropy (which renormalises).
    static func sparseCategorical(target: Tensor, output: Tensor, fromLogits: Bool) throws -> Tensor {
        var z: Tensor
        if let logits = logits(of: output, fromLogits: fromLogits, activation: .softmax) {
            z = logits
        } else {
            z = try clipProbabilities(output).log()
        }
        var labels = try target.cast(to: .int64)
        guard z.rank >= 1 else { throw TensorError(.invalidArgument, "sparse_categorical_crossentropy needs predictions of rank >= 1") }
        if labels.rank != z.rank - 1 {
            labels = labels.flattened()
            z = try z.reshaped([-1, z.shape[z.rank - 1]])
        }
        return try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: z, labels: labels)
    }

    /// `categorical_crossentropy` with one-hot (or soft) targets: probabilities are divided by
    /// their row sum, clipped, and `-Σ y log p` taken along the last axis.
    static func categorical(target: Tensor, output: Tensor, fromLogits: Bool, labelSmoothing: Double = 0) throws -> Tensor {
        var y = try target.cast(to: floatType(output))
        if labelSmoothing > 0 {
            let classes = Double(y.shape.last ?? 1)
            y = try y * (1 - labelSmoothing) + labelSmoothing / classes
        }
        guard y.shape == output.shape else {
            throw TensorError(.invalidArgument, "Shapes \(shapeText(y.shape)) and \(shapeText(output.shape)) are incompatible")
        }
        if let logits = logits(of: output, fromLogits: fromLogits, activation: .softmax) {
            return try Tensor.softmaxCrossEntropyWithLogits(logits: logits, labels: y)
        }
        let p = try output.cast(to: y.dtype)
        let normalised = try p / p.sum(axes: [-1], keepDims: true)
        let clipped = try clipProbabilities(normalised)
        return try (y * clipped.log()).sum(axes: [-1]).negative()
    }

    /// `binary_crossentropy`, elementwise (the loss function then averages the last axis).
    /// Probabilities are clipped and ε is added again inside both logs.
    static func binary(target: Tensor, output: Tensor, fromLogits: Bool, labelSmoothing: Double = 0) throws -> Tensor {
        var y = try target.cast(to: floatType(output))
        if labelSmoothing > 0 { y = try y * (1 - labelSmoothing) + 0.5 * labelSmoothing }
        if let logits = logits(of: output, fromLogits: fromLogits, activation: .sigmoid) {
            let (l, t) = try broadcastPair(logits, y)
            return try Tensor.sigmoidCrossEntropyWithLogits(logits: l, labels: t)
        }
        let p = try clipProbabilities(output.cast(to: y.dtype))
        let eps = Tensor(scalar: epsilon, dtype: p.dtype)
        let positive = try y * (p + eps).log()
        let negative = try (1 - y) * ((1 - p) + eps).log()
        return try (positive + negative).negative()
    }

    /// `clip(p, ε, 1 - ε)` with the bounds in the tensor's dtype.
    static func clipProbabilities(_ p: Tensor) throws -> Tensor {
        let x = try p.cast(to: floatType(p))
        let low = Tensor(scalar: epsilon, dtype: x.dtype)
        let high = try Tensor(scalar: 1.0, dtype: x.dtype) - low
        return try x.clipped(min: low, max: high)
    }

    static func floatType(_ t: Tensor) -> DType { t.dtype.isFloatingPoint ? t.dtype : .float32 }

    /// Both tensors broadcast to their common shape (the fused op needs equal shapes).
    static func broadcastPair(_ a: Tensor, _ b: Tensor) throws -> (Tensor, Tensor) {
        if a.shape == b.shape { return (a, b) }
        let shape = try Tensor.broadcastShapes(a.shape, b.shape)
        return (try a.broadcast(to: shape), try b.broadcast(to: shape))
    }
}

/// `(2, 3)` as Python prints a shape tuple.
func shapeText(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
