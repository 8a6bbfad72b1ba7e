/// Re-creates layers and models from `{class_name, config}` (`keras.layers.deserialize`,
/// `Sequential.from_config`, `Model.from_config`). Other code (the language bridge, for
/// script classes) can register more classes.
public enum LayerRegistry {
    public typealias Factory = (Config) throws -> Layer

    nonisolated(unsafe) private static var factories: [String: Factory] = [
        "Dense": { try Dense.fromConfig($0) },
        "Dropout": { try Dropout.fromConfig($0) },
        "Flatten": { try Flatten.fromConfig($0) },
        "Reshape": { try Reshape.fromConfig($0) },
        "Rescaling": { try Rescaling.fromConfig($0) },
        "Conv1D": { try Conv1D.fromConfig($0) },
        "Conv2D": { try Conv2D.fromConfig($0) },
        "MaxPooling1D": { try MaxPooling1D.fromConfig($0) },
        "MaxPooling2D": { try MaxPooling2D.fromConfig($0) },
        "AveragePooling1D": { try AveragePooling1D.fromConfig($0) },
        "AveragePooling2D": { try AveragePooling2D.fromConfig($0) },
        "GlobalAveragePooling1D": { try GlobalAveragePooling1D.fromConfig($0) },
        "GlobalMaxPooling1D": { try GlobalMaxPooling1D.fromConfig($0) },
        "GlobalAveragePooling2D": { try GlobalAveragePooling2D.fromConfig($0) },
        "GlobalMaxPooling2D": { try GlobalMaxPooling2D.fromConfig($0) },
        "ReLU": { try ReLU.fromConfig($0) },
        "LeakyReLU": { try LeakyReLU.fromConfig($0) },
        "ELU": { try ELU.fromConfig($0) },
        "Softmax": { try Softmax.fromConfig($0) },
        "PReLU": { try PReLU.fromConfig($0) },
        "Masking": { try Masking.fromConfig($0) },
        "LayerNormalization": { try LayerNormalization.fromConfig($0) },
        "Normalization": { try Normalization.fromConfig($0) },
        "RepeatVector": { try RepeatVector.fromConfig($0) },
        "Permute": { try Permute.fromConfig($0) },
        "ZeroPadding1D": { try ZeroPadding1D.fromConfig($0) },
        "ZeroPadding2D": { try ZeroPadding2D.fromConfig($0) },
        "Cropping1D": { try Cropping1D.fromConfig($0) },
        "Cropping2D": { try Cropping2D.fromConfig($0) },
        "UpSampling1D": { try UpSampling1D.fromConfig($0) },
        "UpSampling2D": { try UpSampling2D.fromConfig($0) },
        "SpatialDropout1D": { try Dropout.spatialFromConfig($0, rank: 1) },
        "SpatialDropout2D": { try Dropout.spatialFromConfig($0, rank: 2) },
        "GaussianNoise": { try GaussianNoiseLayer.fromConfig($0, kind: .additive) },
        "GaussianDropout": { try GaussianNoiseLayer.fromConfig($0, kind: .multiplicative) },
        "Identity": { try Identity.fromConfig($0) },
        "Activation": { try ActivationLayer.fromConfig($0) },
        "BatchNormalization": { try BatchNormalization.fromConfig($0) },
        "Embedding": { try Embedding.fromConfig($0) },
        "LSTM": { try LSTM.fromConfig($0) },
        "GRU": { try GRU.fromConfig($0) },
        "SimpleRNN": { try SimpleRNN.fromConfig($0) },
        "Bidirectional": { try Bidirectional.fromConfig($0) },
        "TimeDistributed": { try TimeDistributed.fromConfig($0) },
        "Concatenate": { try Concatenate.fromConfig($0) },
        "Dot": { try Dot.fromConfig($0) },
        "InputLayer": { try InputLayer.fromConfig($0) },
        "TFOpLambda": { try TFOpLambda.fromConfig($0) },
        "Sequential": { try LayerRegistry.sequential(from: $0) },
        "Functional": { try LayerRegistry.functional(from: $0) },
        "Model": { try LayerRegistry.functional(from: $0) },
    ]

    /// Adds (or replaces) the factory for `className`.
    public static func register(_ className: String, _ factory: @escaping Factory) {
        factories[className] = factory
    }

    /// A layer from its class name and config.
    public static func layer(className: String, config: Config) throws -> Layer {
        if let operation = Merge.Operation(rawValue: className) { return try Merge.fromConfig(config, operation: operation) }
        guard let factory = factories[className] else {
            throw KerasError.value("Unknown layer: '\(className)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
        }
        return try factory(config)
    }

    /// A layer from `{'class_name': ..., 'config': {...}}`.
    public static func layer(serialized value: ConfigValue) throws -> Layer {
        guard case .dict(let d) = value, let className = d.string("class_name"), case .dict(let config)? = d["config"] else {
            throw KerasError.value("A serialized layer must be a dict with 'class_name' and 'config'")
        }
        return try layer(className: className, config: config)
    }

    /// `Sequential.from_config`.
    public static func sequential(from config: Config) throws -> Sequential {
        let model = try Sequential(name: config.string("name"))
        for item in config["layers"]?.elements ?? [] { try model.add(try layer(serialized: item)) }
        return model
    }

    /// `Model.from_config` of a Functional config: re-creates the layers and replays their
    /// calls in order until every node is rebuilt.
    public static func functional(from config: Config) throws -> Functional {
        var created: [String: Layer] = [:]
        var pending: [(layer: Layer, calls: [ConfigValue])] = []
        for item in config["layers"]?.elements ?? [] {
            guard case .dict(let d) = item, let className = d.string("class_name"), case .dict(let c)? = d["config"] else {
                throw KerasError.value("Malformed layer entry in a Functional config")
            }
            let made = try layer(className: className, config: c)
            created[made.name] = made
            pending.append((made, d["inbound_nodes"]?.elements ?? []))
        }
        // Symbolic outputs per layer, per node (input layers have theirs already).
        var outputs: [String: [[KerasTensor]]] = [:]
        for (made, _) in pending { if let input = made as? InputLayer { outputs[made.name] = [[input.output]] } }
        func tensor(_ reference: ConfigValue) -> KerasTensor? {
            guard let parts = reference.elements, parts.count >= 3, let name = parts[0].stringValue,
                  let node = parts[1].intValue, let index = parts[2].intValue,
                  let nodes = outputs[name], node < nodes.count, index < nodes[node].count else { return nil }
            return nodes[node][index]
        }
        var progress = true
        var nextCall = [String: Int]()
        while progress {
            progress = false
            for (made, calls) in pending where !(made is InputLayer) {
                var done = nextCall[made.name, default: 0]
                while done < calls.count, let arguments = calls[done].elements {
                    let inputs = arguments.compactMap(tensor)
                    guard inputs.count == arguments.count else { break }
                    let result = try made.callSymbolic(inputs, inputWasList: made.expectsList || inputs.count > 1)
                    outputs[made.name, default: []].append(result)
                    done += 1
                    progress = true
                }
                nextCall[made.name] = done
            }
        }
        let inputs = (config["input_layers"]?.elements ?? []).compactMap(tensor)
        let outs = (config["output_layers"]?.elements ?? []).compactMap(tensor)
        guard inputs.count == (config["input_layers"]?.elements ?? []).count, outs.count == (config["output_layers"]?.elements ?? []).count else {
            throw KerasError.value("The Functional config's inputs or outputs could not be rebuilt")
        }
        return try Functional(inputs: inputs, outputs: outs, name: config.string("name"))
    }
}
