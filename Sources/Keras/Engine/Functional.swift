import KTensor

/// A model defined by a graph of layer calls from symbolic inputs to outputs
/// (`keras.Model(inputs, outputs)`, Keras' `Functional`).
open class Functional: Model {
    /// The symbolic inputs and outputs, in the order given.
    public let inputs: [KerasTensor]
    public let outputs: [KerasTensor]
    /// Whether inputs/outputs were given as lists (a single tensor otherwise).
    public let inputsWereList: Bool
    public let outputsWereList: Bool
    let topology: NetworkTopology

    /// A model from `inputs` to `outputs`; throws when an output cannot be computed from the
    /// inputs.
    public init(inputs: [KerasTensor], outputs: [KerasTensor], inputsWereList: Bool? = nil, outputsWereList: Bool? = nil,
                name: String? = nil, trainable: Bool = true) throws {
        guard !inputs.isEmpty, !outputs.isEmpty else {
            throw KerasError.value("A Functional model needs at least one input and one output.")
        }
        self.inputs = inputs
        self.outputs = outputs
        self.inputsWereList = inputsWereList ?? (inputs.count > 1)
        self.outputsWereList = outputsWereList ?? (outputs.count > 1)
        topology = try NetworkTopology(inputs: inputs, outputs: outputs)
        super.init(name: name ?? Naming.uniqueName("model"), trainable: trainable)
        built = true
        builtInputShapes = inputs.map(\.shape)
        inputSpecs = inputs.map { InputSpec(shape: $0.shape) }
    }

    open override var className: String { "Functional" }
    open override var layers: [Layer] { topology.layers }
    open override var isGraphNetwork: Bool { true }

    /// Names of the input and output layers (used for dict inputs and per-output losses).
    public var inputNames: [String] { inputs.map(\.layer.name) }
    public var outputNames: [String] { outputs.map(\.layer.name) }

    /// Runs the graph: each node's layer on the values of its inputs, deepest nodes first.
    open override var callArgumentNames: [String] { ["inputs", "training", "mask"] }

    open override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard inputs.count == self.inputs.count else {
            throw KerasError.value("Layer \"\(name)\" expects \(self.inputs.count) input(s), but it received \(inputs.count) input tensors.")
        }
        var values: [ObjectIdentifier: Tensor] = [:]
        for (symbol, value) in zip(self.inputs, inputs) {
            let conformed = try Functional.conform(value, to: symbol.shape)
            values[ObjectIdentifier(symbol)] = conformed.dtype == symbol.dtype ? conformed : try conformed.cast(to: symbol.dtype)
        }
        var masks: [ObjectIdentifier: Tensor] = [:]
        func run(_ node: Node) throws {
            var arguments: [Tensor] = []
            for input in node.inputs {
                guard let value = values[ObjectIdentifier(input)] else {
                    throw KerasError.value("Graph disconnected at layer \"\(node.layer.name)\".")
                }
                arguments.append(value)
            }
            let inputMasks = node.inputs.map { masks[ObjectIdentifier($0)] }
            let results = try node.layer(arguments, inputWasList: node.inputWasList, training: training, masks: inputMasks)
            for (symbol, value) in zip(node.outputs, results) { values[ObjectIdentifier(symbol)] = value }
            for (symbol, mask) in zip(node.outputs, try node.layer.computeMask(arguments, masks: inputMasks)) where mask != nil {
                masks[ObjectIdentifier(symbol)] = mask
            }
        }
        for nodes in topology.executionRuns {
            if nodes.count == 1, let node = nodes.first {
                try run(node)
            } else {
                try BranchKernels.collect { for node in nodes { try run(node) } }
            }
        }
        return try outputs.map { symbol in
            guard let value = values[ObjectIdentifier(symbol)] else {
                throw KerasError.value("Output tensor of layer \"\(symbol.layer.name)\" was not computed.")
            }
            return value
        }
    }

    /// Keras' `_conform_to_reference_input`: an input with one extra trailing axis of size 1
    /// loses it; one with a missing trailing axis gets it.
    static func conform(_ value: Tensor, to shape: TensorShape) throws -> Tensor {
        if value.rank == shape.count + 1, value.shape.last == 1 { return try value.reshaped(Array(value.shape.dropLast())) }
        if value.rank + 1 == shape.count, shape.last == 1 { return try value.reshaped(value.shape + [1]) }
        return value
    }

    /// The graph's output shapes for inputs of the same shapes as the model's.
    open override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        inputShapes == inputs.map(\.shape) ? outputs.map(\.shape) : nil
    }

    /// Keras' config: name, layers (each with its inbound nodes), input and output layers.
    open override func getConfig() -> Config {
        var layerConfigs: [ConfigValue] = []
        let relevant = Set(topology.allNodes.map { ObjectIdentifier($0) })
        for layer in layers {
            var inbound: [ConfigValue] = []
            for node in layer.inboundNodes where relevant.contains(ObjectIdentifier(node)) && !node.isInput {
                inbound.append(.list(node.inputs.map { .list([.string($0.layer.name), .int($0.nodeIndex), .int($0.tensorIndex), .dict(Config())]) }))
            }
            layerConfigs.append(.dict(Config([("class_name", .string(layer.className)), ("config", .dict(layer.getConfig())),
                                              ("name", .string(layer.name)), ("inbound_nodes", .list(inbound))])))
        }
        func refs(_ tensors: [KerasTensor]) -> ConfigValue {
            .list(tensors.map { .list([.string($0.layer.name), .int($0.nodeIndex), .int($0.tensorIndex)]) })
        }
        return Config([("name", .string(name)), ("trainable", .bool(trainable)), ("layers", .list(layerConfigs)),
                       ("input_layers", refs(inputs)), ("output_layers", refs(outputs))])
    }
}
