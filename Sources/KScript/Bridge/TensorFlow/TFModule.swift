import Foundation
import KTensor

/// The `tensorflow` module (`import tensorflow as tf`): tensors, variables, dtypes, the
/// tensor functions, `tf.math`, `tf.nn`, `tf.linalg`, `tf.random`, `tf.GradientTape`,
/// `tf.IndexedSlices`, `tf.data`, `tf.config` and `tf.keras` (the `keras` module), the last two
/// made on first access.
enum TFModule {
    static func tensor(_ v: Value, dtype: DType? = nil) throws -> Tensor {
        try ArrayBridge.tensor(from: v, dtype: dtype, defaults: .tensorflow)
    }
    static func wrap(_ t: Tensor) -> Value { ArrayBridge.tfTensor(t) }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let m = PyModule(name: "tensorflow")
        m["__version__"] = .str("2.12.0")
        m["Tensor"] = .object(TFTypes.tensor)
        m["Variable"] = .object(TFTypes.variable)
        m["DType"] = .object(TFTypes.dtype)
        m["TensorShape"] = .object(TFTypes.tensorShape)
        m["GradientTape"] = .object(TFGradientTape.type)
        m["IndexedSlices"] = .object(TFIndexedSlices.type)
        TFTypes.variable.allocator = { interp, type, args in try makeVariable(interp, type, args) }
        for d in DType.allCases { m[d.name] = TFTypes.dtypeObject(d) }
        m["double"] = TFTypes.dtypeObject(.float64)
        let dtypes = PyModule(name: "tensorflow.dtypes")
        for d in DType.allCases { dtypes[d.name] = TFTypes.dtypeObject(d) }
        dtypes["DType"] = .object(TFTypes.dtype)
        m["dtypes"] = .object(dtypes)

