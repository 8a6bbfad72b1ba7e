import KTensor

/// Attributes and methods of `ndarray` and of the NumPy scalar types (which share them, a
/// scalar being a 0-d array): shape/dtype/size..., conversion, printing, indexing, iteration,
/// reductions and shape methods.
enum NDArrayMethods {
    static func array(_ v: Value) throws -> NDArrayObject {
        guard case .object(let o) = v, let a = o as? NDArrayObject else {
            throw PyException.typeError("descriptor requires a 'numpy.ndarray' object but received a '\(v.type.name)'")
        }
        return a
    }

    static func tensor(_ v: Value) throws -> Tensor { try array(v).tensor }

    static func shapeTuple(_ shape: [Int]) -> Value { PyTuple.make(shape.map { .int($0) }) }

    /// `round(x)` / `round(x, n)` for NumPy scalars (ndarrays have no `__round__` in NumPy 1.23).
    static func defineRound(on t: PyType) {
        t.defineMethod("__round__", "ndigits=None") { _, args in
            let x = try tensor(args.receiver)
            if args["ndigits"].isNone && x.rank == 0 {
                let rounded = x.dtype.isFloatingPoint ? try x.round().scalarDouble() : Double(try x.scalarInt64())
                guard rounded.isFinite else { throw PyException.overflow("cannot convert float infinity to integer") }
                return .int(try Builtins.intFromDouble(rounded))
            }
            let digits = args["ndigits"].isNone ? 0 : try args.int("ndigits")
            return ArrayBridge.numpyValue(try x.round(decimals: digits))
        }
    }

    /// `ndarray.__format__` (also what a `tf.Tensor` formats as): a 0-d value formats as the
    /// Python scalar (`f"{np.float32(1/3)}"` is 0.3333333432674408), an array with an empty
    /// spec as its `str`.
    static func format(_ x: Tensor, spec: String, _ interp: Interpreter) throws -> String {
        guard x.rank == 0 else {
            if spec.isEmpty { return NumPyFormat.str(x, options: NumPyPrinting.options) }
            throw PyException.typeError("unsupported format string passed to numpy.ndarray.__format__")
        }
        return try interp.format(NumPyArguments.pythonScalar(x, atOffset: x.offset), spec)
    }

