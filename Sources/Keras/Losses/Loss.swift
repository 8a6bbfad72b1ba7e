import KTensor

/// A Keras loss (`keras.losses.Loss`): `call` gives per-sample values, calling the loss
/// applies sample weights and the reduction. Subclasses (built-in losses, script-defined
/// losses through the language bridge) override `call`.
open class Loss {
    /// The loss name (`"sparse_categorical_crossentropy"`, `"mean_squared_error"` ...).
    public let name: String
    public var reduction: LossReduction
    /// The script object standing for this loss (set by the language bridge).
    public weak var host: AnyObject?

    public init(name: String, reduction: LossReduction = .auto) {
        self.name = name
        self.reduction = reduction
    }

    /// The unreduced loss for a batch of labels and predictions.
    open func call(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        throw TensorError(.runtime, "Loss.call must be overridden by subclasses")
    }

    /// `loss(y_true, y_pred, sample_weight)`: per-sample values times the weights, reduced.
    public func callAsFunction(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws -> Tensor {
        var losses = try call(yTrue, yPred)
        if !losses.dtype.isFloatingPoint { losses = try losses.cast(to: .float32) }
        if let sampleWeight {
            let weights = try ShapeMatching.matchWeights(sampleWeight.cast(to: losses.dtype), to: losses)
            losses = try losses * weights
        }
        return try reduction.reduce(losses)
    }
}
