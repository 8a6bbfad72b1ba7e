import Foundation
import KTensor

/// The `numpy` module: array creation, dtypes, math, shape functions, reductions, sorting,
/// comparison helpers, `.npy`/`.npz` files, `numpy.random` (see `NumPyRandomModule`) and
/// `numpy.linalg` (`NumPyLinalgModule`).
enum NumPyModule {
    static func tensor(_ v: Value) throws -> Tensor { try ArrayBridge.tensor(from: v) }
    static func wrap(_ t: Tensor) -> Value { ArrayBridge.numpyValue(t) }
    static func tensors(_ v: Value) throws -> [Tensor] {
        try Interpreter.current.collect(v).map { try ArrayBridge.tensor(from: $0) }
    }

    static func make(_ interp: Interpreter) throws -> PyModule {
        let m = PyModule(name: "numpy")
        // Each interpreter starts with NumPy's default print options, as each Python process does.
        NumPyPrinting.options = NumPyPrintOptions()
        m["__version__"] = .str("1.23.5")
        m.addType(NumPyTypes.ndarray)
        m.addType(NumPyTypes.generic)
        m.addType(NumPyTypes.dtype)
        m.addType(NumPyTypes.axisError)
        for (d, t) in zip(DType.allCases, NumPyTypes.scalarTypes) {
            m[t.name] = .object(t)
            if d == .float64 { m["double"] = .object(t); m["float_"] = .object(t) }
            if d == .int64 { m["int_"] = .object(t) }
        }
        m["newaxis"] = Value.none
        m["pi"] = .float(Double.pi)
        m["e"] = .float(M_E)
        m["inf"] = .float(.infinity)
        m["nan"] = .float(.nan)
        defineCreation(m)
        defineMath(m)
        defineShape(m)
        defineReductions(m)
        defineSearching(m)
        NumPyStatistics.define(m)
        NumPyFiles.define(m)
        NumPyPrinting.define(m)
        let random = try interp.loadModule("numpy.random")
        m["random"] = .object(random)
        m["linalg"] = .object(try interp.loadModule("numpy.linalg"))
        return m
    }

    static func dtypeArgument(_ args: BoundArguments, _ name: String = "dtype") throws -> DType? {
        try ArrayBridge.dtype(from: args[name])
    }

