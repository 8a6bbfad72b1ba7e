import KTensor

/// Keras' `Conv` base of `Conv1D` and `Conv2D` (channels-last): `activation(conv(x, kernel) +
/// bias)` with a kernel of shape `kernel_size + (in_channels, filters)`. A 1-d convolution runs
/// as a 2-d one over images one row high; `causal` padding (1-d only) pads the start of the
/// sequence so that output step t sees input steps up to t.
public class Conv: Layer {
    /// 1 or 2 spatial axes.
    public let rank: Int
    public let filters: Int
    public let kernelSize: [Int]
    public let strides: [Int]
    /// `valid`, `same` or (1-d only) `causal`.
    public let padding: String
    public let dilationRate: [Int]
    public let activation: KTensor.Activation
    public let useBias: Bool
    public let kernelInitializer: Initializer
    public let biasInitializer: Initializer
    public let kernelRegularizer: Regularizer?
    public let biasRegularizer: Regularizer?
    public private(set) var kernel: Variable?
    public private(set) var bias: Variable?

    init(rank: Int, filters: Int, kernelSize: [Int], strides: [Int], padding: String, dilationRate: [Int],
         activation: KTensor.Activation, useBias: Bool, kernelInitializer: Initializer, biasInitializer: Initializer,
         kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?, name: String?, trainable: Bool) throws {
        guard filters > 0 else {
            throw KerasError.value("Invalid value for argument `filters`. Expected a strictly positive value. Received filters=\(filters).")
        }
        try WindowArguments.check(kernelSize, "kernel_size", rank: rank)
        try WindowArguments.check(strides, "strides", rank: rank)
        try WindowArguments.check(dilationRate, "dilation_rate", rank: rank)
        try WindowArguments.checkPadding(padding, allowsCausal: rank == 1)
        if strides.contains(where: { $0 > 1 }) && dilationRate.contains(where: { $0 > 1 }) {
            throw KerasError.value("`strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=\(WindowArguments.tupleText(strides)) and dilation_rate=\(WindowArguments.tupleText(dilationRate))")
        }
        self.rank = rank
        self.filters = filters
        self.kernelSize = kernelSize
        self.strides = strides
        self.padding = padding
        self.dilationRate = dilationRate
        self.activation = activation
        self.useBias = useBias
        self.kernelInitializer = kernelInitializer
        self.biasInitializer = biasInitializer
        self.kernelRegularizer = kernelRegularizer
        self.biasRegularizer = biasRegularizer
        super.init(name: name, trainable: trainable)
        inputSpec = InputSpec(minNDim: rank + 2)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0]
        guard let last = shape.last, let channels = last else {
            throw KerasError.value("The channel dimension of the inputs should be defined. The input_shape received is \(formatShape(shape)), where axis -1 (0-based) is the channel dimension, which found to be `None`.")
        }
        kernel = try addWeight(name: "kernel", shape: kernelSize + [channels, filters], initializer: kernelInitializer, regularizer: kernelRegularizer)
        if useBias { bias = try addWeight(name: "bias", shape: [filters], initializer: biasInitializer, regularizer: biasRegularizer) }
        inputSpec = InputSpec(minNDim: rank + 2, axes: [-1: channels])
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let kernel else { throw KerasError.value("Convolution layer \(name) is not built.") }
        var x = try inputs[0].cast(to: dtype)
        let batchShape = Array(x.shape.dropLast(rank + 1))
        // Extra leading axes fold into the batch, as Keras does.
        x = try x.reshaped([-1] + Array(x.shape.suffix(rank + 1)))
        var kernelValue = kernel.value
        if rank == 1 {
            if padding == "causal" {
                x = try x.padded([(0, 0), ((kernelSize[0] - 1) * dilationRate[0], 0), (0, 0)])
            }
            x = try x.reshaped([x.shape[0], 1, x.shape[1], x.shape[2]])
            kernelValue = try kernelValue.reshaped([1] + kernelValue.shape)
        }
        let pair = { (values: [Int]) in values.count == 1 ? (1, values[0]) : (values[0], values[1]) }
        let y = try Tensor.conv2d(x, kernel: kernelValue, bias: bias?.value, strides: pair(strides), dilation: pair(dilationRate),
                                  padding: WindowArguments.windowPadding(padding), activation: activation)
        let spatial = rank == 1 ? [y.shape[2]] : [y.shape[1], y.shape[2]]
        return [try y.reshaped(batchShape + spatial + [filters])]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        let spatial = Array(shape.suffix(rank + 1).dropLast())
        var out: TensorShape = Array(shape.dropLast(rank + 1))
        for (axis, length) in spatial.enumerated() {
            let extra = padding == "causal" ? (kernelSize[axis] - 1) * dilationRate[axis] : 0
            let size = WindowAxis.outputLength(length.map { $0 + extra }, size: kernelSize[axis], stride: strides[axis],
                                               dilation: dilationRate[axis], padding: WindowArguments.windowPadding(padding))
            if let size, size <= 0, let length {
                throw KerasError.value("Negative dimension size caused by subtracting \((kernelSize[axis] - 1) * dilationRate[axis] + 1) from \(length + extra) for '\(name)/Conv\(rank)D' with input shapes: \(WindowArguments.graphShapeText(shape)), \(WindowArguments.graphShapeText(kernelSize.map(Optional.some) + [shape.last ?? nil, filters])).")
            }
            out.append(size)
        }
        return [out + [filters]]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["filters"] = .int(filters)
        c["kernel_size"] = WindowArguments.tuple(kernelSize)
        c["strides"] = WindowArguments.tuple(strides)
        c["padding"] = .string(padding)
        c["data_format"] = .string("channels_last")
        c["dilation_rate"] = WindowArguments.tuple(dilationRate)
        c["groups"] = .int(1)
        c.appendKernelEntries(activation: activation, useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                              kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer)
        return c
    }

    /// The arguments of a saved config, for the subclasses' `fromConfig`.
    static func arguments(_ c: Config, rank: Int) throws -> (filters: Int, kernelSize: [Int], strides: [Int], padding: String, dilationRate: [Int],
                                                               activation: KTensor.Activation, useBias: Bool, kernelInitializer: Initializer,
                                                               biasInitializer: Initializer, kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?) {
        (try c.int("filters", default: 0), try WindowArguments.read(c, "kernel_size", rank: rank, default: nil),
         try WindowArguments.read(c, "strides", rank: rank, default: 1), c.string("padding") ?? "valid",
         try WindowArguments.read(c, "dilation_rate", rank: rank, default: 1), try c.activation("activation"),
         try c.bool("use_bias", default: true), try c.initializer("kernel_initializer", default: .glorotUniform(seed: nil)),
         try c.initializer("bias_initializer", default: .zeros), try c.regularizer("kernel_regularizer"), try c.regularizer("bias_regularizer"))
    }
}

