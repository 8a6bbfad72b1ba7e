/// The grid of Axes `plt.subplots(nrows, ncols)` returns when it has more than one Axes: a
/// 1-D or 2-D object array (row-major) indexed like NumPy's (`axes[0]`, `axes[-1]`,
/// `axes[0, 1]`, `axes[1][0]`), iterated by rows, with `flat` (a 1-D view: iterate or
/// index it), `ravel()`, `flatten()`,
/// `tolist()`, `shape`, `ndim`, `size`; its repr is NumPy's
/// `array([<Axes: >, <Axes: >], dtype=object)`.
final class AxesArray: PyObject {
    let shape: [Int]
    let items: [Value]

    init(shape: [Int], items: [Value]) {
        self.shape = shape
        self.items = items
        super.init(type: PlotTypes.axesArray)
    }

    private var rowLength: Int { shape.count == 2 ? shape[1] : 1 }

    /// Element or row `i` (negative counts from the end) along the first dimension.
    private func element(_ i: Int) throws -> Value {
        let n = shape[0]
        let index = i < 0 ? i + n : i
        guard index >= 0 && index < n else {
            throw PyException.indexError("index \(i) is out of bounds for axis 0 with size \(n)")
        }
        if shape.count == 1 { return items[index] }
        return .object(AxesArray(shape: [shape[1]], items: Array(items[(index * rowLength)..<((index + 1) * rowLength)])))
    }

    func subscriptValue(_ key: Value, _ interp: Interpreter) throws -> Value {
        if case .object(let o) = key, let t = o as? PyTuple {
            guard t.items.count <= shape.count else {
                throw PyException.indexError("too many indices for array: array is \(shape.count)-dimensional, but \(t.items.count) were indexed")
            }
            var current: Value = .object(self)
            for k in t.items {
                guard case .object(let c) = current, let array = c as? AxesArray else { break }
                current = try array.element(try interp.toInt(k, what: "index"))
            }
            return current
        }
        if case .object(let o) = key, let slice = o as? PySlice {
            let rows = try interp.sliceElements(Array(0..<shape[0]), slice)
            var selected: [Value] = []
            for r in rows { selected += try flattened(element(r)) }
            return .object(AxesArray(shape: shape.count == 2 ? [rows.count, shape[1]] : [rows.count], items: selected))
        }
        guard key.intValue != nil || (key.object?.type.lookup("__index__") != nil) else {
            throw PyException.indexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
        }
        return try element(try interp.toInt(key, what: "index"))
    }

    private func flattened(_ v: Value) -> [Value] {
        if case .object(let o) = v, let a = o as? AxesArray { return a.items }
        return [v]
    }

    /// `array([...], dtype=object)` with NumPy's line breaks between rows.
    func repr(_ interp: Interpreter) throws -> String {
        let texts = try items.map { try interp.repr($0) }
        if shape.count == 1 { return "array([" + texts.joined(separator: ", ") + "], dtype=object)" }
        let rows = stride(from: 0, to: texts.count, by: rowLength).map { "[" + texts[$0..<($0 + rowLength)].joined(separator: ", ") + "]" }
        return "array([" + rows.joined(separator: ",\n       ") + "], dtype=object)"
    }

    /// NumPy's `str`: `[<Axes: > <Axes: >]`, rows on their own lines.
    func str(_ interp: Interpreter) throws -> String {
        let texts = try items.map { try interp.repr($0) }
        if shape.count == 1 { return "[" + texts.joined(separator: " ") + "]" }
        let rows = stride(from: 0, to: texts.count, by: rowLength).map { "[" + texts[$0..<($0 + rowLength)].joined(separator: " ") + "]" }
        return "[" + rows.joined(separator: "\n ") + "]"
    }

    static func define(on t: PyType) {
        func me(_ args: BoundArguments, _ name: String) throws -> AxesArray { try args.receiver(as: AxesArray.self, name) }
        t.defineMethod("__getitem__", "key, /") { interp, args in try me(args, "__getitem__").subscriptValue(args["key"], interp) }
        t.defineMethod("__len__", "") { _, args in .int(try me(args, "__len__").shape[0]) }
        t.defineMethod("__iter__", "") { interp, args in
            let a = try me(args, "__iter__")
            let rows = try (0..<a.shape[0]).map { try a.element($0) }
            return try interp.iterator(.object(PyList(rows)))
        }
        t.defineMethod("__repr__", "") { interp, args in .str(try me(args, "__repr__").repr(interp)) }
        t.defineMethod("__str__", "") { interp, args in .str(try me(args, "__str__").str(interp)) }
        t.defineMethod("ravel", "order='C'") { _, args in
            let a = try me(args, "ravel")
            return .object(AxesArray(shape: [a.items.count], items: a.items))
        }
        t.defineMethod("flatten", "order='C'") { _, args in
            let a = try me(args, "flatten")
            return .object(AxesArray(shape: [a.items.count], items: a.items))
        }
        t.defineMethod("tolist", "") { _, args in
            let a = try me(args, "tolist")
            if a.shape.count == 1 { return .object(PyList(a.items)) }
            return .object(PyList(stride(from: 0, to: a.items.count, by: a.rowLength).map { .object(PyList(Array(a.items[$0..<($0 + a.rowLength)]))) }))
        }
        t.defineProperty("flat") { _, v in
            guard case .object(let o) = v, let a = o as? AxesArray else { return .none }
            return .object(AxesArray(shape: [a.items.count], items: a.items))
        }
        t.defineProperty("shape") { _, v in
            guard case .object(let o) = v, let a = o as? AxesArray else { return .none }
            return PyTuple.make(a.shape.map { .int($0) })
        }
        t.defineProperty("ndim") { _, v in
            guard case .object(let o) = v, let a = o as? AxesArray else { return .none }
            return .int(a.shape.count)
        }
        t.defineProperty("size") { _, v in
            guard case .object(let o) = v, let a = o as? AxesArray else { return .none }
            return .int(a.items.count)
        }
    }
}