    static func install(on t: PyType, isScalarType: Bool) {
        t.defineProperty("shape") { _, v in shapeTuple(try tensor(v).shape) }
        t.defineProperty("dtype") { _, v in NumPyTypes.dtypeObject(try tensor(v).dtype) }
        t.defineProperty("ndim") { _, v in .int(try tensor(v).rank) }
        t.defineProperty("size") { _, v in .int(try tensor(v).count) }
        t.defineProperty("itemsize") { _, v in .int(try tensor(v).dtype.size) }
        t.defineProperty("nbytes") { _, v in .int(try tensor(v).count * tensor(v).dtype.size) }
        t.defineProperty("T") { _, v in ArrayBridge.numpyValue(try tensor(v).transposed()) }

        t.defineRawMethod("__repr__", "") { _, a in
            let x = try tensor(a[0])
            if isScalarType { return .str(NumPyFormat.str(x)) }
            return .str(NumPyFormat.repr(x, options: NumPyPrinting.options))
        }
        t.defineRawMethod("__str__", "") { _, a in
            let x = try tensor(a[0])
            return .str(isScalarType ? NumPyFormat.str(x) : NumPyFormat.str(x, options: NumPyPrinting.options))
        }
        t.defineRawMethod("__format__", "spec") { interp, a in .str(try format(try tensor(a[0]), spec: a[1].stringValue ?? "", interp)) }
        t.defineRawMethod("__float__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else { throw PyException.typeError("only size-1 arrays can be converted to Python scalars") }
            return .float(x.doubles()[0])
        }
        t.defineRawMethod("__int__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else { throw PyException.typeError("only size-1 arrays can be converted to Python scalars") }
            if x.dtype.isFloatingPoint {
                let d = x.doubles()[0]
                guard d.isFinite else { throw PyException.overflow("cannot convert float \(d.isNaN ? "NaN" : "infinity") to integer") }
                return .int(try Builtins.intFromDouble(d.rounded(.towardZero)))
            }
            return .int(Int(x.int64s()[0]))
        }
        t.defineRawMethod("__index__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank == 0, !x.dtype.isFloatingPoint else {
                throw PyException.typeError("only integer scalar arrays can be converted to a scalar index")
            }
            return .int(Int(try x.scalarInt64()))
        }
        t.defineRawMethod("__bool__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else {
                if x.count == 0 { return .bool(false) }
                throw PyException.valueError("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
            }
            return .bool(x.doubles()[0] != 0)
        }
        if isScalarType { defineRound(on: t) }
        for (name, reflected) in [("__divmod__", false), ("__rdivmod__", true)] {
            t.defineRawMethod(name, "other") { _, a in
                let quotient = try ArrayOperators.apply(.arithmetic(.floorDivide), a[0], a[1], reflected: reflected, style: .numpy)
                let remainder = try ArrayOperators.apply(.arithmetic(.remainder), a[0], a[1], reflected: reflected, style: .numpy)
                if quotient.object === BuiltinTypes.notImplementedValue { return quotient }
                return PyTuple.make([quotient, remainder])
            }
        }
        t.defineRawMethod("__len__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank > 0 else { throw PyException.typeError("len() of unsized object") }
            return .int(x.shape[0])
        }
        t.defineRawMethod("__iter__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank > 0 else { throw PyException.typeError("iteration over a 0-d array") }
            return .object(TensorRowIterator(x, style: .numpy))
        }
        t.defineRawMethod("__getitem__", "key") { _, a in
            ArrayBridge.numpyValue(try NumPyIndexing.get(try tensor(a[0]), a[1]))
        }
        t.defineRawMethod("__setitem__", "key, value") { _, a in
            let target = try array(a[0])
            guard !isScalarType else { throw PyException.typeError("'\(a[0].type.name)' object does not support item assignment") }
            let value = try ArrayBridge.tensor(from: a[2])
            try NumPyIndexing.set(&target.tensor, a[1], value)
            return .none
        }
        t.defineRawMethod("__contains__", "item") { _, a in
            let x = try tensor(a[0])
            let other = try ArrayBridge.tensor(from: a[1])
            return .bool(try Tensor.equal(x, other).any().scalarInt64() != 0)
        }
        if isScalarType {
            t.defineRawMethod("__hash__", "") { interp, a in
                let x = try tensor(a[0])
                return .int(try interp.hash(NumPyArguments.pythonScalar(x, atOffset: x.offset)))
            }
        } else {
            t.setAttribute("__hash__", .none)
        }