    static func defineCreation(_ m: PyModule) {
        m.defineFunction("array", "object, dtype=None, *, copy=True, order='K', subok=False, ndmin=0") { _, args in
            var t = try ArrayBridge.tensor(from: args["object"], dtype: try dtypeArgument(args))
            if try args.bool("copy") { t = t.contiguousCopy() }
            let ndmin = try args.int("ndmin")
            if t.rank < ndmin { t = try t.reshaped([Int](repeating: 1, count: ndmin - t.rank) + t.shape) }
            return ArrayBridge.ndarray(t)
        }
        m.defineFunction("asarray", "a, dtype=None, order=None") { _, args in
            if case .object(let o) = args["a"], o.type === NumPyTypes.ndarray, args["dtype"].isNone { return args["a"] }
            return ArrayBridge.ndarray(try ArrayBridge.tensor(from: args["a"], dtype: try dtypeArgument(args)))
        }
        for (name, fill) in [("zeros", 0.0), ("ones", 1.0), ("empty", 0.0)] {
            m.defineFunction(name, "shape, dtype=None, order='C'") { _, args in
                let shape = try NumPyArguments.shape(args["shape"])
                let d = try dtypeArgument(args) ?? .float64
                try Tensor.checkShape(shape, dtype: d)
                return ArrayBridge.ndarray(fill == 0 ? Tensor(zeros: shape, dtype: d) : Tensor.ones(shape, dtype: d))
            }
            m.defineFunction(name + "_like", "a, dtype=None, order='K', subok=True, shape=None") { _, args in
                let a = try tensor(args["a"])
                let d = try dtypeArgument(args) ?? a.dtype
                let shape = args["shape"].isNone ? a.shape : try NumPyArguments.shape(args["shape"])
                try Tensor.checkShape(shape, dtype: d)
                return ArrayBridge.ndarray(fill == 0 ? Tensor(zeros: shape, dtype: d) : Tensor.ones(shape, dtype: d))
            }
        }
        m.defineFunction("full", "shape, fill_value, dtype=None, order='C'") { _, args in
            let shape = try NumPyArguments.shape(args["shape"])
            let value = try tensor(args["fill_value"])
            let d = try dtypeArgument(args) ?? value.dtype
            try Tensor.checkShape(shape, dtype: d)
            return ArrayBridge.ndarray(try Tensor.full(shape, scalar: value.cast(to: d)))
        }
        m.defineFunction("full_like", "a, fill_value, dtype=None") { _, args in
            let a = try tensor(args["a"])
            let d = try dtypeArgument(args) ?? a.dtype
            return ArrayBridge.ndarray(try Tensor.full(a.shape, scalar: tensor(args["fill_value"]).cast(to: d)))
        }
        m.defineFunction("arange", "start, stop=None, step=None, dtype=None") { _, args in
            var start = args["start"], stop = args["stop"]
            let step = args["step"].isNone ? Value.int(1) : args["step"]
            if stop.isNone { stop = start; start = .int(0) }
            let d = try dtypeArgument(args)
            let allInts = [start, stop, step].allSatisfy { $0.intValue != nil || (ArrayBridge.arrayPayload($0)?.dtype.isInteger ?? false) }
            if allInts && (d == nil || d!.isInteger) {
                let i = { (v: Value) throws -> Int64 in Int64(try Interpreter.current.toInt(v, what: "arange")) }
                let t = try Tensor.arange(try i(start), try i(stop), step: try i(step))
                return ArrayBridge.ndarray(try d.map { try t.cast(to: $0) } ?? t)
            }
            let f = { (v: Value) throws -> Double in try Interpreter.current.toDouble(v, what: "arange") }
            return ArrayBridge.ndarray(try Tensor.arange(start: try f(start), stop: try f(stop), step: try f(step), dtype: d ?? .float64))
        }
        m.defineFunction("linspace", "start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0") { _, args in
            let start = try args.double("start"), stop = try args.double("stop")
            let num = try args.int("num")
            let t = try Tensor.linspace(start: start, stop: stop, count: num, endpoint: try args.bool("endpoint"), dtype: try dtypeArgument(args) ?? .float64)
            if try args.bool("retstep") {
                let div = try args.bool("endpoint") ? num - 1 : num
                return PyTuple.make([ArrayBridge.ndarray(t), .float(div > 0 ? (stop - start) / Double(div) : .nan)])
            }
            return ArrayBridge.ndarray(t)
        }
        m.defineFunction("eye", "N, M=None, k=0, dtype=None") { _, args in
            let n = try args.int("N")
            let cols = args["M"].isNone ? nil : try args.int("M")
            try Tensor.checkShape([n, cols ?? n], dtype: .float64)
            return ArrayBridge.ndarray(try Tensor.eye(n, cols, k: try args.int("k"), dtype: try dtypeArgument(args) ?? .float64))
        }
        m.defineFunction("identity", "n, dtype=None") { _, args in
            let n = try args.int("n")
            try Tensor.checkShape([n, n], dtype: .float64)
            return ArrayBridge.ndarray(try Tensor.eye(n, dtype: try dtypeArgument(args) ?? .float64))
        }
        m.defineFunction("copy", "a") { _, args in ArrayBridge.ndarray(try tensor(args["a"]).contiguousCopy()) }
        m.defineFunction("meshgrid", "*xi, copy=True, sparse=False, indexing='xy'") { _, args in
            let indexing = try args.string("indexing")
            guard indexing == "xy" || indexing == "ij" else { throw PyException.valueError("Valid values for `indexing` are 'xy' and 'ij'.") }
            let xi = try args.varArgs.map { try tensor($0).flattened() }
            var shapes = xi.indices.map { i in xi.indices.map { $0 == i ? -1 : 1 } }
            if indexing == "xy" && xi.count > 1 { shapes[0].swapAt(0, 1); shapes[1].swapAt(0, 1) }
            var grids = try zip(xi, shapes).map { try $0.reshaped($1) }
            if !(try args.bool("sparse")) {
                let shape = try grids.reduce([Int]()) { try Tensor.broadcastShapes($0, $1.shape) }
                grids = try grids.map { try $0.broadcast(to: shape) }
            }
            return .object(PyList(try grids.map { ArrayBridge.ndarray(try args.bool("copy") ? $0.contiguousCopy() : $0) }))
        }
    }

