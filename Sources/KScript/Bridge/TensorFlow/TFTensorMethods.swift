import KTensor

/// Attributes and methods of TF eager tensors, printed as TF 2.12 prints them.
enum TFTensorMethods {
    static func tensor(_ v: Value) throws -> Tensor {
        guard let t = ArrayBridge.arrayPayload(v) else { throw PyException.typeError("expected a tf.Tensor, got '\(v.type.name)'") }
        return t
    }

    /// The shape a tensor reports: None for the batch of a tensor made in a symbolic call.
    static func staticShape(_ v: Value) throws -> [Int?] {
        if case .object(let o) = v, let t = o as? TFTensorObject, let shape = t.staticShape { return shape }
        return try tensor(v).shape.map { Optional($0) }
    }

    /// Members shared by tensors and variables (the variable's current value is used).
    static func installCommon(on t: PyType) {
        t.defineProperty("shape") { _, v in TFTypes.shape(try staticShape(v)) }
        t.defineProperty("dtype") { _, v in TFTypes.dtypeObject(try tensor(v).dtype) }
        t.defineProperty("ndim") { _, v in .int(try tensor(v).rank) }
        t.defineProperty("device") { _, _ in .str("/job:localhost/replica:0/task:0/device:CPU:0") }
        t.defineMethod("get_shape", "") { _, args in TFTypes.shape(try staticShape(args.receiver)) }
        t.defineMethod("numpy", "") { _, args in ArrayBridge.numpyValue(try tensor(args.receiver).contiguousCopy()) }
        t.defineRawMethod("__array__", "dtype=None") { _, a in ArrayBridge.ndarray(try tensor(a[0])) }
        t.defineRawMethod("__float__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else { throw PyException.typeError("only size-1 arrays can be converted to Python scalars") }
            return .float(x.doubles()[0])
        }
        t.defineRawMethod("__int__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else { throw PyException.typeError("only size-1 arrays can be converted to Python scalars") }
            let d = x.doubles()[0]
            guard d.isFinite else { throw PyException.overflow("cannot convert float infinity to integer") }
            return .int(try Builtins.intFromDouble(d.rounded(.towardZero)))
        }
        t.defineRawMethod("__index__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank == 0, x.dtype.isInteger else { throw PyException.typeError("only integer scalar arrays can be converted to a scalar index") }
            return .int(Int(try x.scalarInt64()))
        }
        t.defineRawMethod("__bool__", "") { _, a in
            let x = try tensor(a[0])
            guard x.count == 1 else {
                throw PyException.valueError("The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()")
            }
            return .bool(x.doubles()[0] != 0)
        }
        t.defineRawMethod("__len__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank > 0 else { throw PyException.typeError("Scalar tensor has no `len()`") }
            return .int(x.shape[0])
        }
        t.defineRawMethod("__iter__", "") { _, a in
            let x = try tensor(a[0])
            guard x.rank > 0 else { throw PyException.typeError("Cannot iterate over a scalar tensor.") }
            return .object(TensorRowIterator(x, style: .tensorflow))
        }
        t.defineRawMethod("__getitem__", "key") { _, a in
            ArrayBridge.tfTensor(try NumPyIndexing.get(try tensor(a[0]), a[1]))
        }
        t.setAttribute("__hash__", .none)
    }

    static func install(on t: PyType) {
        installCommon(on: t)
        t.defineRawMethod("__repr__", "") { _, a in .str(TensorFlowFormat.repr(try tensor(a[0]))) }
        t.defineRawMethod("__str__", "") { _, a in .str(TensorFlowFormat.str(try tensor(a[0]))) }
        // TF formats a tensor as its NumPy value: f"{loss}" is 0.3333333432674408, not tf.Tensor(...).
        t.defineRawMethod("__format__", "spec") { interp, a in .str(try NDArrayMethods.format(try tensor(a[0]), spec: a[1].stringValue ?? "", interp)) }
        // The mask of the eager layer call that returned the tensor; absent otherwise.
        t.defineProperty("_keras_mask") { _, v in
            guard let mask = try tensor(v).attachedMask else {
                throw PyException.attributeError("'tensorflow.python.framework.ops.EagerTensor' object has no attribute '_keras_mask'")
            }
            return ArrayBridge.tfTensor(mask)
        }
    }
}

/// `tf.Variable`: a named, assignable tensor.
enum TFVariableMethods {
    static func variable(_ v: Value) throws -> Variable {
        guard case .object(let o) = v, let tv = o as? TFVariableObject else { throw PyException.typeError("expected a tf.Variable") }
        return tv.variable
    }

    /// TF's variable name: the engine name with the `:0` output suffix.
    static func displayName(_ v: Variable) -> String { v.name.contains(":") ? v.name : v.name + ":0" }

