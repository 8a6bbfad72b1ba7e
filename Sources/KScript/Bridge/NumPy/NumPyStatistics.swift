import KTensor

/// `np.percentile`, `np.quantile`, `np.median` and `np.histogram` (see `Tensor.quantile` and
/// `Tensor.histogram`), with NumPy's argument checks and messages.
enum NumPyStatistics {
    static func define(_ m: PyModule) {
        for (name, scale, what) in [("percentile", 100.0, "Percentiles must be in the range [0, 100]"),
                                    ("quantile", 1.0, "Quantiles must be in the range [0, 1]")] {
            m.defineFunction(name, "a, q, axis=None, out=None, overwrite_input=False, method='linear', keepdims=False") { _, args in
                guard try args.string("method") == "linear" else {
                    throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.\(name) supports method='linear' only")
                }
                guard !(try args.bool("keepdims")) else {
                    throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.\(name) does not support keepdims=True")
                }
                var q = try ArrayBridge.tensor(from: args["q"]).cast(to: .float64)
                if scale != 1 { q = try q / scale }
                guard q.doubles().allSatisfy({ (0...1).contains($0) }) else { throw PyException.valueError(what) }
                let a = try ArrayBridge.tensor(from: args["a"])
                return ArrayBridge.numpyValue(try a.quantile(q, axis: try axis(args["axis"], name)))
            }
        }
        m.defineFunction("median", "a, axis=None, out=None, overwrite_input=False, keepdims=False") { _, args in
            guard !(try args.bool("keepdims")) else {
                throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.median does not support keepdims=True")
            }
            return ArrayBridge.numpyValue(try ArrayBridge.tensor(from: args["a"]).median(axis: try axis(args["axis"], "median")))
        }
        m.defineFunction("histogram", "a, bins=10, range=None, density=None, weights=None") { interp, args in
            let density = try !args["density"].isNone && interp.truthy(args["density"])
            guard args["weights"].isNone, !density else {
                throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.histogram supports neither weights nor density")
            }
            let a = try ArrayBridge.tensor(from: args["a"])
            let bins = args["bins"]
            if let n = bins.intValue {
                guard n >= 1 else { throw PyException.valueError("`bins` must be positive, when an integer") }
                let (counts, edges) = try a.histogram(bins: n, range: try range(args["range"], of: a, interp))
                return PyTuple.make([ArrayBridge.ndarray(counts), ArrayBridge.ndarray(edges)])
            }
            guard ArrayBridge.arrayPayload(bins) != nil || bins.object is PyList || bins.object is PyTuple else {
                throw PyException.typeError("`bins` must be an integer, a string, or an array")
            }
            let edges = try ArrayBridge.tensor(from: bins)
            guard edges.rank == 1 else { throw PyException.valueError("`bins` must be 1d, when an array") }
            let values = edges.doubles()
            guard zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw PyException.valueError("`bins` must increase monotonically, when an array")
            }
            return PyTuple.make([ArrayBridge.ndarray(try a.histogram(edges: edges)), ArrayBridge.ndarray(edges)])
        }
    }

    /// An int axis or None (NumPy's tuples of axes are not supported).
    static func axis(_ v: Value, _ name: String) throws -> Int? {
        if v.isNone { return nil }
        guard let axis = v.intValue else {
            throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.\(name) takes an int axis or None")
        }
        return axis
    }

    /// The checked `range=` of `np.histogram`, or nil; for nil, the elements' range must be finite.
    static func range(_ v: Value, of a: Tensor, _ interp: Interpreter) throws -> (Double, Double)? {
        guard !v.isNone else {
            guard a.count > 0, a.dtype.isFloatingPoint else { return nil }
            let low = try a.min(), high = try a.max()
            if try !(low.scalarDouble().isFinite && high.scalarDouble().isFinite) {
                let text = try [low, high].map { try interp.str(ArrayBridge.numpyValue($0)) }
                throw PyException.valueError("autodetected range of [\(text[0]), \(text[1])] is not finite")
            }
            return nil
        }
        let items = try interp.collect(v)
        guard items.count == 2 else { throw PyException.valueError("too many values to unpack (expected 2)") }
        let low = try interp.toDouble(items[0], what: "range"), high = try interp.toDouble(items[1], what: "range")
        if low > high { throw PyException.valueError("max must be larger than min in range parameter.") }
        guard low.isFinite && high.isFinite else {
            throw PyException.valueError("supplied range of [\(try interp.str(items[0])), \(try interp.str(items[1]))] is not finite")
        }
        return (low, high)
    }
}
