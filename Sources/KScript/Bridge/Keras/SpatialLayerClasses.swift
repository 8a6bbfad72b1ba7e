import Keras
import KTensor

/// The convolution and pooling classes of `keras.layers` (`Conv1D`, `Conv2D`, `MaxPooling1D`,
/// ..., `GlobalAveragePooling2D`) and their Keras aliases (`MaxPool2D`, `GlobalAvgPool2D`, ...):
/// Keras 2.12's arguments, with its checks of the per-axis tuples.
enum SpatialLayerClasses {
    /// Keras' other names of these classes (`keras.layers.MaxPool2D is keras.layers.MaxPooling2D`).
    static let aliases: [(alias: String, name: String)] = [
        ("Convolution1D", "Conv1D"), ("Convolution2D", "Conv2D"),
        ("MaxPool1D", "MaxPooling1D"), ("MaxPool2D", "MaxPooling2D"),
        ("AvgPool1D", "AveragePooling1D"), ("AvgPool2D", "AveragePooling2D"),
        ("GlobalAvgPool1D", "GlobalAveragePooling1D"), ("GlobalAvgPool2D", "GlobalAveragePooling2D"),
        ("GlobalMaxPool1D", "GlobalMaxPooling1D"), ("GlobalMaxPool2D", "GlobalMaxPooling2D"),
    ]

    /// Keras' `normalize_tuple`: an int repeated `rank` times, or a sequence of `rank` ints, each
    /// positive (or, with `allowZero`, not negative); Keras' messages otherwise.
    static func tuple(_ value: Value, rank: Int, _ name: String, allowZero: Bool = false, _ interp: Interpreter) throws -> [Int] {
        let message = "The `\(name)` argument must be a tuple of \(rank) integers. Received: \(try interp.repr(value))"
        let values: [Int]
        if let i = value.intValue {
            values = Array(repeating: i, count: rank)
        } else {
            guard let items = KerasValues.sequenceItems(value), items.count == rank else { throw PyException.valueError(message) }
            values = try items.map { item in
                guard let i = item.intValue else {
                    throw PyException.valueError(message + "including element \(try interp.str(item)) of type \(try interp.repr(.object(item.type)))")
                }
                return i
            }
        }
        let bad = Set(values.filter { allowZero ? $0 < 0 : $0 <= 0 }).sorted()
        if !bad.isEmpty {
            throw PyException.valueError(message + " including {\(bad.map(String.init).joined(separator: ", "))} that does not satisfy the requirement `\(allowZero ? ">= 0" : "> 0")`.")
        }
        return values
    }

    /// `padding=`/`cropping=` of the 2-d padding and cropping layers: an int, two ints (one per
    /// axis), or two (before, after) pairs.
    static func pairs(_ value: Value, _ key: String, _ interp: Interpreter) throws -> [(before: Int, after: Int)] {
        if let i = value.intValue { return [(i, i), (i, i)] }
        guard let items = KerasValues.sequenceItems(value), items.count == 2 else {
            throw PyException.valueError("`\(key)` should have two elements. Received: \(try interp.str(value)).")
        }
        return try items.map { item in
            if let i = item.intValue { return (i, i) }
            guard let pair = KerasValues.sequenceItems(item), pair.count == 2, let a = pair[0].intValue, let b = pair[1].intValue else {
                throw PyException.valueError("`\(key)` should have two elements. Received: \(try interp.str(value)).")
            }
            return (a, b)
        }
    }

    /// The (before, after) pair of the 1-d padding and cropping layers: an int or two ints.
    static func pair(_ value: Value, _ key: String, _ interp: Interpreter) throws -> (Int, Int) {
        if let i = value.intValue { return (i, i) }
        guard let items = KerasValues.sequenceItems(value), items.count == 2, let a = items[0].intValue, let b = items[1].intValue else {
            throw PyException.valueError("The `\(key)` argument must be a tuple of 2 integers. Received: \(try interp.repr(value))")
        }
        return (a, b)
    }

