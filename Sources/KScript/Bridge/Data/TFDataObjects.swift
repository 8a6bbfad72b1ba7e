import KTensor
import Keras

/// A `tf.data.Dataset` script object over a Keras `Dataset`. `dataset` is the pipeline the
/// training loop iterates; `kind` is TF's class name for the repr (`_BatchDataset`).
public final class DatasetObject: PyObject {
    public let dataset: Dataset
    let kind: String
    /// The call that made it (`Dataset.from_tensor_slices(...)`, `parent.batch(32)`), so a
    /// notebook session can make it again; nil for datasets made otherwise.
    var recipe: DatasetRecipe?

    init(_ dataset: Dataset, kind: String) {
        self.dataset = dataset
        self.kind = kind
        super.init(type: TFDataModule.datasetType)
    }

    /// The pipeline of a `tf.data.Dataset` script value (nil for other values), for bridges
    /// such as `fit` that accept datasets.
    public static func dataset(from value: Value) -> Dataset? {
        (value.object as? DatasetObject)?.dataset
    }

    /// A `tf.data.Dataset` script value over `dataset`.
    public static func value(_ dataset: Dataset) -> Value {
        .object(DatasetObject(dataset, kind: "_TensorSliceDataset"))
    }
}

/// A `tf.data.Dataset` method call: `method` of `receiver` (a parent dataset), or the static
/// method of `tf.data.Dataset` when `receiver` is nil, with its arguments.
struct DatasetRecipe {
    let method: String
    let receiver: Value?
    let call: ConstructorCall

    /// The recipe of a call bound as `arguments` (every parameter passed by keyword); a call
    /// without a receiver is of a static method.
    init(method: String, arguments: BoundArguments) {
        self.method = method
        if case .unbound = arguments.receiver { receiver = nil } else { receiver = arguments.receiver }
        let names = arguments.signature.fixed.map(\.name)
        call = ConstructorCall(positional: arguments.varArgs, keywords: Array(zip(names, arguments.values)) + arguments.varKeywords)
    }
}

/// `tf.TensorSpec(shape, dtype, name)`.
final class TensorSpecObject: PyObject {
    let shape: [Int?]
    let dtype: DType
    let name: Value

    init(shape: [Int?], dtype: DType, name: Value = .none) {
        self.shape = shape
        self.dtype = dtype
        self.name = name
        super.init(type: TFDataModule.tensorSpecType)
    }
}

/// Iterates a dataset for a `for` loop (tf tensors) or `as_numpy_iterator()` (NumPy values).
final class DatasetIteratorObject: PyIterator {
    static let type = PyType.native(name: "OwnedIterator", module: "tensorflow.python.data.ops.iterator_ops", instancesHaveDict: false)
    static let numpyType = PyType.native(name: "_NumpyIterator", module: "tensorflow.python.data.ops.dataset_ops", instancesHaveDict: false)
    let iterator: DatasetIterator
    let asNumPy: Bool

    init(_ iterator: DatasetIterator, asNumPy: Bool) {
        self.iterator = iterator
        self.asNumPy = asNumPy
        super.init(type: asNumPy ? DatasetIteratorObject.numpyType : DatasetIteratorObject.type)
    }

    override func next(_ interpreter: Interpreter) throws -> Value? {
        try interpreter.chargeStep()
        guard let e = try iterator.next() else { return nil }
        return TFDataModule.value(e, asNumPy: asNumPy)
    }
}

extension TensorSpecObject {
    /// `TensorSpec(shape=(None, 784), dtype=tf.float32, name=None)`.
    var text: String {
        let dims = shape.map { $0.map(String.init) ?? "None" }
        let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ", ") + ")"
        let nameText = name.stringValue.map { "'\($0)'" } ?? "None"
        return "TensorSpec(shape=\(shapeText), dtype=tf.\(dtype.name), name=\(nameText))"
    }
}
