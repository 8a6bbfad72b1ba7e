/// A module: a named namespace of global cells. Compiled code links its global names to the
/// cells directly; `module.attr` from outside goes through the same cells.
public final class PyModule: PyObject {
    /// The import name (`math`, `keras.layers`, `__main__`).
    public let name: String
    /// The file the module was loaded from, if any.
    public var filename: String?
    private(set) var cells: [String: GlobalCell] = [:]
    private(set) var order: [String] = []

    public init(name: String, filename: String? = nil) {
        self.name = name
        self.filename = filename
        super.init(type: BuiltinTypes.module)
        self["__name__"] = .str(name)
        self["__doc__"] = Value.none
        if let filename { self["__file__"] = .str(filename) }
    }

    /// The cell for `name`, created unbound if needed.
    public func cell(_ name: String) -> GlobalCell {
        if let c = cells[name] { return c }
        let c = GlobalCell(name: name)
        cells[name] = c
        order.append(name)
        return c
    }

    /// A module variable; nil when unbound.
    public subscript(name: String) -> Value? {
        get {
            guard let c = cells[name], !c.value.isUnbound else { return nil }
            return c.value
        }
        set {
            cell(name).value = newValue ?? .unbound
        }
    }

    /// Bound names in definition order.
    public var names: [String] { order.filter { !(cells[$0]?.value.isUnbound ?? true) } }

    /// A dict snapshot of the namespace (`vars(module)`, `module.__dict__`).
    public func namespaceDict() -> PyDict {
        let d = PyDict()
        for n in order {
            if let c = cells[n], !c.value.isUnbound { d.setString(PyStr.intern(n), c.value) }
        }
        return d
    }
}
