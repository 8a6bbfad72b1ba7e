/// Translation between the engine's configs (Keras 2.12's `get_config()`) and Keras 3's
/// serialization in `config.json`.
///
/// Keras 3 wraps every object as `{module, class_name, config, registered_name}`, stores a
/// layer's dtype as a `DTypePolicy` object, an input's shape as `batch_shape`, a Functional
/// model's calls as `{"args": [<__keras_tensor__ ...>], "kwargs": {}}`, and adds a
/// `build_config` with each built layer's input shape. Keras 2.12-only arguments
/// (`batch_input_shape` on layers, `input_length`, `time_major`, `implementation`) are left out;
/// Keras 3-only ones are ignored on loading. See Fixtures/KERAS2-TO-KERAS3.md.
enum Keras3Config {
    // MARK: Engine → Keras 3

    /// The `config.json` object of `model` (without `compile_config`).
    static func serialize(model: Model) throws -> KerasJSON {
        var entries = try serializedEntries(layer: model)
        entries.append(("build_config", .object([("input_shape", buildShape(model))])))
        return .object(entries)
    }

    /// `{module, class_name, config, registered_name}` of a layer or nested model.
    static func serializedEntries(layer: Layer) throws -> [(key: String, value: KerasJSON)] {
        switch layer {
        case let sequential as Sequential:
            var config: [(key: String, value: KerasJSON)] = [
                ("name", .string(sequential.name)), ("trainable", .bool(sequential.trainable)),
                ("dtype", dtypePolicy(sequential.dtype.name)),
            ]
            var items: [KerasJSON] = []
            if let input = sequential.inputLayer { items.append(.object(try layerEntries(input))) }
            for child in sequential.stack { items.append(.object(try layerEntries(child))) }
            config.append(("layers", .array(items)))
            if let input = sequential.inputLayer { config.append(("build_input_shape", shapeJSON(input.batchShape))) }
            return [("module", .string("keras")), ("class_name", .string("Sequential")), ("config", .object(config)),
                    ("registered_name", .null)]
        case let functional as Functional:
            return [("module", .string("keras.src.models.functional")), ("class_name", .string("Functional")),
                    ("config", try functionalConfig(functional)), ("registered_name", .null)]
        case is Model:
            return [("module", .null), ("class_name", .string(layer.className)), ("config", try layerConfig(layer)),
                    ("registered_name", .string(layer.className))]
        default:
            let builtIn = builtInLayerClasses.contains(layer.className)
            return [("module", builtIn ? .string("keras.layers") : .null), ("class_name", .string(layer.className)),
                    ("config", try layerConfig(layer)), ("registered_name", builtIn ? .null : .string(layer.className))]
        }
    }

    /// A layer's entry in a model's `layers` list: its serialization and `build_config`.
    private static func layerEntries(_ layer: Layer) throws -> [(key: String, value: KerasJSON)] {
        var entries = try serializedEntries(layer: layer)
        if !(layer is InputLayer), let node = layer.inboundNodes.first(where: { !$0.isInput }) {
            let shapes = node.inputs.map { shapeJSON($0.shape) }
            entries.append(("build_config", .object([("input_shape", node.inputWasList || shapes.count > 1 ? .array(shapes) : shapes[0])])))
        }
        return entries
    }

    /// A Functional config: layers with their calls, input and output layers.
    private static func functionalConfig(_ model: Functional) throws -> KerasJSON {
        let relevant = Set(model.topology.allNodes.map { ObjectIdentifier($0) })
        var items: [KerasJSON] = []
        for layer in model.layers {
            var entries = try layerEntries(layer)
            var calls: [KerasJSON] = []
            for node in layer.inboundNodes where relevant.contains(ObjectIdentifier(node)) && !node.isInput {
                var tensors = node.inputs.map(kerasTensorJSON)
                var keywords: [(key: String, value: KerasJSON)] = []
                if layer.takesInitialStates, tensors.count > 1 {
                    // Keras 3 records a recurrent layer's initial states as its `initial_state` argument.
                    keywords.append(("initial_state", .array(Array(tensors.dropFirst()))))
                    tensors = [tensors[0]]
                }
                let arguments: [KerasJSON] = node.inputWasList ? [.array(tensors)] : tensors
                calls.append(.object([("args", .array(arguments)), ("kwargs", .object(keywords))]))
            }
            entries.append(("name", .string(layer.name)))
            entries.append(("inbound_nodes", .array(calls)))
            items.append(.object(entries))
        }
        func references(_ tensors: [KerasTensor], asList: Bool) -> KerasJSON {
            let refs = tensors.map { KerasJSON.array([.string($0.layer.name), .int($0.nodeIndex), .int($0.tensorIndex)]) }
            return asList || refs.count != 1 ? .array(refs) : refs[0]
        }
        return .object([
            ("name", .string(model.name)), ("trainable", .bool(model.trainable)), ("layers", .array(items)),
            ("input_layers", references(model.inputs, asList: model.inputsWereList)),
            ("output_layers", references(model.outputs, asList: model.outputsWereList)),
        ])
    }

