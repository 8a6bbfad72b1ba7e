/// `dict.keys()`, `dict.values()`, `dict.items()`: live views of a dict.
public final class DictView: PyObject {
    let mapping: PyDict
    let kind: DictIterator.Kind

    init(_ dict: PyDict, kind: DictIterator.Kind) {
        self.mapping = dict
        self.kind = kind
        let type: PyType
        switch kind {
        case .keys: type = BuiltinTypes.dictKeys
        case .values: type = BuiltinTypes.dictValues
        case .items: type = BuiltinTypes.dictItems
        }
        super.init(type: type)
    }

    /// The current elements of the view.
    func elements() -> [Value] {
        switch kind {
        case .keys: return mapping.keys
        case .values: return mapping.values
        case .items: return mapping.pairs.map { .object(PyTuple([$0.key, $0.value])) }
        }
    }
}

extension PySet {
    /// A new set with `values` added in order.
    static func from(_ values: [Value], interpreter: Interpreter, frozen: Bool = false) throws -> PySet {
        let s = PySet(frozen: frozen)
        for v in values { try s.add(v) }
        return s
    }
}