    static func defineMath(_ m: PyModule) {
        let unary: [(String, (Tensor) throws -> Tensor)] = [
            ("exp", { $0.exp() }), ("log", { $0.log() }), ("sqrt", { $0.sqrt() }), ("abs", { $0.abs() }),
            ("absolute", { $0.abs() }), ("square", { $0.square() }), ("sign", { $0.sign() }), ("floor", { $0.floor() }),
            ("ceil", { $0.ceil() }), ("negative", { $0.negative() }), ("expm1", { $0.expm1() }), ("log1p", { $0.log1p() }),
            ("tanh", { $0.tanh() }), ("isnan", { $0.isNaN() }), ("isfinite", { $0.isFinite() }), ("isinf", { $0.isInfinite() }),
            ("logical_not", { try $0.cast(to: .bool).logicalNot() }),
            ("log2", { try $0.log() / Tensor(scalar: Foundation.log(2.0), dtype: $0.dtype.floatResult) }),
            ("log10", { try $0.log() / Tensor(scalar: Foundation.log(10.0), dtype: $0.dtype.floatResult) }),
            ("sin", { $0.sin() }), ("cos", { $0.cos() }), ("tan", { $0.tan() }), ("arcsin", { $0.asin() }),
            ("arccos", { $0.acos() }), ("arctan", { $0.atan() }), ("sinh", { $0.sinh() }), ("cosh", { $0.cosh() }),
            ("arcsinh", { $0.asinh() }), ("arccosh", { $0.acosh() }), ("arctanh", { $0.atanh() }),
            ("deg2rad", { try $0.radiansFromDegrees() }), ("radians", { try $0.radiansFromDegrees() }),
            ("rad2deg", { try $0.degreesFromRadians() }), ("degrees", { try $0.degreesFromRadians() }),
        ]
        for (name, f) in unary {
            m.defineFunction(name, "x, /") { _, args in wrap(try f(try tensor(args["x"]))) }
        }
        let binary: [(String, ArrayOperators.Operation)] = [
            ("add", .arithmetic(.add)), ("subtract", .arithmetic(.subtract)), ("multiply", .arithmetic(.multiply)),
            ("divide", .arithmetic(.divide)), ("true_divide", .arithmetic(.divide)), ("floor_divide", .arithmetic(.floorDivide)),
            ("mod", .arithmetic(.remainder)), ("remainder", .arithmetic(.remainder)), ("power", .arithmetic(.power)),
            ("maximum", .arithmetic(.maximum)), ("minimum", .arithmetic(.minimum)),
            ("equal", .compare(.equal)), ("not_equal", .compare(.notEqual)), ("less", .compare(.less)),
            ("less_equal", .compare(.lessEqual)), ("greater", .compare(.greater)), ("greater_equal", .compare(.greaterEqual)),
            ("logical_and", .logical("and")), ("logical_or", .logical("or")), ("logical_xor", .logical("xor")),
        ]
        for (name, op) in binary {
            m.defineFunction(name, "x1, x2, /") { _, args in
                var x1 = args["x1"]
                if ArrayBridge.arrayPayload(x1) == nil { x1 = ArrayBridge.numpyValue(try tensor(x1)) }
                if case .logical = op {
                    x1 = ArrayBridge.numpyValue(try tensor(x1).cast(to: .bool))
                    let x2 = ArrayBridge.numpyValue(try tensor(args["x2"]).cast(to: .bool))
                    return try ArrayOperators.apply(op, x1, x2, reflected: false, style: .numpy)
                }
                return try ArrayOperators.apply(op, x1, args["x2"], reflected: false, style: .numpy)
            }
        }
        let floatBinary: [(String, (Tensor, Tensor) throws -> Tensor)] = [("arctan2", Tensor.atan2), ("hypot", Tensor.hypot)]
        for (name, f) in floatBinary {
            m.defineFunction(name, "x1, x2, /") { _, args in
                let (x1, x2) = try ArrayOperators.numpyOperands(args["x1"], args["x2"])
                return wrap(try f(x1, x2))
            }
        }
        m.defineFunction("clip", "a, a_min, a_max") { _, args in
            wrap(try NumPyFunctions.clip(try tensor(args["a"]), args["a_min"], args["a_max"]))
        }
        for name in ["round", "around"] {
            m.defineFunction(name, "a, decimals=0") { _, args in wrap(try tensor(args["a"]).round(decimals: try args.int("decimals"))) }
        }
        m.defineFunction("where", "condition, x=None, y=None") { _, args in
            let c = try tensor(args["condition"])
            if args["x"].isNone && args["y"].isNone {
                return PyTuple.make(try c.cast(to: .bool).nonzero().map { ArrayBridge.ndarray($0) })
            }
            guard !args["x"].isNone && !args["y"].isNone else { throw PyException.valueError("either both or neither of x and y should be given") }
            return wrap(try Tensor.where(c, try tensor(args["x"]), try tensor(args["y"])))
        }
        m.defineFunction("dot", "a, b") { _, args in wrap(try Tensor.dot(try tensor(args["a"]), try tensor(args["b"]))) }
        m.defineFunction("matmul", "x1, x2, /") { _, args in
            try ArrayOperators.apply(.matmul, ArrayBridge.ndarray(try tensor(args["x1"])), args["x2"], reflected: false, style: .numpy)
        }
        m.defineFunction("einsum", "subscripts, *operands, out=None, dtype=None, order='K', casting='safe', optimize=False") { _, args in
            guard let subscripts = args["subscripts"].stringValue else {
                throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.einsum takes its subscripts as a string")
            }
            var operands = try args.varArgs.map { try tensor($0) }
            if let d = try dtypeArgument(args) {
                operands = try operands.enumerated().map { i, x in
                    guard DType.promoted(x.dtype, d) == d else {
                        throw PyException.typeError("Iterator operand \(i) dtype could not be cast from dtype('\(x.dtype.name)') to dtype('\(d.name)') according to the rule 'safe'")
                    }
                    return try x.cast(to: d)
                }
            }
            return wrap(try Einsum.evaluate(subscripts, operands))
        }
        m.defineFunction("outer", "a, b") { _, args in wrap(try Tensor.outer(try tensor(args["a"]), try tensor(args["b"]))) }
        m.defineFunction("allclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { _, args in
            let close = try isClose(args)
            return .bool(try close.all().scalarInt64() != 0)
        }
        m.defineFunction("isclose", "a, b, rtol=1e-05, atol=1e-08, equal_nan=False") { _, args in wrap(try isClose(args)) }
        m.defineFunction("array_equal", "a1, a2, equal_nan=False") { _, args in
            let a = try tensor(args["a1"]), b = try tensor(args["a2"])
            guard a.shape == b.shape else { return .bool(false) }
            return .bool(try Tensor.equal(a, b).all().scalarInt64() != 0)
        }
        m.defineFunction("count_nonzero", "a, axis=None") { _, args in
            let nonzero = try Tensor.notEqual(try tensor(args["a"]), Tensor(scalar: Int64(0), dtype: .int64))
            return wrap(try nonzero.sum(axes: try NumPyArguments.axes(args["axis"])))
        }
    }