    private static func kerasTensorJSON(_ tensor: KerasTensor) -> KerasJSON {
        .object([("class_name", .string("__keras_tensor__")), ("config", .object([
            ("shape", shapeJSON(tensor.shape)), ("dtype", .string(tensor.dtype.name)),
            ("keras_history", .array([.string(tensor.layer.name), .int(tensor.nodeIndex), .int(tensor.tensorIndex)])),
        ]))])
    }

    /// A layer's own config in Keras 3's form.
    static func layerConfig(_ layer: Layer) throws -> KerasJSON {
        let config = layer.getConfig()
        var entries: [(key: String, value: KerasJSON)] = []
        if layer is InputLayer {
            for entry in config.entries {
                entries.append(entry.key == "batch_input_shape" ? ("batch_shape", KerasJSON(entry.value)) : (entry.key, KerasJSON(entry.value)))
            }
            return .object(entries)
        }
        for (key, value) in config.entries where !keras2OnlyKeys.contains(key) {
            if layer is WrappingLayer, key == "layer" || key == "backward_layer" { continue }
            switch key {
            case "dtype":
                entries.append((key, value.stringValue.map(dtypePolicy) ?? KerasJSON(value)))
            case "axis" where layer.className == "BatchNormalization" && value.elements?.count == 1:
                // A built Keras 2.12 BatchNormalization lists its axis; Keras 3 takes an int.
                entries.append((key, KerasJSON(value.elements?[0] ?? value)))
            default:
                entries.append((key, wrapObjects(KerasJSON(value), key: key)))
            }
        }
        return .object(entries + (try wrappedLayerEntries(layer)))
    }

    /// The layers a wrapper holds, serialized as Keras 3's config has them: `Bidirectional`
    /// its forward layer as `layer` and its backward layer (under their new names),
    /// `TimeDistributed` its layer.
    private static func wrappedLayerEntries(_ layer: Layer) throws -> [(key: String, value: KerasJSON)] {
        func serialized(_ inner: Layer) throws -> KerasJSON { .object(try serializedEntries(layer: inner)) }
        switch layer {
        case let bidirectional as Bidirectional:
            return [("layer", try serialized(bidirectional.forwardLayer)), ("backward_layer", try serialized(bidirectional.backwardLayer))]
        case let timeDistributed as TimeDistributed:
            return [("layer", try serialized(timeDistributed.layer))]
        default:
            return []
        }
    }

    /// The layer classes of `keras.layers` the engine implements (module `keras.layers` in
    /// Keras 3's serialization); other classes are custom objects.
    static let builtInLayerClasses: Set<String> = Set([
        "InputLayer", "Dense", "Dropout", "Flatten", "Reshape", "Rescaling", "Activation", "BatchNormalization", "Embedding",
        "LSTM", "GRU", "SimpleRNN", "Concatenate", "Dot", "Conv1D", "Conv2D", "MaxPooling1D", "MaxPooling2D",
        "AveragePooling1D", "AveragePooling2D", "GlobalAveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
        "ReLU", "LeakyReLU", "ELU", "Softmax", "PReLU", "Masking", "LayerNormalization", "Normalization", "RepeatVector", "Permute",
        "ZeroPadding1D", "ZeroPadding2D", "Cropping1D", "Cropping2D", "UpSampling1D", "UpSampling2D", "Lambda",
        "SpatialDropout1D", "SpatialDropout2D", "GaussianNoise", "GaussianDropout", "Identity", "Bidirectional", "TimeDistributed",
    ] + Merge.Operation.allCases.map(\.rawValue))

    /// Keras 2.12 layer arguments Keras 3 no longer takes.
    static let keras2OnlyKeys: Set<String> = ["batch_input_shape", "input_length", "time_major", "implementation"]

    /// Initializers, regularizers and constraints (`{class_name, config}`) with Keras 3's
    /// `module` and `registered_name`.
    private static func wrapObjects(_ value: KerasJSON, key: String) -> KerasJSON {
        guard case .object(let entries) = value, value["class_name"] != nil, value["module"] == nil else { return value }
        let module: KerasJSON
        if key.hasSuffix("initializer") {
            module = .string("keras.initializers")
        } else if key.hasSuffix("regularizer") {
            module = .string("keras.regularizers")
        } else if key.hasSuffix("constraint") {
            module = .string("keras.constraints")
        } else {
            return value
        }
        let className = value["class_name"] ?? .null
        let config = entries.first { $0.key == "config" }?.value ?? .object([])
        return .object([("module", module), ("class_name", className), ("config", config), ("registered_name", .null)])
    }