        t.defineMethod("tolist", "") { _, args in NumPyArguments.toList(try tensor(args.receiver)) }
        t.defineMethod("item", "*args") { _, args in
            var x = try tensor(args.receiver)
            if !args.varArgs.isEmpty {
                if args.varArgs.count == 1, let i = args.varArgs[0].intValue {
                    let flat = x.flattened()
                    guard i >= -flat.count && i < flat.count else { throw PyException.indexError("index \(i) is out of bounds for size \(flat.count)") }
                    x = try flat.indexed([.index(i)])
                } else {
                    x = try x.indexed(try args.varArgs.map { .index(try Interpreter.current.toInt($0, what: "index")) })
                }
            }
            guard x.count == 1 else { throw PyException.valueError("can only convert an array of size 1 to a Python scalar") }
            return NumPyArguments.pythonScalar(x.contiguousCopy(), atOffset: 0)
        }
        t.defineMethod("copy", "order='C'") { _, args in ArrayBridge.numpyValue(try tensor(args.receiver).contiguousCopy()) }
        t.defineMethod("flatten", "order='C'") { _, args in ArrayBridge.ndarray(try tensor(args.receiver).flattened().contiguousCopy()) }
        t.defineMethod("ravel", "order='C'") { _, args in ArrayBridge.ndarray(try tensor(args.receiver).flattened()) }
        t.defineMethod("reshape", "*shape, order='C'") { _, args in
            let shape = args.varArgs.count == 1 ? try NumPyArguments.shape(args.varArgs[0]) : try args.varArgs.map { try Interpreter.current.toInt($0, what: "shape") }
            return ArrayBridge.ndarray(try NumPyFunctions.reshape(try tensor(args.receiver), shape))
        }
        t.defineMethod("astype", "dtype, order='K', casting='unsafe', subok=True, copy=True") { _, args in
            guard let d = try ArrayBridge.dtype(from: args["dtype"]) else { throw PyException.typeError("Cannot interpret 'None' as a data type") }
            let x = try tensor(args.receiver)
            let result = x.dtype == d ? x.contiguousCopy() : try x.cast(to: d)
            return isScalarType ? ArrayBridge.numpyValue(result) : ArrayBridge.ndarray(result)
        }
        t.defineMethod("transpose", "*axes") { _, args in
            let x = try tensor(args.receiver)
            if args.varArgs.isEmpty || (args.varArgs.count == 1 && args.varArgs[0].isNone) { return ArrayBridge.numpyValue(try x.transposed()) }
            let axes = args.varArgs.count == 1 ? try NumPyArguments.intList(args.varArgs[0], what: "axes") : try args.varArgs.map { try Interpreter.current.toInt($0, what: "axes") }
            return ArrayBridge.numpyValue(try x.transposed(axes))
        }
        t.defineMethod("squeeze", "axis=None") { _, args in
            ArrayBridge.numpyValue(try tensor(args.receiver).squeezed(axes: try NumPyArguments.axes(args["axis"])))
        }
        t.defineMethod("fill", "value") { _, args in
            let target = try array(args.receiver)
            try target.tensor.assign(try ArrayBridge.tensor(from: args["value"]))
            return .none
        }
        t.defineMethod("clip", "min=None, max=None") { _, args in
            ArrayBridge.numpyValue(try NumPyFunctions.clip(try tensor(args.receiver), args["min"], args["max"]))
        }
        t.defineMethod("round", "decimals=0") { _, args in
            ArrayBridge.numpyValue(try tensor(args.receiver).round(decimals: try args.int("decimals")))
        }
        t.defineMethod("dot", "b") { _, args in
            ArrayBridge.numpyValue(try Tensor.dot(try tensor(args.receiver), try ArrayBridge.tensor(from: args["b"])))
        }
        t.defineMethod("argsort", "axis=-1, kind=None") { _, args in
            ArrayBridge.numpyValue(try tensor(args.receiver).argsort(axis: try NumPyArguments.axis(args["axis"])))
        }
        t.defineMethod("sort", "axis=-1, kind=None") { _, args in
            let target = try array(args.receiver)
            target.tensor = try target.tensor.sorted(axis: try NumPyArguments.axis(args["axis"]))
            return .none
        }
        t.defineMethod("nonzero", "") { _, args in
            PyTuple.make(try tensor(args.receiver).nonzero().map { ArrayBridge.ndarray($0) })
        }
        for name in NumPyFunctions.reductionNames {
            t.defineMethod(name, "axis=None, dtype=None, out=None, keepdims=False, ddof=0") { _, args in
                try NumPyFunctions.reduce(name, try tensor(args.receiver), args)
            }
        }
        t.defineMethod("cumsum", "axis=None, dtype=None") { _, args in
            ArrayBridge.numpyValue(try NumPyFunctions.cumsum(try tensor(args.receiver), args))
        }
    }
}

/// Iterates an array's first axis: rows as arrays (NumPy scalars for 1-d) or TF tensors.
final class TensorRowIterator: PyIterator {
    static let type = PyType.native(name: "iterator", module: "numpy", instancesHaveDict: false)
    let tensor: Tensor
    let style: ArrayOperators.Style
    var index = 0

    init(_ tensor: Tensor, style: ArrayOperators.Style) {
        self.tensor = tensor
        self.style = style
        super.init(type: TensorRowIterator.type)
    }

    override func next(_ interpreter: Interpreter) throws -> Value? {
        guard index < tensor.shape[0] else { return nil }
        let row = try tensor.indexed([.index(index)])
        index += 1
        return ArrayOperators.wrap(row, style: style)
    }
}
