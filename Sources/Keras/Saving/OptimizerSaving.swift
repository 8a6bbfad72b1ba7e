import Foundation
import KTensor

/// Optimizers in Keras 3's saved form: their config (`compile_config.optimizer`) and their
/// variables (`optimizer/vars`: `iterations`, `learning_rate`, then the slots in Keras 3's
/// order).
extension SavedOptimizerState {
    /// The state of `optimizer` as Keras 3 stores it. Keras 3 keeps AMSGrad's `vhat` slots
    /// after all `m`/`v` pairs and has no SGD slots without momentum; Nadam adds its momentum
    /// product (computed here from the step count).
    public init(_ optimizer: Optimizer) {
        let lr = optimizer.learningRateVariable.valueWithoutWatching
        var variables = [optimizer.iterations.valueWithoutWatching, lr]
        variables += KerasOptimizerLayout.keras3SlotOrder(optimizer).map(\.valueWithoutWatching)
        if optimizer is Nadam {
            variables.append(Tensor(scalar: KerasOptimizerLayout.nadamMomentumProduct(optimizer)))
        }
        self.init(name: KerasOptimizerLayout.keras3Name(optimizer), variables: variables)
    }

    /// Restores this state into `optimizer`, first creating its slots for
    /// `trainableVariables` (the model's, in order). Counts and shapes are checked before
    /// anything is assigned.
    public func restore(into optimizer: Optimizer, trainableVariables: [Variable]) throws {
        optimizer.build(trainableVariables)
        if order == .keras2 {
            try restoreKeras2Order(into: optimizer)
            return
        }
        let slots = KerasOptimizerLayout.keras3SlotOrder(optimizer)
        let extra = optimizer is Nadam ? 1 : 0
        guard variables.count == 2 + slots.count + extra else {
            throw SavingError("The optimizer state in the file has \(variables.count) variables, but the optimizer '\(name)' of this model needs \(2 + slots.count + extra) (iterations, learning_rate and \(slots.count + extra) more)")
        }
        for (slot, value) in zip(slots, variables[2...]) where slot.shape != value.shape {
            throw SavingError("The optimizer state in the file does not match the model: '\(slot.name)' has shape \(value.shape) in the file, \(slot.shape) in the model")
        }
        guard variables[0].count == 1, variables[1].count == 1 else {
            throw SavingError("The optimizer state in the file has a non-scalar iterations or learning_rate")
        }
        try optimizer.iterations.assign(variables[0].cast(to: .int64))
        if optimizer.schedule == nil { try optimizer.learningRateVariable.assign(variables[1].cast(to: .float32)) }
        for (slot, value) in zip(slots, variables[2...]) { try slot.assign(value) }
    }
}

extension SavedOptimizerState {
    /// Keras 2's `iteration` and slots, which kscript's optimizers list in the same order.
    private func restoreKeras2Order(into optimizer: Optimizer) throws {
        let targets = optimizer.variables
        guard variables.count == targets.count else {
            throw SavingError("The optimizer state in the file has \(variables.count) variables, but the optimizer of this model has \(targets.count)")
        }
        for (target, value) in zip(targets, variables) where target.shape != value.shape {
            throw SavingError("The optimizer state in the file does not match the model: '\(target.name)' has shape \(value.shape) in the file, \(target.shape) in the model")
        }
        for (target, value) in zip(targets, variables) { try target.assign(value.cast(to: target.dtype)) }
    }
}

/// How kscript's optimizers map to Keras 3's.
enum KerasOptimizerLayout {
    /// Keras 3's default optimizer names (`adam`, `rm_sprop`, `adam_w`) for kscript's
    /// defaults (`Adam`, `RMSprop`, `AdamW`); other names are kept.
    static func keras3Name(_ optimizer: Optimizer) -> String {
        let className = String(describing: type(of: optimizer))
        return optimizer.name == className ? Naming.snakeCase(className) : optimizer.name
    }

    /// The slot variables in Keras 3's order.
    static func keras3SlotOrder(_ optimizer: Optimizer) -> [Variable] {
        let slots = Array(optimizer.variables.dropFirst())
        if let sgd = optimizer as? SGD, sgd.momentum == 0 { return [] }
        if let adam = optimizer as? Adam, adam.amsgrad {
            // kscript: m, v, vhat per variable; Keras 3: m, v per variable, then every vhat.
            let triples = stride(from: 0, to: slots.count - 2, by: 3).map { Array(slots[$0..<$0 + 3]) }
            return triples.flatMap { $0.prefix(2) } + triples.map { $0[2] }
        }
        return slots
    }

    /// Nadam's running product of momentum-schedule factors after `step` updates.
    static func nadamMomentumProduct(_ optimizer: Optimizer) -> Float {
        guard let nadam = optimizer as? Nadam else { return 1 }
        var product: Float = 1
        let beta1 = Float(nadam.beta1)
        var t: Int64 = 1
        while t <= optimizer.step {
            product *= beta1 * (1 - 0.5 * Foundation.pow(Float(0.96), Float(t)))
            t += 1
        }
        return product
    }