    static func dtypePolicy(_ name: String) -> KerasJSON {
        .object([("module", .string("keras")), ("class_name", .string("DTypePolicy")),
                 ("config", .object([("name", .string(name))])), ("registered_name", .null)])
    }

    static func shapeJSON(_ shape: TensorShape) -> KerasJSON {
        .array(shape.map { $0.map(KerasJSON.int) ?? .null })
    }

    /// The `build_config` input shape of a model: its input's shape (a list for several).
    private static func buildShape(_ model: Model) -> KerasJSON {
        if model is Functional { return .null }
        guard let shapes = model.builtInputShapes else { return .null }
        return shapes.count == 1 ? shapeJSON(shapes[0]) : .array(shapes.map(shapeJSON))
    }

    // MARK: Keras 3 → engine

    /// The engine's `{class_name, config}` of a Keras 3 serialized layer or model (also
    /// accepting Keras 2.12's unwrapped form), recursively for nested models.
    static func engineEntry(_ json: KerasJSON, safeMode: Bool) throws -> (className: String, config: Config) {
        guard let className = json["class_name"]?.stringValue, case .object? = json["config"] else {
            throw SavingError("A serialized layer must be an object with 'class_name' and 'config', got \(String(json.text.prefix(200)))")
        }
        let raw = json["config"] ?? .object([])
        if className == "Lambda" {
            if safeMode {
                throw SavingError("Requested the deserialization of a `Lambda` layer whose function is stored as Python code. This carries a potential risk of arbitrary code execution and thus it is disallowed by default. If you trust the source of the saved model, you can pass `safe_mode=False` to the loading function in order to allow `Lambda` layer loading.")
            }
            // kscript stores a Lambda's function as its source text, which the script bridge evaluates.
            if raw["function"]?.stringValue == nil {
                throw SavingError("kscript cannot load `Lambda` layers: their function is stored as Python bytecode (layer '\(raw["name"]?.stringValue ?? "?")')")
            }
        }
        switch className {
        case "Sequential":
            var entries: [(String, ConfigValue)] = [("name", raw["name"]?.configValue ?? .none)]
            if let trainable = raw["trainable"] { entries.append(("trainable", trainable.configValue)) }
            var items: [ConfigValue] = []
            for item in raw["layers"]?.arrayValue ?? [] {
                let entry = try engineEntry(item, safeMode: safeMode)
                items.append(.dict(Config([("class_name", .string(entry.className)), ("config", .dict(entry.config))])))
            }
            entries.append(("layers", .list(items)))
            if let shape = raw["build_input_shape"], !shape.isNull { entries.append(("build_input_shape", shape.configValue)) }
            return (className, Config(entries))
        case "Functional", "Model":
            return ("Functional", try engineFunctionalConfig(raw, safeMode: safeMode))
        case "InputLayer":
            var config = Config()
            for (key, value) in raw.objectValue ?? [] {
                switch key {
                case "batch_shape": config["batch_input_shape"] = value.configValue
                case "shape": if raw["batch_shape"] == nil { config["batch_input_shape"] = .list([.none] + (value.configValue.elements ?? [])) }
                case "dtype": config["dtype"] = engineDType(value)
                default: config[key] = value.configValue
                }
            }
            return (className, config)
        default:
            var config = Config()
            for (key, value) in raw.objectValue ?? [] {
                switch key {
                case "dtype": config[key] = engineDType(value)
                case "layer" where value["class_name"] != nil, "backward_layer" where value["class_name"] != nil:
                    let inner = try engineEntry(value, safeMode: safeMode)
                    config[key] = .dict(Config([("class_name", .string(inner.className)), ("config", .dict(inner.config))]))
                default: config[key] = unwrapObjects(value)
                }
            }
            return (className, className == "Bidirectional" ? engineBidirectionalConfig(config) : config)
        }
    }

