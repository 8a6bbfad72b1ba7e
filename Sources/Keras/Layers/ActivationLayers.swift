import KTensor

/// Keras' activation layers with arguments of their own: `ReLU`, `LeakyReLU`, `ELU`, `Softmax`
/// and `PReLU` (whose negative slopes are weights). All pass their input's mask on.
public class ElementwiseActivationLayer: Layer {
    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    /// The input cast to the layer's dtype.
    func floatInput(_ inputs: [Tensor]) throws -> Tensor { try inputs[0].cast(to: dtype) }
}

/// `keras.layers.ReLU(max_value=None, negative_slope=0.0, threshold=0.0)`: `x` above
/// `threshold` (capped at `max_value`), `negative_slope · (x - threshold)` below it.
public final class ReLU: ElementwiseActivationLayer {
    public let maxValue: Double?
    public let negativeSlope: Double
    public let threshold: Double

    public init(maxValue: Double? = nil, negativeSlope: Double = 0, threshold: Double = 0, name: String? = nil, trainable: Bool = true) throws {
        if let maxValue, maxValue < 0 {
            throw KerasError.value("max_value of a ReLU layer cannot be a negative value. Received: \(maxValue)")
        }
        if negativeSlope < 0 {
            throw KerasError.value("negative_slope of a ReLU layer cannot be a negative value. Received: \(negativeSlope)")
        }
        self.maxValue = maxValue
        self.negativeSlope = negativeSlope
        self.threshold = threshold
        super.init(name: name, trainable: trainable)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = try floatInput(inputs)
        // Keras' backend.relu, operation for operation.
        if negativeSlope != 0 && maxValue == nil && threshold == 0 { return [x.leakyRelu(alpha: negativeSlope)] }
        var y: Tensor
        var clip = maxValue != nil
        if threshold != 0 {
            y = try x * Tensor.greater(x, Tensor(scalar: threshold, dtype: x.dtype)).cast(to: x.dtype)
        } else if maxValue == 6 {
            y = x.relu6()
            clip = false
        } else {
            y = x.relu()
        }
        if clip, let maxValue { y = try y.clipped(min: 0, max: maxValue) }
        if negativeSlope != 0 {
            let negativePart = threshold != 0 ? try (threshold - x).relu() : x.negative().relu()
            y = try y - negativePart * negativeSlope
        }
        return [y]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["max_value"] = maxValue.map { .double(Double(Float($0))) } ?? ConfigValue.none
        c["negative_slope"] = .double(Double(Float(negativeSlope)))
        c["threshold"] = .double(Double(Float(threshold)))
        return c
    }

