import KTensor

/// `keras.layers.BatchNormalization` over the last axis (Keras' default `axis=-1`): in
/// training normalises with the batch statistics and moves the moving mean and variance
/// toward them (`moving -= (moving - batch) * (1 - momentum)`; rank-4/5 inputs use the
/// unbiased variance for that update, as TF's fused kernel); at inference uses the moving
/// statistics. Weights: gamma, beta (trainable), moving_mean, moving_variance (not).
public final class BatchNormalization: Layer {
    public let momentum: Double
    public let epsilon: Double
    public let center: Bool
    public let scale: Bool
    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?
    public private(set) var movingMean: Variable?
    public private(set) var movingVariance: Variable?
    private var channelAxis: Int?
    /// The `axis` argument; it must name the last axis of the input.
    private let requestedAxis: Int

    public init(axis: Int = -1, momentum: Double = 0.99, epsilon: Double = 0.001, center: Bool = true, scale: Bool = true,
                name: String? = nil, trainable: Bool = true) throws {
        requestedAxis = axis
        self.momentum = momentum
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        super.init(name: name, trainable: trainable)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0]
        guard let last = shape.last, let channels = last else {
            throw KerasError.value("Axis -1 of input tensor should have a defined dimension but the layer received an input with shape \(formatShape(shape)).")
        }
        guard requestedAxis == -1 || requestedAxis == shape.count - 1 else {
            throw KerasError(.notImplemented, "kscript: BatchNormalization supports only the last axis (axis=-1), got axis=\(requestedAxis) for an input of rank \(shape.count)")
        }
        channelAxis = shape.count - 1
        if scale { gamma = try addWeight(name: "gamma", shape: [channels], initializer: .ones) }
        if center { beta = try addWeight(name: "beta", shape: [channels], initializer: .zeros) }
        movingMean = try addWeight(name: "moving_mean", shape: [channels], initializer: .zeros, trainable: false)
        movingVariance = try addWeight(name: "moving_variance", shape: [channels], initializer: .ones, trainable: false)
        inputSpec = InputSpec(ndim: shape.count, axes: [shape.count - 1: channels])
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let movingMean, let movingVariance else { throw KerasError.value("BatchNormalization layer \(name) is not built.") }
        let x = inputs[0].dtype == .float32 ? inputs[0] : try inputs[0].cast(to: .float32)
        let channels = movingMean.shape[0]
        let g = gamma?.value ?? Tensor.ones([channels]), b = beta?.value ?? Tensor.zeros([channels])
        // A frozen layer always runs in inference mode (Keras 2 behaviour).
        let isTraining = training == true && trainable
        let result = try BatchNormalizationOp.run(x, gamma: g, beta: b, movingMean: movingMean.valueWithoutWatching,
                                                  movingVariance: movingVariance.valueWithoutWatching,
                                                  epsilon: Float(epsilon), training: isTraining)
        if isTraining {
            let variance = x.rank >= 4 && x.rank <= 5 ? result.unbiasedVariance : result.variance
            try BatchNormalization.move(movingMean, toward: result.mean, momentum: Float(momentum))
            try BatchNormalization.move(movingVariance, toward: variance, momentum: Float(momentum))
        }
        return [result.output]
    }

    static func move(_ variable: Variable, toward values: [Float], momentum: Float) throws {
        let current = variable.valueWithoutWatching.floats()
        var updated = current
        for i in updated.indices { updated[i] = current[i] - (current[i] - values[i]) * (1 - momentum) }
        try variable.assign(try Tensor(shape: variable.shape, values: updated))
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["axis"] = channelAxis.map { .list([.int($0)]) } ?? .int(-1)
        c["momentum"] = .double(momentum)
        c["epsilon"] = .double(epsilon)
        c["center"] = .bool(center)
        c["scale"] = .bool(scale)
        c["beta_initializer"] = Initializer.zeros.serialized
        c["gamma_initializer"] = Initializer.ones.serialized
        c["moving_mean_initializer"] = Initializer.zeros.serialized
        c["moving_variance_initializer"] = Initializer.ones.serialized
        c["beta_regularizer"] = ConfigValue.none
        c["gamma_regularizer"] = ConfigValue.none
        c["beta_constraint"] = ConfigValue.none
        c["gamma_constraint"] = ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> BatchNormalization {
        let axis = c["axis"]?.intValue ?? c["axis"]?.elements?.first?.intValue ?? -1
        let layer = try BatchNormalization(axis: axis, momentum: try c.double("momentum", default: 0.99), epsilon: try c.double("epsilon", default: 0.001),
                                           center: try c.bool("center", default: true), scale: try c.bool("scale", default: true),
                                           name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
