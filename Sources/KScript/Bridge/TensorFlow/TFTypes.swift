import KTensor

/// The native types of the `tensorflow` module: the eager tensor, `tf.Variable`, `DType`
/// (`tf.float32` ...) and `TensorShape`. Created once, on first use.
enum TFTypes {
    static let tensor: PyType = {
        let t = PyType.native(name: "EagerTensor", module: "tensorflow.python.framework.ops", instancesHaveDict: false)
        t.qualifiedName = "EagerTensor"
        TFTensorMethods.install(on: t)
        ArrayOperators.install(on: t, style: .tensorflow)
        return t
    }()

    static let variable: PyType = {
        let t = PyType.native(name: "ResourceVariable", module: "tensorflow.python.ops.resource_variable_ops", instancesHaveDict: false)
        t.acceptConstructorArguments()
        TFVariableMethods.install(on: t)
        ArrayOperators.install(on: t, style: .tensorflow)
        return t
    }()

    static let dtype: PyType = {
        let t = PyType.native(name: "DType", module: "tensorflow.python.framework.dtypes", instancesHaveDict: false)
        DTypeMethods.install(on: t, style: .tensorflow)
        return t
    }()

    /// `tf.float32` and its siblings.
    static func dtypeObject(_ d: DType) -> Value { .object(DTypeObject(type: dtype, dtype: d)) }

    static let tensorShape: PyType = {
        let t = PyType.native(name: "TensorShape", module: "tensorflow.python.framework.tensor_shape", instancesHaveDict: false) { interp, type, args in
            let dims: [Int?] = args.count == 0 || args[0].isNone ? [] : try interp.collect(args[0]).map { $0.isNone ? nil : try interp.toInt($0, what: "dims") }
            return TensorShapeObject(type: type, dimensions: dims)
        }
        t.acceptConstructorArguments()
        TensorShapeMethods.install(on: t)
        return t
    }()

    static func shape(_ dims: [Int?]) -> Value { .object(TensorShapeObject(type: tensorShape, dimensions: dims)) }
}
