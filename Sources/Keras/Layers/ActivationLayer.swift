import KTensor

/// `keras.layers.Activation`: applies a named activation (softmax/sigmoid outputs keep their
/// logits attached, as Keras' do).
public final class ActivationLayer: Layer {
    public let activation: KTensor.Activation

    public init(_ activation: KTensor.Activation, name: String? = nil, trainable: Bool = true) {
        self.activation = activation
        super.init(name: name, trainable: trainable)
    }

    public override var className: String { "Activation" }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        [try inputs[0].activation(activation)]
    }

    public override var supportsMasking: Bool { true }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? { inputShapes }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["activation"] = activation.configValue
        return c
    }

    public static func fromConfig(_ c: Config) throws -> ActivationLayer {
        let layer = ActivationLayer(try c.activation("activation"), name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
