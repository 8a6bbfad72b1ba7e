import KTensor

/// Norms and clipping by norm, computed with TF's formulas from recorded ops (so a tape
/// differentiates them): `tf.norm` (also `tf.linalg.norm`), `tf.linalg.global_norm`,
/// `tf.nn.l2_loss`, `tf.clip_by_norm` and `tf.clip_by_global_norm`. As in TF, the clipping
/// functions keep a `tf.IndexedSlices` as slices with clipped values, and its norm is the norm
/// of its values (a repeated row counts each time).
extension TFModule {
    /// `f` of a tensor, or of the values of a `tf.IndexedSlices` (which stays slices).
    static func mapValues(_ v: Value, _ f: (Tensor) throws -> Tensor) throws -> Value {
        if case .object(let slices as IndexedSlicesObject) = v { return .object(slices.withValues(try f(try slices.valuesTensor()))) }
        return wrap(try f(try tensor(v)))
    }

    /// The tensors of `t_list` (a slices' values), nil for None; a list or tuple, as TF requires.
    static func tensorList(_ v: Value, _ interp: Interpreter) throws -> [Tensor?] {
        guard case .object(let o) = v, o is PyList || o is PyTuple else {
            throw PyException.typeError("`t_list` should be a sequence of tensors. Received \(try interp.repr(.object(v.type))).")
        }
        return try interp.collect(v).map { item in
            if item.isNone { return nil }
            if case .object(let slices as IndexedSlicesObject) = item { return try slices.valuesTensor() }
            return try tensor(item)
        }
    }

    /// `tf.nn.l2_loss`: `sum(t²) / 2`.
    static func l2Loss(_ t: Tensor) throws -> Tensor {
        try Tensor.binary(.multiply, try Tensor.binary(.multiply, t, t).sum(), Tensor(scalar: 0.5, dtype: t.dtype))
    }

    /// `tf.linalg.global_norm`: `sqrt(2 · Σ l2_loss(t))` over the tensors that are not None.
    static func globalNorm(_ tensors: [Tensor?]) throws -> Tensor {
        let halves = try tensors.compactMap { try $0.map(l2Loss) }
        guard !halves.isEmpty else { throw PyException.valueError("global_norm needs at least one tensor that is not None") }
        let half = try Tensor.stack(halves).sum()
        return try Tensor.binary(.multiply, half, Tensor(scalar: 2.0, dtype: half.dtype)).sqrt()
    }

    /// `tf.clip_by_norm`: `t · c / max(‖t‖, c)`, the norm over `axes` (all when nil), taken
    /// through TF's two-tap `where` so a zero norm has a finite gradient.
    static func clipByNorm(_ t: Tensor, _ clipNorm: Tensor, axes: [Int]?) throws -> Tensor {
        let l2sum = try Tensor.binary(.multiply, t, t).sum(axes: axes, keepDims: true)
        let positive = try Tensor.compare(.greater, l2sum, Tensor(zeros: [], dtype: l2sum.dtype))
        let safe = try Tensor.where(positive, l2sum, Tensor.ones(l2sum.shape, dtype: l2sum.dtype))
        let norm = try Tensor.where(positive, safe.sqrt(), l2sum)
        return try Tensor.binary(.divide, try Tensor.binary(.multiply, t, clipNorm), try Tensor.binary(.maximum, norm, clipNorm))
    }

