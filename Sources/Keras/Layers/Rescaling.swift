import KTensor

/// `keras.layers.Rescaling(scale, offset=0.0)`: `x · scale + offset`, with the input first cast
/// to the layer's dtype (so uint8 pixels become floats). `scale` and `offset` are numbers or
/// per-channel lists, kept as written for `get_config()`.
public final class Rescaling: Layer {
    public let scale: ConfigValue
    public let offset: ConfigValue

    public init(scale: ConfigValue, offset: ConfigValue = .double(0), name: String? = nil, trainable: Bool = true) throws {
        for (label, value) in [("scale", scale), ("offset", offset)] where Rescaling.numbers(value) == nil {
            throw KerasError.value("Rescaling's `\(label)` must be a number or a list of numbers. Received: \(label)=\(value)")
        }
        self.scale = scale
        self.offset = offset
        super.init(name: name, trainable: trainable)
    }

    /// The values of a number or a flat list of numbers, nil for anything else.
    static func numbers(_ value: ConfigValue) -> [Double]? {
        switch value {
        case .int(let i): return [Double(i)]
        case .double(let d): return [d]
        case .list(let items), .tuple(let items):
            let values = items.compactMap { item -> Double? in
                if case .int(let i) = item { return Double(i) }
                if case .double(let d) = item { return d }
                return nil
            }
            return values.count == items.count ? values : nil
        default: return nil
        }
    }

    /// `value` as a tensor of `dtype`: a scalar for a number, a vector for a list.
    private func factor(_ value: ConfigValue, dtype: DType) throws -> Tensor {
        let values = Rescaling.numbers(value) ?? [0]
        switch value {
        case .list, .tuple: return try Tensor(shape: [values.count], values: values).cast(to: dtype)
        default: return Tensor(scalar: values[0], dtype: dtype)
        }
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = try inputs[0].cast(to: dtype)
        return [try x * factor(scale, dtype: dtype) + factor(offset, dtype: dtype)]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [inputShapes[0]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["scale"] = scale
        c["offset"] = offset
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Rescaling {
        let layer = try Rescaling(scale: c["scale"] ?? .double(1), offset: c["offset"] ?? .double(0), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
