import KTensor

/// What `LSTM`, `GRU` and `SimpleRNN` share: the options of Keras' `RNN` wrapper
/// (`return_sequences`, `return_state`, `go_backwards`), the cell weights
/// (`kernel`, `recurrent_kernel`, `bias`, named after the cell: `lstm_cell/kernel`),
/// dropout, initial states and their config.
///
/// Each subclass runs its whole sequence as one fused op from zero states. A call with
/// `initial_state` (extra inputs after the sequence, as Keras' node records them), or a
/// training call with `recurrent_dropout`, runs the cell step by step instead
/// (`RecurrentCellLoop.swift`), as Keras falls back to its cell loop.
public class RecurrentLayer: Layer {
    public let units: Int
    public let activation: KTensor.Activation
    public let useBias: Bool
    public let returnSequences: Bool
    public let returnState: Bool
    public let goBackwards: Bool
    public let kernelInitializer: Initializer
    public let recurrentInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let recurrentRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    /// The fraction of the inputs dropped in training (clamped to 0...1, as Keras does).
    public let dropout: Double
    /// The fraction of the previous state dropped in training (clamped to 0...1).
    public let recurrentDropout: Double
    /// The name of the cell the weights are named after (`lstm_cell`, `lstm_cell_1`, ...).
    public let cellName: String
    public private(set) var kernel: Variable?
    public private(set) var recurrentKernel: Variable?
    public private(set) var bias: Variable?
    let fusedActivation: RecurrentActivation

    /// Gate blocks per weight matrix (4 for LSTM, 3 for GRU, 1 for SimpleRNN).
    var gateCount: Int { 1 }
    /// Number of returned states (2 for LSTM: h and c).
    var stateCount: Int { 1 }

