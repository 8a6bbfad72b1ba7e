import KTensor

/// `keras.layers.Dense`: `activation(x · kernel + bias)` on the last axis, kernel `(in, out)`.
/// One fused op forward and backward (`Tensor.dense`).
public final class Dense: Layer {
    public let units: Int
    public let activation: KTensor.Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    public private(set) var kernel: Variable?
    public private(set) var bias: Variable?

    public init(units: Int, activation: KTensor.Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil,
                name: String? = nil, trainable: Bool = true) throws {
        guard units > 0 else {
            throw KerasError.value("Received an invalid value for `units`, expected a positive integer. Received: units=\(units)")
        }
        self.units = units
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(minNDim: 2)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        guard let shape = inputShapes.first, let last = shape.last, let inputDim = last else {
            throw KerasError.value("The last dimension of the inputs to a Dense layer should be defined. Found None. Full input shape received: \(formatShape(inputShapes.first ?? []))")
        }
        kernel = try addWeight(name: "kernel", shape: [inputDim, units], initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias { bias = try addWeight(name: "bias", shape: [units], initializer: biasInitializer, regularizer: biasRegularizer) }
        inputSpec = InputSpec(minNDim: 2, axes: [-1: inputDim])
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let kernel else { throw KerasError.value("Dense layer \(name) is not built.") }
        let x = inputs[0].dtype == dtype ? inputs[0] : try inputs[0].cast(to: dtype)
        return [try Tensor.dense(x, kernel: kernel.value, bias: bias?.value, activation: activation)]
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [Array(inputShapes[0].dropLast()) + [units]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["units"] = .int(units)
        c.appendKernelEntries(activation: activation, useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                              kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Dense {
        let layer = try Dense(units: try c.int("units", default: 0), activation: try c.activation("activation"),
                              useBias: try c.bool("use_bias", default: true),
                              kernelInitializer: try c.initializer("kernel_initializer", default: .glorotUniform(seed: nil)),
                              biasInitializer: try c.initializer("bias_initializer", default: .zeros),
                              kernelRegularizer: try c.regularizer("kernel_regularizer"), biasRegularizer: try c.regularizer("bias_regularizer"),
                              name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
