import KTensor

/// A metric that averages a per-sample function (`keras.metrics.MeanMetricWrapper`): the
/// accuracies, and losses used as metrics (`'mae'`, `MeanSquaredError()` ...).
public final class MeanMetricWrapper: Mean {
    public let function: MetricFunction

    public init(_ function: MetricFunction, name: String) {
        self.function = function
        super.init(name: name)
    }

    public override func freshCopy() throws -> Metric {
        MeanMetricWrapper(function, name: name)
    }

    public override var takesValues: Bool { false }

    /// Casts labels and predictions to float32, squeezes a trailing size-1 axis as Keras does,
    /// and averages the function's per-sample values.
    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let t = try yTrue.cast(to: .float32), p = try keepingLogits(yPred)
        let (squeezedPred, squeezedTrue) = try ShapeMatching.squeezeOrExpand(yPred: p, yTrue: t)
        let values = try function.perSample(squeezedTrue, squeezedPred)
        try update(values, sampleWeight: sampleWeight)
    }

    /// Predictions as float32 (a float32 tensor keeps its attached logits).
    private func keepingLogits(_ p: Tensor) throws -> Tensor {
        p.dtype == .float32 ? p : try p.cast(to: .float32)
    }
}
