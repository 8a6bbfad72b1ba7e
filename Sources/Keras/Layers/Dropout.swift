import KTensor

/// `keras.layers.Dropout`: in training, zeroes each input with probability `rate` and scales
/// the rest by `1 / (1 - rate)`; at inference the identity.
public final class Dropout: Layer {
    public let rate: Double
    public let seed: Int?
    private let generator: NumPyRandomState?

    public init(rate: Double, seed: Int? = nil, name: String? = nil, trainable: Bool = true) throws {
        guard rate >= 0, rate <= 1 else {
            throw KerasError.value("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        self.rate = rate
        self.seed = seed
        generator = seed.map { NumPyRandomState(seed: UInt32(truncatingIfNeeded: $0)) }
        super.init(name: name, trainable: trainable)
    }

    public override var callArgumentNames: [String] { ["inputs", "training"] }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = inputs[0]
        guard training == true, rate > 0 else { return [x] }
        let draws = Tensor.randomUniform(x.shape, dtype: .float64, using: generator ?? EngineRandom.generator)
        let keep = try Tensor.greaterEqual(draws, Tensor(scalar: rate))
        let mask = try keep.cast(to: x.dtype.isFloatingPoint ? x.dtype : .float32) * (rate < 1 ? 1 / (1 - rate) : 0)
        return [try x * mask]
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["rate"] = .double(rate)
        c["noise_shape"] = ConfigValue.none
        c["seed"] = seed.map(ConfigValue.int) ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Dropout {
        let layer = try Dropout(rate: try c.double("rate", default: 0.5), seed: c["seed"]?.intValue, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