    public static func fromConfig(_ c: Config) throws -> ReLU {
        let layer = try ReLU(maxValue: c["max_value"]?.doubleValue, negativeSlope: try c.double("negative_slope", default: 0),
                             threshold: try c.double("threshold", default: 0), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.LeakyReLU(alpha=0.3)`.
public final class LeakyReLU: ElementwiseActivationLayer {
    /// Stored as float32, as Keras keeps it.
    public let alpha: Double

    public init(alpha: Double = 0.3, name: String? = nil, trainable: Bool = true) throws {
        guard alpha >= 0 else {
            throw KerasError.value("The alpha value of a Leaky ReLU layer cannot be None. Expecting a float. Received: \(alpha)")
        }
        self.alpha = Double(Float(alpha))
        super.init(name: name, trainable: trainable)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        [try floatInput(inputs).leakyRelu(alpha: alpha)]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["alpha"] = .double(alpha)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> LeakyReLU {
        let layer = try LeakyReLU(alpha: try c.double("alpha", default: 0.3), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.ELU(alpha=1.0)`.
public final class ELU: ElementwiseActivationLayer {
    public let alpha: Double

    public init(alpha: Double = 1, name: String? = nil, trainable: Bool = true) {
        self.alpha = alpha
        super.init(name: name, trainable: trainable)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        [try floatInput(inputs).elu(alpha: alpha)]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["alpha"] = .double(alpha)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> ELU {
        let layer = ELU(alpha: try c.double("alpha", default: 1), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Softmax(axis=-1)`; masked positions (`mask` False) get probability 0. Over the
/// last axis the output keeps its logits, as TF's Softmax op lets the cross-entropies use them.
public final class Softmax: ElementwiseActivationLayer {
    public let axis: Int

    public init(axis: Int = -1, name: String? = nil, trainable: Bool = true) {
        self.axis = axis
        super.init(name: name, trainable: trainable)
    }

    public override var callArgumentNames: [String] { ["inputs", "mask"] }

    public override func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        var x = try floatInput(inputs)
        if let mask = masks.first ?? nil {
            // Keras adds -1e9 where the mask is False.
            x = try x + (1 - mask.cast(to: x.dtype)) * -1e9
        }
        if axis == -1 || axis == x.rank - 1 { return [try x.activation(.softmax)] }
        return [try x.softmax(axis: axis)]
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try call(inputs, training: training, masks: [nil])
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["axis"] = .int(axis)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Softmax {
        let layer = Softmax(axis: try c.int("axis", default: -1), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.PReLU`: `max(x, 0) - alpha · max(-x, 0)` with `alpha` a weight of the input's
/// per-sample shape (1 along `shared_axes`).
public final class PReLU: ElementwiseActivationLayer {
    public let alphaInitializer: Initializer
    public let alphaRegularizer: Regularizer?
    /// 1-based axes along which one slope is shared (Keras' `shared_axes`), nil for none.
    public let sharedAxes: [Int]?
    public private(set) var alpha: Variable?

    public init(alphaInitializer: Initializer = .zeros, alphaRegularizer: Regularizer? = nil, sharedAxes: [Int]? = nil,
                name: String? = nil, trainable: Bool = true) {
        self.alphaInitializer = alphaInitializer
        self.alphaRegularizer = alphaRegularizer
        self.sharedAxes = sharedAxes
        super.init(name: name, trainable: trainable)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        var shape = Array(inputShapes[0].dropFirst())
        for axis in sharedAxes ?? [] {
            guard axis >= 1 && axis <= shape.count else {
                throw KerasError.value("PReLU: shared axis \(axis) is out of range for an input of shape \(formatShape(inputShapes[0]))")
            }
            shape[axis - 1] = 1
        }
        guard shape.allSatisfy({ $0 != nil }) else {
            throw KerasError.value("PReLU needs the input's dimensions (other than the batch and the shared axes) to be defined. Received: \(formatShape(inputShapes[0]))")
        }
        alpha = try addWeight(name: "alpha", shape: shape.map { $0 ?? 1 }, initializer: alphaInitializer, regularizer: alphaRegularizer)
        var axes: [Int: Int] = [:]
        for (i, size) in inputShapes[0].enumerated().dropFirst() where !(sharedAxes ?? []).contains(i) { axes[i] = size }
        inputSpec = InputSpec(ndim: inputShapes[0].count, axes: axes)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let alpha else { throw KerasError.value("PReLU layer \(name) is not built.") }
        let x = try floatInput(inputs)
        return [try x.relu() + alpha.value.negative() * x.negative().relu()]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["alpha_initializer"] = alphaInitializer.serialized
        c["alpha_regularizer"] = alphaRegularizer.configValue
        c["alpha_constraint"] = ConfigValue.none
        c["shared_axes"] = sharedAxes.map { .list($0.map(ConfigValue.int)) } ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> PReLU {
        let shared: [Int]?
        switch c["shared_axes"] {
        case .int(let axis)?: shared = [axis]
        case let value?: shared = value.elements?.compactMap(\.intValue)
        case nil: shared = nil
        }
        let layer = PReLU(alphaInitializer: try c.initializer("alpha_initializer", default: .zeros), alphaRegularizer: try c.regularizer("alpha_regularizer"),
                          sharedAxes: shared, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