    init(units: Int, activation: KTensor.Activation, useBias: Bool, returnSequences: Bool, returnState: Bool, goBackwards: Bool,
         kernelInitializer: Initializer, recurrentInitializer: Initializer, biasInitializer: Initializer,
         kernelRegularizer: Regularizer?, recurrentRegularizer: Regularizer?, biasRegularizer: Regularizer?,
         dropout: Double, recurrentDropout: Double, cellBaseName: String, name: String?, trainable: Bool) throws {
        guard units > 0 else {
            throw KerasError.value("Received an invalid value for argument `units`, expected a positive integer, got \(units).")
        }
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.returnSequences = returnSequences
        self.returnState = returnState
        self.goBackwards = goBackwards
        self.kernelInitializer = kernelInitializer
        self.recurrentInitializer = recurrentInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.recurrentRegularizer = recurrentRegularizer
        self.biasRegularizer = biasRegularizer
        self.dropout = Swift.min(1, Swift.max(0, dropout))
        self.recurrentDropout = Swift.min(1, Swift.max(0, recurrentDropout))
        fusedActivation = try RecurrentActivation(activation, role: "activation")
        cellName = Naming.uniqueName(cellBaseName)
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: 3)
    }

    /// The bias shape and initial value (LSTM overrides for the forget-gate ones).
    func makeBias() throws -> Variable {
        try addWeight(name: "bias", shape: [gateCount * units], initializer: biasInitializer, regularizer: biasRegularizer, owner: cellName)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0]
        guard shape.count == 3, let features = shape[2] else {
            throw KerasError.value("The last dimension of the inputs to \(className) should be defined. Full input shape received: \(formatShape(shape))")
        }
        kernel = try addWeight(name: "kernel", shape: [features, gateCount * units], initializer: kernelInitializer,
                               regularizer: kernelRegularizer, owner: cellName)
        recurrentKernel = try addWeight(name: "recurrent_kernel", shape: [units, gateCount * units], initializer: recurrentInitializer,
                                        regularizer: recurrentRegularizer, owner: cellName)
        if useBias { bias = try makeBias() }
        inputSpec = InputSpec(ndim: 3, axes: [-1: features])
    }

    /// Runs the fused sequence op: the sequence of outputs and the final states. `mask`
    /// (`[batch * time]`) marks the steps to process.
    func runSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, mask: [Bool]?) throws -> (sequence: Tensor, states: [Tensor]) {
        throw KerasError(.notImplemented, "\(className) has no sequence kernel")
    }

    public override var callArgumentNames: [String] { ["inputs", "mask", "training", "initial_state"] }

    override var kernelRunsBesideSiblings: Bool { true }

    public override var takesInitialStates: Bool { true }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try call(inputs, training: training, masks: [])
    }

    public override func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        guard let kernel, let recurrentKernel else { throw KerasError.value("\(className) layer \(name) is not built.") }
        var x = inputs[0].dtype == .float32 ? inputs[0] : try inputs[0].cast(to: .float32)
        let initialStates = try inputs.dropFirst().map { $0.dtype == .float32 ? $0 : try $0.cast(to: .float32) }
        let mask = masks.first ?? nil
        if let mask, mask.shape != Array(x.shape.prefix(2)) {
            throw KerasError.value("The mask of \(className) layer \(name) has shape \(formatShape(mask.shape)), expected \(formatShape(Array(x.shape.prefix(2))))")
        }
        let weights = CellWeights(kernel: kernel.value, recurrentKernel: recurrentKernel.value, bias: bias?.value)
        let sequence: Tensor, states: [Tensor]
        if training == true, recurrentDropout > 0 {
            (sequence, states) = try runCellLoop(x, initialStates: initialStates, mask: mask, weights: weights,
                                                 dropout: try cellDropoutMasks(x))
        } else {
            if training == true, dropout > 0 { x = try x * Dropout.mask(fusedInputDropoutShape(x), rate: dropout, dtype: .float32) }
            if initialStates.isEmpty && !runsCellsOnly {
                (sequence, states) = try runSequence(x, kernel: weights.kernel, recurrentKernel: weights.recurrentKernel, bias: weights.bias,
                                                     mask: mask.map { $0.int64s().map { $0 != 0 } })
            } else {
                (sequence, states) = try runCellLoop(x, initialStates: initialStates, mask: mask, weights: weights, dropout: .none)
            }
        }
        let output = returnSequences ? sequence : states[0]
        return returnState ? [output] + states : [output]
    }

    /// The sequence input against `inputSpec`; the initial states (further inputs) against
    /// the cell's state sizes.
    public override func assertInputCompatibility(_ shapes: [TensorShape]) throws {
        try super.assertInputCompatibility(Array(shapes.prefix(1)))
        if shapes.count > 1 { try checkInitialStates(Array(shapes.dropFirst()), batch: shapes[0].first ?? nil) }
    }

    /// Keras' check of `initial_state`: one `(batch, units)` state per cell state.
    func checkInitialStates(_ shapes: [TensorShape], batch: Int?) throws {
        guard !shapes.isEmpty else { return }
        let fits = shapes.count == stateCount && shapes.allSatisfy { shape in
            shape.count == 2 && (shape[1] == nil || shape[1] == units) && (batch == nil || shape[0] == nil || shape[0] == batch)
        }
        guard fits else {
            let specs = shapes.map { "InputSpec(shape=\(formatShape($0)), ndim=\($0.count))" }.joined(separator: ", ")
            let sizes = Array(repeating: String(units), count: stateCount).joined(separator: ", ")
            throw KerasError.value("An `initial_state` was passed that is not compatible with `cell.state_size`. Received `state_spec`=ListWrapper([\(specs)]); however `cell.state_size` is [\(sizes)]")
        }
    }

    /// The shape of the input dropout mask when the fused op runs: LSTM and GRU drop each
    /// input element (Keras' fused path); SimpleRNN, a cell loop in Keras, draws one mask per
    /// sequence for all its steps.
    func fusedInputDropoutShape(_ x: Tensor) -> [Int] { x.shape }

    /// True for a layer with no fused op, whose cell always runs step by step.
    var runsCellsOnly: Bool { false }

    /// Whether the step-by-step cell applies a dropout `rate` (LSTM and GRU cells: strictly
    /// between 0 and 1; SimpleRNN's: any positive rate).
    func cellApplies(_ rate: Double) -> Bool { rate > 0 && rate < 1 }

    /// The cell's dropout masks for one call, one per gate block and constant over time (Keras'
    /// `implementation=1` cell): `[batch, features]` for the inputs, `[batch, units]` for the
    /// previous state; nil where the rate does not apply.
    func cellDropoutMasks(_ x: Tensor) throws -> CellDropoutMasks {
        let batch = x.shape[0], features = x.shape[2]
        func masks(_ rate: Double, width: Int) throws -> [Tensor]? {
            guard cellApplies(rate) else { return nil }
            return try (0..<gateCount).map { _ in try Dropout.mask([batch, width], rate: rate, dtype: .float32) }
        }
        return CellDropoutMasks(inputs: try masks(dropout, width: features), states: try masks(recurrentDropout, width: units))
    }

    /// One step of the cell from `states` as recorded tensor ops: the new states (the output is
    /// the first). Subclasses implement it after Keras' `implementation=1` cell.
    func cellStep(_ x: Tensor, states: [Tensor], weights: CellWeights, dropout masks: CellDropoutMasks) throws -> [Tensor] {
        throw KerasError(.notImplemented, "\(className) has no cell step")
    }

    /// A sequence output keeps the input's mask; final outputs and states have none.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let outputMask = returnSequences ? (masks.first ?? nil) : nil
        return returnState ? [outputMask] + Array(repeating: nil, count: stateCount) : [outputMask]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        let batch = shape.first ?? nil
        let output: TensorShape = returnSequences ? [batch, shape.count > 1 ? shape[1] : nil, units] : [batch, units]
        return returnState ? [output] + Array(repeating: [batch, units], count: stateCount) : [output]
    }

    /// The config keys of Keras' `RNN` wrapper and of the cell, in Keras' order; `extra`
    /// goes after `use_bias` (LSTM's/GRU's `recurrent_activation`).
    func recurrentConfig(recurrentActivation: KTensor.Activation?) -> Config {
        var c = super.getConfig()
        c["return_sequences"] = .bool(returnSequences)
        c["return_state"] = .bool(returnState)
        c["go_backwards"] = .bool(goBackwards)
        c["stateful"] = .bool(false)
        c["unroll"] = .bool(false)
        c["time_major"] = .bool(false)
        c["units"] = .int(units)
        c["activation"] = activation.configValue
        if let recurrentActivation { c["recurrent_activation"] = recurrentActivation.configValue }
        c["use_bias"] = .bool(useBias)
        c["kernel_initializer"] = kernelInitializer.serialized
        c["recurrent_initializer"] = recurrentInitializer.serialized
        c["bias_initializer"] = biasInitializer.serialized
        return c
    }

    /// The regularizer/constraint/dropout keys that close the config.
    func closeConfig(_ config: Config) -> Config {
        var c = config
        c["kernel_regularizer"] = kernelRegularizer.configValue
        c["recurrent_regularizer"] = recurrentRegularizer.configValue
        c["bias_regularizer"] = biasRegularizer.configValue
        c["activity_regularizer"] = ConfigValue.none
        c["kernel_constraint"] = ConfigValue.none
        c["recurrent_constraint"] = ConfigValue.none
        c["bias_constraint"] = ConfigValue.none
        c["dropout"] = .double(dropout)
        c["recurrent_dropout"] = .double(recurrentDropout)
        return c
    }
}

/// The constructor arguments shared by the recurrent layers' `fromConfig`.
struct RecurrentArguments {
    let config: Config
    var units: Int { (try? config.int("units", default: 0)) ?? 0 }
    func activation(_ key: String, default value: KTensor.Activation) throws -> KTensor.Activation {
        config[key] == nil ? value : try config.activation(key)
    }
    func flag(_ key: String, _ value: Bool = false) throws -> Bool { try config.bool(key, default: value) }
    func initializer(_ key: String, _ value: Initializer) throws -> Initializer { try config.initializer(key, default: value) }
    func regularizer(_ key: String) throws -> Regularizer? { try config.regularizer(key) }
    func rate(_ key: String) throws -> Double { try config.double(key, default: 0) }
}
