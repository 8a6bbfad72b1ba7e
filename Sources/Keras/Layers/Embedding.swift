import KTensor

/// `keras.layers.Embedding(input_dim, output_dim)`: integer ids → rows of an
/// `(input_dim, output_dim)` table (a differentiable gather).
public final class Embedding: Layer {
    public let inputDim: Int
    public let outputDim: Int
    public let embeddingsInitializer: Initializer
    public let embeddingsRegularizer: Regularizer?
    public let maskZero: Bool
    public let inputLength: Int?
    public private(set) var embeddings: Variable?

    public init(inputDim: Int, outputDim: Int, embeddingsInitializer: Initializer = .randomUniform(min: -0.05, max: 0.05, seed: nil),
                embeddingsRegularizer: Regularizer? = nil, maskZero: Bool = false, inputLength: Int? = nil,
                name: String? = nil, trainable: Bool = true) throws {
        guard inputDim > 0, outputDim > 0 else {
            throw KerasError.value("Both `input_dim` and `output_dim` should be positive, Received input_dim = \(inputDim) and output_dim = \(outputDim)")
        }
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.embeddingsInitializer = embeddingsInitializer
        self.embeddingsRegularizer = embeddingsRegularizer
        self.maskZero = maskZero
        self.inputLength = inputLength
        super.init(name: name, trainable: trainable)
        batchInputShape = [nil, inputLength]
    }

    public override func build(inputShapes: [TensorShape]) throws {
        embeddings = try addWeight(name: "embeddings", shape: [inputDim, outputDim], initializer: embeddingsInitializer,
                                   regularizer: embeddingsRegularizer)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard let embeddings else { throw KerasError.value("Embedding layer \(name) is not built.") }
        // As Keras: int32 and int64 ids stay, anything else becomes int32.
        let ids = [.int32, .int64].contains(inputs[0].dtype) ? inputs[0] : try inputs[0].cast(to: .int32)
        for (position, id) in ids.int64s().enumerated() where id < 0 || id >= Int64(inputDim) {
            var index: [Int] = []
            var rest = position
            for size in ids.shape.reversed() {
                index.insert(size > 0 ? rest % size : 0, at: 0)
                rest = size > 0 ? rest / size : 0
            }
            let indexText = index.map(String.init).joined(separator: ",")
            throw KerasError.value("{{function_node __wrapped__ResourceGather_device_/job:localhost/replica:0/task:0/device:CPU:0}} indices[\(indexText)] = \(id) is not in [0, \(inputDim)) [Op:ResourceGather]")
        }
        return [try embeddings.value.take(ids, axis: 0)]
    }

    /// With `mask_zero`, id 0 is padding: the mask is `ids != 0`.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        guard maskZero else { return [nil] }
        return [try Tensor.notEqual(inputs[0], Tensor(scalar: Int64(0)))]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [inputShapes[0] + [outputDim]]
    }

    public override func outputDType(_ inputDTypes: [DType]) -> DType { dtype }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["input_dim"] = .int(inputDim)
        c["output_dim"] = .int(outputDim)
        c["embeddings_initializer"] = embeddingsInitializer.serialized
        c["embeddings_regularizer"] = embeddingsRegularizer.configValue
        c["activity_regularizer"] = ConfigValue.none
        c["embeddings_constraint"] = ConfigValue.none
        c["mask_zero"] = .bool(maskZero)
        c["input_length"] = inputLength.map(ConfigValue.int) ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Embedding {
        try Embedding(inputDim: try c.int("input_dim", default: 0), outputDim: try c.int("output_dim", default: 0),
                      embeddingsInitializer: try c.initializer("embeddings_initializer", default: .randomUniform(min: -0.05, max: 0.05, seed: nil)),
                      embeddingsRegularizer: try c.regularizer("embeddings_regularizer"), maskZero: try c.bool("mask_zero", default: false),
                      inputLength: c["input_length"]?.intValue, name: c.layerName, trainable: c.isTrainable)
    }
}
