import Keras
import KTensor

/// Conversions between script values and the Keras library's types: tensors in and out of
/// layer calls, shapes, configs, and the identifiers layers take (activations,
/// initializers, regularizers).
enum KerasValues {
    // MARK: Errors

    /// The Python exception for a `KerasError`.
    static func pythonException(for error: Error) -> PyException? {
        guard let e = error as? KerasError else { return nil }
        switch e.kind {
        case .value: return PyException.valueError(e.message)
        case .type: return PyException.typeError(e.message)
        case .runtime: return PyException.runtimeError(e.message)
        case .attribute: return PyException.attributeError(e.message)
        case .notImplemented: return PyException.notImplemented(e.message)
        }
    }

    // MARK: Call inputs and outputs

    /// The items of a list or tuple, nil for anything else.
    static func sequenceItems(_ value: Value) -> [Value]? {
        guard case .object(let o) = value else { return nil }
        if let l = o as? PyList { return l.items }
        if let t = o as? PyTuple { return t.items }
        return nil
    }

    /// Symbolic inputs (a KerasTensor or a list of them), nil when the value holds none.
    static func symbolicInputs(_ value: Value) -> (tensors: [KerasTensor], wasList: Bool)? {
        if case .object(let o) = value, let k = o as? KerasTensorObject { return ([k.tensor], false) }
        guard let items = sequenceItems(value), !items.isEmpty else { return nil }
        var tensors: [KerasTensor] = []
        for item in items {
            guard case .object(let o) = item, let k = o as? KerasTensorObject else { return nil }
            tensors.append(k.tensor)
        }
        return (tensors, true)
    }

    /// Concrete inputs: an array-like or a list/tuple of them (a list of numbers is one array).
    static func concreteInputs(_ value: Value) throws -> (tensors: [Tensor], wasList: Bool) {
        if let items = sequenceItems(value), let first = items.first, ArrayBridge.arrayPayload(first) != nil {
            return (try items.map { try inputTensor($0) }, true)
        }
        return ([try inputTensor(value)], false)
    }

    /// One input array; Python floats and float64 arrays become float32 as Keras converts them.
    static func inputTensor(_ value: Value) throws -> Tensor {
        let t = try ArrayBridge.tensor(from: value, defaults: .tensorflow)
        return t.dtype == .float64 ? try t.cast(to: .float32) : t
    }

    /// What a call returns to the script: one `tf.Tensor`, or a list of them.
    static func outputValue(_ tensors: [Tensor], asList: Bool) -> Value {
        if tensors.count == 1 && !asList { return ArrayBridge.tfTensor(tensors[0]) }
        return .object(PyList(tensors.map { ArrayBridge.tfTensor($0) }))
    }

    static func symbolicValue(_ tensors: [KerasTensor], asList: Bool) -> Value {
        let values = tensors.map { Value.object(KerasTensorObject(type: KerasTypes.kerasTensor, tensor: $0)) }
        if values.count == 1 && !asList { return values[0] }
        return .object(PyList(values))
    }

    // MARK: Shapes

    /// A shape tuple/list/TensorShape (`(None, 784)`, `784` for a 1-d shape).
    static func shape(_ value: Value, _ interp: Interpreter, what: String = "shape") throws -> TensorShape {
        if case .int(let n) = value { return [n] }
        if case .object(let o) = value, let s = o as? TensorShapeObject { return s.dimensions }
        guard let items = sequenceItems(value) else {
            throw PyException.typeError("\(what) must be a tuple of integers, got '\(value.type.name)'")
        }
        return try items.map { $0.isNone ? nil : try interp.toInt($0, what: what) }
    }

    /// One shape, or a list of shapes (`[(None, 3), (None, 4)]`).
    static func shapes(_ value: Value, _ interp: Interpreter) throws -> [TensorShape] {
        if let items = sequenceItems(value), let first = items.first, sequenceItems(first) != nil || first.object is TensorShapeObject {
            return try items.map { try shape($0, interp) }
        }
        return [try shape(value, interp)]
    }

