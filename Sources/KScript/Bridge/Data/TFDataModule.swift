import KTensor
import Keras

/// The `tensorflow.data` module: `Dataset`, `AUTOTUNE`, the cardinality constants.
enum TFDataModule {
    // MARK: Conversions

    /// A script structure (tuple, dict, array-like) as a dataset element; lists are tensors.
    static func element(_ v: Value, _ interp: Interpreter, dtypes: ElementSpec? = nil) throws -> DatasetElement {
        if case .object(let o) = v {
            if let t = o as? PyTuple {
                var specs: [ElementSpec]? = nil
                if case .tuple(let s)? = dtypes, s.count == t.items.count { specs = s }
                return .tuple(try t.items.enumerated().map { try element($0.element, interp, dtypes: specs?[$0.offset]) })
            }
            if let d = o as? PyDict {
                var entries: [(key: String, value: DatasetElement)] = []
                for (k, value) in d.pairs {
                    guard let key = k.stringValue else { throw PyException.typeError("dataset dict keys must be str") }
                    var spec: ElementSpec? = nil
                    if case .dict(let s)? = dtypes { spec = s.first { $0.0 == key }?.1 }
                    entries.append((key, try element(value, interp, dtypes: spec)))
                }
                return .dict(entries)
            }
        }
        var dtype: DType? = nil
        if case .tensor(_, let d)? = dtypes { dtype = d }
        return .tensor(try ArrayBridge.tensor(from: v, dtype: dtype, defaults: .tensorflow))
    }

    /// An element as script values: tf tensors (or NumPy values) in tuples/dicts.
    static func value(_ e: DatasetElement, asNumPy: Bool) -> Value {
        switch e {
        case .tensor(let t): return asNumPy ? ArrayBridge.numpyValue(t.contiguousCopy()) : ArrayBridge.tfTensor(t)
        case .tuple(let items): return PyTuple.make(items.map { value($0, asNumPy: asNumPy) })
        case .dict(let entries):
            let d = PyDict()
            for (k, v) in entries { d.setString(PyStr(k), value(v, asNumPy: asNumPy)) }
            return .object(d)
        }
    }

    /// A spec as script `TensorSpec` structures.
    static func specValue(_ s: ElementSpec) -> Value {
        switch s {
        case .tensor(let shape, let dtype): return .object(TensorSpecObject(shape: shape, dtype: dtype))
        case .tuple(let items): return PyTuple.make(items.map(specValue))
        case .dict(let entries):
            let d = PyDict()
            for (k, v) in entries { d.setString(PyStr(k), specValue(v)) }
            return .object(d)
        }
    }

    /// A script `output_signature` (TensorSpecs in tuples/dicts) as an `ElementSpec`.
    static func spec(_ v: Value) throws -> ElementSpec {
        if case .object(let o) = v {
            if let s = o as? TensorSpecObject { return .tensor(shape: s.shape, dtype: s.dtype) }
            if let t = o as? PyTuple { return .tuple(try t.items.map(spec)) }
            if let d = o as? PyDict {
                return .dict(try d.pairs.map { pair in
                    guard let key = pair.key.stringValue else { throw PyException.typeError("output_signature dict keys must be str") }
                    return (key, try spec(pair.value))
                })
            }
        }
        throw PyException.typeError("output_signature must contain TensorSpecs, not \(v.type.name)")
    }

    /// Calls a script function on an element, spreading tuples over positional arguments.
    static func call(_ function: Value, _ e: DatasetElement, _ interp: Interpreter) throws -> Value {
        if case .tuple(let items) = e { return try interp.call(function, items.map { value($0, asNumPy: false) }) }
        return try interp.call(function, [value(e, asNumPy: false)])
    }

    // MARK: Types

    static let tensorSpecType: PyType = {
        let t = PyType.native(name: "TensorSpec", module: "tensorflow", instancesHaveDict: false) { interp, _, args in
            let bound = try Signature("shape, dtype=None, name=None").bind(args, function: "TensorSpec")
            let dims: [Int?] = bound["shape"].isNone ? [] : try interp.collect(bound["shape"]).map { $0.isNone ? nil : try interp.toInt($0, what: "shape") }
            return TensorSpecObject(shape: dims, dtype: try ArrayBridge.dtype(from: bound["dtype"]) ?? .float32, name: bound["name"])
        }
        t.acceptConstructorArguments()
        func me(_ v: Value) throws -> TensorSpecObject {
            guard case .object(let o) = v, let s = o as? TensorSpecObject else { throw PyException.typeError("expected a TensorSpec") }
            return s
        }
        t.defineProperty("shape") { _, v in TFTypes.shape(try me(v).shape) }
        t.defineProperty("dtype") { _, v in TFTypes.dtypeObject(try me(v).dtype) }
        t.defineProperty("name") { _, v in try me(v).name }
        t.defineRawMethod("__repr__", "") { _, a in .str(try me(a[0]).text) }
        t.defineRawMethod("__eq__", "other") { _, a in
            guard case .object(let o) = a[1], let other = o as? TensorSpecObject else { return .bool(false) }
            let s = try me(a[0])
            return .bool(s.shape == other.shape && s.dtype == other.dtype)
        }
        return t
    }()

