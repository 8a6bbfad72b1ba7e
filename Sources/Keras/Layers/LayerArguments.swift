import KTensor

/// Reading the entries every layer config shares, for `fromConfig`.
extension Config {
    /// The activation named by `key` (`"relu"`, `"linear"`); linear when absent.
    func activation(_ key: String) throws -> KTensor.Activation {
        guard let name = string(key) else { return .linear }
        guard let activation = KTensor.Activation(kerasName: name) else {
            throw KerasError.value("Unknown activation function: '\(name)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
        }
        return activation
    }

    func initializer(_ key: String, default value: Initializer) throws -> Initializer {
        guard let entry = self[key], entry != .none else { return value }
        return try Initializer(serialized: entry)
    }

    func regularizer(_ key: String) throws -> Regularizer? {
        guard let entry = self[key], entry != .none else { return nil }
        return try Regularizer(serialized: entry)
    }

    /// The entries Dense and the convolutions share, from `activation` to `bias_constraint`.
    mutating func appendKernelEntries(activation: KTensor.Activation, useBias: Bool, kernelInitializer: Initializer, biasInitializer: Initializer,
                                      kernelRegularizer: Regularizer?, biasRegularizer: Regularizer?) {
        self["activation"] = activation.configValue
        self["use_bias"] = .bool(useBias)
        self["kernel_initializer"] = kernelInitializer.serialized
        self["bias_initializer"] = biasInitializer.serialized
        self["kernel_regularizer"] = kernelRegularizer.configValue
        self["bias_regularizer"] = biasRegularizer.configValue
        self["activity_regularizer"] = ConfigValue.none
        self["kernel_constraint"] = ConfigValue.none
        self["bias_constraint"] = ConfigValue.none
    }

    /// The common constructor arguments: name, trainable, dtype.
    public var layerName: String? { string("name") }
    public var isTrainable: Bool { self["trainable"]?.boolValue ?? true }
    public var batchInputShape: TensorShape? { self["batch_input_shape"]?.shapeValue }
}

extension KTensor.Activation {
    /// Keras' activation as a config entry: its name.
    var configValue: ConfigValue { .string(kerasName) }
}

extension Optional where Wrapped == Regularizer {
    var configValue: ConfigValue { self?.serialized ?? .none }
}