/// `keras.layers.Conv1D`: inputs `(batch, steps, channels)`, kernel `(kernel_size, channels, filters)`.
public final class Conv1D: Conv {
    public init(filters: Int, kernelSize: Int, strides: Int = 1, padding: String = "valid", dilationRate: Int = 1,
                activation: KTensor.Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String? = nil, trainable: Bool = true) throws {
        try super.init(rank: 1, filters: filters, kernelSize: [kernelSize], strides: [strides], padding: padding, dilationRate: [dilationRate],
                       activation: activation, useBias: useBias, kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                       kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> Conv1D {
        let a = try Conv.arguments(c, rank: 1)
        let layer = try Conv1D(filters: a.filters, kernelSize: a.kernelSize[0], strides: a.strides[0], padding: a.padding, dilationRate: a.dilationRate[0],
                               activation: a.activation, useBias: a.useBias, kernelInitializer: a.kernelInitializer, biasInitializer: a.biasInitializer,
                               kernelRegularizer: a.kernelRegularizer, biasRegularizer: a.biasRegularizer, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}

/// `keras.layers.Conv2D`: inputs `(batch, height, width, channels)`, kernel
/// `(kernel_height, kernel_width, channels, filters)`.
public final class Conv2D: Conv {
    public init(filters: Int, kernelSize: (Int, Int), strides: (Int, Int) = (1, 1), padding: String = "valid", dilationRate: (Int, Int) = (1, 1),
                activation: KTensor.Activation = .linear, useBias: Bool = true,
                kernelInitializer: Initializer = .glorotUniform(seed: nil), biasInitializer: Initializer = .zeros,
                kernelRegularizer: Regularizer? = nil, biasRegularizer: Regularizer? = nil, name: String? = nil, trainable: Bool = true) throws {
        try super.init(rank: 2, filters: filters, kernelSize: [kernelSize.0, kernelSize.1], strides: [strides.0, strides.1], padding: padding,
                       dilationRate: [dilationRate.0, dilationRate.1], activation: activation, useBias: useBias,
                       kernelInitializer: kernelInitializer, biasInitializer: biasInitializer,
                       kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer, name: name, trainable: trainable)
    }

    public static func fromConfig(_ c: Config) throws -> Conv2D {
        let a = try Conv.arguments(c, rank: 2)
        let layer = try Conv2D(filters: a.filters, kernelSize: (a.kernelSize[0], a.kernelSize[1]), strides: (a.strides[0], a.strides[1]),
                               padding: a.padding, dilationRate: (a.dilationRate[0], a.dilationRate[1]),
                               activation: a.activation, useBias: a.useBias, kernelInitializer: a.kernelInitializer, biasInitializer: a.biasInitializer,
                               kernelRegularizer: a.kernelRegularizer, biasRegularizer: a.biasRegularizer, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