        let math = PyModule(name: "tensorflow.math")
        let nn = PyModule(name: "tensorflow.nn")
        let random = PyModule(name: "tensorflow.random")
        defineTensorFunctions(m)
        defineMath(m, math)
        defineNN(m, nn)
        defineRandom(random)
        defineArrayFunctions(m, math, nn)
        defineRuntime(m)
        m["math"] = .object(math)
        let image = PyModule(name: "tensorflow.image")
        defineConvolution(nn, image)
        m["nn"] = .object(nn)
        m["image"] = .object(image)
        m["random"] = .object(random)
        let linalg = PyModule(name: "tensorflow.linalg")
        defineNorms(m, linalg, nn)
        linalg["matmul"] = m["matmul"]
        m["linalg"] = .object(linalg)
        m["data"] = .object(try interp.loadModule("tensorflow.data"))
        m["errors"] = .object(TFErrors.make())
        m["TensorSpec"] = .object(TFDataModule.tensorSpecType)
        m.defineFunction("__getattr__", "name") { interp, args in
            let name = try args.string("name")
            if name == "keras" {
                let keras = try interp.loadModule("keras")
                m["keras"] = .object(keras)
                return .object(keras)
            }
            if name == "config" {
                let config = try makeConfig(interp)
                m["config"] = .object(config)
                return .object(config)
            }
            throw PyException.attributeError("module 'tensorflow' has no attribute '\(name)'")
        }
        return m
    }

    static let variableSignature = Signature("initial_value=None, trainable=None, validate_shape=True, caching_device=None, name=None, variable_def=None, dtype=None, import_scope=None, constraint=None, synchronization=None, aggregation=None, shape=None")

    static func makeVariable(_ interp: Interpreter, _ type: PyType, _ args: Arguments) throws -> PyObject {
        let bound = try variableSignature.bind(args, function: "Variable")
        guard !bound["initial_value"].isNone else { throw PyException.valueError("initial_value must be specified.") }
        let value = try tensor(bound["initial_value"], dtype: try ArrayBridge.dtype(from: bound["dtype"]))
        let name = bound["name"].stringValue ?? "Variable"
        let trainable = bound["trainable"].isNone ? true : try interp.truthy(bound["trainable"])
        return ArrayBridge.remember(TFVariableObject(type: type, variable: Variable(value.contiguousCopy(), name: name, trainable: trainable)))
    }

    static func axisList(_ v: Value) throws -> [Int]? { try NumPyArguments.axes(v) }

    static func defineTensorFunctions(_ m: PyModule) {
        m.defineFunction("constant", "value, dtype=None, shape=None, name='Const'") { _, args in
            var t = try tensor(args["value"], dtype: try ArrayBridge.dtype(from: args["dtype"]))
            if !args["shape"].isNone {
                let shape = try NumPyArguments.shape(args["shape"])
                try Tensor.checkShape(shape, dtype: t.dtype)
                t = t.count == 1 ? try Tensor.full(shape, scalar: t.reshaped([])) : try t.reshaped(shape)
            }
            if case .object(let o) = args["value"], o is NDArrayObject { t = t.contiguousCopy() }
            return wrap(t)
        }
        m.defineFunction("convert_to_tensor", "value, dtype=None, dtype_hint=None, name=None") { _, args in
            if case .object(let o) = args["value"], o is TFTensorObject, args["dtype"].isNone { return args["value"] }
            if case .object(let slices as IndexedSlicesObject) = args["value"] { return wrap(try slices.dense(dtype: try ArrayBridge.dtype(from: args["dtype"]))) }
            return wrap(try tensor(args["value"], dtype: try ArrayBridge.dtype(from: args["dtype"])))
        }
        m.defineFunction("is_tensor", "x") { _, args in
            guard case .object(let o) = args["x"] else { return .bool(false) }
            return .bool(o is TFTensorObject || o is TFVariableObject || o is IndexedSlicesObject)
        }
        m.defineFunction("identity", "input, name=None") { _, args in
            if case .object(let slices as IndexedSlicesObject) = args["input"] { return .object(slices.withValues(try slices.valuesTensor())) }
            return wrap(try tensor(args["input"]))
        }
        m.defineFunction("cast", "x, dtype, name=None") { _, args in
            guard let d = try ArrayBridge.dtype(from: args["dtype"]) else { throw PyException.typeError("dtype must be given") }
            return wrap(try tensor(args["x"]).cast(to: d))
        }
        m.defineFunction("reshape", "tensor, shape, name=None") { _, args in
            wrap(try tensor(args["tensor"]).reshaped(try NumPyArguments.shape(args["shape"])))
        }
        m.defineFunction("transpose", "a, perm=None, conjugate=False, name='transpose'") { _, args in
            let a = try tensor(args["a"])
            return wrap(args["perm"].isNone ? try a.transposed() : try a.transposed(try NumPyArguments.intList(args["perm"], what: "perm")))
        }
        m.defineFunction("concat", "values, axis, name='concat'") { interp, args in
            wrap(try Tensor.concat(try interp.collect(args["values"]).map { try tensor($0) }, axis: try args.int("axis")))
        }
        m.defineFunction("stack", "values, axis=0, name='stack'") { interp, args in
            wrap(try Tensor.stack(try interp.collect(args["values"]).map { try tensor($0) }, axis: try args.int("axis")))
        }
        m.defineFunction("unstack", "value, num=None, axis=0, name='unstack'") { _, args in
            let t = try tensor(args["value"])
            let axis = try normalizeAxis(try args.int("axis"), rank: t.rank)
            return .object(PyList(try (0..<t.shape[axis]).map { i in
                var items = [TensorIndex](repeating: .all, count: axis)
                items.append(.index(i))
                return wrap(try t.indexed(items))
            }))
        }
        m.defineFunction("squeeze", "input, axis=None, name=None") { _, args in
            wrap(try tensor(args["input"]).squeezed(axes: try axisList(args["axis"])))
        }
        m.defineFunction("expand_dims", "input, axis, name=None") { _, args in
            wrap(try tensor(args["input"]).expandingDims(at: try args.int("axis")))
        }
        m.defineFunction("one_hot", "indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None") { _, args in
            let on = args["on_value"].isNone ? 1.0 : try args.double("on_value")
            let off = args["off_value"].isNone ? 0.0 : try args.double("off_value")
            return wrap(try Tensor.oneHot(try tensor(args["indices"]), depth: try args.int("depth"), on: on, off: off,
                                          dtype: try ArrayBridge.dtype(from: args["dtype"]) ?? .float32))
        }
        for name in ["argmax", "argmin"] {
            m.defineFunction(name, "input, axis=None, output_type=None, name=None") { _, args in
                let t = try tensor(args["input"])
                let axis = args["axis"].isNone ? 0 : try args.int("axis")
                var r = name == "argmax" ? try t.argmax(axis: axis) : try t.argmin(axis: axis)
                if let d = try ArrayBridge.dtype(from: args["output_type"]), d != r.dtype { r = try r.cast(to: d) }
                return wrap(r)
            }
        }
        let reductions: [(String, (Tensor, [Int]?, Bool) throws -> Tensor)] = [
            ("reduce_sum", { try $0.sum(axes: $1, keepDims: $2).cast(to: $0.dtype == .bool ? .int64 : $0.dtype) }),
            ("reduce_mean", { x, a, k in x.dtype.isFloatingPoint ? try x.mean(axes: a, keepDims: k) : try x.sum(axes: a, keepDims: k).floorDividedBy(count: x, axes: a) }),
            ("reduce_max", { try $0.max(axes: $1, keepDims: $2) }),
            ("reduce_min", { try $0.min(axes: $1, keepDims: $2) }),
            ("reduce_prod", { try $0.prod(axes: $1, keepDims: $2).cast(to: $0.dtype) }),
            ("reduce_any", { try $0.any(axes: $1, keepDims: $2) }),
            ("reduce_all", { try $0.all(axes: $1, keepDims: $2) }),
            ("reduce_std", { try $0.standardDeviation(axes: $1, keepDims: $2) }),
            ("reduce_variance", { try $0.variance(axes: $1, keepDims: $2) }),
        ]
        for (name, f) in reductions {
            m.defineFunction(name, "input_tensor, axis=None, keepdims=False, name=None") { _, args in
                wrap(try f(try tensor(args["input_tensor"]), try axisList(args["axis"]), try args.bool("keepdims")))
            }
        }
        m.defineFunction("matmul", "a, b, transpose_a=False, transpose_b=False, name=None") { _, args in
            wrap(try Tensor.matmul(try tensor(args["a"]), try tensor(args["b"]), transposeA: try args.bool("transpose_a"), transposeB: try args.bool("transpose_b")))
        }
        m.defineFunction("where", "condition, x=None, y=None, name=None") { _, args in
            let c = try tensor(args["condition"])
            if args["x"].isNone && args["y"].isNone {
                let indices = try c.cast(to: .bool).nonzero()
                return wrap(try Tensor.stack(indices, axis: 1))
            }
            return wrap(try Tensor.where(c, try tensor(args["x"]), try tensor(args["y"])))
        }
        m.defineFunction("shape", "input, out_type=None, name=None") { _, args in
            let s = try tensor(args["input"]).shape
            return wrap(try Tensor(shape: [s.count], values: s.map { Int32($0) }))
        }
        m.defineFunction("size", "input, out_type=None, name=None") { _, args in
            wrap(try Tensor(scalar: Int32(try tensor(args["input"]).count)).cast(to: try ArrayBridge.dtype(from: args["out_type"]) ?? .int32))
        }
        m.defineFunction("rank", "input, name=None") { _, args in wrap(Tensor(scalar: Int32(try tensor(args["input"]).rank))) }
        for (name, one) in [("zeros", false), ("ones", true)] {
            m.defineFunction(name, "shape, dtype=None, name=None") { _, args in
                let shape = try NumPyArguments.shape(args["shape"])
                let d = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
                try Tensor.checkShape(shape, dtype: d)
                return wrap(one ? Tensor.ones(shape, dtype: d) : Tensor(zeros: shape, dtype: d))
            }
            m.defineFunction(name + "_like", "input, dtype=None, name=None") { _, args in
                let t = try tensor(args["input"])
                let d = try ArrayBridge.dtype(from: args["dtype"]) ?? t.dtype
                return wrap(one ? Tensor.ones(t.shape, dtype: d) : Tensor(zeros: t.shape, dtype: d))
            }
        }
        m.defineFunction("fill", "dims, value, name=None") { _, args in
            let shape = try NumPyArguments.shape(args["dims"])
            let v = try tensor(args["value"])
            try Tensor.checkShape(shape, dtype: v.dtype)
            return wrap(try Tensor.full(shape, scalar: v))
        }
        m.defineFunction("range", "start, limit=None, delta=1, dtype=None, name='range'") { _, args in
            var start = args["start"], limit = args["limit"]
            if limit.isNone { limit = start; start = .int(0) }
            let d = try ArrayBridge.dtype(from: args["dtype"])
            let values = [start, limit, args["delta"]]
            if values.allSatisfy({ $0.intValue != nil }) && (d == nil || d!.isInteger) {
                let t = try Tensor.arange(Int64(start.intValue!), Int64(limit.intValue!), step: Int64(args["delta"].intValue!))
                return wrap(try t.cast(to: d ?? .int32))
            }
            let f = { (v: Value) throws -> Double in try Interpreter.current.toDouble(v, what: "range") }
            return wrap(try Tensor.arange(start: try f(start), stop: try f(limit), step: try f(args["delta"]), dtype: d ?? .float32))
        }
        m.defineFunction("gather", "params, indices, axis=None, batch_dims=0, name=None") { _, args in
            wrap(try tensor(args["params"]).take(try tensor(args["indices"]), axis: args["axis"].isNone ? 0 : try args.int("axis")))
        }
        m.defineFunction("tile", "input, multiples, name=None") { _, args in
            wrap(try tensor(args["input"]).tiled(try NumPyArguments.intList(args["multiples"], what: "multiples")))
        }
        m.defineFunction("clip_by_value", "t, clip_value_min, clip_value_max, name=None") { _, args in
            try mapValues(args["t"]) { t in
                try t.clipped(min: try tensor(args["clip_value_min"], dtype: t.dtype), max: try tensor(args["clip_value_max"], dtype: t.dtype))
            }
        }
        m.defineFunction("sort", "values, axis=-1, direction='ASCENDING', name=None") { _, args in
            let sorted = try tensor(args["values"]).sorted(axis: try args.int("axis"))
            return wrap(try args.string("direction") == "DESCENDING" ? try sorted.flipped(axes: [try args.int("axis")]) : sorted)
        }
        m.defineFunction("argsort", "values, axis=-1, direction='ASCENDING', stable=False, name=None") { _, args in
            let order = try tensor(args["values"]).argsort(axis: try args.int("axis"))
            let r = try args.string("direction") == "DESCENDING" ? try order.flipped(axes: [try args.int("axis")]) : order
            return wrap(try r.cast(to: .int32))
        }
        m.defineFunction("print", "*inputs, sep=' ', end='\\n'") { interp, args in
            let parts = try args.varArgs.map { v -> String in
                if let t = ArrayBridge.arrayPayload(v) { return NumPyFormat.str(t) }
                return try interp.str(v)
            }
            Console.shared.write(parts.joined(separator: try args.string("sep")) + (try args.string("end")), to: .stderr)
            return .none
        }
    }
}

private extension Tensor {
    /// TF's integer `reduce_mean`: the integer sum divided (truncating) by the element count.
    func floorDividedBy(count x: Tensor, axes: [Int]?) throws -> Tensor {
        let n = axes.map { try? normalizeAxes($0, rank: x.rank) }??.reduce(1) { $0 * x.shape[$1] } ?? x.count
        return try Tensor.binary(.divide, self, Tensor(scalar: Int64(n), dtype: .int64)).cast(to: x.dtype)
    }
}
