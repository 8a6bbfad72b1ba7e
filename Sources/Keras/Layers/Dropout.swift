import KTensor

/// `keras.layers.Dropout`: in training, zeroes each input with probability `rate` and scales
/// the rest by `1 / (1 - rate)`; at inference the identity. With `noise_shape` (None entries
/// take the input's size) one draw covers every entry it broadcasts over.
public class Dropout: Layer {
    public let rate: Double
    public let noiseShape: TensorShape?
    public let seed: Int?
    private let generator: NumPyRandomState?

    public init(rate: Double, noiseShape: TensorShape? = nil, seed: Int? = nil, name: String? = nil, trainable: Bool = true) throws {
        guard rate >= 0, rate <= 1 else {
            throw KerasError.value("Invalid value received for argument `rate`. Expected a float value between 0 and 1. Received: rate=\(rate)")
        }
        self.rate = rate
        self.noiseShape = noiseShape
        self.seed = seed
        generator = seed.map { NumPyRandomState(seed: UInt32(truncatingIfNeeded: $0)) }
        super.init(name: name, trainable: trainable)
    }

    public override var callArgumentNames: [String] { ["inputs", "training"] }

    /// The shape of one draw for input `x` (subclasses drop whole channels).
    func drawShape(_ x: Tensor) throws -> [Int] {
        guard let noiseShape else { return x.shape }
        guard noiseShape.count == x.rank else {
            throw KerasError.value("noise_shape \(formatShape(noiseShape)) does not match the rank of the input \(formatShape(x.shape))")
        }
        return zip(noiseShape, x.shape).map { $0 ?? $1 }
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = inputs[0]
        guard training == true, rate > 0 else { return [x] }
        let mask = try Dropout.mask(try drawShape(x), rate: rate, dtype: x.dtype.isFloatingPoint ? x.dtype : .float32,
                                    using: generator ?? EngineRandom.generator)
        return [try x * mask]
    }

    /// A dropout mask of `shape`: each entry 0 with probability `rate`, else `1 / (1 - rate)`.
    static func mask(_ shape: [Int], rate: Double, dtype: DType, using generator: NumPyRandomState = EngineRandom.generator) throws -> Tensor {
        let draws = Tensor.randomUniform(shape, dtype: .float64, using: generator)
        let keep = try Tensor.greaterEqual(draws, Tensor(scalar: rate))
        return try keep.cast(to: dtype) * (rate < 1 ? 1 / (1 - rate) : 0)
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["rate"] = .double(rate)
        c["noise_shape"] = noiseShape.map { .shape($0) } ?? ConfigValue.none
        c["seed"] = seed.map(ConfigValue.int) ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Dropout {
        let layer = try Dropout(rate: try c.double("rate", default: 0.5), noiseShape: c["noise_shape"]?.shapeValue, seed: c["seed"]?.intValue,
                                name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

extension Dropout {
    /// A `SpatialDropout1D` (`rank` 1) or `SpatialDropout2D` (`rank` 2) from its config.
    public static func spatialFromConfig(_ c: Config, rank: Int) throws -> Dropout {
        let rate = try c.double("rate", default: 0.5), seed = c["seed"]?.intValue
        let layer: Dropout = rank == 1 ? try SpatialDropout1D(rate: rate, seed: seed, name: c.layerName, trainable: c.isTrainable)
                                       : try SpatialDropout2D(rate: rate, seed: seed, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.SpatialDropout1D(rate)`: drops whole channels of `(batch, steps, channels)`.
public final class SpatialDropout1D: Dropout {
    public init(rate: Double, seed: Int? = nil, name: String? = nil, trainable: Bool = true) throws {
        try super.init(rate: rate, seed: seed, name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: 3)
    }

    override func drawShape(_ x: Tensor) throws -> [Int] { [x.shape[0], 1, x.shape[2]] }
}

/// `keras.layers.SpatialDropout2D(rate)`: drops whole channels of `(batch, rows, cols, channels)`.
public final class SpatialDropout2D: Dropout {
    public init(rate: Double, seed: Int? = nil, name: String? = nil, trainable: Bool = true) throws {
        try super.init(rate: rate, seed: seed, name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: 4)
    }

    override func drawShape(_ x: Tensor) throws -> [Int] { [x.shape[0], 1, 1, x.shape[3]] }
}
