import KTensor

/// Keras' `GlobalPooling1D`/`GlobalPooling2D` bases (channels-last): the max or mean over all
/// spatial axes, `(batch, ..., channels)` → `(batch, channels)` (`keepdims` keeps the axes as
/// 1s). Global average pooling over steps honours a mask: masked steps are left out of the mean.
public class GlobalPooling: Layer {
    public let kind: Tensor.PoolKind
    /// 1 or 2 spatial axes.
    public let rank: Int
    public let keepDims: Bool

    init(kind: Tensor.PoolKind, rank: Int, keepDims: Bool, name: String?, trainable: Bool) {
        self.kind = kind
        self.rank = rank
        self.keepDims = keepDims
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: rank + 2)
    }

    public override var supportsMasking: Bool { kind == .average && rank == 1 }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] { [nil] }

    public override func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        let x = inputs[0]
        let axes = Array(1...rank)
        if kind == .average, rank == 1, let mask = masks.first ?? nil {
            guard x.rank == 3, mask.shape == Array(x.shape.prefix(2)) else {
                throw KerasError.value("The mask of \(name) must have the shape (batch, steps) of its input \(formatShape(x.shape)), got \(formatShape(mask.shape))")
            }
            let weights = try mask.cast(to: x.dtype).reshaped([mask.shape[0], mask.shape[1], 1])
            let total = try (x * weights).sum(axes: axes, keepDims: keepDims)
            return [try total / weights.sum(axes: axes, keepDims: keepDims)]
        }
        return [kind == .max ? try x.max(axes: axes, keepDims: keepDims) : try x.mean(axes: axes, keepDims: keepDims)]
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try call(inputs, training: training, masks: [nil])
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        let channels = shape[rank + 1]
        return [keepDims ? [shape[0]] + Array(repeating: 1, count: rank) + [channels] : [shape[0], channels]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["data_format"] = .string("channels_last")
        c["keepdims"] = .bool(keepDims)
        return c
    }
}

/// `keras.layers.GlobalAveragePooling1D(keepdims=False)`.
public final class GlobalAveragePooling1D: GlobalPooling {
    public init(keepDims: Bool = false, name: String? = nil, trainable: Bool = true) {
        super.init(kind: .average, rank: 1, keepDims: keepDims, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> GlobalAveragePooling1D {
        let layer = GlobalAveragePooling1D(keepDims: try c.bool("keepdims", default: false), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.GlobalMaxPooling1D(keepdims=False)`.
public final class GlobalMaxPooling1D: GlobalPooling {
    public init(keepDims: Bool = false, name: String? = nil, trainable: Bool = true) {
        super.init(kind: .max, rank: 1, keepDims: keepDims, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> GlobalMaxPooling1D {
        let layer = GlobalMaxPooling1D(keepDims: try c.bool("keepdims", default: false), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.GlobalAveragePooling2D(keepdims=False)`.
public final class GlobalAveragePooling2D: GlobalPooling {
    public init(keepDims: Bool = false, name: String? = nil, trainable: Bool = true) {
        super.init(kind: .average, rank: 2, keepDims: keepDims, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> GlobalAveragePooling2D {
        let layer = GlobalAveragePooling2D(keepDims: try c.bool("keepdims", default: false), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.GlobalMaxPooling2D(keepdims=False)`.
public final class GlobalMaxPooling2D: GlobalPooling {
    public init(keepDims: Bool = false, name: String? = nil, trainable: Bool = true) {
        super.init(kind: .max, rank: 2, keepDims: keepDims, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> GlobalMaxPooling2D {
        let layer = GlobalMaxPooling2D(keepDims: try c.bool("keepdims", default: false), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