    static func dataset(_ v: Value) throws -> Dataset {
        guard case .object(let o) = v, let d = o as? DatasetObject else { throw PyException.typeError("expected a tf.data.Dataset, got '\(v.type.name)'") }
        return d.dataset
    }

    static let datasetType: PyType = {
        let t = PyType.native(name: "DatasetV2", module: "tensorflow.python.data.ops.dataset_ops", instancesHaveDict: false)
        t.qualifiedName = "DatasetV2"
        func me(_ args: BoundArguments) throws -> Dataset { try dataset(args.receiver) }
        /// The dataset object of `method`'s result, with the recipe of the call.
        func wrap(_ d: Dataset, _ kind: String, _ method: String, _ args: BoundArguments) -> Value {
            let object = DatasetObject(d, kind: kind)
            object.recipe = DatasetRecipe(method: method, arguments: args)
            return .object(object)
        }

        t.defineStaticMethod("from_tensor_slices", "tensors, name=None") { interp, args in
            wrap(try Dataset.fromTensorSlices(try element(args["tensors"], interp)), "_TensorSliceDataset", "from_tensor_slices", args)
        }
        t.defineStaticMethod("from_tensors", "tensors, name=None") { interp, args in
            let e = try element(args["tensors"], interp)
            return wrap(try Dataset.fromTensorSlices(e.mapLeaves { try $0.expandingDims(at: 0) }), "_TensorDataset", "from_tensors", args)
        }
        t.defineStaticMethod("range", "*args, output_type=None, name=None") { interp, args in
            let ints = try args.varArgs.map { try interp.toInt($0, what: "range") }
            let (start, stop, step): (Int, Int, Int)
            switch ints.count {
            case 1: (start, stop, step) = (0, ints[0], 1)
            case 2: (start, stop, step) = (ints[0], ints[1], 1)
            case 3: (start, stop, step) = (ints[0], ints[1], ints[2])
            default: throw PyException.typeError("range() takes 1 to 3 positional arguments")
            }
            var d = try Dataset.range(start, stop, step: step)
            if let out = try ArrayBridge.dtype(from: args["output_type"]), out != .int64 {
                d = try d.map { try $0.mapLeaves { try $0.cast(to: out) } }
            }
            return wrap(d, "_RangeDataset", "range", args)
        }
        t.defineStaticMethod("from_generator", "generator, output_types=None, output_shapes=None, args=None, output_signature=None, name=None") { interp, args in
            let generator = args["generator"]
            let callArgs = args["args"].isNone ? [] : try interp.collect(args["args"])
            let spec: ElementSpec
            if !args["output_signature"].isNone {
                spec = try TFDataModule.spec(args["output_signature"])
            } else if !args["output_types"].isNone {
                spec = try legacySpec(types: args["output_types"], shapes: args["output_shapes"], interp)
            } else {
                throw PyException.typeError("The `output_signature` argument must be set.")
            }
            let d = Dataset.fromGenerator(spec: spec) {
                let iterator = try interp.iterator(try interp.call(generator, callArgs))
                return {
                    guard let v = try interp.next(iterator) else { return nil }
                    return try element(v, interp, dtypes: spec)
                }
            }
            return wrap(d, "_FlatMapDataset", "from_generator", args)
        }
        t.defineStaticMethod("zip", "datasets, name=None") { interp, args in
            let parts = try interp.collect(args["datasets"]).map(dataset)
            return wrap(Dataset.zip(parts), "_ZipDataset", "zip", args)
        }
        t.defineMethod("map", "map_func, num_parallel_calls=None, deterministic=None, name=None") { interp, args in
            let f = args["map_func"]
            return wrap(try me(args).map { try element(try call(f, $0, interp), interp) }, "_MapDataset", "map", args)
        }
        t.defineMethod("filter", "predicate, name=None") { interp, args in
            let f = args["predicate"]
            return wrap(try me(args).filter { try interp.truthy(try call(f, $0, interp)) }, "_FilterDataset", "filter", args)
        }
        t.defineMethod("batch", "batch_size, drop_remainder=False, num_parallel_calls=None, deterministic=None, name=None") { _, args in
            wrap(try me(args).batch(try args.int("batch_size"), dropRemainder: try args.bool("drop_remainder")), "_BatchDataset", "batch", args)
        }
        t.defineMethod("unbatch", "name=None") { _, args in wrap(try me(args).unbatch(), "_UnbatchDataset", "unbatch", args) }
        t.defineMethod("shuffle", "buffer_size, seed=None, reshuffle_each_iteration=None, name=None") { _, args in
            let seed = args["seed"].isNone ? nil : UInt32(truncatingIfNeeded: try args.int("seed"))
            let reshuffle = args["reshuffle_each_iteration"].isNone ? true : try args.bool("reshuffle_each_iteration")
            return wrap(try me(args).shuffle(bufferSize: try args.int("buffer_size"), seed: seed, reshuffleEachIteration: reshuffle), "_ShuffleDataset", "shuffle", args)
        }
        t.defineMethod("take", "count, name=None") { _, args in wrap(try me(args).take(try args.int("count")), "_TakeDataset", "take", args) }
        t.defineMethod("skip", "count, name=None") { _, args in wrap(try me(args).skip(try args.int("count")), "_SkipDataset", "skip", args) }
        t.defineMethod("repeat", "count=None, name=None") { _, args in
            wrap(try me(args).repeated(args["count"].isNone ? nil : try args.int("count")), "_RepeatDataset", "repeat", args)
        }
        t.defineMethod("cache", "filename='', name=None") { _, args in wrap(try me(args).cache(), "_CacheDataset", "cache", args) }
        t.defineMethod("prefetch", "buffer_size, name=None") { _, args in
            wrap(try me(args).prefetch(try args.int("buffer_size")), "_PrefetchDataset", "prefetch", args)
        }
        t.defineMethod("concatenate", "dataset, name=None") { _, args in
            wrap(try me(args).concatenate(try dataset(args["dataset"])), "_ConcatenateDataset", "concatenate", args)
        }
        t.defineMethod("enumerate", "start=0, name=None") { _, args in
            wrap(try me(args).enumerated(start: try args.int("start")), "_EnumerateDataset", "enumerate", args)
        }
        t.defineMethod("as_numpy_iterator", "") { _, args in
            .object(DatasetIteratorObject(try me(args).makeIterator(), asNumPy: true))
        }
        t.defineMethod("cardinality", "") { _, args in ArrayBridge.tfTensor(Tensor(scalar: Int64(try me(args).cardinality))) }
        t.defineProperty("element_spec") { _, v in specValue(try dataset(v).elementSpec) }
        t.defineRawMethod("__iter__", "") { _, a in .object(DatasetIteratorObject(try dataset(a[0]).makeIterator(), asNumPy: false)) }
        t.defineRawMethod("__len__", "") { _, a in
            let n = try dataset(a[0]).cardinality
            if n == Dataset.infinite { throw PyException.typeError("The dataset is infinite.") }
            if n == Dataset.unknown { throw PyException.typeError("The dataset length is unknown.") }
            return .int(n)
        }
        t.defineRawMethod("__repr__", "") { _, a in
            guard case .object(let o) = a[0], let d = o as? DatasetObject else { return .str("<Dataset>") }
            return .str("<\(d.kind) element_spec=\(d.dataset.elementSpec)>")
        }
        return t
    }()

