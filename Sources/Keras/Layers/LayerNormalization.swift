import KTensor

/// `keras.layers.LayerNormalization`: each sample normalised over `axis` (by default the last)
/// with its own mean and variance, then scaled by `gamma` and shifted by `beta` (weights of the
/// normalised axes' shape): `x · inv + (beta - mean · inv)` with `inv = gamma / sqrt(var + eps)`.
public final class LayerNormalization: Layer {
    /// The axes as given (negative ones count from the end).
    public let requestedAxes: [Int]
    /// Whether `axis` was given as a single int (kept so in the config).
    let axisWasInt: Bool
    public let epsilon: Double
    public let center: Bool
    public let scale: Bool
    public let betaInitializer: Initializer
    public let gammaInitializer: Initializer
    public let betaRegularizer: Regularizer?
    public let gammaRegularizer: Regularizer?
    public private(set) var gamma: Variable?
    public private(set) var beta: Variable?
    /// The normalised axes after `build`, non-negative and sorted.
    private var axes: [Int]?

    public init(axes: [Int] = [-1], axisWasInt: Bool = true, epsilon: Double = 1e-3, center: Bool = true, scale: Bool = true,
                betaInitializer: Initializer = .zeros, gammaInitializer: Initializer = .ones,
                betaRegularizer: Regularizer? = nil, gammaRegularizer: Regularizer? = nil, name: String? = nil, trainable: Bool = true) {
        requestedAxes = axes
        self.axisWasInt = axisWasInt
        self.epsilon = epsilon
        self.center = center
        self.scale = scale
        self.betaInitializer = betaInitializer
        self.gammaInitializer = gammaInitializer
        self.betaRegularizer = betaRegularizer
        self.gammaRegularizer = gammaRegularizer
        super.init(name: name, trainable: trainable)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0]
        var resolved: [Int] = []
        for axis in requestedAxes {
            let a = axis < 0 ? axis + shape.count : axis
            guard a >= 0 && a < shape.count else {
                throw KerasError.value("Invalid value for `axis` argument. Expected 0 <= axis < inputs.rank (with inputs.rank=\(shape.count)). Received: axis=\(axis)")
            }
            resolved.append(a)
        }
        guard Set(resolved).count == resolved.count else { throw KerasError.value("Duplicate axis: \(requestedAxes)") }
        let sizes = try resolved.map { a -> Int in
            guard let size = shape[a] else {
                throw KerasError.value("LayerNormalization needs axis \(a) of its input to be defined. Received input shape \(formatShape(shape)).")
            }
            return size
        }
        axes = resolved
        if scale { gamma = try addWeight(name: "gamma", shape: sizes, initializer: gammaInitializer, regularizer: gammaRegularizer) }
        if center { beta = try addWeight(name: "beta", shape: sizes, initializer: betaInitializer, regularizer: betaRegularizer) }
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let axes else { throw KerasError.value("LayerNormalization layer \(name) is not built.") }
        let x = try inputs[0].cast(to: dtype)
        // Weights reshaped to broadcast against the input.
        var broadcastShape = [Int](repeating: 1, count: x.rank)
        for a in axes { broadcastShape[a] = x.shape[a] }
        func broadcastable(_ v: Variable?) throws -> Tensor? {
            guard let v else { return nil }
            return axes == [x.rank - 1] ? v.value : try v.value.reshaped(broadcastShape)
        }
        let mean = try x.mean(axes: axes, keepDims: true)
        let variance = try (x - mean.withoutGradient()).square().mean(axes: axes, keepDims: true)
        var inverse = try (variance + epsilon).rsqrt()
        if let g = try broadcastable(gamma) { inverse = try inverse * g }
        let shift = try broadcastable(beta).map { try $0 - mean * inverse } ?? (try mean * inverse).negative()
        return [try x * inverse + shift]
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        if let axes { c["axis"] = .list(axes.map(ConfigValue.int)) } else {
            c["axis"] = axisWasInt ? .int(requestedAxes[0]) : .list(requestedAxes.map(ConfigValue.int))
        }
        c["epsilon"] = .double(epsilon)
        c["center"] = .bool(center)
        c["scale"] = .bool(scale)
        c["beta_initializer"] = betaInitializer.serialized
        c["gamma_initializer"] = gammaInitializer.serialized
        c["beta_regularizer"] = betaRegularizer.configValue
        c["gamma_regularizer"] = gammaRegularizer.configValue
        c["beta_constraint"] = ConfigValue.none
        c["gamma_constraint"] = ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> LayerNormalization {
        let axes: [Int], wasInt: Bool
        switch c["axis"] {
        case .int(let a)?: (axes, wasInt) = ([a], true)
        case let value?: (axes, wasInt) = (value.elements?.compactMap(\.intValue) ?? [-1], false)
        case nil: (axes, wasInt) = ([-1], true)
        }
        let layer = LayerNormalization(axes: axes, axisWasInt: wasInt, epsilon: try c.double("epsilon", default: 1e-3), center: try c.bool("center", default: true),
                                       scale: try c.bool("scale", default: true), betaInitializer: try c.initializer("beta_initializer", default: .zeros),
                                       gammaInitializer: try c.initializer("gamma_initializer", default: .ones),
                                       betaRegularizer: try c.regularizer("beta_regularizer"), gammaRegularizer: try c.regularizer("gamma_regularizer"),
                                       name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
