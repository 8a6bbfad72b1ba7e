import KTensor

/// The compile state of a model in `.keras` files: `compile_config` from the `Trainer` that
/// `compile` attached, and a model compiled again from a file's `compile_config` with its
/// optimizer state restored. Losses given as strings or built-in loss objects and metrics given
/// as strings are saved; other losses and metric objects make loading with `compile=True` fail
/// with a message that names them (load with `compile=False` and compile again).
enum TrainingStateSaving {
    /// `compile_config` and optimizer state of a compiled model, nil otherwise.
    static func state(of model: Model) -> (compileConfig: KerasJSON, optimizer: SavedOptimizerState?)? {
        guard let trainer = model.trainer else { return nil }
        let configuration = trainer.configuration
        let config = compileConfigJSON(optimizer: configuration.optimizer, loss: lossJSON(configuration.loss),
                                       metrics: metricsJSON(configuration.metrics), lossWeights: lossWeightsJSON(configuration.lossWeights),
                                       weightedMetrics: metricsJSON(configuration.weightedMetrics))
        let optimizer = configuration.optimizer
        return (config, optimizer.variables.count > 1 ? SavedOptimizerState(optimizer) : nil)
    }

    /// Compiles `model` from `config` and restores `optimizerState` into its optimizer.
    static func restore(_ model: Model, config: KerasJSON, optimizerState: SavedOptimizerState?) throws {
        let optimizer = try optimizerFromCompileConfig(config)
        let configuration = CompileConfiguration(optimizer: optimizer, loss: try loss(config["loss"]),
                                                 lossWeights: try lossWeights(config["loss_weights"]),
                                                 metrics: try metrics(config["metrics"]), weightedMetrics: try metrics(config["weighted_metrics"]))
        try model.compile(configuration)
        try optimizerState?.restore(into: optimizer, trainableVariables: model.trainableWeights)
    }

    // MARK: Saving

    private static func lossJSON(_ loss: CompileLoss?) -> KerasJSON {
        switch loss {
        case nil: return .null
        case .single(let loss): return lossJSON(loss)
        case .byName(let table): return .object(table.sorted { $0.key < $1.key }.map { ($0.key, lossJSON($0.value)) })
        case .byPosition(let list): return .array(list.map { $0.map(lossJSON) ?? .null })
        }
    }

    /// A built-in loss as its identifier string, or as a Keras 3 `keras.losses` object when it
    /// has arguments; other losses as their name (loading them needs compile=False).
    private static func lossJSON(_ loss: Loss) -> KerasJSON {
        guard let builtin = loss as? BuiltinLoss else { return .string(loss.name) }
        let reduction: KerasJSON = .string(loss.reduction == .auto ? "sum_over_batch_size" : loss.reduction.rawValue)
        func object(_ className: String, _ entries: [(key: String, value: KerasJSON)]) -> KerasJSON {
            .object([("module", .string("keras.losses")), ("class_name", .string(className)),
                     ("config", .object([("name", .string(loss.name)), ("reduction", reduction)] + entries)), ("registered_name", .null)])
        }
        switch builtin.function {
        case .sparseCategoricalCrossentropy(let fromLogits) where fromLogits:
            return object("SparseCategoricalCrossentropy", [("from_logits", .bool(true)), ("ignore_class", .null)])
        case .categoricalCrossentropy(let fromLogits, let smoothing) where fromLogits || smoothing != 0:
            return object("CategoricalCrossentropy", [("from_logits", .bool(fromLogits)), ("label_smoothing", .double(smoothing)), ("axis", .int(-1))])
        case .binaryCrossentropy(let fromLogits, let smoothing) where fromLogits || smoothing != 0:
            return object("BinaryCrossentropy", [("from_logits", .bool(fromLogits)), ("label_smoothing", .double(smoothing)), ("axis", .int(-1))])
        case .huber(let delta) where delta != 1:
            return object("Huber", [("delta", .double(delta))])
        default:
            return .string(builtin.function.functionName)
        }
    }

    private static func lossWeightsJSON(_ weights: CompileLossWeights?) -> KerasJSON {
        switch weights {
        case nil: return .null
        case .byName(let table): return .object(table.sorted { $0.key < $1.key }.map { ($0.key, .double($0.value)) })
        case .byPosition(let list): return .array(list.map { .double($0) })
        }
    }

