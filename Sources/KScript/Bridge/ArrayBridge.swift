import Foundation
import Keras
import KTensor

/// The one conversion API between script values and engine tensors, for every bridge
/// (`keras`, training, plotting): script arrays in, script arrays out.
///
/// - `tensor(from:dtype:defaults:)` accepts an `ndarray` or NumPy scalar, a `tf.Tensor`, a
///   `tf.Variable` (its value, watched by recording tapes), nested lists/tuples of those or of
///   Python numbers, a `range`, and Python scalars.
/// - `ndarray`, `numpyValue`, `tfTensor`, `variable` wrap engine values as script objects;
///   `tensorShape` and `tfDType` make TF's shape and dtype objects.
/// - `dtype(from:)` reads a `dtype=` argument (`'float32'`, `np.float32`, `tf.int64`, `float`).
///
/// The objects expose their payload: `NDArrayObject.tensor`, `TFTensorObject.tensor`,
/// `TFVariableObject.variable`.
public enum ArrayBridge {
    /// Which dtypes Python scalars become: NumPy's int64/float64 or TensorFlow's int32/float32.
    public enum ScalarDefaults {
        case numpy, tensorflow
    }

    /// The tensor a script value stands for, cast to `dtype` when given. Throws TypeError for
    /// values that are not numbers or arrays, ValueError for ragged nesting.
    public static func tensor(from value: Value, dtype: DType? = nil, defaults: ScalarDefaults = .numpy) throws -> Tensor {
        // Python numbers given a dtype keep their full value on the way (TF's
        // `tf.constant(1/3, dtype=tf.float64)` is 0.3333333333333333, not a float32 widened).
        var readAs = defaults
        if dtype != nil {
            switch value {
            case .int, .float, .bool: readAs = .numpy
            case .object(let o) where o is PyList || o is PyTuple || o is PyRange: readAs = .numpy
            default: break
            }
        }
        let t = try uncastTensor(from: value, defaults: readAs)
        guard let dtype, dtype != t.dtype else { return t }
        return try t.cast(to: dtype)
    }

    /// A NumPy `ndarray` holding `tensor` (also for 0-d tensors).
    public static func ndarray(_ tensor: Tensor) -> Value {
        .object(NDArrayObject(type: NumPyTypes.ndarray, tensor: tensor))
    }

    /// What a NumPy operation returns: a NumPy scalar for a 0-d result, else an `ndarray`.
    public static func numpyValue(_ tensor: Tensor) -> Value {
        if tensor.rank == 0 { return .object(NDArrayObject(type: NumPyTypes.scalarType(tensor.dtype), tensor: tensor)) }
        return ndarray(tensor)
    }

    /// A `tf.Tensor` holding `tensor`. While a layer runs on stand-in inputs for a symbolic
    /// call (`SymbolicBatch`), a leading axis of the stand-in batch size reads as None.
    public static func tfTensor(_ tensor: Tensor) -> Value {
        let object = TFTensorObject(type: TFTypes.tensor, tensor: tensor)
        if SymbolicBatch.standIn != nil {
            let shape = SymbolicBatch.staticShape(tensor.shape)
            if shape.contains(where: { $0 == nil }) { object.staticShape = shape }
        }
        return .object(object)
    }

    /// The `tf.Variable` object of an engine variable: the same script object while one is
    /// alive, so `is` and identity-keyed containers see one variable.
    public static func variable(_ variable: Variable) -> Value {
        if let existing = variableWrappers[ObjectIdentifier(variable)] { return .object(existing.object) }
        return .object(remember(TFVariableObject(type: TFTypes.variable, variable: variable)))
    }

    /// Makes `wrapper` the script object `variable(_:)` returns for its variable.
    @discardableResult
    static func remember(_ wrapper: TFVariableObject) -> TFVariableObject {
        variableWrappers[ObjectIdentifier(wrapper.variable)] = VariableObjectReference(object: wrapper)
        return wrapper
    }

    /// Drops `wrapper` from the table as it is freed (`TFVariableObject.deinit`).
    static func forget(_ wrapper: TFVariableObject) {
        let key = ObjectIdentifier(wrapper.variable)
        if let entry = variableWrappers[key], entry.object === wrapper { variableWrappers[key] = nil }
    }

