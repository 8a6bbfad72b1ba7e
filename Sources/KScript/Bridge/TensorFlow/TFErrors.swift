import KTensor

/// `tf.errors`: TF's exception classes (`OpError` and the subclasses scripts catch), and the
/// names TF uses for dtypes in op error messages (`float` for float32, `double` for float64).
enum TFErrors {
    static let opError = PyType(name: "OpError", module: "tensorflow.python.framework.errors_impl", bases: [BuiltinTypes.exception],
                                isNative: true, instancesHaveDict: true)
    static let subclasses: [PyType] = ["InvalidArgumentError", "NotFoundError", "OutOfRangeError", "ResourceExhaustedError",
                                       "UnimplementedError", "InternalError", "FailedPreconditionError"].map {
        PyType(name: $0, module: "tensorflow.python.framework.errors_impl", bases: [opError], isNative: true, instancesHaveDict: true)
    }
    static var invalidArgument: PyType { subclasses[0] }

    /// The name TF's kernels give a dtype in messages.
    static func kernelName(_ d: DType) -> String {
        switch d {
        case .float32: return "float"
        case .float64: return "double"
        default: return d.name
        }
    }

    /// An `InvalidArgumentError` as an eager TF kernel words it:
    /// `{{function_node __wrapped__NODE_device_/job:localhost/...}} MESSAGE [Op:OP] name: NAME`.
    static func kernelError(node: String, op: String, _ message: String, name: String? = nil) -> PyException {
        let text = "{{function_node __wrapped__\(node)_device_/job:localhost/replica:0/task:0/device:CPU:0}} \(message) [Op:\(op)]"
        return PyException(invalidArgument, text + (name.map { " name: \($0)" } ?? ""))
    }

    /// The `InvalidArgumentError` of an op given a dtype its attr `T` does not allow;
    /// `allowed` are TF's type names (`float`, `double`, ...), `signature` the op's (`x:T -> y:T`).
    static func disallowedType(_ d: DType, op: String, signature: String, allowed: [String]) -> PyException {
        let registered = allowed.map { "DT_" + ($0 == "half" ? "HALF" : $0.uppercased()) }
        return PyException(invalidArgument, "Value for attr 'T' of \(d.name) is not in the list of allowed values: "
            + allowed.joined(separator: ", ") + "\n\t; NodeDef: {{node \(op)}}; Op<name=\(op); signature=\(signature); attr=T:type,allowed=["
            + registered.joined(separator: ", ") + "]> [Op:\(op)]")
    }

    static func make() -> PyModule {
        let m = PyModule(name: "tensorflow.errors")
        m["OpError"] = .object(opError)
        for t in subclasses { m[t.name] = .object(t) }
        return m
    }
}