    /// NumPy's `isclose`: `|a - b| <= atol + rtol * |b|`, infinities equal when identical.
    static func isClose(_ args: BoundArguments) throws -> Tensor {
        let a = try tensor(args["a"]).cast(to: .float64), b = try tensor(args["b"]).cast(to: .float64)
        let tolerance = try Tensor(scalar: try args.double("atol"), dtype: .float64) + (b.abs() * Tensor(scalar: try args.double("rtol"), dtype: .float64))
        var close = try Tensor.lessEqual((a - b).abs(), tolerance)
        close = try Tensor.logicalOr(close, Tensor.equal(a, b))
        if try args.bool("equal_nan") { close = try Tensor.logicalOr(close, Tensor.logicalAnd(a.isNaN(), b.isNaN())) }
        return close
    }

    static func defineShape(_ m: PyModule) {
        m.defineFunction("reshape", "a, newshape, order='C'") { _, args in
            ArrayBridge.ndarray(try NumPyFunctions.reshape(try tensor(args["a"]), try NumPyArguments.shape(args["newshape"])))
        }
        m.defineFunction("ravel", "a") { _, args in ArrayBridge.ndarray(try tensor(args["a"]).flattened()) }
        m.defineFunction("transpose", "a, axes=None") { _, args in
            let a = try tensor(args["a"])
            if args["axes"].isNone { return wrap(try a.transposed()) }
            return wrap(try a.transposed(try NumPyArguments.intList(args["axes"], what: "axes")))
        }
        m.defineFunction("expand_dims", "a, axis") { _, args in
            var a = try tensor(args["a"])
            let axes = try NumPyArguments.axes(args["axis"]) ?? []
            let rank = a.rank + axes.count
            for axis in try normalizeAxes(axes, rank: rank) { a = try a.expandingDims(at: axis) }
            return ArrayBridge.ndarray(a)
        }
        m.defineFunction("squeeze", "a, axis=None") { _, args in
            wrap(try tensor(args["a"]).squeezed(axes: try NumPyArguments.axes(args["axis"])))
        }
        m.defineFunction("concatenate", "arrays, axis=0") { _, args in
            let parts = try tensors(args["arrays"])
            if args["axis"].isNone { return ArrayBridge.ndarray(try Tensor.concat(parts.map { $0.flattened() }, axis: 0)) }
            return ArrayBridge.ndarray(try concatenate(parts, axis: try args.int("axis")))
        }
        m.defineFunction("stack", "arrays, axis=0") { _, args in
            let parts = try tensors(args["arrays"])
            guard !parts.isEmpty else { throw PyException.valueError("need at least one array to stack") }
            guard parts.allSatisfy({ $0.shape == parts[0].shape }) else { throw PyException.valueError("all input arrays must have the same shape") }
            return ArrayBridge.ndarray(try Tensor.stack(promote(parts), axis: try args.int("axis")))
        }
        m.defineFunction("vstack", "tup") { _, args in
            let parts = try tensors(args["tup"]).map { $0.rank < 2 ? try $0.reshaped([1, $0.count]) : $0 }
            return ArrayBridge.ndarray(try concatenate(parts, axis: 0))
        }
        m.defineFunction("hstack", "tup") { _, args in
            let parts = try tensors(args["tup"]).map { $0.rank == 0 ? try $0.reshaped([1]) : $0 }
            return ArrayBridge.ndarray(try concatenate(parts, axis: parts.first?.rank == 1 ? 0 : 1))
        }
        m.defineFunction("split", "ary, indices_or_sections, axis=0") { _, args in
            let a = try tensor(args["ary"])
            let axis = try args.int("axis")
            let spec = args["indices_or_sections"]
            let parts: [Tensor]
            if let n = spec.intValue {
                let length = a.shape[try normalizeAxis(axis, rank: a.rank)]
                guard n > 0, length % n == 0 else { throw PyException.valueError("array split does not result in an equal division") }
                parts = try a.split(sections: n, axis: axis)
            } else {
                parts = try a.split(indices: try NumPyArguments.intList(spec, what: "indices"), axis: axis)
            }
            return .object(PyList(parts.map { ArrayBridge.ndarray($0) }))
        }
        m.defineFunction("flip", "m, axis=None") { _, args in
            ArrayBridge.ndarray(try tensor(args["m"]).flipped(axes: try NumPyArguments.axes(args["axis"])))
        }
        m.defineFunction("tile", "A, reps") { _, args in
            ArrayBridge.ndarray(try tensor(args["A"]).tiled(try NumPyArguments.shape(args["reps"])))
        }
        m.defineFunction("repeat", "a, repeats, axis=None") { _, args in
            let a = try tensor(args["a"])
            let axis = try NumPyArguments.axis(args["axis"])
            if let n = args["repeats"].intValue { return ArrayBridge.ndarray(try a.repeated(n, axis: axis)) }
            return ArrayBridge.ndarray(try a.repeated(try NumPyArguments.intList(args["repeats"], what: "repeats"), axis: axis))
        }
        m.defineFunction("shape", "a") { _, args in NDArrayMethods.shapeTuple(try tensor(args["a"]).shape) }
        m.defineFunction("ndim", "a") { _, args in .int(try tensor(args["a"]).rank) }
        m.defineFunction("size", "a") { _, args in .int(try tensor(args["a"]).count) }
    }