    // MARK: Configs

    /// The Keras 3 serialization of `optimizer` (`compile_config['optimizer']`).
    static func config(_ optimizer: Optimizer) -> KerasJSON {
        let className = String(describing: type(of: optimizer))
        func number(_ value: Double?) -> KerasJSON { value.map(KerasJSON.double) ?? .null }
        var entries: [(key: String, value: KerasJSON)] = [("name", .string(keras3Name(optimizer)))]
        if let schedule = optimizer.schedule {
            entries.append(("learning_rate", .object([
                ("module", .string("keras.optimizers.schedules")), ("class_name", .string(schedule.className)),
                ("config", .object(schedule.config.map { key, parameter in
                    switch parameter {
                    case .number(let number): return (key, json(number))
                    case .flag(let flag): return (key, .bool(flag))
                    case .numbers(let numbers): return (key, .array(numbers.map(json)))
                    }
                })),
                ("registered_name", .null),
            ])))
        } else {
            entries.append(("learning_rate", .double(optimizer.learningRate)))
        }
        entries += [
            ("weight_decay", number(optimizer.weightDecay)), ("clipnorm", number(optimizer.clipping.clipnorm)),
            ("global_clipnorm", number(optimizer.clipping.globalClipnorm)), ("clipvalue", number(optimizer.clipping.clipvalue)),
            ("use_ema", .bool(false)), ("ema_momentum", .double(0.99)), ("ema_overwrite_frequency", .null),
            ("loss_scale_factor", .null), ("gradient_accumulation_steps", .null),
        ]
        for (key, value) in optimizer.hyperparameters {
            entries.append((key, Optimizer.flagNames.contains(key) ? .bool(value != 0) : .double(value)))
        }
        return .object([("module", .string("keras.optimizers")), ("class_name", .string(className)),
                        ("config", .object(entries)), ("registered_name", .null)])
    }

    /// An optimizer from its Keras 3 (or Keras 2.12) serialization or identifier string.
    static func optimizer(from json: KerasJSON) throws -> Optimizer {
        if let identifier = json.stringValue {
            return try optimizer(className: identifier, config: .object([]))
        }
        guard let className = json["class_name"]?.stringValue else {
            throw SavingError("Could not interpret optimizer identifier: \(String(json.text.prefix(200)))")
        }
        return try optimizer(className: className, config: json["config"] ?? .object([]))
    }

    private static func optimizer(className: String, config: KerasJSON) throws -> Optimizer {
        func value(_ key: String, _ fallback: Double) -> Double {
            if let flag = config[key]?.boolValue { return flag ? 1 : 0 }
            return config[key]?.doubleValue ?? fallback
        }
        func optional(_ key: String) -> Double? { config[key]?.doubleValue }
        let clipping = try GradientClipping(clipnorm: optional("clipnorm"), clipvalue: optional("clipvalue"),
                                            globalClipnorm: optional("global_clipnorm"))
        var schedule: LearningRateSchedule?
        var rate: Double?
        if let entry = config["learning_rate"] {
            if let number = entry.doubleValue { rate = number } else { schedule = try learningRateSchedule(entry) }
        }
        let weightDecay = optional("weight_decay")
        let name = config["name"]?.stringValue
        switch className.lowercased().replacingOccurrences(of: "custom>", with: "") {
        case "adam":
            return try Adam(learningRate: rate ?? 0.001, schedule: schedule, beta1: value("beta_1", 0.9), beta2: value("beta_2", 0.999),
                            epsilon: value("epsilon", 1e-7), amsgrad: value("amsgrad", 0) != 0, clipping: clipping,
                            weightDecay: weightDecay, name: keras2Name(name, "Adam"))
        case "adamw":
            return try AdamW(learningRate: rate ?? 0.001, schedule: schedule, weightDecay: weightDecay ?? 0.004, beta1: value("beta_1", 0.9),
                             beta2: value("beta_2", 0.999), epsilon: value("epsilon", 1e-7), amsgrad: value("amsgrad", 0) != 0,
                             clipping: clipping, name: keras2Name(name, "AdamW"))
        case "sgd":
            return try SGD(learningRate: rate ?? 0.01, schedule: schedule, momentum: value("momentum", 0), nesterov: value("nesterov", 0) != 0,
                           clipping: clipping, weightDecay: weightDecay, name: keras2Name(name, "SGD"))
        case "rmsprop":
            return try RMSprop(learningRate: rate ?? 0.001, schedule: schedule, rho: value("rho", 0.9), momentum: value("momentum", 0),
                               epsilon: value("epsilon", 1e-7), centered: value("centered", 0) != 0, clipping: clipping,
                               weightDecay: weightDecay, name: keras2Name(name, "RMSprop"))
        case "adagrad":
            return try Adagrad(learningRate: rate ?? 0.001, schedule: schedule, initialAccumulatorValue: value("initial_accumulator_value", 0.1),
                               epsilon: value("epsilon", 1e-7), clipping: clipping, weightDecay: weightDecay, name: keras2Name(name, "Adagrad"))
        case "nadam":
            return try Nadam(learningRate: rate ?? 0.001, schedule: schedule, beta1: value("beta_1", 0.9), beta2: value("beta_2", 0.999),
                             epsilon: value("epsilon", 1e-7), clipping: clipping, weightDecay: weightDecay, name: keras2Name(name, "Nadam"))
        case "adamax":
            return try Adamax(learningRate: rate ?? 0.001, schedule: schedule, beta1: value("beta_1", 0.9), beta2: value("beta_2", 0.999),
                              epsilon: value("epsilon", 1e-7), clipping: clipping, weightDecay: weightDecay, name: keras2Name(name, "Adamax"))
        case "adadelta":
            return try Adadelta(learningRate: rate ?? 0.001, schedule: schedule, rho: value("rho", 0.95), epsilon: value("epsilon", 1e-7),
                                clipping: clipping, weightDecay: weightDecay, name: keras2Name(name, "Adadelta"))
        default:
            throw SavingError("Could not interpret optimizer identifier: '\(className)' (kscript has SGD, Adam, AdamW, RMSprop, Adagrad, Nadam, Adamax, Adadelta)")
        }
    }