    /// A Keras 3 `Bidirectional` config in Keras 2.12's form: Keras 3 saves the renamed
    /// forward layer as `layer` and always a `backward_layer`; Keras 2.12 keeps the given
    /// layer's name, and a `backward_layer` only when one was given (here: when it is not the
    /// forward layer's config with `go_backwards` flipped).
    private static func engineBidirectionalConfig(_ config: Config) -> Config {
        func entry(_ key: String, strippingPrefix prefix: String) -> (className: String, config: Config)? {
            guard case .dict(let d)? = config[key], let className = d.string("class_name"), case .dict(var inner)? = d["config"] else { return nil }
            if let name = inner.string("name"), name.hasPrefix(prefix) { inner["name"] = .string(String(name.dropFirst(prefix.count))) }
            return (className, inner)
        }
        guard let forward = entry("layer", strippingPrefix: "forward_") else { return config }
        var result = config
        result["layer"] = .dict(Config([("class_name", .string(forward.className)), ("config", .dict(forward.config))]))
        if let backward = entry("backward_layer", strippingPrefix: "backward_") {
            var mirrored = forward.config
            mirrored["go_backwards"] = .bool(!(forward.config["go_backwards"]?.boolValue ?? false))
            if backward.className == forward.className, backward.config == mirrored {
                result["backward_layer"] = nil
            } else {
                result["backward_layer"] = .dict(Config([("class_name", .string(backward.className)), ("config", .dict(backward.config))]))
            }
        }
        return result
    }

    /// A Keras 3 Functional config in the engine's (Keras 2.12) form: calls as lists of
    /// `[layer, node, tensor, {}]`, input and output layers as lists.
    private static func engineFunctionalConfig(_ raw: KerasJSON, safeMode: Bool) throws -> Config {
        var items: [ConfigValue] = []
        for item in raw["layers"]?.arrayValue ?? [] {
            let entry = try engineEntry(item, safeMode: safeMode)
            var calls: [ConfigValue] = []
            for call in item["inbound_nodes"]?.arrayValue ?? [] {
                calls.append(.list(try callReferences(call)))
            }
            let name = item["name"]?.configValue ?? entry.config["name"] ?? .none
            items.append(.dict(Config([("class_name", .string(entry.className)), ("config", .dict(entry.config)),
                                       ("name", name), ("inbound_nodes", .list(calls))])))
        }
        return Config([("name", raw["name"]?.configValue ?? .none), ("trainable", raw["trainable"]?.configValue ?? .bool(true)),
                       ("layers", .list(items)), ("input_layers", referenceList(raw["input_layers"])),
                       ("output_layers", referenceList(raw["output_layers"]))])
    }

    /// The tensors one call received, as `[layer, node, tensor, {}]` in argument order (from
    /// Keras 3's `{"args": ..., "kwargs": ...}` — a recurrent layer's `initial_state` after
    /// its sequence — or Keras 2.12's list form).
    private static func callReferences(_ call: KerasJSON) throws -> [ConfigValue] {
        var references: [ConfigValue] = []
        func collect(_ value: KerasJSON) {
            if value["class_name"]?.stringValue == "__keras_tensor__", let history = value["config"]?["keras_history"]?.arrayValue {
                references.append(.list(history.map(\.configValue) + [.dict(Config())]))
            } else if let items = value.arrayValue {
                if items.count >= 3, items[0].stringValue != nil, items[1].intValue != nil, items[2].intValue != nil {
                    references.append(.list(items.prefix(3).map(\.configValue) + [.dict(Config())]))
                } else {
                    items.forEach(collect)
                }
            }
        }
        if let arguments = call["args"] {
            collect(arguments)
            if let states = call["kwargs"]?["initial_state"] { collect(states) }
        } else {
            collect(call)
        }
        guard !references.isEmpty else {
            throw SavingError("A layer call in the Functional config has no input tensors: \(String(call.text.prefix(200)))")
        }
        return references
    }

    /// `[["input_1", 0, 0], ...]` from Keras 3's single triple or list of triples.
    private static func referenceList(_ value: KerasJSON?) -> ConfigValue {
        guard let items = value?.arrayValue else { return .list([]) }
        if items.count == 3, items[0].stringValue != nil { return .list([.list(items.map(\.configValue))]) }
        return .list(items.map(\.configValue))
    }

    /// A dtype string from Keras 3's `DTypePolicy` object (or a plain string).
    private static func engineDType(_ value: KerasJSON) -> ConfigValue {
        if let name = value["config"]?["name"]?.stringValue { return .string(name == "mixed_float16" || name == "mixed_bfloat16" ? "float32" : name) }
        return value.configValue
    }

    /// Objects in Keras 3's wrapper reduced to `{class_name, config}`, recursively.
    private static func unwrapObjects(_ value: KerasJSON) -> ConfigValue {
        switch value {
        case .object(let entries):
            if value["class_name"] != nil, value["config"] != nil, value["module"] != nil || value["registered_name"] != nil {
                return .dict(Config([("class_name", value["class_name"]?.configValue ?? .none),
                                     ("config", unwrapObjects(value["config"] ?? .object([])))]))
            }
            return .dict(Config(entries.map { ($0.key, unwrapObjects($0.value)) }))
        case .array(let items):
            return .list(items.map(unwrapObjects))
        default:
            return value.configValue
        }
    }
}
