import KTensor

/// The base of every Keras layer (`keras.layers.Layer`).
///
/// A layer is built lazily from the shape of its first input (`build(inputShapes:)` creates
/// its weights with `addWeight`), checks inputs against its `inputSpec`, and computes
/// `call(_:training:)`. Called on tensors it computes eagerly (differentiably under a
/// `GradientTape`); called on `KerasTensor`s it records a `Node` and returns symbolic outputs
/// (the Functional API). Subclasses (in Swift, or script classes through the language bridge,
/// which attaches its peer object as `host`) override `build`, `call`, `computeOutputShape`
/// and `getConfig`.
///
/// Inputs and outputs are lists: single-tensor layers use `inputs[0]` and return one tensor;
/// `inputWasList` tells whether the caller passed a list.
open class Layer {
    /// The layer's unique name (`dense`, `dense_1`, ...).
    public var name: String
    /// Whether the weights are trainable; setting it sets it for all nested layers.
    public var trainable: Bool {
        didSet { for layer in nestedLayers { layer.trainable = trainable } }
    }
    /// The dtype of the weights and outputs.
    public var dtype: DType = .float32
    /// True once `build` has run.
    public var built = false
    /// The input shapes the layer was built for, when known (saving re-builds from them).
    public var buildInputShapes: [TensorShape]?
    /// The language object that stands for this layer (set by the bridge).
    public var host: AnyObject?
    /// What the layer accepts; checked before every call.
    public var inputSpec: InputSpec?
    /// One spec per input (models: the shapes of their inputs); used instead of `inputSpec`.
    public var inputSpecs: [InputSpec]?
    /// The `input_shape`/`batch_input_shape` given at construction (with the batch dimension):
    /// a Sequential model starts its graph from it.
    public var batchInputShape: TensorShape?
    /// The calls on symbolic inputs, in call order.
    public internal(set) var inboundNodes: [Node] = []
    /// Weights created by this layer itself, in creation order.
    public private(set) var ownTrainableWeights: [Variable] = []
    public private(set) var ownNonTrainableWeights: [Variable] = []
    /// Layers assigned to this layer (subclassed layers and models), in assignment order.
    public private(set) var trackedLayers: [Layer] = []
    /// Regularizers of this layer's own weights.
    var weightRegularizers: [(Variable, Regularizer)] = []

    /// A layer named `name`, or by Keras' counter for its class (`dense`, `dense_1`, ...).
    public init(name: String? = nil, trainable: Bool = true, dtype: DType = .float32) {
        self.name = ""
        self.trainable = trainable
        self.dtype = dtype
        self.name = name ?? Naming.uniqueName(Naming.snakeCase(className))
    }

    /// Keras' class name, shown by `summary()` (`Dense`, `BatchNormalization`).
    open var className: String { String(describing: type(of: self)) }

    /// The layers nested in this one (tracked layers; models list their graph's layers).
    open var nestedLayers: [Layer] { trackedLayers }

    // MARK: Overridable hooks

    /// Creates the weights for inputs of the given shapes. The default creates none.
    open func build(inputShapes: [TensorShape]) throws {}

