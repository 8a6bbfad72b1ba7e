import KTensor

/// `keras.layers.RepeatVector(n)`: `(batch, features)` → `(batch, n, features)`.
public final class RepeatVector: Layer {
    public let n: Int

    public init(n: Int, name: String? = nil, trainable: Bool = true) throws {
        self.n = n
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: 2)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        [try inputs[0].expandingDims(at: 1).tiled([1, n, 1])]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [[inputShapes[0][0], n, inputShapes[0][1]]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["n"] = .int(n)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> RepeatVector {
        let layer = try RepeatVector(n: try c.int("n", default: 1), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Permute(dims)`: reorders the non-batch axes (`dims` counts them from 1).
public final class Permute: Layer {
    public let dims: [Int]

    public init(dims: [Int], name: String? = nil, trainable: Bool = true) throws {
        guard dims.sorted() == Array(1...Swift.max(dims.count, 1)) else {
            throw KerasError.value("Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=(\(dims.map(String.init).joined(separator: ", "))\(dims.count == 1 ? "," : ""))")
        }
        self.dims = dims
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: dims.count + 1)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        [try inputs[0].transposed([0] + dims)]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        return [[shape[0]] + dims.map { shape[$0] }]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["dims"] = .tuple(dims.map(ConfigValue.int))
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Permute {
        let layer = try Permute(dims: c["dims"]?.elements?.compactMap(\.intValue) ?? [], name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Masking(mask_value=0.0)`: steps whose features all equal `mask_value` are
/// zeroed and masked for the layers after.
public final class Masking: Layer {
    public let maskValue: Double

    public init(maskValue: Double = 0, name: String? = nil, trainable: Bool = true) {
        self.maskValue = maskValue
        super.init(name: name, trainable: trainable)
    }

    public override var supportsMasking: Bool { true }

    private func keep(_ x: Tensor, keepDims: Bool) throws -> Tensor {
        try Tensor.notEqual(x, Tensor(scalar: maskValue, dtype: x.dtype)).any(axes: [-1], keepDims: keepDims)
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        [try keep(inputs[0], keepDims: false)]
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = inputs[0]
        return [try x * keep(x, keepDims: true).cast(to: x.dtype)]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["mask_value"] = .double(maskValue)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Masking {
        let layer = Masking(maskValue: try c.double("mask_value", default: 0), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
