/// A Python `list`.
public final class PyList: PyObject {
    public var items: [Value]

    public init(_ items: [Value] = []) {
        self.items = items
        super.init(type: BuiltinTypes.list)
    }

    /// For subclasses of `list` defined in scripts.
    public init(type: PyType, items: [Value]) {
        self.items = items
        super.init(type: type)
    }
}

/// A Python `tuple`.
public final class PyTuple: PyObject {
    public let items: [Value]

    public init(_ items: [Value]) {
        self.items = items
        super.init(type: BuiltinTypes.tuple)
    }

    public init(type: PyType, items: [Value]) {
        self.items = items
        super.init(type: type)
    }

    nonisolated(unsafe) static let empty = PyTuple([])

    /// A tuple value.
    public static func make(_ items: [Value]) -> Value {
        items.isEmpty ? .object(empty) : .object(PyTuple(items))
    }
}

/// A `slice(start, stop, step)` object.
public final class PySlice: PyObject {
    public let start: Value
    public let stop: Value
    public let step: Value

    public init(start: Value, stop: Value, step: Value) {
        self.start = start
        self.stop = stop
        self.step = step
        super.init(type: BuiltinTypes.slice)
    }

    /// Resolves the slice against a sequence of `length`, as `slice.indices` does.
    public func indices(length: Int) throws -> (start: Int, stop: Int, step: Int, count: Int) {
        func integer(_ v: Value) throws -> Int? {
            switch v {
            case .none: return nil
            case .int(let i): return i
            case .bool(let b): return b ? 1 : 0
            default:
                if case .object(let o) = v, let index = try Interpreter.current.indexValue(o) { return index }
                throw PyException.typeError("slice indices must be integers or None or have an __index__ method")
            }
        }
        if length < 0 { throw PyException.valueError("length should not be negative") }
        let stepValue = try integer(step) ?? 1
        if stepValue == 0 { throw PyException.valueError("slice step cannot be zero") }
        var lower: Int, upper: Int
        if stepValue > 0 {
            lower = 0
            upper = length
        } else {
            lower = -1
            upper = length - 1
        }
        func clamp(_ v: Int?, _ defaultValue: Int) -> Int {
            guard var v else { return defaultValue }
            if v < 0 {
                v += length
                if v < lower { v = lower }
            } else if v > upper {
                v = upper
            }
            return v
        }
        let s = clamp(try integer(start), stepValue > 0 ? lower : upper)
        let e = clamp(try integer(stop), stepValue > 0 ? upper : lower)
        var count = 0
        if stepValue > 0 {
            if s < e { count = (e - s - 1) / stepValue + 1 }
        } else {
            if e < s { count = Int(UInt(s - e - 1) / stepValue.magnitude) + 1 }
        }
        return (s, e, stepValue, count)
    }
}

/// A `range` object.
public final class PyRange: PyObject {
    public let start: Int
    public let stop: Int
    public let step: Int

    public init(start: Int, stop: Int, step: Int) {
        self.start = start
        self.stop = stop
        self.step = step
        super.init(type: BuiltinTypes.range)
    }

    /// Number of elements (ranges whose length does not fit in an Int are rejected by the
    /// `range()` constructor).
    public var count: Int {
        PyRange.length(start: start, stop: stop, step: step) ?? Int.max
    }

    /// The length of `range(start, stop, step)`, nil when it does not fit in an Int.
    static func length(start: Int, stop: Int, step: Int) -> Int? {
        if step > 0 {
            guard start < stop else { return 0 }
            let span = UInt(bitPattern: stop &- start) &- 1
            let n = span / UInt(step) + 1
            return n <= UInt(Int.max) ? Int(n) : nil
        }
        guard start > stop else { return 0 }
        let span = UInt(bitPattern: start &- stop) &- 1
        let n = span / step.magnitude + 1
        return n <= UInt(Int.max) ? Int(n) : nil
    }

    public func element(_ i: Int) -> Int { start &+ i &* step }
}
