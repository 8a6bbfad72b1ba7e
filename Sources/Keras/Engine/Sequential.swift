import KTensor

/// `keras.Sequential`: a plain stack of single-input, single-output layers.
///
/// When the first layer knows its input shape (`input_shape=`, a leading `Input`), or once
/// `build(inputShape:)` or a first call gives one, the model also records the stack as a
/// graph (a hidden `InputLayer` named after the first layer, `dense_input`) so layers know
/// their output shapes, as Keras' Sequential does.
open class Sequential: Model {
    /// The stacked layers (without the hidden input layer).
    public private(set) var stack: [Layer] = []
    /// The graph's input layer, once there is a graph.
    public private(set) var inputLayer: InputLayer?
    /// The symbolic output after each layer of `stack` (empty without a graph).
    private var graphOutputs: [KerasTensor] = []

    public init(layers: [Layer] = [], name: String? = nil, trainable: Bool = true) throws {
        super.init(name: name ?? Naming.uniqueName("sequential"), trainable: trainable)
        for layer in layers { try add(layer) }
    }

    open override var className: String { "Sequential" }
    open override var layers: [Layer] { stack }
    open override var isGraphNetwork: Bool { inputLayer != nil }

    /// The symbolic input and output, once there is a graph.
    public var inputs: [KerasTensor] { inputLayer.map { [$0.output] } ?? [] }
    public var outputs: [KerasTensor] { graphOutputs.last.map { [$0] } ?? inputs }

    /// Appends a layer (an `InputLayer` only as the first one). With a graph, the layer is
    /// called on the current output right away, so shape errors surface here.
    public func add(_ layer: Layer) throws {
        if let input = layer as? InputLayer {
            guard stack.isEmpty, inputLayer == nil else {
                throw KerasError.value("An InputLayer can only be added first to a Sequential model.")
            }
            inputLayer = input
            built = true
            builtInputShapes = [input.batchShape]
            inputSpecs = [InputSpec(shape: input.batchShape)]
            return
        }
        if layer is Model, stack.isEmpty, inputLayer == nil, let model = layer as? Functional, model.inputs.count == 1 {
            inputLayer = InputLayer(batchShape: model.inputs[0].shape, dtype: model.inputs[0].dtype, name: "\(layer.name)_input")
        } else if stack.isEmpty, inputLayer == nil, let shape = layer.batchInputShape {
            inputLayer = InputLayer(batchShape: shape, dtype: layer.dtype, name: "\(layer.name)_input")
        }
        if let input = inputLayer {
            let outputs = try layer.callSymbolic([graphOutputs.last ?? input.output])
            guard outputs.count == 1 else {
                throw KerasError.value("All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.")
            }
            graphOutputs.append(outputs[0])
            built = true
            builtInputShapes = [input.batchShape]
            inputSpecs = [InputSpec(shape: input.batchShape)]
        }
        stack.append(layer)
    }

    /// Removes the last layer (`model.pop()`).
    public func pop() throws {
        guard !stack.isEmpty else { throw KerasError.type("There are no layers in the model.") }
        stack.removeLast()
        if !graphOutputs.isEmpty { graphOutputs.removeLast() }
    }

    /// `model.build(input_shape)`: creates the graph from an input of that shape.
    open override func build(inputShape shapes: [TensorShape]) throws {
        guard let shape = shapes.first else { throw KerasError.value("You must provide an `input_shape` argument.") }
        if inputLayer != nil {
            built = true
            return
        }
        try makeGraph(batchShape: shape, dtype: dtype)
        inputSpecs = [InputSpec(shape: shape)]
    }

    /// Creates the graph from an input of `batchShape` (the hidden input layer is named after
    /// the first layer, `dense_input`).
    private func makeGraph(batchShape: TensorShape, dtype: DType) throws {
        guard let first = stack.first else {
            throw KerasError.value("You must add at least one layer to a Sequential model before building it.")
        }
        let input = InputLayer(batchShape: batchShape, dtype: dtype, name: "\(first.name)_input")
        var current: KerasTensor = input.output
        var outputs: [KerasTensor] = []
        for layer in stack {
            let result = try layer.callSymbolic([current])
            guard result.count == 1 else {
                throw KerasError.value("All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.")
            }
            current = result[0]
            outputs.append(current)
        }
        inputLayer = input
        graphOutputs = outputs
        built = true
        builtInputShapes = [batchShape]
    }

    /// Runs the layers in order. The first call of a model without a graph creates one from
    /// the input's shape.
    open override var callArgumentNames: [String] { ["inputs", "training", "mask"] }

    open override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard inputs.count == 1 else {
            throw KerasError.value("Sequential models take a single input tensor, got \(inputs.count).")
        }
        if inputLayer == nil && !stack.isEmpty {
            try makeGraph(batchShape: SymbolicBatch.staticShape(inputs[0].shape), dtype: inputs[0].dtype.isFloatingPoint ? dtype : inputs[0].dtype)
        }
        var current = inputs
        if let inputLayer {
            current = [try Functional.conform(current[0], to: inputLayer.batchShape)]
            if current[0].dtype != inputLayer.dtype { current = [try current[0].cast(to: inputLayer.dtype)] }
        }
        var mask: Tensor?
        for layer in stack {
            let input = current
            current = try layer(input, training: training, masks: [mask])
            guard current.count == 1 else {
                throw KerasError.value("All layers in a Sequential model should have a single output tensor. For multi-output layers, use the functional API.")
            }
            mask = try layer.computeMask(input, masks: [mask]).first ?? nil
        }
        return current
    }

    open override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        if let inputLayer, inputShapes == [inputLayer.batchShape], let last = graphOutputs.last { return [last.shape] }
        return nil
    }

    /// Keras' config: the name and each layer's `{class_name, config}` (the input layer first).
    open override func getConfig() -> Config {
        var items: [ConfigValue] = []
        if let inputLayer {
            items.append(.dict(Config([("class_name", .string("InputLayer")), ("config", .dict(inputLayer.getConfig()))])))
        }
        for layer in stack {
            items.append(.dict(Config([("class_name", .string(layer.className)), ("config", .dict(layer.getConfig()))])))
        }
        return Config([("name", .string(name)), ("layers", .list(items))])
    }
}
