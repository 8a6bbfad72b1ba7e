import KTensor

/// TF's convolution and pooling functions on channels-last tensors: `tf.nn.conv1d`, `conv2d`,
/// `max_pool1d`/`2d`, `avg_pool1d`/`2d`, `max_pool`/`avg_pool`, `bias_add` and
/// `tf.image.extract_patches`; the argument forms and messages of TF 2.12.
extension TFModule {
    /// A per-axis argument (`strides`, `ksize`, `dilations`): an int, or a list of 1, `rank` or
    /// `rank + 2` ints (the long form includes the batch and channel entries).
    static func spatialSequence(_ value: Value, rank: Int, name: String, _ interp: Interpreter) throws -> [Int] {
        if let i = value.intValue { return Array(repeating: i, count: rank) }
        let items = try interp.collect(value).map { try interp.toInt($0, what: name) }
        switch items.count {
        case 1: return Array(repeating: items[0], count: rank)
        case rank: return items
        case rank + 2: return Array(items[1...rank])
        default:
            throw PyException.valueError("\(name) should be of length 1, \(rank) or \(rank + 2). Received: \(name)=\(try interp.str(value)) of length \(items.count)")
        }
    }

    /// `padding=`: TF takes only the upper-case names.
    static func windowPadding(_ value: Value, _ interp: Interpreter) throws -> WindowPadding {
        switch value.stringValue {
        case "VALID": return .valid
        case "SAME": return .same
        case let text?:
            throw PyException(TFErrors.invalidArgument, "Value for attr 'padding' of \"\(text)\" is not in the list of allowed values: \"SAME\", \"VALID\", \"EXPLICIT\"")
        case nil:
            throw PyException.notImplemented("kscript: explicit paddings are not supported yet; use 'SAME' or 'VALID'")
        }
    }

    static func checkChannelsLast(_ value: Value, _ expected: [String]) throws {
        guard value.isNone || expected.contains(value.stringValue ?? "") else {
            throw PyException.notImplemented("kscript: only channels-last data (\(expected[0])) is supported")
        }
    }

    static func pair(_ values: [Int]) -> (Int, Int) { values.count == 1 ? (1, values[0]) : (values[0], values[1]) }

    /// Runs a 2-d window op on `x`, a 1-d op (rank 1) as a 2-d one over rows one high.
    static func spatial(_ x: Tensor, rank: Int, op: String, _ body: (Tensor) throws -> Tensor) throws -> Tensor {
        if rank == 2 {
            guard x.rank == 4 else {
                throw TFErrors.kernelError(node: op, op: op, op == "Conv2D" ? "convolution input must be 4-dimensional: [\(x.shape.map(String.init).joined(separator: ","))]"
                                                                      : "tensor_in must be 4-dimensional")
            }
            return try body(x)
        }
        guard x.rank == 3 else {
            throw PyException.valueError("\(op): input must be 3-dimensional (batch, width, channels), got shape (\(x.shape.map(String.init).joined(separator: ", ")))")
        }
        let y = try body(try x.reshaped([x.shape[0], 1, x.shape[1], x.shape[2]]))
        return try y.reshaped([y.shape[0], y.shape[2], y.shape[3]])
    }

    static func pool(_ kind: Tensor.PoolKind, _ args: BoundArguments, rank: Int, _ interp: Interpreter) throws -> Value {
        let size = try spatialSequence(args["ksize"], rank: rank, name: "ksize", interp)
        let strides = try spatialSequence(args["strides"], rank: rank, name: "strides", interp)
        let padding = try windowPadding(args["padding"], interp)
        return wrap(try spatial(try tensor(args["input"]), rank: rank, op: kind == .max ? "MaxPool" : "AvgPool") {
            try $0.pool2d(kind, size: pair(size), strides: pair(strides), padding: padding)
        })
    }

    static func defineConvolution(_ nn: PyModule, _ image: PyModule) {
        for rank in [1, 2] {
            let layout = rank == 1 ? ["NWC"] : ["NHWC"]
            let strideName = rank == 1 ? "stride" : "strides"
            nn.defineFunction("conv\(rank)d", "input, filters, \(strideName), padding, data_format=None, dilations=None, name=None") { interp, args in
                try checkChannelsLast(args["data_format"], layout)
                let strides = try spatialSequence(args[strideName], rank: rank, name: "strides", interp)
                let dilations = args["dilations"].isNone ? Array(repeating: 1, count: rank) : try spatialSequence(args["dilations"], rank: rank, name: "dilations", interp)
                let padding = try windowPadding(args["padding"], interp)
                var kernel = try tensor(args["filters"])
                if rank == 1 { kernel = try kernel.reshaped([1] + kernel.shape) }
                let x = try tensor(args["input"])
                return wrap(try spatial(x, rank: rank, op: "Conv2D") { image in
                    do {
                        return try Tensor.conv2d(image, kernel: kernel, strides: pair(strides), dilation: pair(dilations), padding: padding)
                    } catch let error as TensorError {
                        throw TFErrors.kernelError(node: "Conv2D", op: "Conv2D", error.message)
                    }
                })
            }
            for (prefix, kind) in [("max", Tensor.PoolKind.max), ("avg", .average)] {
                nn.defineFunction("\(prefix)_pool\(rank)d", "input, ksize, strides, padding, data_format=None, name=None") { interp, args in
                    try checkChannelsLast(args["data_format"], layout)
                    return try pool(kind, args, rank: rank, interp)
                }
            }
        }
        // `tf.nn.max_pool` / `avg_pool` take the rank from the input (1-d and 2-d here).
        for (prefix, kind) in [("max", Tensor.PoolKind.max), ("avg", .average)] {
            nn.defineFunction("\(prefix)_pool", "input, ksize, strides, padding, data_format=None, name=None") { interp, args in
                let rank = try tensor(args["input"]).rank == 3 ? 1 : 2
                try checkChannelsLast(args["data_format"], rank == 1 ? ["NWC"] : ["NHWC"])
                return try pool(kind, args, rank: rank, interp)
            }
        }
        nn.defineFunction("bias_add", "value, bias, data_format=None, name=None") { _, args in
            let x = try tensor(args["value"])
            let bias = try tensor(args["bias"], dtype: x.dtype)
            guard bias.rank == 1, x.rank >= 2, x.shape[x.rank - 1] == bias.shape[0] else {
                throw TFErrors.kernelError(node: "BiasAdd", op: "BiasAdd", "Must provide as many biases as the last dimension of the input tensor: [\(bias.shape.map(String.init).joined(separator: ","))] vs. [\(x.shape.map(String.init).joined(separator: ","))]")
            }
            return wrap(try Tensor.binary(.add, x, bias))
        }
        image.defineFunction("extract_patches", "images, sizes, strides, rates, padding, name=None") { interp, args in
            func attribute(_ key: String) throws -> (Int, Int) {
                let values = try interp.collect(args[key]).map { try interp.toInt($0, what: key) }
                guard values.count == 4 else {
                    throw PyException(TFErrors.invalidArgument, "Length for attr '\(key == "sizes" ? "ksizes" : key)' of \(values.count) must be at least minimum 4")
                }
                return (values[1], values[2])
            }
            let sizes = try attribute("sizes"), strides = try attribute("strides"), rates = try attribute("rates")
            let padding = try windowPadding(args["padding"], interp)
            return wrap(try tensor(args["images"]).imagePatches(size: sizes, strides: strides, dilation: rates, padding: padding))
        }
    }
}