    /// The script object of a variable while it lives. Not a `weak` reference: that would
    /// give every variable object a side table and make each of its retains and releases (a
    /// list of variables passes through several per training step) take the slow path. The
    /// object removes its entry as it is freed, so the entry never outlives it; the variable
    /// it holds strongly keeps the key from being reused meanwhile.
    private struct VariableObjectReference {
        unowned(unsafe) let object: TFVariableObject
    }

    nonisolated(unsafe) private static var variableWrappers: [ObjectIdentifier: VariableObjectReference] = [:]

    /// A `tf.TensorShape` (prints `(None, 784)`; nil dimensions are unknown).
    public static func tensorShape(_ dimensions: [Int?]) -> Value { TFTypes.shape(dimensions) }

    /// TF's dtype object (`tf.float32`, prints `<dtype: 'float32'>`).
    public static func tfDType(_ dtype: DType) -> Value { TFTypes.dtypeObject(dtype) }

    /// The dtype a `dtype=` argument names; nil for None.
    public static func dtype(from value: Value) throws -> DType? {
        switch value {
        case .none: return nil
        case .object(let o):
            if let d = o as? DTypeObject { return d.dtype }
            if let s = o as? PyStr {
                if let d = DType(name: s.value) { return d }
                if let d = shortDTypeCodes[s.value] { return d }
                throw PyException.typeError("data type '\(s.value)' not understood")
            }
            if let t = o as? PyType {
                if let d = NumPyTypes.dtype(ofScalarType: t) { return d }
                if t === BuiltinTypes.float { return .float64 }
                if t === BuiltinTypes.int { return .int64 }
                if t === BuiltinTypes.bool { return .bool }
            }
        default: break
        }
        throw PyException.typeError("Cannot interpret '\(try Interpreter.current.repr(value))' as a data type")
    }

    /// NumPy's one-letter and array-protocol dtype codes.
    private static let shortDTypeCodes: [String: DType] = [
        "f": .float32, "f4": .float32, "<f4": .float32, "d": .float64, "f8": .float64, "<f8": .float64,
        "i": .int32, "i4": .int32, "<i4": .int32, "l": .int64, "i8": .int64, "<i8": .int64,
        "B": .uint8, "u1": .uint8, "|u1": .uint8, "?": .bool, "b1": .bool,
    ]

    /// The tensor of an array object (ndarray, NumPy scalar, tf.Tensor, tf.Variable), else nil.
    public static func arrayPayload(_ value: Value) -> Tensor? {
        guard case .object(let o) = value else { return nil }
        if let a = o as? NDArrayObject { return a.tensor }
        if let t = o as? TFTensorObject { return t.tensor }
        if let v = o as? TFVariableObject { return v.variable.value }
        return nil
    }

    // MARK: Conversion of nested sequences

    private static func uncastTensor(from value: Value, defaults: ScalarDefaults) throws -> Tensor {
        if let t = arrayPayload(value) { return t }
        switch value {
        case .bool(let b): return Tensor(scalar: b)
        case .int(let i): return Tensor(scalar: Int64(i), dtype: defaults == .numpy ? .int64 : .int32)
        case .float(let d): return Tensor(scalar: d, dtype: defaults == .numpy ? .float64 : .float32)
        case .object(let o) where o is PyList || o is PyTuple:
            return try nestedTensor(value, defaults: defaults)
        case .object(let slices as IndexedSlicesObject) where defaults == .tensorflow:
            return try slices.dense()
        case .object(let r as PyRange):
            let values = (0..<r.count).map { Int64(r.element($0)) }
            return try Tensor(shape: [values.count], values: values).cast(to: defaults == .numpy ? .int64 : .int32)
        default:
            throw PyException.typeError("cannot convert an object of type '\(value.type.name)' to an array (kscript arrays hold numbers)")
        }
    }

    private static func items(_ value: Value) -> [Value]? {
        guard case .object(let o) = value else { return nil }
        if let l = o as? PyList { return l.items }
        if let t = o as? PyTuple { return t.items }
        return nil
    }

