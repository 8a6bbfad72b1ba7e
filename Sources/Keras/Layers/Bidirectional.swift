import KTensor

/// `keras.layers.Bidirectional`: runs a recurrent layer forwards and a copy with
/// `go_backwards` flipped backwards over the same sequence, and merges their outputs (the
/// backward sequence re-reversed in time, masked steps zero). Both directions are re-created
/// from the given layer's config (or the backward one given) and renamed `forward_<name>`,
/// `backward_<name>`; their weights are the wrapper's, forward first
/// (`bidirectional/forward_lstm/lstm_cell_1/kernel`). State outputs follow the merged output:
/// the forward layer's states, then the backward layer's.
public final class Bidirectional: Layer, WrappingLayer {
    /// How the two directions' outputs combine (`merge_mode`; nil returns both).
    public enum MergeMode: String, Sendable {
        case concat, sum, mul, ave
    }

    /// The layer given (never built; its config is the wrapper's `layer` entry).
    public let layer: RecurrentLayer
    public let forwardLayer: RecurrentLayer
    public let backwardLayer: RecurrentLayer
    public let mergeMode: MergeMode?
    /// The serialized `backward_layer` given, taken before it was renamed.
    let backwardLayerConfig: Config?

    public init(layer: Layer, mergeMode: MergeMode? = .concat, backwardLayer: Layer? = nil, name: String? = nil, trainable: Bool = true) throws {
        guard let recurrent = layer as? RecurrentLayer else {
            throw KerasError.value("Bidirectional wraps LSTM, GRU or SimpleRNN layers only; got \(layer.className) layer \(layer.name)")
        }
        self.layer = recurrent
        self.mergeMode = mergeMode
        forwardLayer = try Bidirectional.recreate(recurrent, goBackwards: recurrent.goBackwards)
        if let backwardLayer {
            guard let backward = backwardLayer as? RecurrentLayer else {
                throw KerasError.value("Bidirectional's backward_layer must be an LSTM, GRU or SimpleRNN layer; got \(backwardLayer.className) layer \(backwardLayer.name)")
            }
            self.backwardLayer = backward
            backwardLayerConfig = Config([("class_name", .string(backward.className)), ("config", .dict(backward.getConfig()))])
        } else {
            self.backwardLayer = try Bidirectional.recreate(recurrent, goBackwards: !recurrent.goBackwards)
            backwardLayerConfig = nil
        }
        super.init(name: name, trainable: trainable)
        forwardLayer.name = "forward_" + forwardLayer.name
        self.backwardLayer.name = "backward_" + self.backwardLayer.name
        try verifyDirections()
        track(forwardLayer)
        track(self.backwardLayer)
        inputSpec = recurrent.inputSpec
    }

    /// A new layer from `layer`'s config with `go_backwards` set.
    private static func recreate(_ layer: RecurrentLayer, goBackwards: Bool) throws -> RecurrentLayer {
        var config = layer.getConfig()
        config["go_backwards"] = .bool(goBackwards)
        guard let made = try LayerRegistry.layer(className: layer.className, config: config) as? RecurrentLayer else {
            throw KerasError.value("\(layer.className).from_config did not make a recurrent layer")
        }
        return made
    }

    /// Keras' checks that the two directions differ only in `go_backwards`.
    private func verifyDirections() throws {
        guard forwardLayer.goBackwards != backwardLayer.goBackwards else {
            throw KerasError.value("Forward layer and backward layer should have different `go_backwards` value.forward_layer.go_backwards = \(pythonBool(forwardLayer.goBackwards)),backward_layer.go_backwards = \(pythonBool(backwardLayer.goBackwards))")
        }
        let common: [(String, Bool, Bool)] = [("stateful", false, false), ("return_sequences", forwardLayer.returnSequences, backwardLayer.returnSequences),
                                             ("return_state", forwardLayer.returnState, backwardLayer.returnState)]
        for (attribute, forward, backward) in common where forward != backward {
            throw KerasError.value("Forward layer and backward layer are expected to have the same value for attribute \"\(attribute)\", got \"\(pythonBool(forward))\" for forward layer and \"\(pythonBool(backward))\" for backward layer")
        }
    }

    private func pythonBool(_ value: Bool) -> String { value ? "True" : "False" }

    /// `merge_mode` from its config text, with Keras' message for others.
    public static func mergeMode(named text: String) throws -> MergeMode {
        guard let mode = MergeMode(rawValue: text) else { throw KerasError.value(invalidMergeModeMessage(text)) }
        return mode
    }

    /// Keras' message for a `merge_mode` that is none of the modes (`received` as `str` shows it).
    public static func invalidMergeModeMessage(_ received: String) -> String {
        "Invalid merge mode. Received: \(received). Merge mode should be one of {\"sum\", \"mul\", \"ave\", \"concat\", None}"
    }

    public var returnSequences: Bool { layer.returnSequences }
    public var returnState: Bool { layer.returnState }
    var wrappedLayerAttributes: [(name: String, layer: Layer)] { [("backward_layer", backwardLayer), ("forward_layer", forwardLayer)] }
    public override var supportsMasking: Bool { true }
    public override var callArgumentNames: [String] { ["inputs", "training", "mask", "initial_state", "constants"] }
    public override var takesInitialStates: Bool { true }

