/// What `plt.xticks(...)`/`plt.yticks(...)` return besides locations: the tick objects
/// (`<matplotlib.axis.XTick object at 0x...>`) and their labels as `Text(x, y, 'label')`.
enum TickObjects {
    /// `matplotlib.axis.XTick` / `YTick`: opaque tick handles.
    static let xTick = PyType.native(name: "XTick", module: "matplotlib.axis", doc: "An x-axis tick.")
    static let yTick = PyType.native(name: "YTick", module: "matplotlib.axis", doc: "A y-axis tick.")

    /// A tick label: `Text(5, 0, 'five')`, with `get_text()` and `get_position()`.
    static let label: PyType = {
        let t = PyType.native(name: "Text", module: "matplotlib.text", doc: "A tick label.")
        func me(_ args: BoundArguments, _ name: String) throws -> TickLabel { try args.receiver(as: TickLabel.self, name) }
        t.defineMethod("__repr__", "") { interp, args in
            let l = try me(args, "__repr__")
            return .str("Text(\(try interp.repr(l.x)), \(try interp.repr(l.y)), \(Interpreter.quote(l.text)))")
        }
        t.defineMethod("get_text", "") { _, args in .str(try me(args, "get_text").text) }
        t.defineMethod("get_position", "") { _, args in
            let l = try me(args, "get_position")
            return PyTuple.make([l.x, l.y])
        }
        return t
    }()

    final class TickLabel: PyObject {
        let x: Value
        let y: Value
        let text: String

        init(x: Value, y: Value, text: String) {
            self.x = x
            self.y = y
            self.text = text
            super.init(type: TickObjects.label)
        }
    }

    static func tick(x: Bool) -> Value { .object(PyObject(type: x ? xTick : yTick)) }

    /// Labels at `positions` (values as the script gave them, or floats) on the x or y axis.
    static func labels(_ positions: [Value], _ texts: [String], x: Bool) -> Value {
        .object(PyList(zip(positions, texts).map { p, s in
            .object(TickLabel(x: x ? p : .int(0), y: x ? .int(0) : p, text: s))
        }))
    }
}
