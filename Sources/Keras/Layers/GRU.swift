import KTensor

/// `keras.layers.GRU`: gate layout z, r, h in `kernel (in, 3u)` and `recurrent_kernel (u, 3u)`.
/// In Keras 2.12's default `reset_after=True` form `bias (2, 3u)` holds the input and the
/// recurrent bias, and the whole sequence runs as one fused op; with `reset_after=False` (the
/// Keras 1 form: the reset gate applied to the state before its product, `bias (3u)`) the cell
/// runs step by step, as Keras runs it.
public final class GRU: RecurrentLayer {
    public let recurrentActivation: KTensor.Activation
    public let resetAfter: Bool
    let fusedRecurrentActivation: RecurrentActivation

    public init(units: Int, activation: KTensor.Activation = .tanh, recurrentActivation: KTensor.Activation = .sigmoid, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), recurrentInitializer: Initializer = .orthogonal(gain: 1, seed: nil),
                biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, recurrentRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                dropout: Double = 0, recurrentDropout: Double = 0, resetAfter: Bool = true,
                returnSequences: Bool = false, returnState: Bool = false, goBackwards: Bool = false,
                name: String? = nil, trainable: Bool = true) throws {
        self.recurrentActivation = recurrentActivation
        self.resetAfter = resetAfter
        fusedRecurrentActivation = try RecurrentActivation(recurrentActivation, role: "recurrent_activation")
        try super.init(units: units, activation: activation, useBias: useBias, returnSequences: returnSequences, returnState: returnState,
                       goBackwards: goBackwards, kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer,
                       biasInitializer: biasInitializer, kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer,
                       biasRegularizer: biasRegularizer, dropout: dropout, recurrentDropout: recurrentDropout,
                       cellBaseName: "gru_cell", name: name, trainable: trainable)
    }

    override var gateCount: Int { 3 }

    override func makeBias() throws -> Variable {
        try addWeight(name: "bias", shape: resetAfter ? [2, 3 * units] : [3 * units], initializer: biasInitializer, regularizer: biasRegularizer,
                      owner: cellName)
    }

    override var runsCellsOnly: Bool { !resetAfter }

    /// Keras runs the `reset_after=False` cell with one input mask for all steps.
    override func fusedInputDropoutShape(_ x: Tensor) -> [Int] { resetAfter ? x.shape : [x.shape[0], 1, x.shape[2]] }

    override func runSequence(_ x: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?, mask: [Bool]?) throws -> (sequence: Tensor, states: [Tensor]) {
        let r = try GRUSequence.run(x, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias, activation: fusedActivation,
                                    recurrentActivation: fusedRecurrentActivation, goBackwards: goBackwards, mask: mask)
        return (r.sequence, [r.last])
    }

    /// Keras' `GRUCell` step in its `implementation=1` form: one product per gate; with
    /// `reset_after` the input bias and the recurrent bias are added to their own products and
    /// the reset gate scales the state's product, without it the reset gate scales the state.
    override func cellStep(_ x: Tensor, states: [Tensor], weights: CellWeights, dropout masks: CellDropoutMasks) throws -> [Tensor] {
        let h = states[0]
        let inputBias = try weights.bias.map { resetAfter ? try $0.slice(axis: 0, start: 0, length: 1).reshaped([3 * units]) : $0 }
        let recurrentBias = resetAfter ? try weights.bias.map { try $0.slice(axis: 0, start: 1, length: 1).reshaped([3 * units]) } : nil
        func projection(_ v: Tensor, _ weight: Tensor, _ bias: Tensor?, gate: Int) throws -> Tensor {
            let product = try Tensor.matmul(v, CellWeights.block(weight, gate, of: 3))
            guard let bias else { return product }
            return try product + CellWeights.block(bias, gate, of: 3)
        }
        func inputPart(_ gate: Int) throws -> Tensor { try projection(masks.input(x, gate: gate), weights.kernel, inputBias, gate: gate) }
        func statePart(_ gate: Int) throws -> Tensor { try projection(masks.state(h, gate: gate), weights.recurrentKernel, recurrentBias, gate: gate) }
        let z = try (inputPart(0) + statePart(0)).activation(recurrentActivation)
        let r = try (inputPart(1) + statePart(1)).activation(recurrentActivation)
        let candidate = resetAfter ? try (inputPart(2) + r * statePart(2)).activation(activation)
            : try (inputPart(2) + projection(r * masks.state(h, gate: 2), weights.recurrentKernel, nil, gate: 2)).activation(activation)
        return [try z * h + (1 - z) * candidate]
    }

    public override func getConfig() -> Config {
        var c = closeConfig(recurrentConfig(recurrentActivation: recurrentActivation))
        c["implementation"] = .int(recurrentDropout != 0 ? 1 : 2)
        c["reset_after"] = .bool(resetAfter)
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
                            biasRegularizer: try a.regularizer("bias_regularizer"),
                            dropout: try a.rate("dropout"), recurrentDropout: try a.rate("recurrent_dropout"), resetAfter: try a.flag("reset_after", true),
                            returnSequences: try a.flag("return_sequences"), returnState: try a.flag("return_state"), goBackwards: try a.flag("go_backwards"),
                            name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