    /// The sequence against `inputSpec`; the directions check their own initial states.
    public override func assertInputCompatibility(_ shapes: [TensorShape]) throws {
        try super.assertInputCompatibility(Array(shapes.prefix(1)))
        if shapes.count > 1 { try splitStates(Array(shapes.dropFirst()), text: { $0.map { formatShape($0) } }) }
    }

    /// Each direction's inputs: the sequence, then its half of the initial states (the forward
    /// layer's first), as Keras splits `initial_state`.
    private func directionInputs(_ inputs: [Tensor]) throws -> ([Tensor], [Tensor]) {
        let sequence = Array(inputs.prefix(1))
        let (forwardStates, backwardStates) = try splitStates(Array(inputs.dropFirst()), text: { $0.map { "shape=\(formatShape($0.shape))" } })
        return (sequence + forwardStates, sequence + backwardStates)
    }

    /// `states` halved, with Keras' error for an odd count (`text` shows them in it).
    @discardableResult
    private func splitStates<T>(_ states: [T], text: ([T]) -> [String]) throws -> ([T], [T]) {
        guard states.count % 2 == 0 else {
            throw KerasError.value("When passing `initial_state` to a Bidirectional RNN, the state should be a list containing the states of the underlying RNNs. Received: [\(text(states).joined(separator: ", "))]")
        }
        return (Array(states.prefix(states.count / 2)), Array(states.suffix(states.count / 2)))
    }

    /// Builds each direction in its own name scope inside the wrapper's.
    public override func build(inputShapes: [TensorShape]) throws {
        try CallContext.with(scope: name) {
            for direction in [forwardLayer, backwardLayer] {
                try CallContext.with(scope: direction.name) { try direction.buildIfNeeded(inputShapes) }
            }
        }
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try call(inputs, training: training, masks: [])
    }

    public override func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        let mask = masks.first ?? nil
        let (forwardInputs, backwardInputs) = try directionInputs(inputs)
        // The two directions read only the input: their sequence kernels run side by side.
        let (forward, backward) = try BranchKernels.collect {
            (try forwardLayer(forwardInputs, training: training, masks: [mask]), try backwardLayer(backwardInputs, training: training, masks: [mask]))
        }
        var y = forward[0], yReversed = backward[0]
        if returnSequences {
            yReversed = try yReversed.flipped(axes: [1])
            // As in Keras, masked steps of the merged sequences are zero.
            if let mask {
                let keep = try mask.reshaped(mask.shape + [1])
                let zero = Tensor(zeros: [], dtype: y.dtype)
                y = try Tensor.where(keep, y, zero)
                yReversed = try Tensor.where(keep, yReversed, zero)
            }
        }
        let outputs: [Tensor]
        switch mergeMode {
        case .concat: outputs = [try Tensor.concat([y, yReversed], axis: -1)]
        case .sum: outputs = [try y + yReversed]
        case .ave: outputs = [try (y + yReversed) / 2.0]
        case .mul: outputs = [try y * yReversed]
        case nil: outputs = [y, yReversed]
        }
        return returnState ? outputs + forward.dropFirst() + backward.dropFirst() : outputs
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        guard let shapes = try forwardLayer.computeOutputShape(inputShapes), var output = shapes.first else { return nil }
        let states = Array(shapes.dropFirst())
        let outputs: [TensorShape]
        switch mergeMode {
        case .concat:
            if let last = output.last, let size = last { output[output.count - 1] = 2 * size }
            outputs = [output]
        case nil: outputs = [output, output]
        default: outputs = [output]
        }
        return returnState ? outputs + states + states : outputs
    }

    /// A sequence output keeps the input's mask; final outputs and states have none.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let outputMask = returnSequences ? (masks.first ?? nil) : nil
        let outputMasks = Array(repeating: outputMask, count: mergeMode == nil ? 2 : 1)
        return returnState ? outputMasks + Array(repeating: nil, count: 2 * layer.stateCount) : outputMasks
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["layer"] = .dict(Config([("class_name", .string(layer.className)), ("config", .dict(layer.getConfig()))]))
        c["merge_mode"] = mergeMode.map { .string($0.rawValue) } ?? ConfigValue.none
        if let backwardLayerConfig { c["backward_layer"] = .dict(backwardLayerConfig) }
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Bidirectional {
        guard let inner = c["layer"] else { throw KerasError.value("A Bidirectional config needs a 'layer' entry") }
        let mode = try c["merge_mode"]?.stringValue.map(mergeMode(named:))
        let made = try Bidirectional(layer: try LayerRegistry.layer(serialized: inner),
                                     mergeMode: c["merge_mode"] == nil ? .concat : mode,
                                     backwardLayer: try c["backward_layer"].flatMap { $0 == .none ? nil : try LayerRegistry.layer(serialized: $0) },
                                     name: c.layerName, trainable: c.isTrainable)
        made.batchInputShape = c.batchInputShape
        return made
    }
}