    static func shapeTuple(_ shape: TensorShape) -> Value {
        PyTuple.make(shape.map { $0.map { Value.int($0) } ?? .none })
    }

    /// A shape as the TensorShape object `build(input_shape)` receives.
    static func shapeObject(_ shapes: [TensorShape], asList: Bool) -> Value {
        if shapes.count == 1 && !asList { return TFTypes.shape(shapes[0]) }
        return .object(PyList(shapes.map { TFTypes.shape($0) }))
    }

    // MARK: Configs

    static func value(_ config: ConfigValue) -> Value {
        switch config {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        case .string(let s): return .str(s)
        case .list(let items): return .object(PyList(items.map(value)))
        case .tuple(let items): return PyTuple.make(items.map(value))
        case .dict(let c): return .object(dict(c))
        }
    }

    static func dict(_ config: Config) -> PyDict {
        let d = PyDict()
        for (key, item) in config.entries { d.setString(PyStr.intern(key), value(item)) }
        return d
    }

    static func config(_ value: Value, _ interp: Interpreter) throws -> ConfigValue {
        switch value {
        case .none, .unbound: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .object(let o):
            if let s = o as? PyStr { return .string(s.value) }
            if let l = o as? PyList { return .list(try l.items.map { try config($0, interp) }) }
            if let t = o as? PyTuple { return .tuple(try t.items.map { try config($0, interp) }) }
            if let d = o as? PyDict { return .dict(try configDict(d, interp)) }
            if let i = o as? InitializerObject { return i.initializer.serialized }
            if let r = o as? RegularizerObject { return r.regularizer.serialized }
            if let f = o as? NativeFunction, Activation(kerasName: f.name) != nil { return .string(f.name) }
            return .string(try interp.repr(value))
        }
    }

    static func configDict(_ d: PyDict, _ interp: Interpreter) throws -> Config {
        var c = Config()
        for (key, item) in d.pairs {
            guard let k = key.stringValue else { throw PyException.typeError("config keys must be strings") }
            c[k] = try config(item, interp)
        }
        return c
    }

    // MARK: Identifiers

    /// `activation=`: None, a name, or a `keras.activations` function.
    static func activation(_ value: Value) throws -> Activation {
        switch value {
        case .none: return .linear
        case .object(let o):
            if let s = o as? PyStr {
                guard let a = Activation(kerasName: s.value) else {
                    throw PyException.valueError("Unknown activation function: '\(s.value)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
                }
                return a
            }
            if let f = o as? NativeFunction, let a = Activation(kerasName: f.name) { return a }
        default: break
        }
        throw PyException.typeError("kscript: activation must be a name such as 'relu' or a keras.activations function, got '\(value.type.name)'")
    }

    static func initializer(_ value: Value, default fallback: Initializer, _ interp: Interpreter) throws -> Initializer {
        switch value {
        case .none: return fallback
        case .object(let o):
            if let i = o as? InitializerObject { return i.initializer }
            if let s = o as? PyStr {
                guard let i = Initializer(identifier: s.value) else {
                    throw PyException.valueError("Unknown initializer: '\(s.value)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
                }
                return i
            }
            if o is PyDict { return try Initializer(serialized: try config(value, interp)) }
        default: break
        }
        throw PyException.typeError("Could not interpret initializer identifier: \(try interp.repr(value))")
    }

    static func regularizer(_ value: Value, _ interp: Interpreter) throws -> Regularizer? {
        switch value {
        case .none: return nil
        case .object(let o):
            if let r = o as? RegularizerObject { return r.regularizer }
            if let s = o as? PyStr {
                guard let r = Regularizer(identifier: s.value) else { throw PyException.valueError("Unknown regularizer: '\(s.value)'.") }
                return r
            }
            if o is PyDict { return try Regularizer(serialized: try config(value, interp)) }
        default: break
        }
        throw PyException.typeError("Could not interpret regularizer identifier: \(try interp.repr(value))")
    }

    static func optionalInt(_ value: Value, _ interp: Interpreter, what: String) throws -> Int? {
        value.isNone ? nil : try interp.toInt(value, what: what)
    }
}
