import KTensor

/// `keras.layers.LSTM`: gate layout i, f, c, o in `kernel (in, 4u)`,
/// `recurrent_kernel (u, 4u)`, `bias (4u)`; with `unit_forget_bias` the forget slice of the
/// bias starts at 1.
public final class LSTM: RecurrentLayer {
    public let recurrentActivation: KTensor.Activation
    public let unitForgetBias: Bool
    let fusedRecurrentActivation: RecurrentActivation

    public init(units: Int, activation: KTensor.Activation = .tanh, recurrentActivation: KTensor.Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), recurrentInitializer: Initializer = .orthogonal(gain: 1, seed: nil),
                biasInitializer: Initializer = .zeros, unitForgetBias: Bool = true,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Double = 0, recurrentDropout: Double = 0,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                name: String? = nil, trainable: Bool = true) throws {
        self.recurrentActivation = recurrentActivation
        self.unitForgetBias = unitForgetBias
        fusedRecurrentActivation = try RecurrentActivation(recurrentActivation, role: "recurrent_activation")
        try super.init(units: units, activation: activation, useBias: useBias, returnSequences: returnSequences, returnState: returnState,
                       goBackwards: goBackwards, kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                       biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout,
                       cellBaseName: "lstm_cell", name: name, trainable: trainable)
    }

    override var gateCount: Int { 4 }
    override var stateCount: Int { 2 }

    override func makeBias() throws -> Variable {
        let variable = try super.makeBias()
        if unitForgetBias {
            var values = variable.valueWithoutWatching.floats()
            for j in units..<(2 * units) { values[j] = 1 }
            try variable.assign(try Tensor(shape: [4 * units], values: values))
        }
        return variable
    }

    override func runSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, mask: [Bool]?) throws -> (sequence: Tensor, states: [Tensor]) {
        let r = try LSTMSequence.run(x, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, activation: fusedActivation,
                                     recurrentActivation: fusedRecurrentActivation, goBackwards: goBackwards, mask: mask)
        return (r.sequence, [r.lastH, r.lastC])
    }

    /// Keras' `LSTMCell` step in its `implementation=1` form: one product per gate.
    override func cellStep(_ x: Tensor, states: [Tensor], weights: CellWeights, dropout masks: CellDropoutMasks) throws -> [Tensor] {
        let h = states[0], c = states[1]
        func gate(_ g: Int) throws -> Tensor {
            var z = try Tensor.matmul(masks.input(x, gate: g), CellWeights.block(weights.kernel, g, of: 4))
            if let bias = weights.bias { z = try z + CellWeights.block(bias, g, of: 4) }
            return try z + Tensor.matmul(masks.state(h, gate: g), CellWeights.block(weights.recurrentKernel, g, of: 4))
        }
        let i = try gate(0).activation(recurrentActivation), f = try gate(1).activation(recurrentActivation)
        let cell = try f * c + i * gate(2).activation(activation)
        let o = try gate(3).activation(recurrentActivation)
        return [try o * cell.activation(activation), cell]
    }

    public override func getConfig() -> Config {
        var c = recurrentConfig(recurrentActivation: recurrentActivation)
        c["unit_forget_bias"] = .bool(unitForgetBias)
        c = closeConfig(c)
        c["implementation"] = .int(recurrentDropout != 0 ? 1 : 2)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> LSTM {
        let a = RecurrentArguments(config: c)
        let layer = try LSTM(units: a.units, activation: try a.activation("activation", default: .tanh),
                             recurrentActivation: try a.activation("recurrent_activation", default: .sigmoid), useBias: try a.flag("use_bias", true),
                             kernelInitializer: try a.initializer("kernel_initializer", .glorotUniform(seed: nil)),
                             recurrentInitializer: try a.initializer("recurrent_initializer", .orthogonal(gain: 1, seed: nil)),
                             biasInitializer: try a.initializer("bias_initializer", .zeros), unitForgetBias: try a.flag("unit_forget_bias", true),
                             kernelRegularizer: try a.regularizer("kernel_regularizer"), recurrentRegularizer: try a.regularizer("recurrent_regularizer"),
                             biasRegularizer: try a.regularizer("bias_regularizer"),
                             dropout: try a.rate("dropout"), recurrentDropout: try a.rate("recurrent_dropout"),
                             returnSequences: try a.flag("return_sequences"), returnState: try a.flag("return_state"), goBackwards: try a.flag("go_backwards"),
                             name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
