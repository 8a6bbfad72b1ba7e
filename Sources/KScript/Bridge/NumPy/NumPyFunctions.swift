import KTensor

/// Operations shared by `ndarray` methods and `numpy` module functions.
enum NumPyFunctions {
    static let reductionNames = ["sum", "mean", "max", "min", "argmax", "argmin", "std", "var", "prod", "any", "all"]

    static func reshape(_ x: Tensor, _ shape: [Int]) throws -> Tensor {
        try x.reshaped(shape)
    }

    /// A scalar bound as NumPy treats it: Python numbers adopt the array's dtype.
    static func operand(_ v: Value, for x: Tensor) throws -> Tensor? {
        if v.isNone { return nil }
        switch v {
        case .int(let i): return Tensor.pythonScalar(Int64(i), for: x)
        case .float(let d): return Tensor.pythonScalar(d, for: x)
        default: return try ArrayBridge.tensor(from: v)
        }
    }

    static func clip(_ x: Tensor, _ low: Value, _ high: Value) throws -> Tensor {
        if low.isNone && high.isNone { throw PyException.valueError("One of max or min must be given") }
        return try x.clipped(min: operand(low, for: x), max: operand(high, for: x))
    }

    /// `a.sum(axis=..., keepdims=...)` and its siblings; `args` bound to the reduction signature.
    static func reduce(_ name: String, _ input: Tensor, _ args: BoundArguments) throws -> Value {
        var x = input
        if let d = try ArrayBridge.dtype(from: args["dtype"]) { x = try x.cast(to: d) }
        let keep = try args.bool("keepdims")
        let axes = try NumPyArguments.axes(args["axis"])
        let result: Tensor
        switch name {
        case "sum": result = try x.sum(axes: axes, keepDims: keep)
        case "mean": result = try x.mean(axes: axes, keepDims: keep)
        case "max": result = try x.max(axes: axes, keepDims: keep)
        case "min": result = try x.min(axes: axes, keepDims: keep)
        case "prod": result = try x.prod(axes: axes, keepDims: keep)
        case "any": result = try x.any(axes: axes, keepDims: keep)
        case "all": result = try x.all(axes: axes, keepDims: keep)
        case "std": result = try x.standardDeviation(axes: axes, keepDims: keep, ddof: try args.int("ddof"))
        case "var": result = try x.variance(axes: axes, keepDims: keep, ddof: try args.int("ddof"))
        case "argmax", "argmin":
            guard axes == nil || axes!.count == 1 else { throw PyException.typeError("'tuple' object cannot be interpreted as an integer") }
            result = name == "argmax" ? try x.argmax(axis: axes?.first, keepDims: keep) : try x.argmin(axis: axes?.first, keepDims: keep)
        default: throw PyException.attributeError(name)
        }
        return ArrayBridge.numpyValue(result)
    }

    static func cumsum(_ x: Tensor, _ args: BoundArguments) throws -> Tensor {
        var input = x
        if let d = try ArrayBridge.dtype(from: args["dtype"]) { input = try input.cast(to: d) }
        return try input.cumsum(axis: try NumPyArguments.axis(args["axis"]))
    }
}