    /// kscript's (Keras 2.12's) optimizer name for a Keras 3 default name (`adam` → `Adam`).
    private static func keras2Name(_ name: String?, _ className: String) -> String {
        guard let name, name != Naming.snakeCase(className) else { return className }
        return name
    }

    /// A schedule argument in JSON: an int stays an int.
    private static func json(_ number: ScheduleNumber) -> KerasJSON {
        switch number {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        }
    }

    private static func scheduleNumber(_ json: KerasJSON) -> ScheduleNumber? {
        if let i = json.intValue { return .int(i) }
        return json.doubleValue.map(ScheduleNumber.double)
    }

    private static func learningRateSchedule(_ json: KerasJSON) throws -> LearningRateSchedule {
        let config = json["config"] ?? .object([])
        func number(_ key: String) throws -> ScheduleNumber {
            if let flag = config[key]?.boolValue { return .int(flag ? 1 : 0) }
            guard let value = config[key].flatMap(scheduleNumber) else {
                throw SavingError("The learning rate schedule's config lacks '\(key)'")
            }
            return value
        }
        switch json["class_name"]?.stringValue {
        case "ExponentialDecay":
            return ExponentialDecay(initialLearningRate: try number("initial_learning_rate"), decaySteps: try number("decay_steps"),
                                    decayRate: try number("decay_rate"), staircase: (config["staircase"]?.boolValue ?? false))
        case "CosineDecay":
            return CosineDecay(initialLearningRate: try number("initial_learning_rate"), decaySteps: try number("decay_steps"),
                               alpha: config["alpha"].flatMap(scheduleNumber) ?? 0.0)
        case "PiecewiseConstantDecay":
            func numbers(_ key: String) throws -> [ScheduleNumber] {
                let items = config[key]?.arrayValue ?? []
                let values = items.compactMap(scheduleNumber)
                guard !items.isEmpty, values.count == items.count else {
                    throw SavingError("The learning rate schedule's config lacks a list of numbers '\(key)'")
                }
                return values
            }
            do {
                return try PiecewiseConstantDecay(boundaries: try numbers("boundaries"), values: try numbers("values"))
            } catch let error as TensorError {
                throw SavingError("The learning rate schedule's config is invalid: \(error.message)")
            }
        default:
            throw SavingError("kscript cannot load the learning rate schedule \(String(json.text.prefix(200)))")
        }
    }
}

/// `compile_config` as Keras 3 writes it, from the optimizer and the loss and metrics as
/// given to `compile` (identifier strings, or serialized objects, as JSON).
public func compileConfigJSON(optimizer: Optimizer, loss: KerasJSON, metrics: KerasJSON = .null,
                              lossWeights: KerasJSON = .null, weightedMetrics: KerasJSON = .null) -> KerasJSON {
    .object([
        ("optimizer", KerasOptimizerLayout.config(optimizer)), ("loss", loss), ("loss_weights", lossWeights),
        ("metrics", metrics), ("weighted_metrics", weightedMetrics), ("run_eagerly", .bool(false)),
        ("steps_per_execution", .int(1)), ("jit_compile", .bool(false)),
    ])
}

/// The optimizer a `compile_config` names (`compile_config['optimizer']`), new and unbuilt.
public func optimizerFromCompileConfig(_ compileConfig: KerasJSON) throws -> Optimizer {
    try KerasOptimizerLayout.optimizer(from: compileConfig["optimizer"] ?? .string("rmsprop"))
}