    /// `output_types` / `output_shapes` (the pre-`output_signature` form).
    static func legacySpec(types: Value, shapes: Value, _ interp: Interpreter) throws -> ElementSpec {
        if case .object(let o) = types, let t = o as? PyTuple {
            let shapeItems = shapes.isNone ? nil : try interp.collect(shapes)
            return .tuple(try t.items.enumerated().map { try legacySpec(types: $0.element, shapes: shapeItems?[$0.offset] ?? .none, interp) })
        }
        guard let d = try ArrayBridge.dtype(from: types) else { throw PyException.typeError("output_types must be dtypes") }
        let dims: [Int?] = shapes.isNone ? [] : try interp.collect(shapes).map { $0.isNone ? nil : try interp.toInt($0, what: "shape") }
        return .tensor(shape: dims, dtype: d)
    }

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "tensorflow.data")
        m["Dataset"] = .object(datasetType)
        m["AUTOTUNE"] = .int(-1)
        m["INFINITE_CARDINALITY"] = .int(Dataset.infinite)
        m["UNKNOWN_CARDINALITY"] = .int(Dataset.unknown)
        let experimental = PyModule(name: "tensorflow.data.experimental")
        experimental["AUTOTUNE"] = .int(-1)
        experimental["INFINITE_CARDINALITY"] = .int(Dataset.infinite)
        experimental["UNKNOWN_CARDINALITY"] = .int(Dataset.unknown)
        experimental.defineFunction("cardinality", "dataset") { _, args in
            ArrayBridge.tfTensor(Tensor(scalar: Int64(try dataset(args["dataset"]).cardinality)))
        }
        m["experimental"] = .object(experimental)
        return m
    }
}
