import KTensor

/// `keras.layers.SimpleRNN`: `h = activation(x·kernel + h·recurrent_kernel + bias)`.
public final class SimpleRNN: RecurrentLayer {
    public init(units: Int, activation: KTensor.Activation = .tanh, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), recurrentInitializer: Initializer = .orthogonal(gain: 1, seed: nil),
                biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Double = 0, recurrentDropout: Double = 0,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                name: String? = nil, trainable: Bool = true) throws {
        try super.init(units: units, activation: activation, useBias: useBias, returnSequences: returnSequences, returnState: returnState,
                       goBackwards: goBackwards, kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                       biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout,
                       cellBaseName: "simple_rnn_cell", name: name, trainable: trainable)
    }

    override func runSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, mask: [Bool]?) throws -> (sequence: Tensor, states: [Tensor]) {
        let r = try SimpleRNNSequence.run(x, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, activation: fusedActivation,
                                          goBackwards: goBackwards, mask: mask)
        return (r.sequence, [r.last])
    }

    /// Keras' `SimpleRNNCell` applies any positive rate.
    override func cellApplies(_ rate: Double) -> Bool { rate > 0 }

    /// One draw per sequence, as Keras' cell caches its mask for all steps.
    override func fusedInputDropoutShape(_ x: Tensor) -> [Int] { [x.shape[0], 1, x.shape[2]] }

    /// Keras' `SimpleRNNCell` step: `activation(x·kernel + bias + h·recurrent_kernel)`.
    override func cellStep(_ x: Tensor, states: [Tensor], weights: CellWeights, dropout masks: CellDropoutMasks) throws -> [Tensor] {
        var z = try Tensor.matmul(masks.input(x, gate: 0), weights.kernel)
        if let bias = weights.bias { z = try z + bias }
        return [try (z + Tensor.matmul(masks.state(states[0], gate: 0), weights.recurrentKernel)).activation(activation)]
    }

    public override func getConfig() -> Config {
        closeConfig(recurrentConfig(recurrentActivation: nil))
    }

    public static func fromConfig(_ c: Config) throws -> SimpleRNN {
        let a = RecurrentArguments(config: c)
        let layer = try SimpleRNN(units: a.units, activation: try a.activation("activation", default: .tanh), useBias: try a.flag("use_bias", true),
                                  kernelInitializer: try a.initializer("kernel_initializer", .glorotUniform(seed: nil)),
                                  recurrentInitializer: try a.initializer("recurrent_initializer", .orthogonal(gain: 1, seed: nil)),
                                  biasInitializer: try a.initializer("bias_initializer", .zeros),
                                  kernelRegularizer: try a.regularizer("kernel_regularizer"), recurrentRegularizer: try a.regularizer("recurrent_regularizer"),
                                  biasRegularizer: try a.regularizer("bias_regularizer"),
                                  dropout: try a.rate("dropout"), recurrentDropout: try a.rate("recurrent_dropout"),
                                  returnSequences: try a.flag("return_sequences"), returnState: try a.flag("return_state"), goBackwards: try a.flag("go_backwards"),
                                  name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
