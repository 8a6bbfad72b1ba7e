import KTensor

/// A Keras weight initialiser (`keras.initializers.*`) with Keras 2.12's defaults. Random
/// ones draw from the engine's seeded generator, or from their own when given a `seed`.
public enum Initializer: Equatable {
    case zeros
    case ones
    case constant(Double)
    case glorotUniform(seed: Int?)
    case glorotNormal(seed: Int?)
    case heUniform(seed: Int?)
    case heNormal(seed: Int?)
    case lecunUniform(seed: Int?)
    case lecunNormal(seed: Int?)
    case randomUniform(min: Double, max: Double, seed: Int?)
    case randomNormal(mean: Double, standardDeviation: Double, seed: Int?)
    case truncatedNormal(mean: Double, standardDeviation: Double, seed: Int?)
    case orthogonal(gain: Double, seed: Int?)

    /// The initialiser a Keras identifier names (`"glorot_uniform"`, `"zeros"`, `"he_normal"`,
    /// or a class name such as `"GlorotUniform"`), nil for unknown names.
    public init?(identifier: String) {
        switch identifier {
        case "zeros", "zero", "Zeros": self = .zeros
        case "ones", "one", "Ones": self = .ones
        case "constant", "Constant": self = .constant(0)
        case "glorot_uniform", "GlorotUniform": self = .glorotUniform(seed: nil)
        case "glorot_normal", "GlorotNormal": self = .glorotNormal(seed: nil)
        case "he_uniform", "HeUniform": self = .heUniform(seed: nil)
        case "he_normal", "HeNormal": self = .heNormal(seed: nil)
        case "lecun_uniform", "LecunUniform": self = .lecunUniform(seed: nil)
        case "lecun_normal", "LecunNormal": self = .lecunNormal(seed: nil)
        case "random_uniform", "uniform", "RandomUniform": self = .randomUniform(min: -0.05, max: 0.05, seed: nil)
        case "random_normal", "normal", "RandomNormal": self = .randomNormal(mean: 0, standardDeviation: 0.05, seed: nil)
        case "truncated_normal", "TruncatedNormal": self = .truncatedNormal(mean: 0, standardDeviation: 0.05, seed: nil)
        case "orthogonal", "Orthogonal": self = .orthogonal(gain: 1, seed: nil)
        default: return nil
        }
    }

    /// A fresh tensor of `shape` and `dtype`.
    public func make(_ shape: [Int], dtype: DType = .float32) throws -> Tensor {
        try Tensor.checkShape(shape, dtype: dtype)
        let generator = seed.map { NumPyRandomState(seed: UInt32(truncatingIfNeeded: $0)) } ?? EngineRandom.generator
        switch self {
        case .zeros: return Tensor.zeros(shape, dtype: dtype)
        case .ones: return Tensor.ones(shape, dtype: dtype)
        case .constant(let v): return Tensor.full(shape, value: v, dtype: dtype)
        case .glorotUniform: return Tensor.glorotUniform(shape, dtype: dtype, using: generator)
        case .glorotNormal: return Tensor.glorotNormal(shape, dtype: dtype, using: generator)
        case .heUniform: return Tensor.heUniform(shape, dtype: dtype, using: generator)
        case .heNormal: return Tensor.heNormal(shape, dtype: dtype, using: generator)
        case .lecunUniform: return Tensor.lecunUniform(shape, dtype: dtype, using: generator)
        case .lecunNormal: return Tensor.lecunNormal(shape, dtype: dtype, using: generator)
        case .randomUniform(let low, let high, _): return Tensor.randomUniform(shape, min: low, max: high, dtype: dtype, using: generator)
        case .randomNormal(let mean, let sd, _): return Tensor.randomNormal(shape, mean: mean, standardDeviation: sd, dtype: dtype, using: generator)
        case .truncatedNormal(let mean, let sd, _): return Tensor.truncatedNormal(shape, mean: mean, standardDeviation: sd, dtype: dtype, using: generator)
        case .orthogonal(let gain, _): return try Tensor.orthogonal(shape, gain: gain, dtype: dtype, using: generator)
        }
    }

