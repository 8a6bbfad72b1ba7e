import KTensor

/// `numpy.linalg`: `norm` (vector norms of any order, the Frobenius and 1/inf/-1/-inf matrix
/// norms), composed as NumPy 1.23's `linalg.norm` composes them so the sums round alike.
enum NumPyLinalgModule {
    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "numpy.linalg")
        m.defineFunction("norm", "x, ord=None, axis=None, keepdims=False") { interp, args in
            var x = try ArrayBridge.tensor(from: args["x"])
            if !x.dtype.isFloatingPoint { x = try x.cast(to: .float64) }
            return ArrayBridge.numpyValue(try norm(x, order: args["ord"], axis: args["axis"], keepDims: try args.bool("keepdims"), interp))
        }
        return m
    }

    /// `np.linalg.norm` of a float tensor (`ord` a number, a string or None).
    static func norm(_ x: Tensor, order: Value, axis: Value, keepDims: Bool, _ interp: Interpreter) throws -> Tensor {
        let name = order.stringValue
        let p: Double? = order.isNone || name != nil ? nil : try interp.toDouble(order, what: "ord")
        if axis.isNone && (order.isNone || ((name == "f" || name == "fro") && x.rank == 2) || (p == 2 && x.rank == 1)) {
            let norm = try x.sumOfSquares().sqrt()
            return keepDims ? try norm.reshaped([Int](repeating: 1, count: x.rank)) : norm
        }
        let axes: [Int]
        if axis.isNone {
            axes = Array(0..<x.rank)
        } else if let a = axis.intValue {
            axes = [a]
        } else if case .object(let o) = axis, o is PyTuple {
            axes = try NumPyArguments.intList(axis, what: "axis")
        } else {
            throw PyException.typeError("'axis' must be None, an integer or a tuple of integers")
        }
        if axes.count == 1 {
            let a = [try normalizeAxis(axes[0], rank: x.rank)]
            if name != nil { throw PyException.valueError("Invalid norm order '\(name ?? "")' for vectors") }
            switch p {
            case Double.infinity?: return try x.abs().max(axes: a, keepDims: keepDims)
            case (-Double.infinity)?: return try x.abs().min(axes: a, keepDims: keepDims)
            case 0?: return try Tensor.notEqual(x, Tensor(zeros: [], dtype: x.dtype)).cast(to: x.dtype).sum(axes: a, keepDims: keepDims)
            case 1?: return try x.abs().sum(axes: a, keepDims: keepDims)
            case nil, 2?: return try (x * x).sum(axes: a, keepDims: keepDims).sqrt()
            case let p?:
                let powered = try Tensor.pow(x.abs(), Tensor(scalar: p, dtype: x.dtype))
                return try Tensor.pow(powered.sum(axes: a, keepDims: keepDims), Tensor(scalar: 1 / p, dtype: x.dtype))
            }
        }
        guard axes.count == 2 else { throw PyException.valueError("Improper number of dimensions to norm.") }
        var row = try normalizeAxis(axes[0], rank: x.rank), column = try normalizeAxis(axes[1], rank: x.rank)
        guard row != column else { throw PyException.valueError("Duplicate axes given.") }
        let result: Tensor
        if let p, p == 1 || p == -1 {
            if column > row { column -= 1 }
            let sums = try x.abs().sum(axes: [row])
            result = p == 1 ? try sums.max(axes: [column]) : try sums.min(axes: [column])
        } else if let p, p.isInfinite {
            if row > column { row -= 1 }
            let sums = try x.abs().sum(axes: [column])
            result = p > 0 ? try sums.max(axes: [row]) : try sums.min(axes: [row])
        } else if p == nil && (name == nil || name == "fro" || name == "f") {
            result = try (x * x).sum(axes: [row, column]).sqrt()
        } else if p == 2 || p == -2 || name == "nuc" {
            throw PyException(BuiltinTypes.notImplementedError, "kscript's numpy.linalg.norm does not compute singular values (ord=\(try interp.repr(order)) over two axes)")
        } else {
            throw PyException.valueError("Invalid norm order for matrices.")
        }
        guard keepDims else { return result }
        var shape = x.shape
        shape[axes[0] < 0 ? axes[0] + x.rank : axes[0]] = 1
        shape[axes[1] < 0 ? axes[1] + x.rank : axes[1]] = 1
        return try result.reshaped(shape)
    }
}