    /// Operands cast to their common dtype.
    static func promote(_ parts: [Tensor]) throws -> [Tensor] {
        guard let first = parts.first else { return parts }
        let common = parts.dropFirst().reduce(first.dtype) { DType.promoted($0, $1.dtype) }
        return try parts.map { try $0.cast(to: common) }
    }

    static func concatenate(_ parts: [Tensor], axis: Int) throws -> Tensor {
        guard let first = parts.first else { throw PyException.valueError("need at least one array to concatenate") }
        if first.rank == 0 { throw PyException.valueError("zero-dimensional arrays cannot be concatenated") }
        for (i, p) in parts.enumerated() where p.rank != first.rank {
            throw PyException.valueError("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(first.rank) dimension(s) and the array at index \(i) has \(p.rank) dimension(s)")
        }
        return try Tensor.concat(try promote(parts), axis: axis)
    }

    static func defineReductions(_ m: PyModule) {
        for name in NumPyFunctions.reductionNames {
            m.defineFunction(name, "a, axis=None, dtype=None, out=None, keepdims=False, ddof=0") { _, args in
                try NumPyFunctions.reduce(name, try tensor(args["a"]), args)
            }
        }
        m["amax"] = m["max"]
        m["amin"] = m["min"]
        m.defineFunction("cumsum", "a, axis=None, dtype=None") { _, args in
            ArrayBridge.ndarray(try NumPyFunctions.cumsum(try tensor(args["a"]), args))
        }
        m.defineFunction("cumprod", "a, axis=None") { _, args in
            ArrayBridge.ndarray(try tensor(args["a"]).cumprod(axis: try NumPyArguments.axis(args["axis"])))
        }
        m.defineFunction("average", "a, axis=None, weights=None") { _, args in
            let a = try tensor(args["a"])
            let axes = try NumPyArguments.axes(args["axis"])
            guard !args["weights"].isNone else { return wrap(try a.mean(axes: axes)) }
            let w = try tensor(args["weights"])
            return wrap(try (a * w).sum(axes: axes) / w.sum(axes: axes))
        }
    }

