import KTensor

/// Keras' `Pooling1D`/`Pooling2D` bases (channels-last): the max or mean of each `pool_size`
/// window moved by `strides` (default: `pool_size`). 1-d pooling runs as 2-d pooling over
/// images one row high.
public class Pooling: Layer {
    public let kind: Tensor.PoolKind
    /// 1 or 2 spatial axes.
    public let rank: Int
    public let poolSize: [Int]
    public let strides: [Int]
    /// `valid` or `same`.
    public let padding: String

    init(kind: Tensor.PoolKind, rank: Int, poolSize: [Int], strides: [Int]?, padding: String, name: String?, trainable: Bool) throws {
        try WindowArguments.check(poolSize, "pool_size", rank: rank)
        let strides = strides ?? poolSize
        try WindowArguments.check(strides, "strides", rank: rank)
        try WindowArguments.checkPadding(padding, allowsCausal: false)
        self.kind = kind
        self.rank = rank
        self.poolSize = poolSize
        self.strides = strides
        self.padding = padding
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: rank + 2)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        var x = inputs[0]
        if rank == 1 { x = try x.reshaped([x.shape[0], 1, x.shape[1], x.shape[2]]) }
        let pair = { (values: [Int]) in values.count == 1 ? (1, values[0]) : (values[0], values[1]) }
        let y = try x.pool2d(kind, size: pair(poolSize), strides: pair(strides), padding: WindowArguments.windowPadding(padding))
        return [rank == 1 ? try y.reshaped([y.shape[0], y.shape[2], y.shape[3]]) : y]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        var out: TensorShape = [shape[0]]
        for axis in 0..<rank {
            let length = shape[axis + 1]
            if padding == "valid", let length, length < poolSize[axis] {
                let op = kind == .max ? "MaxPool" : "AvgPool"
                throw KerasError.value("Negative dimension size caused by subtracting \(poolSize[axis]) from \(length) for '\(name)/\(op)' with input shapes: \(WindowArguments.graphShapeText(shape)).")
            }
            out.append(WindowAxis.outputLength(length, size: poolSize[axis], stride: strides[axis], padding: WindowArguments.windowPadding(padding)))
        }
        return [out + [shape[rank + 1]]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        // Keras' two bases list their entries in different orders.
        if rank == 1 { c["strides"] = WindowArguments.tuple(strides) }
        c["pool_size"] = WindowArguments.tuple(poolSize)
        c["padding"] = .string(padding)
        c["strides"] = WindowArguments.tuple(strides)
        c["data_format"] = .string("channels_last")
        return c
    }

    /// The arguments of a saved config, for the subclasses' `fromConfig`.
    static func arguments(_ c: Config, rank: Int) throws -> (poolSize: [Int], strides: [Int], padding: String) {
        (try WindowArguments.read(c, "pool_size", rank: rank, default: 2),
         try WindowArguments.read(c, "strides", rank: rank, default: nil), c.string("padding") ?? "valid")
    }
}

/// `keras.layers.MaxPooling1D(pool_size=2, strides=None, padding='valid')`.
public final class MaxPooling1D: Pooling {
    public init(poolSize: Int = 2, strides: Int? = nil, padding: String = "valid", name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .max, rank: 1, poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> MaxPooling1D {
        let a = try Pooling.arguments(c, rank: 1)
        let layer = try MaxPooling1D(poolSize: a.poolSize[0], strides: a.strides[0], padding: a.padding, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.AveragePooling1D(pool_size=2, strides=None, padding='valid')`.
public final class AveragePooling1D: Pooling {
    public init(poolSize: Int = 2, strides: Int? = nil, padding: String = "valid", name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .average, rank: 1, poolSize: [poolSize], strides: strides.map { [$0] }, padding: padding, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> AveragePooling1D {
        let a = try Pooling.arguments(c, rank: 1)
        let layer = try AveragePooling1D(poolSize: a.poolSize[0], strides: a.strides[0], padding: a.padding, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.MaxPooling2D(pool_size=(2, 2), strides=None, padding='valid')`.
public final class MaxPooling2D: Pooling {
    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: String = "valid", name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .max, rank: 2, poolSize: [poolSize.0, poolSize.1], strides: strides.map { [$0.0, $0.1] }, padding: padding,
                       name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> MaxPooling2D {
        let a = try Pooling.arguments(c, rank: 2)
        let layer = try MaxPooling2D(poolSize: (a.poolSize[0], a.poolSize[1]), strides: (a.strides[0], a.strides[1]), padding: a.padding,
                                     name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.AveragePooling2D(pool_size=(2, 2), strides=None, padding='valid')`.
public final class AveragePooling2D: Pooling {
    public init(poolSize: (Int, Int) = (2, 2), strides: (Int, Int)? = nil, padding: String = "valid", name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .average, rank: 2, poolSize: [poolSize.0, poolSize.1], strides: strides.map { [$0.0, $0.1] }, padding: padding,
                       name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> AveragePooling2D {
        let a = try Pooling.arguments(c, rank: 2)
        let layer = try AveragePooling2D(poolSize: (a.poolSize[0], a.poolSize[1]), strides: (a.strides[0], a.strides[1]), padding: a.padding,
                                         name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
