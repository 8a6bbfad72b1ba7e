import KTensor

/// The layer behind `keras.Input`: it has no weights and one node with no inputs, whose
/// output is the symbolic input tensor of a Functional or Sequential model.
public final class InputLayer: Layer {
    /// The full shape, batch dimension included (`(None, 784)`).
    public let batchShape: TensorShape
    /// The symbolic tensor this layer outputs.
    public private(set) var output: KerasTensor!

    /// An input of `batchShape`; the default name comes from the `input` counter
    /// (`input_1`, `input_2`, ... as Keras numbers them from 1).
    public init(batchShape: TensorShape, dtype: DType = .float32, name: String? = nil) {
        self.batchShape = batchShape
        super.init(name: name ?? InputLayer.defaultName(), dtype: dtype)
        built = true
        let node = Node(layer: self, inputs: [], inputWasList: false)
        inboundNodes.append(node)
        output = KerasTensor(shape: batchShape, dtype: dtype, layer: self, nodeIndex: 0, tensorIndex: 0)
        node.outputs = [output]
    }

    /// Keras names inputs `input_1`, `input_2`, ...: the counter is shared with `input`
    /// but the first name already has a suffix.
    static func defaultName() -> String {
        let name = Naming.uniqueName("input")
        return name == "input" ? Naming.uniqueName("input") : name
    }

    public override var className: String { "InputLayer" }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] { inputs }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func outputDType(_ inputDTypes: [DType]) -> DType { dtype }

    public override func getConfig() -> Config {
        Config([("batch_input_shape", .shape(batchShape)), ("dtype", .string(dtype.name)), ("sparse", .bool(false)),
                ("ragged", .bool(false)), ("name", .string(name))])
    }

    /// Re-creates an input layer from its config.
    public static func fromConfig(_ config: Config) throws -> InputLayer {
        guard let shape = config["batch_input_shape"]?.shapeValue else {
            throw KerasError.value("InputLayer config needs a batch_input_shape")
        }
        let dtype = config.string("dtype").flatMap(DType.init(name:)) ?? .float32
        return InputLayer(batchShape: shape, dtype: dtype, name: config.string("name"))
    }
}

/// `keras.Input(shape, batch_size, name, dtype)`: a symbolic input tensor of shape
/// `(batch_size, *shape)`.
public func Input(shape: TensorShape, batchSize: Int? = nil, name: String? = nil, dtype: DType = .float32) -> KerasTensor {
    InputLayer(batchShape: [batchSize] + shape, dtype: dtype, name: name).output
}
