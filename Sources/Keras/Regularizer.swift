import KTensor

/// A weight regularizer (`keras.regularizers.l1/l2/l1_l2`): adds
/// `l1 * sum(|w|) + l2 * sum(w²)` to the model's losses.
public struct Regularizer: Equatable {
    public var l1: Double
    public var l2: Double

    /// Keras keeps the factors as float32 (`get_config()` reads 0.01 back as 0.009999999776482582).
    public init(l1: Double = 0, l2: Double = 0) {
        self.l1 = Double(Float(l1))
        self.l2 = Double(Float(l2))
    }

    /// `'l1'`, `'l2'`, `'l1_l2'` with Keras' default factor 0.01.
    public init?(identifier: String) {
        switch identifier {
        case "l1", "L1": self.init(l1: 0.01)
        case "l2", "L2": self.init(l2: 0.01)
        case "l1_l2", "L1L2": self.init(l1: 0.01, l2: 0.01)
        default: return nil
        }
    }

    /// The penalty for `weight` (differentiable).
    public func penalty(_ weight: Tensor) throws -> Tensor {
        var total = Tensor(scalar: Float(0))
        if l1 != 0 { total = try total + (try weight.abs().sum()) * l1 }
        if l2 != 0 { total = try total + (try weight.square().sum()) * l2 }
        return total
    }

    /// Keras' class name: `L1`, `L2` or `L1L2`.
    public var className: String {
        if l1 != 0 && l2 == 0 { return "L1" }
        if l2 != 0 && l1 == 0 { return "L2" }
        return "L1L2"
    }

    public var serialized: ConfigValue {
        var c = Config()
        switch className {
        case "L1": c["l1"] = .double(l1)
        case "L2": c["l2"] = .double(l2)
        default:
            c["l1"] = .double(l1)
            c["l2"] = .double(l2)
        }
        return .dict(Config([("class_name", .string(className)), ("config", .dict(c))]))
    }

    public init(serialized value: ConfigValue) throws {
        if let name = value.stringValue, let known = Regularizer(identifier: name) {
            self = known
            return
        }
        guard case .dict(let d) = value, case .dict(let c)? = d["config"] else {
            throw KerasError.value("Could not interpret regularizer identifier: \(value)")
        }
        self.init(l1: try c.double("l1", default: 0), l2: try c.double("l2", default: 0))
    }
}
