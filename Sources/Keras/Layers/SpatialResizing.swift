import KTensor

/// Keras' layers that grow or shrink the spatial axes of channels-last data without weights:
/// `ZeroPadding1D/2D` (zeros before and after), `Cropping1D/2D` (cells cut from both ends) and
/// `UpSampling1D/2D` (each cell repeated, nearest-neighbour). `amounts[i]` is the (before,
/// after) pair of spatial axis i; up-sampling uses `before` as the factor.
public class SpatialResizing: Layer {
    public enum Kind: Sendable { case zeroPadding, cropping, upSampling }

    public let kind: Kind
    public let amounts: [(before: Int, after: Int)]

    init(kind: Kind, amounts: [(before: Int, after: Int)], name: String?, trainable: Bool) throws {
        if amounts.contains(where: { $0.before < 0 || $0.after < 0 }) {
            throw KerasError.value("\(kind == .upSampling ? "size" : kind == .cropping ? "cropping" : "padding") values must not be negative")
        }
        self.kind = kind
        self.amounts = amounts
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(ndim: amounts.count + 2)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        var x = inputs[0]
        switch kind {
        case .zeroPadding:
            return [try x.padded([(0, 0)] + amounts + [(0, 0)])]
        case .cropping:
            for (i, amount) in amounts.enumerated() {
                let length = x.shape[i + 1] - amount.before - amount.after
                guard length >= 0 else {
                    throw KerasError.value("Cropping \(amount) is larger than axis \(i + 1) of the input, of length \(x.shape[i + 1]).")
                }
                x = try x.slice(axis: i + 1, start: amount.before, length: length)
            }
            return [x]
        case .upSampling:
            for (i, amount) in amounts.enumerated() { x = try x.repeated(amount.before, axis: i + 1) }
            return [x]
        }
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        var shape = inputShapes[0]
        for (i, amount) in amounts.enumerated() where kind == .cropping {
            if let length = shape[i + 1], length < amount.before + amount.after {
                throw KerasError.value("Cropping \(amount) is larger than axis \(i + 1) of the input, of length \(length).")
            }
        }
        for (i, amount) in amounts.enumerated() {
            shape[i + 1] = shape[i + 1].map { length in
                switch kind {
                case .zeroPadding: return length + amount.before + amount.after
                case .cropping: return length - amount.before - amount.after
                case .upSampling: return length * amount.before
                }
            }
        }
        return [shape]
    }

    /// `((a, b), (c, d))` for two axes, `(a, b)` for one.
    var pairsConfig: ConfigValue {
        let pairs = amounts.map { ConfigValue.tuple([.int($0.before), .int($0.after)]) }
        return pairs.count == 1 ? pairs[0] : .tuple(pairs)
    }

    /// The (before, after) pairs of a saved `padding`/`cropping` entry.
    static func pairs(_ value: ConfigValue?, rank: Int) throws -> [(before: Int, after: Int)] {
        func pair(_ v: ConfigValue) throws -> (Int, Int) {
            if let i = v.intValue { return (i, i) }
            guard let items = v.elements?.compactMap(\.intValue), items.count == 2 else { throw KerasError.value("invalid padding entry \(v)") }
            return (items[0], items[1])
        }
        guard let value else { return Array(repeating: (0, 0), count: rank) }
        if rank == 1 { return [try pair(value)] }
        if let i = value.intValue { return Array(repeating: (i, i), count: rank) }
        guard let items = value.elements, items.count == rank else { throw KerasError.value("invalid padding entry \(value)") }
        return try items.map(pair)
    }
}

/// `keras.layers.ZeroPadding1D(padding=1)`.
public final class ZeroPadding1D: SpatialResizing {
    public init(padding: (Int, Int) = (1, 1), name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .zeroPadding, amounts: [padding], name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["padding"] = pairsConfig
        return c
    }

    public static func fromConfig(_ c: Config) throws -> ZeroPadding1D {
        let layer = try ZeroPadding1D(padding: try pairs(c["padding"], rank: 1)[0], name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.ZeroPadding2D(padding=(1, 1))`.
public final class ZeroPadding2D: SpatialResizing {
    public init(padding: [(before: Int, after: Int)] = [(1, 1), (1, 1)], name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .zeroPadding, amounts: padding, name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["padding"] = pairsConfig
        c["data_format"] = .string("channels_last")
        return c
    }

    public static func fromConfig(_ c: Config) throws -> ZeroPadding2D {
        let layer = try ZeroPadding2D(padding: try pairs(c["padding"], rank: 2), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Cropping1D(cropping=(1, 1))`.
public final class Cropping1D: SpatialResizing {
    public init(cropping: (Int, Int) = (1, 1), name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .cropping, amounts: [cropping], name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["cropping"] = pairsConfig
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Cropping1D {
        let layer = try Cropping1D(cropping: try pairs(c["cropping"], rank: 1)[0], name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Cropping2D(cropping=((0, 0), (0, 0)))`.
public final class Cropping2D: SpatialResizing {
    public init(cropping: [(before: Int, after: Int)] = [(0, 0), (0, 0)], name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .cropping, amounts: cropping, name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["cropping"] = pairsConfig
        c["data_format"] = .string("channels_last")
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Cropping2D {
        let layer = try Cropping2D(cropping: try pairs(c["cropping"], rank: 2), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.UpSampling1D(size=2)`.
public final class UpSampling1D: SpatialResizing {
    public init(size: Int = 2, name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .upSampling, amounts: [(size, size)], name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["size"] = .int(amounts[0].before)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> UpSampling1D {
        let layer = try UpSampling1D(size: try c.int("size", default: 2), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.UpSampling2D(size=(2, 2), interpolation='nearest')`.
public final class UpSampling2D: SpatialResizing {
    public init(size: (Int, Int) = (2, 2), name: String? = nil, trainable: Bool = true) throws {
        try super.init(kind: .upSampling, amounts: [(size.0, size.0), (size.1, size.1)], name: name, trainable: trainable)
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["size"] = .tuple(amounts.map { .int($0.before) })
        c["data_format"] = .string("channels_last")
        c["interpolation"] = .string("nearest")
        return c
    }

    public static func fromConfig(_ c: Config) throws -> UpSampling2D {
        let size = try WindowArguments.read(c, "size", rank: 2, default: 2)
        let layer = try UpSampling2D(size: (size[0], size[1]), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
