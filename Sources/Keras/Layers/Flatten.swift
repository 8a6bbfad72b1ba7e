import KTensor

/// `keras.layers.Flatten`: `(batch, d1, d2, ...)` → `(batch, d1·d2·...)`.
public final class Flatten: Layer {
    public override init(name: String? = nil, trainable: Bool = true, dtype: DType = .float32) {
        super.init(name: name, trainable: trainable, dtype: dtype)
        inputSpec = InputSpec(minNDim: 1)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = inputs[0]
        let batch = x.shape.first ?? 1
        let rest = x.shape.dropFirst().reduce(1, *)
        return [try x.reshaped([batch, rest])]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        guard let batch = shape.first else { return [[nil]] }
        let rest = shape.dropFirst()
        let size: Int? = rest.contains(where: { $0 == nil }) ? nil : rest.reduce(1) { $0 * ($1 ?? 1) }
        return [[batch, size]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["data_format"] = .string("channels_last")
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Flatten {
        let layer = Flatten(name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