    /// The forward pass on concrete tensors.
    open func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        throw KerasError(.notImplemented, "Layer \(className) does not have a `call()` method implemented.")
    }

    /// The forward pass with the inputs' masks (Keras' `mask` argument; nil entries for
    /// unmasked inputs). The default ignores them; recurrent layers skip masked steps.
    open func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        try call(inputs, training: training)
    }

    /// Whether the layer passes its input's mask on unchanged (Keras' `supports_masking`).
    open var supportsMasking: Bool { false }

    /// Whether a call's work is one fused kernel handed to `BranchKernels.run`, whose outputs
    /// nothing in the call reads: a Functional model then runs neighbouring independent calls
    /// of such layers side by side (recurrent layers).
    var kernelRunsBesideSiblings: Bool { false }

    /// The masks of the outputs (Keras' `compute_mask`): the first input's mask when the
    /// layer supports masking, else none.
    open func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        supportsMasking ? [masks.first ?? nil] : [nil]
    }

    /// The output shapes for inputs of the given shapes, or nil to let the layer find out by
    /// running `call` on zeros (what script layers without `compute_output_shape` get).
    open func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { nil }

    /// The dtype of the outputs for inputs of the given dtypes.
    open func outputDType(_ inputDTypes: [DType]) -> DType { dtype }

    /// The layer's configuration, in Keras' key order. Subclasses start from this one
    /// (`name`, `trainable`, `dtype`, and `batch_input_shape` when given).
    open func getConfig() -> Config {
        var c = Config([("name", .string(name)), ("trainable", .bool(trainable)), ("dtype", .string(dtype.name))])
        if let batchInputShape { c["batch_input_shape"] = .shape(batchInputShape) }
        return c
    }

    /// The parameters of Keras' `call` for this layer, as error messages list them.
    open var callArgumentNames: [String] { ["inputs"] }

    /// How an error message shows parameter `name` of `call` when it was not passed (its
    /// default); nil shows `None`.
    open func defaultArgumentText(_ name: String) -> String? { nil }

    /// True for layers that take a list of tensors (merge layers).
    open var expectsList: Bool { false }

    /// True for layers whose call takes `initial_state` (recurrent layers and `Bidirectional`):
    /// the states are inputs after the first, as Keras' node records them.
    open var takesInitialStates: Bool { false }

    // MARK: Tracking

    /// Tracks `layer` as nested in this one (its weights become part of this layer's).
    public func track(_ layer: Layer) {
        if layer === self || trackedLayers.contains(where: { $0 === layer }) { return }
        trackedLayers.append(layer)
    }

    // MARK: Weights

    /// Creates a weight named `scope/owner/name` (`dense/kernel`; `owner` defaults to the
    /// layer's name — recurrent layers name theirs after their cell, `lstm_cell/kernel` — and
    /// to none while a wrapper builds the layer: `CallContext.building(inOuterScope:)`).
    @discardableResult
    public func addWeight(name weightName: String, shape: [Int], dtype: DType? = nil, initializer: Initializer = .glorotUniform(seed: nil),
                          trainable: Bool = true, regularizer: Regularizer? = nil, owner: String? = nil) throws -> Variable {
        let value = try initializer.make(shape, dtype: dtype ?? self.dtype)
        let inOuterScope = CallContext.layerBuiltInOuterScope == ObjectIdentifier(self)
        let ownerPrefix = (owner ?? (inOuterScope ? nil : name)).map { $0 + "/" } ?? ""
        let variable = Variable(value, name: CallContext.scopePrefix + ownerPrefix + weightName, trainable: trainable)
        if trainable { ownTrainableWeights.append(variable) } else { ownNonTrainableWeights.append(variable) }
        if let regularizer { weightRegularizers.append((variable, regularizer)) }
        return variable
    }

    /// Trainable weights: own then nested layers', none when the layer is frozen.
    open var trainableWeights: [Variable] {
        guard trainable else { return [] }
        return Layer.deduplicated(ownTrainableWeights + nestedLayers.flatMap(\.trainableWeights))
    }

    /// Non-trainable weights (all weights when the layer is frozen).
    open var nonTrainableWeights: [Variable] {
        if trainable {
            return Layer.deduplicated(ownNonTrainableWeights + nestedLayers.flatMap(\.nonTrainableWeights))
        }
        return Layer.deduplicated(ownTrainableWeights + ownNonTrainableWeights + nestedLayers.flatMap(\.weights))
    }

    /// All weights: trainable ones first (Keras' `layer.weights`).
    open var weights: [Variable] { Layer.deduplicated(trainableWeights + nonTrainableWeights) }

    /// `variables` without repeats, in first-seen order. A model's few variables are compared
    /// one by one (this runs every training step; hashing them cost more).
    static func deduplicated(_ variables: [Variable]) -> [Variable] {
        if variables.count <= 32 {
            var unique: [Variable] = []
            unique.reserveCapacity(variables.count)
            for variable in variables where !unique.contains(where: { $0 === variable }) { unique.append(variable) }
            return unique
        }
        var seen = Set<ObjectIdentifier>()
        return variables.filter { seen.insert(ObjectIdentifier($0)).inserted }
    }

    /// The number of scalars in the weights; throws when the layer is not built.
    public func countParams() throws -> Int {
        guard built else {
            throw KerasError.value("You tried to call `count_params` on layer \(name), but the layer isn't built. You can build it manually via: `\(name).build(batch_input_shape)`.")
        }
        return weights.reduce(0) { $0 + $1.shape.reduce(1, *) }
    }

    /// Copies of the weight values, in `weights` order.
    public func getWeights() -> [Tensor] { weights.map { $0.valueWithoutWatching.contiguousCopy() } }

    /// Assigns the weights from `values` (same order and shapes as `getWeights()`).
    public func setWeights(_ values: [Tensor]) throws {
        let targets = weights
        guard values.count == targets.count else {
            throw KerasError.value("You called `set_weights(weights)` on layer \"\(name)\" with a weight list of length \(values.count), but the layer was expecting \(targets.count) weights.")
        }
        for (variable, value) in zip(targets, values) where variable.shape != value.shape {
            throw KerasError.value("Layer \(name) weight shape \(formatShape(variable.shape)) is not compatible with provided weight shape \(formatShape(value.shape)).")
        }
        for (variable, value) in zip(targets, values) { try variable.assign(value) }
    }

    /// The regularization penalties of this layer's and nested layers' weights (`layer.losses`).
    public func regularizationLosses() throws -> [Tensor] {
        var losses: [Tensor] = []
        for (variable, regularizer) in weightRegularizers { losses.append(try regularizer.penalty(variable.value)) }
        for layer in nestedLayers { losses += try layer.regularizationLosses() }
        return losses
    }

    // MARK: Calling

    /// Checks inputs against `inputSpec`, with Keras' messages.
    open func assertInputCompatibility(_ shapes: [TensorShape]) throws {
        if let inputSpecs {
            for (i, (spec, shape)) in zip(inputSpecs, shapes).enumerated() { try spec.check(shape, index: i, layer: name) }
            return
        }
        guard let inputSpec else { return }
        for (i, shape) in shapes.enumerated() { try inputSpec.check(shape, index: i, layer: name) }
    }

    /// Builds the layer for `shapes` unless it is built.
    public func buildIfNeeded(_ shapes: [TensorShape]) throws {
        if built { return }
        try build(inputShapes: shapes)
        built = true
        buildInputShapes = shapes
    }

    /// Calls the layer on concrete tensors (eager execution). `training` nil inherits the
    /// enclosing call's flag.
    public func callAsFunction(_ inputs: [Tensor], inputWasList: Bool = false, training: Bool? = nil, masks: [Tensor?] = []) throws -> [Tensor] {
        let shapes = inputs.map { SymbolicBatch.staticShape($0.shape) }
        try assertInputCompatibility(shapes)
        try buildIfNeeded(shapes)
        let mode = training ?? CallContext.training
        do {
            return try CallContext.with(training: mode) {
                try callInScope(inputs, training: mode, masks: masks)
            }
        } catch {
            throw KerasError.wrapping(error, layer: self, inputs: inputs, inputWasList: inputWasList, training: mode, masks: masks)
        }
    }

    /// Runs `call` inside the layer's name scope, so weights that nested layers create while
    /// it runs are named `outer/inner/kernel` as in Keras (models override).
    func callInScope(_ inputs: [Tensor], training: Bool?, masks: [Tensor?] = []) throws -> [Tensor] {
        try CallContext.with(scope: name) {
            masks.contains(where: { $0 != nil }) ? try call(inputs, training: training, masks: masks) : try call(inputs, training: training)
        }
    }

    /// Calls the layer on symbolic tensors: builds it, infers the output shapes and records
    /// the call as a new `Node`.
    public func callSymbolic(_ inputs: [KerasTensor], inputWasList: Bool = false) throws -> [KerasTensor] {
        let shapes = inputs.map(\.shape)
        try assertInputCompatibility(shapes)
        try buildIfNeeded(shapes)
        let outputShapes: [TensorShape]
        if let computed = try computeOutputShape(shapes) {
            outputShapes = computed
        } else {
            outputShapes = try dryRunOutputShapes(shapes, dtypes: inputs.map(\.dtype))
        }
        let node = Node(layer: self, inputs: inputs, inputWasList: inputWasList)
        inboundNodes.append(node)
        let index = inboundNodes.count - 1
        let outDType = outputDType(inputs.map(\.dtype))
        node.outputs = outputShapes.enumerated().map {
            KerasTensor(shape: $0.element, dtype: outDType, layer: self, nodeIndex: index, tensorIndex: $0.offset)
        }
        return node.outputs
    }

    /// Keras' `compute_output_shape`: the layer's own rule, else — as Keras traces the layer
    /// on placeholders — the shapes of a run on stand-in inputs, the layer built first.
    public func inferredOutputShapes(_ shapes: [TensorShape]) throws -> [TensorShape] {
        try buildIfNeeded(shapes)
        if let computed = try computeOutputShape(shapes) { return computed }
        return try dryRunOutputShapes(shapes, dtypes: shapes.map { _ in dtype })
    }

    /// Output shapes found by calling the layer on zeros (unknown dimensions as 1); the batch
    /// dimension of the outputs is the inputs' (None stays None, and the layers of the run see
    /// it as None: `SymbolicBatch`).
    func dryRunOutputShapes(_ shapes: [TensorShape], dtypes: [DType]) throws -> [TensorShape] {
        let zeros = try zip(shapes, dtypes).map { shape, dtype -> Tensor in
            try Tensor.checkShape(shape.concrete(), dtype: dtype)
            return Tensor(zeros: shape.concrete(), dtype: dtype)
        }
        let batchUnknown = shapes.first?.first.map { $0 == nil } ?? false
        let outputs = try SymbolicBatch.with(batchUnknown ? 1 : nil) {
            try CallContext.with(training: false) { try callInScope(zeros, training: false) }
        }
        return outputs.map { out in
            var shape = out.shape.asTensorShape
            if batchUnknown && !shape.isEmpty { shape[0] = nil }
            return shape
        }
    }

    // MARK: Shapes from the graph

    /// Keras' `layer.output_shape` text for `summary()`: the shape(s) of the layer's calls if
    /// they all agree, else nil (`multiple`).
    public var outputShapeText: String? {
        guard let first = inboundNodes.first else { return nil }
        let text = first.outputShapesText
        return inboundNodes.allSatisfy({ $0.outputShapesText == text }) ? text : nil
    }

    /// The input shape of the layer's calls (`layer.input_shape`), nil if none or several.
    public var inputShapes: [TensorShape]? {
        guard let first = inboundNodes.first else { return nil }
        let shapes = first.inputs.map(\.shape)
        return inboundNodes.allSatisfy({ $0.inputs.map(\.shape) == shapes }) ? shapes : nil
    }

    /// The output shapes of the layer's calls (`layer.output_shape`), nil if none or several.
    public var outputShapes: [TensorShape]? {
        guard let first = inboundNodes.first else { return nil }
        let shapes = first.outputs.map(\.shape)
        return inboundNodes.allSatisfy({ $0.outputs.map(\.shape) == shapes }) ? shapes : nil
    }
}
