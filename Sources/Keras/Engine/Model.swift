import KTensor

/// `keras.Model`: a layer that groups layers and is what training works on.
///
/// This base class is the subclassing API: a subclass (in Swift, or a script class through the
/// bridge) tracks its layers (`track`) and overrides `call`. `Sequential` and `Functional`
/// are the other two ways to build a model.
///
/// Stored state is kept minimal: the layers come from tracking or from the graph, and
/// `trainingState` is the one slot the training code (compile/fit) owns.
open class Model: Layer {
    /// Owned by the training code: compile configuration, optimizer, metrics, history.
    public var trainingState: AnyObject?
    /// The input shape given to `build(inputShape:)` or seen on the first call (subclassed
    /// models), batch dimension included.
    public var builtInputShapes: [TensorShape]?

    public override init(name: String? = nil, trainable: Bool = true, dtype: DType = .float32) {
        super.init(name: name, trainable: trainable, dtype: dtype)
    }

    /// The model's layers: tracked layers (subclassed models) or the graph's layers.
    open var layers: [Layer] { trackedLayers }

    public override var nestedLayers: [Layer] { layers }

    /// True for Functional and Sequential models whose graph exists.
    open var isGraphNetwork: Bool { false }

    open override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        throw KerasError(.notImplemented, "Unimplemented `tf.keras.Model.call()`: if you intend to create a `Model` with the Functional API, please provide `inputs` and `outputs` arguments. Otherwise, subclass `Model` with an overridden `call()` method.")
    }

    /// Subclassed models open their name scope around `call`, so weights their layers create
    /// are named `my_model/dense/kernel`; graph networks (whose layers are built with the
    /// graph) open none.
    override func callInScope(_ inputs: [Tensor], training: Bool?, masks: [Tensor?] = []) throws -> [Tensor] {
        if isGraphNetwork { return try call(inputs, training: training) }
        if builtInputShapes == nil { builtInputShapes = inputs.map { SymbolicBatch.staticShape($0.shape) } }
        return try CallContext.with(scope: name) { try call(inputs, training: training) }
    }

    /// `model.build(input_shape)` of a subclassed model: runs `call` once on zeros of that
    /// shape (unknown dimensions as 1, an unknown batch seen as None: `SymbolicBatch`), which
    /// builds every layer it uses. Unlike a call, this opens no name scope (Keras names these
    /// weights `dense/kernel`, not `my_model/...`).
    open func build(inputShape shapes: [TensorShape]) throws {
        guard !shapes.isEmpty else {
            throw KerasError.value("You must provide an `input_shape` argument.")
        }
        builtInputShapes = shapes
        let zeros = try shapes.map { shape -> Tensor in
            try Tensor.checkShape(shape.concrete(), dtype: dtype)
            return Tensor(zeros: shape.concrete(), dtype: dtype)
        }
        let batchUnknown = shapes[0].first.map { $0 == nil } ?? false
        _ = try SymbolicBatch.with(batchUnknown ? 1 : nil) {
            try CallContext.with(training: false) { try call(zeros, training: false) }
        }
        built = true
    }

    /// Weights layer by layer (Keras' `model.weights`: each layer's trainable and
    /// non-trainable weights together), then the model's own.
    open override var weights: [Variable] {
        Layer.deduplicated(layers.flatMap(\.weights) + ownTrainableWeights + ownNonTrainableWeights)
    }

    open override var trainableWeights: [Variable] {
        guard trainable else { return [] }
        return Layer.deduplicated(layers.flatMap(\.trainableWeights) + ownTrainableWeights)
    }

    open override var nonTrainableWeights: [Variable] {
        if trainable { return Layer.deduplicated(layers.flatMap(\.nonTrainableWeights) + ownNonTrainableWeights) }
        return weights
    }

    /// A layer by name (`model.get_layer(name=...)`).
    public func layer(named name: String) throws -> Layer {
        if let found = layers.first(where: { $0.name == name }) { return found }
        throw KerasError.value("No such layer: \(name). Existing layers are: \(layers.map(\.name)).")
    }

    /// A layer by index (`model.get_layer(index=...)`).
    public func layer(at index: Int) throws -> Layer {
        guard index >= 0, index < layers.count else {
            throw KerasError.value("Was asked to retrieve layer at index \(index) but model only has \(layers.count) layers.")
        }
        return layers[index]
    }

    /// The error `summary()` and friends raise before a model is built.
    static let notBuiltError = KerasError.value("This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.")
}
