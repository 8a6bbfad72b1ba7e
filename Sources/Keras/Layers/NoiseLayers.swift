import KTensor

/// Keras' Gaussian regularization layers, active in training only (the identity at inference):
/// `GaussianNoise` adds `N(0, stddev)` noise, `GaussianDropout` multiplies by `N(1, rate / (1 - rate))`
/// noise (standard deviation `sqrt(rate / (1 - rate))`).
public final class GaussianNoiseLayer: Layer {
    public enum Kind: Sendable { case additive, multiplicative }

    public let kind: Kind
    /// `stddev` for additive noise, `rate` for multiplicative noise.
    public let amount: Double
    public let seed: Int?
    private let generator: NumPyRandomState?

    public init(kind: Kind, amount: Double, seed: Int? = nil, name: String? = nil, trainable: Bool = true) {
        self.kind = kind
        self.amount = amount
        self.seed = seed
        generator = seed.map { NumPyRandomState(seed: UInt32(truncatingIfNeeded: $0)) }
        super.init(name: name, trainable: trainable)
    }

    public override var className: String { kind == .additive ? "GaussianNoise" : "GaussianDropout" }

    public override var callArgumentNames: [String] { ["inputs", "training"] }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = try inputs[0].cast(to: dtype)
        guard training == true else { return [x] }
        let random = generator ?? EngineRandom.generator
        switch kind {
        case .additive:
            return [try x + Tensor.randomNormal(x.shape, mean: 0, standardDeviation: amount, dtype: x.dtype, using: random)]
        case .multiplicative:
            guard amount > 0 && amount < 1 else { return [x] }
            let deviation = (amount / (1 - amount)).squareRoot()
            return [try x * Tensor.randomNormal(x.shape, mean: 1, standardDeviation: deviation, dtype: x.dtype, using: random)]
        }
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c[kind == .additive ? "stddev" : "rate"] = .double(amount)
        c["seed"] = seed.map(ConfigValue.int) ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config, kind: Kind) throws -> GaussianNoiseLayer {
        let amount = try c.double(kind == .additive ? "stddev" : "rate", default: 0)
        let layer = GaussianNoiseLayer(kind: kind, amount: amount, seed: c["seed"]?.intValue, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Identity`: returns its input.
public final class Identity: Layer {
    public override var supportsMasking: Bool { true }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] { [inputs[0]] }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public static func fromConfig(_ c: Config) throws -> Identity {
        let layer = Identity(name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
