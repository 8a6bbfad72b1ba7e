import KTensor

/// A built-in Keras loss as an object: the classes of `keras.losses`
/// (`SparseCategoricalCrossentropy(from_logits=True)`, `MeanSquaredError()`, `Huber(delta)` ...)
/// and the functions compile resolves from strings (`LossFunctionWrapper`).
public final class BuiltinLoss: Loss {
    public let function: LossFunction

    /// A loss named `name` (the class default when nil, e.g. `"mean_squared_error"`).
    public init(_ function: LossFunction, reduction: LossReduction = .auto, name: String? = nil) {
        self.function = function
        super.init(name: name ?? function.functionName, reduction: reduction)
    }

    /// The loss a string names (`"mse"`, `"sparse_categorical_crossentropy"` ...).
    public convenience init(kerasName: String) throws {
        guard let function = LossFunction(kerasName: kerasName) else {
            throw TensorError(.invalidArgument, "Unknown loss function: '\(kerasName)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
        }
        self.init(function)
    }

    /// Per-sample values after Keras' squeeze of a trailing size-1 axis.
    public override func call(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        let (p, t) = try ShapeMatching.squeezeOrExpand(yPred: yPred, yTrue: yTrue)
        return try function.perSample(t, p)
    }
}
