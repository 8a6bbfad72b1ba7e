import KTensor

/// The native types of the `numpy` module: `ndarray`, the scalar types (`float32`, `int64`,
/// `uint8`, `bool_` ...) under `generic`, and `dtype`. Created once, on first use.
enum NumPyTypes {
    static let ndarray: PyType = {
        let t = PyType.native(name: "ndarray", module: "numpy", doc: "An array object represents a multidimensional, homogeneous array of fixed-size items.",
                              instancesHaveDict: false) { interp, type, args in
            let shape = try args.count > 0 ? NumPyArguments.shape(args[0]) : []
            let dtype = try args.keyword("dtype").flatMap { try ArrayBridge.dtype(from: $0) } ?? .float64
            try Tensor.checkShape(shape, dtype: dtype)
            return NDArrayObject(type: type, tensor: Tensor(zeros: shape, dtype: dtype))
        }
        t.acceptConstructorArguments()
        NDArrayMethods.install(on: t, isScalarType: false)
        ArrayOperators.install(on: t, style: .numpy)
        t.temporaryBinary = ArrayOperators.elideTemporary
        return t
    }()

    /// `numpy.generic`, base of the scalar types.
    static let generic: PyType = {
        let t = PyType.native(name: "generic", module: "numpy", doc: "Base class for numpy scalar types.", instancesHaveDict: false)
        NDArrayMethods.install(on: t, isScalarType: true)
        ArrayOperators.install(on: t, style: .numpy)
        return t
    }()

    /// The scalar type of each dtype (`np.float32` ...), in `DType.allCases` order.
    static let scalarTypes: [PyType] = DType.allCases.map { dtype in
        let name = dtype == .bool ? "bool_" : dtype.name
        let t = PyType.native(name: name, module: "numpy", base: generic, instancesHaveDict: false) { interp, type, args in
            let value = args.count > 0 ? args[0] : .int(0)
            let tensor = try ArrayBridge.tensor(from: value, dtype: dtype)
            if tensor.rank > 0 { return NDArrayObject(type: ndarray, tensor: tensor) }
            return NDArrayObject(type: type, tensor: tensor)
        }
        t.acceptConstructorArguments()
        return t
    }

    static func scalarType(_ dtype: DType) -> PyType {
        scalarTypes[DType.allCases.firstIndex(of: dtype) ?? 0]
    }

    /// The dtype of a scalar type object (`np.float32` → float32).
    static func dtype(ofScalarType type: PyType) -> DType? {
        scalarTypes.firstIndex { $0 === type }.map { DType.allCases[$0] }
    }

    /// `numpy.dtype`.
    static let dtype: PyType = {
        let t = PyType.native(name: "dtype", module: "numpy", doc: "Create a data type object.", instancesHaveDict: false) { _, type, args in
            guard args.count > 0, let d = try ArrayBridge.dtype(from: args[0]) else {
                throw PyException.typeError("Cannot interpret 'None' as a data type")
            }
            return DTypeObject(type: type, dtype: d)
        }
        t.acceptConstructorArguments()
        DTypeMethods.install(on: t, style: .numpy)
        return t
    }()

    /// The `np.dtype` object of a dtype.
    static func dtypeObject(_ d: DType) -> Value { .object(DTypeObject(type: dtype, dtype: d)) }

    /// `numpy.AxisError`: an axis argument out of range (both a ValueError and an IndexError).
    static let axisError = PyType(name: "AxisError", module: "numpy", bases: [BuiltinTypes.valueError, BuiltinTypes.indexError],
                                  isNative: true, instancesHaveDict: true)
}