    static func install(on t: PyType) {
        TFTensorMethods.installCommon(on: t)
        t.defineProperty("name") { _, v in .str(displayName(try variable(v))) }
        t.defineProperty("trainable") { _, v in .bool(try variable(v).trainable) }
        // A variable formats as object.__format__ does: its str, and no format spec.
        t.defineRawMethod("__format__", "spec") { interp, a in
            guard a[1].stringValue?.isEmpty ?? true else { throw PyException.typeError("unsupported format string passed to ResourceVariable.__format__") }
            return .str(try interp.str(a[0]))
        }
        t.defineMethod("value", "") { _, args in ArrayBridge.tfTensor(try variable(args.receiver).value) }
        t.defineMethod("read_value", "") { _, args in ArrayBridge.tfTensor(try variable(args.receiver).value) }
        t.defineMethod("numpy", "") { _, args in ArrayBridge.numpyValue(try variable(args.receiver).valueWithoutWatching.contiguousCopy()) }
        t.defineRawMethod("__repr__", "") { _, a in
            let v = try variable(a[0])
            let value = v.valueWithoutWatching
            var numpy = value.rank == 0 ? NumPyFormat.str(value) : NumPyFormat.repr(value)
            if numpy.contains("\n") { numpy = "\n" + numpy }
            return .str("<tf.Variable '\(displayName(v))' shape=\(ArrayBridge.shapeText(value.shape)) dtype=\(value.dtype.name), numpy=\(numpy)>")
        }
        let updates: [(String, (Variable, Tensor) throws -> Void)] = [
            ("assign", { try $0.assign($1) }),
            ("assign_add", { try $0.assignAdd($1) }),
            ("assign_sub", { try $0.assignSub($1) }),
        ]
        for (name, update) in updates {
            t.defineMethod(name, "value, use_locking=False, name=None, read_value=True") { _, args in
                let v = try variable(args.receiver)
                try update(v, try ArrayBridge.tensor(from: args["value"], dtype: v.dtype, defaults: .tensorflow))
                return args.receiver
            }
        }
    }
}

/// `tf.TensorShape`: prints `(500, 10)`, repr `TensorShape([500, 10])`.
enum TensorShapeMethods {
    static func shape(_ v: Value) throws -> TensorShapeObject {
        guard case .object(let o) = v, let s = o as? TensorShapeObject else { throw PyException.typeError("expected a TensorShape") }
        return s
    }

    static func dimensionValue(_ d: Int?) -> Value { d.map { .int($0) } ?? .none }

    static func install(on t: PyType) {
        t.defineRawMethod("__str__", "") { _, a in .str(try shape(a[0]).text) }
        t.defineRawMethod("__repr__", "") { _, a in
            let dims = try shape(a[0]).dimensions.map { $0.map(String.init) ?? "None" }
            return .str("TensorShape([\(dims.joined(separator: ", "))])")
        }
        t.defineRawMethod("__len__", "") { _, a in .int(try shape(a[0]).dimensions.count) }
        t.defineRawMethod("__iter__", "") { _, a in .object(ArrayIterator(try shape(a[0]).dimensions.map(dimensionValue))) }
        t.defineRawMethod("__getitem__", "key") { interp, a in
            let dims = try shape(a[0]).dimensions
            if case .object(let o) = a[1], let s = o as? PySlice {
                let r = try s.indices(length: dims.count)
                let picked = stride(from: r.start, to: r.stop, by: r.step).map { dims[$0] }
                return TFTypes.shape(picked)
            }
            var i = try interp.toInt(a[1], what: "index")
            if i < 0 { i += dims.count }
            guard i >= 0 && i < dims.count else { throw PyException.indexError("list index out of range") }
            return dimensionValue(dims[i])
        }
        t.defineRawMethod("__eq__", "other") { interp, a in
            let dims = try shape(a[0]).dimensions
            if case .object(let o) = a[1], let other = o as? TensorShapeObject { return .bool(other.dimensions == dims) }
            guard let items = try? interp.collect(a[1]) else { return .bool(false) }
            guard items.count == dims.count else { return .bool(false) }
            for (d, v) in zip(dims, items) where d != v.intValue { return .bool(false) }
            return .bool(true)
        }
        t.setAttribute("__hash__", .none)
        t.defineMethod("as_list", "") { _, args in .object(PyList(try shape(args.receiver).dimensions.map(dimensionValue))) }
        t.defineProperty("rank") { _, v in .int(try shape(v).dimensions.count) }
        t.defineProperty("ndims") { _, v in .int(try shape(v).dimensions.count) }
        t.defineMethod("num_elements", "") { _, args in
            let dims = try shape(args.receiver).dimensions
            if dims.contains(where: { $0 == nil }) { return .none }
            return .int(dims.reduce(1) { $0 * ($1 ?? 1) })
        }
    }
}