    /// `padding=`: Keras lower-cases it; the layer checks the name.
    static func padding(_ a: BoundArguments) throws -> String { try a.string("padding").lowercased() }

    /// Only channels-last data is supported (Keras' default).
    static func checkDataFormat(_ a: BoundArguments, _ interp: Interpreter) throws {
        let value = a["data_format"]
        if value.isNone { return }
        guard let format = value.stringValue?.lowercased(), ["channels_last", "channels_first"].contains(format) else {
            throw PyException.valueError("The `data_format` argument must be one of \"channels_first\", \"channels_last\". Received: \(try interp.str(value))")
        }
        if format == "channels_first" { throw PyException.notImplemented("kscript: data_format='channels_first' is not supported yet") }
    }

    static func makeAll(base: PyType) -> [PyType] {
        // Keras names a layer before it checks the arguments: a failed construction uses up a name too.
        func reservedName(_ a: BoundArguments, _ className: String) throws -> String {
            try a.optionalString("name") ?? Naming.uniqueName(Naming.snakeCase(className))
        }
        func trainable(_ a: BoundArguments) throws -> Bool { try a.bool("trainable") }
        let convTail = "groups=1, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None"
        /// The arguments shared by both convolutions, after the per-axis tuples.
        func conv(_ i: Interpreter, _ a: BoundArguments, rank: Int,
                  make: (_ filters: Int, _ kernelSize: [Int], _ strides: [Int], _ dilation: [Int]) throws -> Conv) throws -> Conv {
            try checkDataFormat(a, i)
            if try i.toInt(a["groups"], what: "groups") != 1 { throw PyException.notImplemented("kscript: grouped convolutions (groups > 1) are not supported yet") }
            let kernelSize = try tuple(a["kernel_size"], rank: rank, "kernel_size", i)
            let strides = try tuple(a["strides"], rank: rank, "strides", allowZero: true, i)
            if strides.contains(0) {
                throw PyException.valueError("The argument `strides` cannot contains 0(s). Received: (\(strides.map(String.init).joined(separator: ", "))\(strides.count == 1 ? "," : ""))")
            }
            let dilation = try tuple(a["dilation_rate"], rank: rank, "dilation_rate", i)
            return try make(try i.toInt(a["filters"], what: "filters"), kernelSize, strides, dilation)
        }
        func activation(_ a: BoundArguments) throws -> Activation { try KerasValues.activation(a["activation"]) }
        func kernelInitializer(_ a: BoundArguments, _ i: Interpreter) throws -> Initializer {
            try KerasValues.initializer(a["kernel_initializer"], default: .glorotUniform(seed: nil), i)
        }
        func biasInitializer(_ a: BoundArguments, _ i: Interpreter) throws -> Initializer {
            try KerasValues.initializer(a["bias_initializer"], default: .zeros, i)
        }
        func pooling(_ i: Interpreter, _ a: BoundArguments, rank: Int) throws -> (poolSize: [Int], strides: [Int]?) {
            try checkDataFormat(a, i)
            let poolSize = try tuple(a["pool_size"], rank: rank, "pool_size", i)
            let strides = a["strides"].isNone ? nil : try tuple(a["strides"], rank: rank, "strides", allowZero: true, i)
            return (poolSize, strides)
        }
        func global(_ i: Interpreter, _ a: BoundArguments) throws -> Bool {
            try checkDataFormat(a, i)
            return try a.bool("keepdims")
        }
        let define = LayerClasses.define
        return [
            define("Conv1D", "keras.layers.convolutional.conv1d",
                   "filters, kernel_size, strides=1, padding='valid', data_format='channels_last', dilation_rate=1, " + convTail, base,
                   "1D convolution layer (temporal convolution).") { i, a in
                let layerName = try reservedName(a, "Conv1D")
                return try conv(i, a, rank: 1) { filters, kernelSize, strides, dilation in
                    try Conv1D(filters: filters, kernelSize: kernelSize[0], strides: strides[0], padding: try padding(a), dilationRate: dilation[0],
                               activation: try activation(a), useBias: try a.bool("use_bias"), kernelInitializer: try kernelInitializer(a, i),
                               biasInitializer: try biasInitializer(a, i), kernelRegularizer: try KerasValues.regularizer(a["kernel_regularizer"], i),
                               biasRegularizer: try KerasValues.regularizer(a["bias_regularizer"], i), name: layerName, trainable: try trainable(a))
                }
            },
            define("Conv2D", "keras.layers.convolutional.conv2d",
                   "filters, kernel_size, strides=(1, 1), padding='valid', data_format=None, dilation_rate=(1, 1), " + convTail, base,
                   "2D convolution layer (spatial convolution over images).") { i, a in
                let layerName = try reservedName(a, "Conv2D")
                return try conv(i, a, rank: 2) { filters, kernelSize, strides, dilation in
                    try Conv2D(filters: filters, kernelSize: (kernelSize[0], kernelSize[1]), strides: (strides[0], strides[1]), padding: try padding(a),
                               dilationRate: (dilation[0], dilation[1]), activation: try activation(a), useBias: try a.bool("use_bias"),
                               kernelInitializer: try kernelInitializer(a, i), biasInitializer: try biasInitializer(a, i),
                               kernelRegularizer: try KerasValues.regularizer(a["kernel_regularizer"], i),
                               biasRegularizer: try KerasValues.regularizer(a["bias_regularizer"], i), name: layerName, trainable: try trainable(a))
                }
            },
            define("MaxPooling1D", "keras.layers.pooling.max_pooling1d", "pool_size=2, strides=None, padding='valid', data_format='channels_last'", base,
                   "Max pooling operation for 1D temporal data.") { i, a in
                let layerName = try reservedName(a, "MaxPooling1D")
                let p = try pooling(i, a, rank: 1)
                return try MaxPooling1D(poolSize: p.poolSize[0], strides: p.strides?[0], padding: try padding(a), name: layerName, trainable: try trainable(a))
            },
            define("AveragePooling1D", "keras.layers.pooling.average_pooling1d", "pool_size=2, strides=None, padding='valid', data_format='channels_last'", base,
                   "Average pooling for temporal data.") { i, a in
                let layerName = try reservedName(a, "AveragePooling1D")
                let p = try pooling(i, a, rank: 1)
                return try AveragePooling1D(poolSize: p.poolSize[0], strides: p.strides?[0], padding: try padding(a), name: layerName, trainable: try trainable(a))
            },
            define("MaxPooling2D", "keras.layers.pooling.max_pooling2d", "pool_size=(2, 2), strides=None, padding='valid', data_format=None", base,
                   "Max pooling operation for 2D spatial data.") { i, a in
                let layerName = try reservedName(a, "MaxPooling2D")
                let p = try pooling(i, a, rank: 2)
                return try MaxPooling2D(poolSize: (p.poolSize[0], p.poolSize[1]), strides: p.strides.map { ($0[0], $0[1]) }, padding: try padding(a),
                                        name: layerName, trainable: try trainable(a))
            },
            define("AveragePooling2D", "keras.layers.pooling.average_pooling2d", "pool_size=(2, 2), strides=None, padding='valid', data_format=None", base,
                   "Average pooling operation for 2D spatial data.") { i, a in
                let layerName = try reservedName(a, "AveragePooling2D")
                let p = try pooling(i, a, rank: 2)
                return try AveragePooling2D(poolSize: (p.poolSize[0], p.poolSize[1]), strides: p.strides.map { ($0[0], $0[1]) }, padding: try padding(a),
                                            name: layerName, trainable: try trainable(a))
            },
            define("GlobalAveragePooling1D", "keras.layers.pooling.global_average_pooling1d", "data_format='channels_last', keepdims=False", base,
                   "Global average pooling operation for temporal data (masked steps left out).") { i, a in
                let layerName = try reservedName(a, "GlobalAveragePooling1D")
                return GlobalAveragePooling1D(keepDims: try global(i, a), name: layerName, trainable: try trainable(a))
            },
            define("GlobalMaxPooling1D", "keras.layers.pooling.global_max_pooling1d", "data_format='channels_last', keepdims=False", base,
                   "Global max pooling operation for 1D temporal data.") { i, a in
                let layerName = try reservedName(a, "GlobalMaxPooling1D")
                return GlobalMaxPooling1D(keepDims: try global(i, a), name: layerName, trainable: try trainable(a))
            },
            define("GlobalAveragePooling2D", "keras.layers.pooling.global_average_pooling2d", "data_format=None, keepdims=False", base,
                   "Global average pooling operation for spatial data.") { i, a in
                let layerName = try reservedName(a, "GlobalAveragePooling2D")
                return GlobalAveragePooling2D(keepDims: try global(i, a), name: layerName, trainable: try trainable(a))
            },
            define("GlobalMaxPooling2D", "keras.layers.pooling.global_max_pooling2d", "data_format=None, keepdims=False", base,
                   "Global max pooling operation for spatial data.") { i, a in
                let layerName = try reservedName(a, "GlobalMaxPooling2D")
                return GlobalMaxPooling2D(keepDims: try global(i, a), name: layerName, trainable: try trainable(a))
            },
            define("ZeroPadding1D", "keras.layers.reshaping.zero_padding1d", "padding=1", base,
                   "Zero-padding layer for 1D input (e.g. temporal sequence).") { i, a in
                try ZeroPadding1D(padding: try pair(a["padding"], "padding", i), name: try reservedName(a, "ZeroPadding1D"), trainable: try trainable(a))
            },
            define("ZeroPadding2D", "keras.layers.reshaping.zero_padding2d", "padding=(1, 1), data_format=None", base,
                   "Zero-padding layer for 2D input (e.g. picture).") { i, a in
                let layerName = try reservedName(a, "ZeroPadding2D")
                try checkDataFormat(a, i)
                return try ZeroPadding2D(padding: try pairs(a["padding"], "padding", i), name: layerName, trainable: try trainable(a))
            },
            define("Cropping1D", "keras.layers.reshaping.cropping1d", "cropping=(1, 1)", base,
                   "Cropping layer for 1D input (e.g. temporal sequence).") { i, a in
                try Cropping1D(cropping: try pair(a["cropping"], "cropping", i), name: try reservedName(a, "Cropping1D"), trainable: try trainable(a))
            },
            define("Cropping2D", "keras.layers.reshaping.cropping2d", "cropping=((0, 0), (0, 0)), data_format=None", base,
                   "Cropping layer for 2D input (e.g. picture).") { i, a in
                let layerName = try reservedName(a, "Cropping2D")
                try checkDataFormat(a, i)
                return try Cropping2D(cropping: try pairs(a["cropping"], "cropping", i), name: layerName, trainable: try trainable(a))
            },
            define("UpSampling1D", "keras.layers.reshaping.up_sampling1d", "size=2", base, "Upsampling layer for 1D inputs.") { i, a in
                try UpSampling1D(size: try i.toInt(a["size"], what: "size"), name: try reservedName(a, "UpSampling1D"), trainable: try trainable(a))
            },
            define("UpSampling2D", "keras.layers.reshaping.up_sampling2d", "size=(2, 2), data_format=None, interpolation='nearest'", base,
                   "Upsampling layer for 2D inputs (nearest-neighbour).") { i, a in
                let layerName = try reservedName(a, "UpSampling2D")
                try checkDataFormat(a, i)
                let size = try tuple(a["size"], rank: 2, "size", i)
                guard try a.string("interpolation") == "nearest" else {
                    throw PyException.notImplemented("kscript: UpSampling2D supports interpolation='nearest' only")
                }
                return try UpSampling2D(size: (size[0], size[1]), name: layerName, trainable: try trainable(a))
            },
        ]
    }
}
