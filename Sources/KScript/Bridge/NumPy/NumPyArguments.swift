import KTensor

/// Readers for the argument forms NumPy and TF functions share: shapes, axes, index lists.
enum NumPyArguments {
    /// A shape given as an int or a sequence of ints (`3`, `(2, 3)`, `[2, 3]`, a 1-d array).
    static func shape(_ v: Value) throws -> [Int] {
        if let i = v.intValue { return [i] }
        return try intList(v, what: "shape")
    }

    /// A sequence of ints (list, tuple, TensorShape, 1-d integer array).
    static func intList(_ v: Value, what: String) throws -> [Int] {
        let interp = Interpreter.current!
        if case .object(let o) = v {
            if let s = o as? TensorShapeObject {
                return try s.dimensions.map { d in
                    guard let d else { throw PyException.valueError("Cannot convert a partially known TensorShape to a list of ints") }
                    return d
                }
            }
            if let t = ArrayBridge.arrayPayload(v) {
                guard !t.dtype.isFloatingPoint else { throw PyException.typeError("'\(t.dtype.name)' object cannot be interpreted as an integer") }
                if t.rank == 0 { return [Int(try t.scalarInt64())] }
                return t.int64s().map { Int($0) }
            }
        }
        return try interp.collect(v).map { try interp.toInt($0, what: what) }
    }

    /// An `axis=` argument: None (all axes), an int, or a tuple of ints.
    static func axes(_ v: Value) throws -> [Int]? {
        if v.isNone { return nil }
        if let i = v.intValue { return [i] }
        if case .object(let o) = v, o is PyTuple || o is PyList { return try intList(v, what: "axis") }
        if let i = try? Interpreter.current.toInt(v, what: "axis") { return [i] }
        throw PyException.typeError("'\(v.type.name)' object cannot be interpreted as an integer")
    }

    /// A single optional axis.
    static func axis(_ v: Value) throws -> Int? {
        if v.isNone { return nil }
        return try Interpreter.current.toInt(v, what: "axis")
    }

    /// The Python value of element `offset` of `t` (float, int or bool).
    static func pythonScalar(_ t: Tensor, atOffset offset: Int) -> Value {
        switch t.dtype {
        case .float32, .float64: return .float(t.doubleValue(atOffset: offset))
        case .bool: return .bool(t.int64Value(atOffset: offset) != 0)
        default: return .int(Int(t.int64Value(atOffset: offset)))
        }
    }

    /// `tolist()`: nested lists of Python scalars (a 0-d tensor gives its scalar).
    static func toList(_ t: Tensor) -> Value {
        var offsets: [Int] = []
        offsets.reserveCapacity(t.count)
        t.forEachElementOffset { offsets.append($0) }
        if t.rank == 0 { return pythonScalar(t, atOffset: t.offset) }
        var position = 0
        func build(_ axis: Int) -> Value {
            var items: [Value] = []
            items.reserveCapacity(t.shape[axis])
            for _ in 0..<t.shape[axis] {
                if axis == t.rank - 1 {
                    items.append(pythonScalar(t, atOffset: offsets[position]))
                    position += 1
                } else {
                    items.append(build(axis + 1))
                }
            }
            return .object(PyList(items))
        }
        return build(0)
    }
}
