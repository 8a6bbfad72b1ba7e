import KTensor

/// `keras.metrics.RootMeanSquaredError`: the square root of the mean of every squared error
/// seen (a mean over elements, not of per-sample means).
public final class RootMeanSquaredError: Mean {
    public override init(name: String = "root_mean_squared_error") {
        super.init(name: name)
    }

    public override func freshCopy() throws -> Metric {
        RootMeanSquaredError(name: name)
    }

    public override var takesValues: Bool { false }

    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let (p, t) = try ShapeMatching.squeezeOrExpand(yPred: yPred.cast(to: .float32), yTrue: yTrue.cast(to: .float32))
        try update(try (p - t).square(), sampleWeight: sampleWeight)
    }

    /// `sqrt(total / count)`, 0 when nothing was seen.
    public override func result() throws -> Tensor {
        try super.result().sqrt()
    }
}