    static func defineSearching(_ m: PyModule) {
        m.defineFunction("argsort", "a, axis=-1, kind=None") { _, args in
            ArrayBridge.ndarray(try tensor(args["a"]).argsort(axis: try NumPyArguments.axis(args["axis"])))
        }
        m.defineFunction("sort", "a, axis=-1, kind=None") { _, args in
            ArrayBridge.ndarray(try tensor(args["a"]).sorted(axis: try NumPyArguments.axis(args["axis"])))
        }
        m.defineFunction("unique", "ar, return_index=False, return_inverse=False, return_counts=False, axis=None") { _, args in
            let r = try tensor(args["ar"]).unique()
            var results = [ArrayBridge.ndarray(r.values)]
            if try args.bool("return_index") { results.append(ArrayBridge.ndarray(r.firstIndices)) }
            if try args.bool("return_inverse") { results.append(ArrayBridge.ndarray(r.inverse)) }
            if try args.bool("return_counts") { results.append(ArrayBridge.ndarray(r.counts)) }
            return results.count == 1 ? results[0] : PyTuple.make(results)
        }
        m.defineFunction("bincount", "x, weights=None, minlength=0") { _, args in
            let w = args["weights"].isNone ? nil : try tensor(args["weights"])
            return ArrayBridge.ndarray(try tensor(args["x"]).bincount(weights: w, minLength: try args.int("minlength")))
        }
        m.defineFunction("nonzero", "a") { _, args in PyTuple.make(try tensor(args["a"]).nonzero().map { ArrayBridge.ndarray($0) }) }
        m.defineFunction("argwhere", "a") { _, args in
            let indices = try tensor(args["a"]).nonzero()
            return ArrayBridge.ndarray(try Tensor.stack(indices, axis: 1))
        }
        m.defineFunction("take", "a, indices, axis=None") { _, args in
            wrap(try tensor(args["a"]).take(try tensor(args["indices"]), axis: try NumPyArguments.axis(args["axis"])))
        }
        m.defineFunction("searchsorted", "a, v, side='left'") { _, args in
            wrap(try Tensor.searchSorted(try tensor(args["a"]), try tensor(args["v"]), right: try args.string("side") == "right"))
        }
    }
}
