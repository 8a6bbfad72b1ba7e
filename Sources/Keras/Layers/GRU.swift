import KTensor

/// `keras.layers.GRU` in Keras 2.12's default `reset_after=True` form: gate layout z, r, h
/// in `kernel (in, 3u)` and `recurrent_kernel (u, 3u)`; `bias (2, 3u)` holds the input and
/// the recurrent bias.
public final class GRU: RecurrentLayer {
    public let recurrentActivation: KTensor.Activation
    let fusedRecurrentActivation: RecurrentActivation

    public init(units: Int, activation: KTensor.Activation = .tanh, recurrentActivation: KTensor.Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), recurrentInitializer: Initializer = .orthogonal(gain: 1, seed: nil),
                biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Double = 0, recurrentDropout: Double = 0, resetAfter: Bool = true,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                name: String? = nil, trainable: Bool = true) throws {
        guard resetAfter else {
            throw KerasError(.notImplemented, "kscript: GRU supports only reset_after=True (the Keras 2 default)")
        }
        self.recurrentActivation = recurrentActivation
        fusedRecurrentActivation = try RecurrentActivation(recurrentActivation, role: "recurrent_activation")
        try super.init(units: units, activation: activation, useBias: useBias, returnSequences: returnSequences, returnState: returnState,
                       goBackwards: goBackwards, kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                       biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout,
                       cellBaseName: "gru_cell", name: name, trainable: trainable)
    }

    override var gateCount: Int { 3 }

    override func makeBias() throws -> Variable {
        try addWeight(name: "bias", shape: [2, 3 * units], initializer: biasInitializer, regularizer: biasRegularizer, owner: cellName)
    }

    override func runSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, mask: [Bool]?) throws -> (sequence: Tensor, states: [Tensor]) {
        let r = try GRUSequence.run(x, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, activation: fusedActivation,
                                    recurrentActivation: fusedRecurrentActivation, goBackwards: goBackwards, mask: mask)
        return (r.sequence, [r.last])
    }

    public override func getConfig() -> Config {
        var c = closeConfig(recurrentConfig(recurrentActivation: recurrentActivation))
        c["implementation"] = .int(2)
        c["reset_after"] = .bool(true)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> GRU {
        let a = RecurrentArguments(config: c)
        let layer = try GRU(units: a.units, activation: try a.activation("activation", default: .tanh),
                            recurrentActivation: try a.activation("recurrent_activation", default: .sigmoid), useBias: try a.flag("use_bias", true),
                            kernelInitializer: try a.initializer("kernel_initializer", .glorotUniform(seed: nil)),
                            recurrentInitializer: try a.initializer("recurrent_initializer", .orthogonal(gain: 1, seed: nil)),
                            biasInitializer: try a.initializer("bias_initializer", .zeros),
                            kernelRegularizer: try a.regularizer("kernel_regularizer"), recurrentRegularizer: try a.regularizer("recurrent_regularizer"),
                            biasRegularizer: try a.regularizer("bias_regularizer"), resetAfter: try a.flag("reset_after", true),
                            returnSequences: try a.flag("return_sequences"), returnState: try a.flag("return_state"), goBackwards: try a.flag("go_backwards"),
                            name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
