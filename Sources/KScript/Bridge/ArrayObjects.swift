import KTensor

/// A NumPy `ndarray`, or a NumPy scalar (`np.float32(1.5)`, `a[0]`) when its type is one of the
/// scalar types: both hold a `Tensor` (a scalar's is 0-d). The tensor is the payload a session
/// serialiser saves. Assignment through indexing replaces it in place (copy-on-write: a slice
/// taken earlier keeps its old contents, unlike NumPy's shared views).
public final class NDArrayObject: PyObject {
    public var tensor: Tensor

    public init(type: PyType, tensor: Tensor) {
        self.tensor = tensor
        super.init(type: type)
    }
}

/// A TensorFlow eager tensor (`tf.Tensor`): an immutable `Tensor`.
public final class TFTensorObject: PyObject {
    public internal(set) var tensor: Tensor
    /// The shape `.shape` reports when it differs from the tensor's: a tensor made while a
    /// layer runs on stand-in inputs for a symbolic call has an unknown batch (`(None, 3)`).
    public internal(set) var staticShape: [Int?]?

    public init(type: PyType, tensor: Tensor) {
        self.tensor = tensor
        super.init(type: type)
    }
}

/// A `tf.Variable` over the engine's `Variable` (shared with layers and optimizers).
public final class TFVariableObject: PyObject {
    public let variable: Variable

    public init(type: PyType, variable: Variable) {
        self.variable = variable
        super.init(type: type)
    }

    deinit {
        ArrayBridge.forget(self)
    }
}

/// A dtype object: NumPy's `np.dtype('float32')` or TensorFlow's `tf.float32` (by its type).
public final class DTypeObject: PyObject {
    public let dtype: DType

    public init(type: PyType, dtype: DType) {
        self.dtype = dtype
        super.init(type: type)
    }
}

/// `tf.TensorShape`: dimensions, nil where unknown (`(None, 784)`).
public final class TensorShapeObject: PyObject {
    public let dimensions: [Int?]

    public init(type: PyType, dimensions: [Int?]) {
        self.dimensions = dimensions
        super.init(type: type)
    }

    /// `(500, 10)`, `(None, 784)`, `()`: how TF prints a shape.
    public var text: String {
        let parts = dimensions.map { $0.map(String.init) ?? "None" }
        return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
    }
}

extension PyType {
    /// Declares that the allocator consumes the constructor arguments (`__init__` ignores them).
    func acceptConstructorArguments() {
        defineRawMethod("__init__", "*args, **kwargs") { _, _ in .none }
    }
}
