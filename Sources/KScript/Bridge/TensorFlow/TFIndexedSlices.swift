import KTensor

/// A `tf.IndexedSlices`: rows of a tensor of shape `dense_shape`, row `k` of `values` belonging
/// to row `indices[k]` (repeats add up). `tape.gradient` gives one for a variable or watched
/// tensor that only row gathers read (an Embedding's table). The three parts are kept as they
/// were given, as TF keeps them. TF functions read it as its dense tensor, except the clipping
/// functions and `apply_gradients`, which work on its rows; it has no arithmetic operators of
/// its own, as in TF.
final class IndexedSlicesObject: PyObject {
    let values: Value
    let indices: Value
    /// `.none` when not given (the slices then have no dense form).
    let denseShape: Value

    init(values: Value, indices: Value, denseShape: Value) {
        self.values = values
        self.indices = indices
        self.denseShape = denseShape
        super.init(type: TFIndexedSlices.type)
    }

    /// The tape's rows, as TF shows them: indices of the gathered ids' type, an int32 shape.
    convenience init(_ slices: IndexedSlices) throws {
        let indices = try Tensor(shape: [slices.indices.count], values: slices.indices.map(Int64.init)).cast(to: slices.indexDType)
        let shape = try Tensor(shape: [slices.denseShape.count], values: slices.denseShape.map(Int32.init))
        self.init(values: ArrayBridge.tfTensor(slices.values), indices: ArrayBridge.tfTensor(indices), denseShape: ArrayBridge.tfTensor(shape))
    }

    /// The same indices and dense shape around other values.
    func withValues(_ values: Tensor) -> IndexedSlicesObject {
        IndexedSlicesObject(values: ArrayBridge.tfTensor(values), indices: indices, denseShape: denseShape)
    }

    func valuesTensor() throws -> Tensor { try ArrayBridge.tensor(from: values, defaults: .tensorflow) }

    /// The rows as the engine's slices, checked against the dense shape (the optimizers' and
    /// the dense form's input).
    func slices() throws -> IndexedSlices {
        guard !denseShape.isNone else {
            throw PyException.valueError("Tensor conversion requested for IndexedSlices for argument `value` without dense_shape: \(try Interpreter.current.str(.object(self)))")
        }
        let values = try valuesTensor()
        let indexTensor = try ArrayBridge.tensor(from: indices, defaults: .tensorflow)
        guard indexTensor.dtype == .int32 || indexTensor.dtype == .int64 else {
            throw PyException.typeError("IndexedSlices indices must be int32 or int64, not \(indexTensor.dtype.name)")
        }
        guard indexTensor.rank == 1 else {
            throw PyException.valueError("IndexedSlices indices must be a vector, got shape \(ArrayBridge.shapeText(indexTensor.shape))")
        }
        let shapeTensor = try ArrayBridge.tensor(from: denseShape, defaults: .tensorflow)
        guard shapeTensor.dtype.isInteger, shapeTensor.rank == 1, shapeTensor.count > 0 else {
            throw PyException.valueError("IndexedSlices dense_shape must be a non-empty vector of integers")
        }
        let shape = shapeTensor.int64s().map { Int($0) }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw PyException.valueError("IndexedSlices dense_shape \(shape) has a negative dimension") }
        let rows = indexTensor.int64s().map { Int($0) }
        guard values.rank >= 1, values.shape[0] == rows.count, Array(values.shape.dropFirst()) == Array(shape.dropFirst()) else {
            throw PyException.valueError("IndexedSlices values of shape \(ArrayBridge.shapeText(values.shape)) are not \(rows.count) rows of a tensor of shape \(ArrayBridge.shapeText(shape))")
        }
        if let bad = rows.firstIndex(where: { $0 < 0 || $0 >= shape[0] }) {
            throw PyException(TFErrors.invalidArgument, "indices[\(bad)] = \(rows[bad]) is not in [0, \(shape[0]))")
        }
        return try IndexedSlices(values: values, indices: rows, denseShape: shape, indexDType: indexTensor.dtype)
    }

    /// `tf.convert_to_tensor(slices, dtype)`: zeros with each row added at its index.
    func dense(dtype: DType? = nil) throws -> Tensor {
        let slices = try slices()
        if let dtype, dtype != slices.values.dtype {
            throw PyException.valueError("Incompatible tensor conversion requested to `dtype` \(dtype.name) for IndexedSlices (\(try Interpreter.current.str(.object(self)))) with dtype \(slices.values.dtype.name)")
        }
        return try slices.dense()
    }
}