    /// `tf.norm`: the Euclidean norm or a p-norm over all elements, one axis, or (a matrix
    /// norm: Frobenius, 1, inf) two axes.
    static func norm(_ t: Tensor, order: Value, axis: Value, keepDims: Bool, _ interp: Interpreter) throws -> Tensor {
        var axes: [Int]? = nil
        if let a = axis.intValue {
            axes = [a]
        } else if !axis.isNone {
            let items = (try? interp.collect(axis)) ?? []
            guard items.count == 2, let first = items[0].intValue, let second = items[1].intValue, first != second else {
                throw PyException.valueError("'axis' must be None, an integer, or a tuple of 2 unique integers, got \(try interp.str(axis))")
            }
            axes = [first, second]
        }
        let matrix = axes?.count == 2
        var p = 2.0
        if let name = order.stringValue {
            guard name == "euclidean" || (matrix && name == "fro") else {
                throw PyException.valueError(matrix ? "'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got \(name)"
                                                    : "'ord' must be a supported vector norm, got \(name)")
            }
        } else {
            p = try interp.toDouble(order, what: "ord")
            if matrix {
                guard [1, 2, .infinity].contains(p) else {
                    throw PyException.valueError("'ord' must be a supported matrix norm in ['euclidean', 'fro', 1, 2, inf], got \(try interp.str(order))")
                }
                if p == 2 { throw PyException(BuiltinTypes.notImplementedError, "kscript's tf.norm does not compute the spectral norm (ord=2 over two axes)") }
            } else if !(p > 0) {
                throw PyException.valueError("'ord' must be a supported vector norm, got \(try interp.str(order))")
            }
        }
        let first = axes.map { [$0[0]] }
        var result: Tensor
        if p == 2 {
            result = try Tensor.binary(.multiply, t, t).sum(axes: axes, keepDims: true).sqrt()
        } else if p == 1 {
            result = try t.abs().sum(axes: first, keepDims: true)
            if let axes, matrix { result = try result.max(axes: [axes[1]], keepDims: true) }
        } else if p == .infinity {
            result = t.abs()
            if let axes, matrix { result = try result.sum(axes: [axes[1]], keepDims: true) }
            result = try result.max(axes: first, keepDims: true)
        } else {
            let powered = try Tensor.binary(.power, t.abs(), Tensor(scalar: p, dtype: t.dtype))
            result = try Tensor.binary(.power, try powered.sum(axes: axes, keepDims: true), Tensor(scalar: 1 / p, dtype: t.dtype))
        }
        return keepDims ? result : try result.squeezed(axes: axes)
    }

    static func defineNorms(_ m: PyModule, _ linalg: PyModule, _ nn: PyModule) {
        let norm = m.defineFunction("norm", "tensor, ord='euclidean', axis=None, keepdims=None, name=None") { interp, args in
            let keepDims = args["keepdims"].isNone ? false : try interp.truthy(args["keepdims"])
            return wrap(try Self.norm(try tensor(args["tensor"]), order: args["ord"], axis: args["axis"], keepDims: keepDims, interp))
        }
        linalg["norm"] = .object(norm)
        nn.defineFunction("l2_loss", "t, name=None") { _, args in wrap(try l2Loss(try tensor(args["t"]))) }
        linalg.defineFunction("global_norm", "t_list, name=None") { interp, args in
            wrap(try globalNorm(try tensorList(args["t_list"], interp)))
        }
        m.defineFunction("clip_by_norm", "t, clip_norm, axes=None, name=None") { _, args in
            try mapValues(args["t"]) { t in try clipByNorm(t, try tensor(args["clip_norm"], dtype: t.dtype), axes: try axisList(args["axes"])) }
        }
        m.defineFunction("clip_by_global_norm", "t_list, clip_norm, use_norm=None, name=None") { interp, args in
            let items = try interp.collect(args["t_list"])
            let tensors = try tensorList(args["t_list"], interp)
            let norm = args["use_norm"].isNone ? try globalNorm(tensors) : try tensor(args["use_norm"])
            // clip_norm · min(1 / norm, 1 / clip_norm), made NaN by an infinite or NaN norm.
            let clipNorm = try tensor(args["clip_norm"], dtype: norm.dtype)
            let one = Tensor(scalar: 1.0, dtype: norm.dtype)
            let finite = try Tensor.binary(.multiply, clipNorm, try Tensor.binary(.minimum, try Tensor.binary(.divide, one, norm),
                                                                                  try Tensor.binary(.divide, one, clipNorm)))
            let scale = try Tensor.binary(.add, finite, try Tensor.binary(.subtract, norm, norm))
            let clipped = try zip(items, tensors).map { item, t -> Value in
                guard t != nil else { return .none }
                return try mapValues(item) { try Tensor.binary(.multiply, $0, try scale.cast(to: $0.dtype)) }
            }
            return PyTuple.make([.object(PyList(clipped)), wrap(norm)])
        }
    }
}
