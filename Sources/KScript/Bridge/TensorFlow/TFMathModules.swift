import KTensor

/// `tf.math`, `tf.nn` and `tf.random`, and the math functions TF also has at the top level.
extension TFModule {
    /// Functions TF has under `tf.math` but not at the top level.
    static let mathOnly: Set<String> = ["is_nan", "is_finite", "is_inf", "reciprocal", "log1p", "expm1", "erf", "softplus", "ceil", "rsqrt"]

    static func defineMath(_ m: PyModule, _ math: PyModule) {
        let unary: [(String, (Tensor) throws -> Tensor)] = [
            ("square", { $0.square() }), ("sqrt", { $0.sqrt() }), ("exp", { $0.exp() }), ("log", { $0.log() }),
            ("abs", { $0.abs() }), ("negative", { $0.negative() }), ("sign", { $0.sign() }), ("floor", { $0.floor() }),
            ("ceil", { $0.ceil() }), ("round", { $0.round() }), ("rsqrt", { $0.rsqrt() }), ("reciprocal", { $0.reciprocal() }),
            ("sigmoid", { $0.sigmoid() }), ("tanh", { $0.tanh() }), ("log1p", { $0.log1p() }), ("expm1", { $0.expm1() }),
            ("is_nan", { $0.isNaN() }), ("is_finite", { $0.isFinite() }), ("is_inf", { $0.isInfinite() }),
            ("logical_not", { $0.logicalNot() }), ("erf", { $0.erf() }), ("softplus", { $0.softplus() }),
        ]
        for (name, f) in unary {
            let define = { (target: PyModule) in
                _ = target.defineFunction(name, "x, name=None") { _, args in wrap(try f(try tensor(args["x"]))) }
            }
            define(math)
            if !mathOnly.contains(name) { define(m) }
        }
        defineTrigonometry(m, math)
        let binary: [(String, ArrayOperators.Operation)] = [
            ("add", .arithmetic(.add)), ("subtract", .arithmetic(.subtract)), ("multiply", .arithmetic(.multiply)),
            ("divide", .arithmetic(.divide)), ("truediv", .arithmetic(.divide)), ("floordiv", .arithmetic(.floorDivide)),
            ("pow", .arithmetic(.power)), ("maximum", .arithmetic(.maximum)), ("minimum", .arithmetic(.minimum)),
            ("mod", .arithmetic(.remainder)), ("floormod", .arithmetic(.remainder)),
            ("equal", .compare(.equal)), ("not_equal", .compare(.notEqual)), ("less", .compare(.less)),
            ("less_equal", .compare(.lessEqual)), ("greater", .compare(.greater)), ("greater_equal", .compare(.greaterEqual)),
            ("logical_and", .logical("and")), ("logical_or", .logical("or")), ("logical_xor", .logical("xor")),
        ]
        for (name, op) in binary {
            let define = { (target: PyModule) in
                _ = target.defineFunction(name, "x, y, name=None") { _, args in
                    var x = args["x"]
                    if ArrayBridge.arrayPayload(x) == nil || !(x.object is TFTensorObject || x.object is TFVariableObject) {
                        x = wrap(try tensor(x))
                    }
                    return try ArrayOperators.apply(op, x, args["y"], reflected: false, style: .tensorflow)
                }
            }
            define(math)
            define(m)
        }
        for name in ["reduce_sum", "reduce_mean", "reduce_max", "reduce_min", "reduce_prod", "reduce_any", "reduce_all", "reduce_std", "reduce_variance", "argmax", "argmin", "sqrt", "square"] {
            math[name] = m[name]
        }
        math.defineFunction("log_softmax", "logits, axis=None, name=None") { _, args in
            wrap(try tensor(args["logits"]).logSoftmax(axis: args["axis"].isNone ? -1 : try args.int("axis")))
        }
        math.defineFunction("softmax", "logits, axis=None, name=None") { _, args in
            wrap(try tensor(args["logits"]).softmax(axis: args["axis"].isNone ? -1 : try args.int("axis")))
        }
        math.defineFunction("count_nonzero", "input, axis=None, keepdims=None, dtype=None, name=None") { _, args in
            let nz = try Tensor.notEqual(try tensor(args["input"]), Tensor(scalar: Int64(0), dtype: try tensor(args["input"]).dtype))
            return wrap(try nz.sum(axes: try axisList(args["axis"])))
        }
    }