    private static func metricsJSON(_ metrics: CompileMetrics?) -> KerasJSON {
        func list(_ specs: [MetricSpec]) -> KerasJSON {
            .array(specs.map { spec in
                switch spec {
                case .name(let name): return .string(name)
                case .metric(let metric):
                    return .object([("module", .string("keras.metrics")), ("class_name", .string(String(describing: type(of: metric)))),
                                    ("config", .object([("name", .string(metric.name))])), ("registered_name", .null)])
                }
            })
        }
        switch metrics {
        case nil: return .null
        case .all(let specs): return list(specs)
        case .byName(let table): return .object(table.sorted { $0.key < $1.key }.map { ($0.key, list($0.value)) })
        case .byPosition(let lists): return .array(lists.map(list))
        }
    }

    // MARK: Loading

    private static func loss(_ json: KerasJSON?) throws -> CompileLoss? {
        guard let json, !json.isNull else { return nil }
        switch json {
        case .object(let entries) where json["class_name"] == nil:
            var table: [String: Loss] = [:]
            for (name, value) in entries { table[name] = try singleLoss(value) }
            return .byName(table)
        case .array(let items):
            return .byPosition(try items.map { $0.isNull ? nil : try singleLoss($0) })
        default:
            return .single(try singleLoss(json))
        }
    }

    private static func singleLoss(_ json: KerasJSON) throws -> Loss {
        if let name = json.stringValue {
            guard let function = LossFunction(kerasName: name) else { throw unsupported("the loss '\(name)'") }
            return BuiltinLoss(function)
        }
        let config = json["config"] ?? .object([])
        let fromLogits = config["from_logits"]?.boolValue ?? false
        let smoothing = config["label_smoothing"]?.doubleValue ?? 0
        let function: LossFunction
        switch json["class_name"]?.stringValue {
        case "SparseCategoricalCrossentropy": function = .sparseCategoricalCrossentropy(fromLogits: fromLogits)
        case "CategoricalCrossentropy": function = .categoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: smoothing)
        case "BinaryCrossentropy": function = .binaryCrossentropy(fromLogits: fromLogits, labelSmoothing: smoothing)
        case "Huber": function = .huber(delta: config["delta"]?.doubleValue ?? 1)
        case let className?:
            guard let named = LossFunction(kerasName: Naming.snakeCase(className)) else { throw unsupported("the loss '\(className)'") }
            function = named
        case nil:
            throw unsupported("the loss \(String(json.text.prefix(100)))")
        }
        let reduction = config["reduction"]?.stringValue.flatMap { $0 == "sum_over_batch_size" ? .auto : LossReduction(kerasName: $0) } ?? .auto
        return BuiltinLoss(function, reduction: reduction, name: config["name"]?.stringValue)
    }

    private static func lossWeights(_ json: KerasJSON?) throws -> CompileLossWeights? {
        guard let json, !json.isNull else { return nil }
        if let entries = json.objectValue {
            var table: [String: Double] = [:]
            for (name, value) in entries { table[name] = value.doubleValue ?? 1 }
            return .byName(table)
        }
        return .byPosition((json.arrayValue ?? []).map { $0.doubleValue ?? 1 })
    }

    private static func metrics(_ json: KerasJSON?) throws -> CompileMetrics? {
        guard let json, !json.isNull else { return nil }
        func specs(_ value: KerasJSON) throws -> [MetricSpec] {
            guard let items = value.arrayValue else { return [try spec(value)] }
            return try items.map(spec)
        }
        func spec(_ value: KerasJSON) throws -> MetricSpec {
            guard let name = value.stringValue else {
                throw unsupported("the metric \(value["class_name"]?.stringValue ?? String(value.text.prefix(100)))")
            }
            return .name(name)
        }
        if let entries = json.objectValue {
            var table: [String: [MetricSpec]] = [:]
            for (name, value) in entries { table[name] = try specs(value) }
            return .byName(table)
        }
        if let items = json.arrayValue, items.contains(where: { $0.arrayValue != nil }) {
            return .byPosition(try items.map(specs))
        }
        return .all(try specs(json))
    }

    private static func unsupported(_ what: String) -> SavingError {
        SavingError("kscript cannot compile the loaded model: \(what) cannot be re-created from the file. Load it with compile=False and compile it again.")
    }
}