    var seed: Int? {
        switch self {
        case .zeros, .ones, .constant: return nil
        case .glorotUniform(let s), .glorotNormal(let s), .heUniform(let s), .heNormal(let s), .lecunUniform(let s), .lecunNormal(let s):
            return s
        case .randomUniform(_, _, let s), .randomNormal(_, _, let s), .truncatedNormal(_, _, let s), .orthogonal(_, let s):
            return s
        }
    }

    /// Keras' class name (`GlorotUniform`).
    public var className: String {
        switch self {
        case .zeros: return "Zeros"
        case .ones: return "Ones"
        case .constant: return "Constant"
        case .glorotUniform: return "GlorotUniform"
        case .glorotNormal: return "GlorotNormal"
        case .heUniform: return "HeUniform"
        case .heNormal: return "HeNormal"
        case .lecunUniform: return "LecunUniform"
        case .lecunNormal: return "LecunNormal"
        case .randomUniform: return "RandomUniform"
        case .randomNormal: return "RandomNormal"
        case .truncatedNormal: return "TruncatedNormal"
        case .orthogonal: return "Orthogonal"
        }
    }

    /// The initialiser's own config (`{'seed': None}`, `{'mean': 0.0, 'stddev': 0.05, ...}`).
    public var config: Config {
        let seedValue: ConfigValue = seed.map(ConfigValue.int) ?? .none
        switch self {
        case .zeros, .ones: return Config()
        case .constant(let v): return Config([("value", .double(v))])
        case .glorotUniform, .glorotNormal, .heUniform, .heNormal, .lecunUniform, .lecunNormal:
            return Config([("seed", seedValue)])
        case .randomUniform(let low, let high, _):
            return Config([("minval", .double(low)), ("maxval", .double(high)), ("seed", seedValue)])
        case .randomNormal(let mean, let sd, _), .truncatedNormal(let mean, let sd, _):
            return Config([("mean", .double(mean)), ("stddev", .double(sd)), ("seed", seedValue)])
        case .orthogonal(let gain, _):
            return Config([("gain", .double(gain)), ("seed", seedValue)])
        }
    }

    /// `{'class_name': ..., 'config': {...}}` as `keras.initializers.serialize` gives.
    public var serialized: ConfigValue {
        .dict(Config([("class_name", .string(className)), ("config", .dict(config))]))
    }

    /// Reads an initialiser back from an identifier string or a serialized dict.
    public init(serialized value: ConfigValue) throws {
        if let name = value.stringValue, let known = Initializer(identifier: name) {
            self = known
            return
        }
        guard case .dict(let d) = value, let name = d.string("class_name"), var result = Initializer(identifier: name) else {
            throw KerasError.value("Could not interpret initializer identifier: \(value)")
        }
        let c: Config
        if case .dict(let inner)? = d["config"] { c = inner } else { c = Config() }
        let seed = c["seed"]?.intValue
        switch result {
        case .constant: result = .constant(try c.double("value", default: 0))
        case .glorotUniform: result = .glorotUniform(seed: seed)
        case .glorotNormal: result = .glorotNormal(seed: seed)
        case .heUniform: result = .heUniform(seed: seed)
        case .heNormal: result = .heNormal(seed: seed)
        case .lecunUniform: result = .lecunUniform(seed: seed)
        case .lecunNormal: result = .lecunNormal(seed: seed)
        case .randomUniform: result = .randomUniform(min: try c.double("minval", default: -0.05), max: try c.double("maxval", default: 0.05), seed: seed)
        case .randomNormal: result = .randomNormal(mean: try c.double("mean", default: 0), standardDeviation: try c.double("stddev", default: 0.05), seed: seed)
        case .truncatedNormal: result = .truncatedNormal(mean: try c.double("mean", default: 0), standardDeviation: try c.double("stddev", default: 0.05), seed: seed)
        case .orthogonal: result = .orthogonal(gain: try c.double("gain", default: 1), seed: seed)
        case .zeros, .ones: break
        }
        self = result
    }
}