/// The `tf.IndexedSlices` type, the conversions between script gradients and the engine's
/// `Gradient`, and the session codec.
enum TFIndexedSlices {
    static let type: PyType = {
        let t = PyType.native(name: "IndexedSlices", module: "tensorflow.python.framework.indexed_slices",
                              doc: "A sparse representation of a set of tensor slices at given indices.", instancesHaveDict: false) { _, _, args in
            let bound = try Signature("values, indices, dense_shape=None").bind(args, function: "IndexedSlices")
            return IndexedSlicesObject(values: bound["values"], indices: bound["indices"], denseShape: bound["dense_shape"])
        }
        t.acceptConstructorArguments()
        func me(_ v: Value) throws -> IndexedSlicesObject {
            guard case .object(let o) = v, let s = o as? IndexedSlicesObject else { throw PyException.typeError("expected an IndexedSlices") }
            return s
        }
        t.defineProperty("values") { _, v in try me(v).values }
        t.defineProperty("indices") { _, v in try me(v).indices }
        t.defineProperty("dense_shape") { _, v in try me(v).denseShape }
        t.defineProperty("dtype") { _, v in TFTypes.dtypeObject(try me(v).valuesTensor().dtype) }
        t.defineProperty("shape") { _, v in
            let s = try me(v)
            guard !s.denseShape.isNone else { return TFTypes.shape([nil] + (try s.valuesTensor().shape.dropFirst()).map { $0 }) }
            return TFTypes.shape(try ArrayBridge.tensor(from: s.denseShape, defaults: .tensorflow).int64s().map { Int($0) })
        }
        t.defineRawMethod("__str__", "") { interp, a in
            let s = try me(a[0])
            let shape = s.denseShape.isNone ? "" : ", dense_shape=\(try interp.str(s.denseShape))"
            return .str("IndexedSlices(indices=\(try interp.str(s.indices)), values=\(try interp.str(s.values))\(shape))")
        }
        t.defineRawMethod("__neg__", "") { _, a in
            let s = try me(a[0])
            return .object(s.withValues(try s.valuesTensor().negative()))
        }
        return t
    }()

    /// A gradient as scripts see it: `tf.IndexedSlices` for rows, a tensor otherwise.
    static func value(_ gradient: Gradient) throws -> Value {
        switch gradient {
        case .dense(let tensor): return ArrayBridge.tfTensor(tensor)
        case .rows(let slices): return .object(try IndexedSlicesObject(slices))
        }
    }

    /// A script's gradient for `apply_gradients`: rows stay rows.
    static func gradient(from value: Value) throws -> Gradient {
        if case .object(let o) = value, let s = o as? IndexedSlicesObject { return .rows(try s.slices()) }
        return .dense(try ArrayBridge.tensor(from: value))
    }

    /// Saves the parts as they are (the dense shape only when there is one).
    static let sessionCodec: SessionCodecs.Codec = SessionCodecs.Codec(typeName: type.displayName, encode: { _, object in
        guard let s = object as? IndexedSlicesObject else { throw PyException.typeError("cannot save a '\(object.type.name)' as IndexedSlices") }
        var parts: [(what: String, value: Value)] = [("values", s.values), ("indices", s.indices)]
        if !s.denseShape.isNone { parts.append(("dense_shape", s.denseShape)) }
        var blob = SessionBlob(contents: .none, fileExtension: "", references: parts)
        blob.referencesRequired = true
        return blob
    }, decode: { _, saved in
        guard let values = saved.reference(0), let indices = saved.reference(1), saved.references.count == 2 || saved.reference(2) != nil else {
            throw PyException.valueError("a saved IndexedSlices lost a part")
        }
        return .object(IndexedSlicesObject(values: values, indices: indices, denseShape: saved.reference(2) ?? .none))
    })
}