    /// `tf.sin` ... `tf.atanh` and `tf.atan2`, at the top level and in `tf.math`: float tensors
    /// only, as TF's kernels (TF's own float32 kernels may differ from these in the last bit).
    static func defineTrigonometry(_ m: PyModule, _ math: PyModule) {
        let unary: [(String, String, (Tensor) -> Tensor)] = [
            ("sin", "Sin", { $0.sin() }), ("cos", "Cos", { $0.cos() }), ("tan", "Tan", { $0.tan() }),
            ("asin", "Asin", { $0.asin() }), ("acos", "Acos", { $0.acos() }), ("atan", "Atan", { $0.atan() }),
            ("sinh", "Sinh", { $0.sinh() }), ("cosh", "Cosh", { $0.cosh() }), ("asinh", "Asinh", { $0.asinh() }),
            ("acosh", "Acosh", { $0.acosh() }), ("atanh", "Atanh", { $0.atanh() }),
        ]
        let allowed = ["bfloat16", "half", "float", "double", "complex64", "complex128"]
        for (name, op, f) in unary {
            let function = m.defineFunction(name, "x, name=None") { _, args in
                let x = try tensor(args["x"])
                guard x.dtype.isFloatingPoint else { throw TFErrors.disallowedType(x.dtype, op: op, signature: "x:T -> y:T", allowed: allowed) }
                return wrap(f(x))
            }
            math[name] = .object(function)
        }
        let atan2 = m.defineFunction("atan2", "y, x, name=None") { _, args in
            let y = try tensor(args["y"])
            let x = try ArrayOperators.operand(args["x"], partner: y, style: .tensorflow) ?? tensor(args["x"])
            guard y.dtype == x.dtype else {
                throw PyException(TFErrors.invalidArgument, "cannot compute Atan2 as input #1(zero-based) was expected to be a \(TFErrors.kernelName(y.dtype)) tensor but is a \(TFErrors.kernelName(x.dtype)) tensor [Op:Atan2]")
            }
            guard y.dtype.isFloatingPoint else {
                throw TFErrors.disallowedType(y.dtype, op: "Atan2", signature: "y:T, x:T -> z:T", allowed: Array(allowed.prefix(4)))
            }
            return wrap(try Tensor.atan2(y, x))
        }
        math["atan2"] = .object(atan2)
    }

    static func defineNN(_ m: PyModule, _ nn: PyModule) {
        let activations: [(String, (Tensor) throws -> Tensor)] = [
            ("relu", { $0.relu() }), ("sigmoid", { $0.sigmoid() }), ("tanh", { $0.tanh() }), ("relu6", { $0.relu6() }),
            ("elu", { $0.elu() }), ("selu", { $0.selu() }), ("gelu", { $0.gelu() }), ("swish", { $0.swish() }),
            ("silu", { $0.swish() }), ("softplus", { $0.softplus() }), ("softsign", { $0.softsign() }),
        ]
        for (name, f) in activations {
            nn.defineFunction(name, "features, name=None") { _, args in wrap(try f(try tensor(args["features"]))) }
        }
        nn.defineFunction("leaky_relu", "features, alpha=0.2, name=None") { _, args in
            wrap(try tensor(args["features"]).leakyRelu(alpha: try args.double("alpha")))
        }
        nn.defineFunction("softmax", "logits, axis=None, name=None") { _, args in
            wrap(try tensor(args["logits"]).softmax(axis: args["axis"].isNone ? -1 : try args.int("axis")))
        }
        nn.defineFunction("log_softmax", "logits, axis=None, name=None") { _, args in
            wrap(try tensor(args["logits"]).logSoftmax(axis: args["axis"].isNone ? -1 : try args.int("axis")))
        }
        nn.defineFunction("sparse_softmax_cross_entropy_with_logits", "labels, logits, name=None") { _, args in
            wrap(try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: try tensor(args["logits"]), labels: try tensor(args["labels"])))
        }
        nn.defineFunction("softmax_cross_entropy_with_logits", "labels, logits, axis=-1, name=None") { _, args in
            wrap(try Tensor.softmaxCrossEntropyWithLogits(logits: try tensor(args["logits"]), labels: try tensor(args["labels"])))
        }
        nn.defineFunction("sigmoid_cross_entropy_with_logits", "labels=None, logits=None, name=None") { _, args in
            wrap(try Tensor.sigmoidCrossEntropyWithLogits(logits: try tensor(args["logits"]), labels: try tensor(args["labels"])))
        }
    }

    static func defineRandom(_ random: PyModule) {
        random.defineFunction("set_seed", "seed") { _, args in
            setRandomSeed(UInt32(truncatingIfNeeded: try args.int("seed")))
            return .none
        }
        random.defineFunction("normal", "shape, mean=0.0, stddev=1.0, dtype=None, seed=None, name=None") { _, args in
            let shape = try NumPyArguments.shape(args["shape"])
            let d = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
            try Tensor.checkShape(shape, dtype: d)
            return wrap(Tensor.randomNormal(shape, mean: try args.double("mean"), standardDeviation: try args.double("stddev"), dtype: d))
        }
        random.defineFunction("uniform", "shape, minval=0, maxval=None, dtype=None, seed=None, name=None") { _, args in
            let shape = try NumPyArguments.shape(args["shape"])
            let d = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
            try Tensor.checkShape(shape, dtype: d)
            let high = args["maxval"].isNone ? 1.0 : try args.double("maxval")
            if d.isInteger {
                let t = try EngineRandom.generator.randint(Int64(try args.int("minval")), Int64(high), shape, dtype: .int64)
                return wrap(try t.cast(to: d))
            }
            return wrap(Tensor.randomUniform(shape, min: try args.double("minval"), max: high, dtype: d))
        }
        random.defineFunction("shuffle", "value, seed=None, name=None") { _, args in
            wrap(try EngineRandom.generator.permutation(try tensor(args["value"])))
        }
    }
}