    /// The shape of a nested sequence; throws NumPy's error for ragged nesting.
    private static func nestedShape(_ value: Value, depth: Int) throws -> [Int] {
        guard let elements = items(value) else {
            if let t = arrayPayload(value) { return t.shape }
            return []
        }
        if depth > 64 { throw PyException.valueError("maximum supported dimension for an ndarray is 32, found 65") }
        guard let first = elements.first else { return [0] }
        let inner = try nestedShape(first, depth: depth + 1)
        for e in elements.dropFirst() where try nestedShape(e, depth: depth + 1) != inner {
            throw PyException.valueError("setting an array element with a sequence. The requested array has an inhomogeneous shape after \(depth + 1) dimensions. The detected shape was \(shapeText(Array([elements.count]))) + inhomogeneous part.")
        }
        return [elements.count] + inner
    }

    private static func nestedTensor(_ value: Value, defaults: ScalarDefaults) throws -> Tensor {
        let shape = try nestedShape(value, depth: 0)
        var leaves: [Value] = []
        var arrayType: DType?
        var scalarType: DType?
        func collect(_ v: Value) throws {
            if let elements = items(v) {
                for e in elements { try collect(e) }
                return
            }
            if let t = arrayPayload(v) {
                arrayType = arrayType.map { DType.promoted($0, t.dtype) } ?? t.dtype
            } else {
                // Python scalars combine by kind (bool < int < float) before taking a dtype.
                let leafType: DType
                switch v {
                case .bool: leafType = .bool
                case .int: leafType = defaults == .numpy ? .int64 : .int32
                case .float: leafType = defaults == .numpy ? .float64 : .float32
                default:
                    throw PyException.typeError("cannot convert an object of type '\(v.type.name)' to an array (kscript arrays hold numbers)")
                }
                if scalarType == nil || leafType.kindOrder > scalarType!.kindOrder { scalarType = leafType }
            }
            leaves.append(v)
        }
        try collect(value)
        var dtype = arrayType
        if let s = scalarType { dtype = dtype.map { DType.promoted($0, s) } ?? s }
        let resultType = dtype ?? (defaults == .numpy ? .float64 : .float32)
        try Tensor.checkShape(shape, dtype: resultType)
        if resultType.isFloatingPoint {
            var values: [Double] = []
            values.reserveCapacity(Tensor.elementCount(shape))
            for v in leaves {
                if let t = arrayPayload(v) { values.append(contentsOf: t.doubles()) } else { values.append(v.doubleValue ?? 0) }
            }
            return try Tensor(shape: shape, values: values).cast(to: resultType)
        }
        var values: [Int64] = []
        values.reserveCapacity(Tensor.elementCount(shape))
        for v in leaves {
            if let t = arrayPayload(v) { values.append(contentsOf: t.int64s()) } else { values.append(Int64(v.intValue ?? 0)) }
        }
        return try Tensor(shape: shape, values: values).cast(to: resultType)
    }

    /// `(3,)`, `(2, 3)`: a shape as Python prints the tuple.
    static func shapeText(_ shape: [Int]) -> String {
        shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }

    // MARK: Errors

    /// The Python exception for an engine error reaching a script: `TensorError` by kind (an
    /// axis out of range is NumPy's `AxisError`, a ValueError and IndexError),
    /// `ArrayFileError` as OSError (FileNotFoundError for a missing file) or ValueError.
    static func pythonException(for error: Error) -> PyException? {
        if let e = error as? TensorError {
            switch e.kind {
            case .invalidArgument: return PyException.valueError(e.message)
            case .index:
                if e.message.hasPrefix("axis "), e.message.contains("out of bounds for array of dimension") {
                    return PyException(NumPyTypes.axisError, e.message)
                }
                return PyException.indexError(e.message)
            case .type: return PyException.typeError(e.message)
            case .runtime: return PyException.runtimeError(e.message)
            case .memory: return PyException(BuiltinTypes.memoryError, e.message)
            }
        }
        if let e = error as? ArrayFileError {
            switch e.kind {
            case .io:
                if let code = e.errno {
                    let type = code == 2 ? BuiltinTypes.fileNotFoundError : BuiltinTypes.osError
                    let reason = String(cString: strerror(code))
                    return PyException.osError(type, errno: code, message: reason, filename: e.path)
                }
                return PyException(BuiltinTypes.osError, e.message)
            case .malformed, .unsupported: return PyException.valueError(e.message)
            }
        }
        return nil
    }
}

private extension DType {
    /// bool < integers < floats.
    var kindOrder: Int { self == .bool ? 0 : isFloatingPoint ? 2 : 1 }
}
