import Keras
import KTensor

/// `model.compiled_loss`: callable as `compiled_loss(y_true, y_pred, sample_weight=None,
/// regularization_losses=None)`.
final class CompiledLossObject: PyObject {
    unowned let trainer: Trainer
    init(type: PyType, trainer: Trainer) {
        self.trainer = trainer
        super.init(type: type)
    }
}

/// `model.compiled_metrics`: `update_state(y_true, y_pred, sample_weight=None)`, `metrics`,
/// `reset_state()`.
final class CompiledMetricsObject: PyObject {
    unowned let trainer: Trainer
    init(type: PyType, trainer: Trainer) {
        self.trainer = trainer
        super.init(type: type)
    }
}

/// The training methods of `keras.Model`: `compile`, `fit`, `evaluate`, `predict`,
/// `train_on_batch`, `test_on_batch`, `predict_on_batch`, the default `train_step`,
/// `test_step`, `predict_step`, and `optimizer`, `compiled_loss`, `compiled_metrics`,
/// `metrics`, `metrics_names`, `stop_training`, `history`, `reset_metrics`.
enum ModelTrainingMethods {
    static func model(_ value: Value) throws -> Model {
        guard case .object(let o) = value, let l = o as? LayerObject else {
            throw PyException.typeError("expected a Keras model, got '\(value.type.name)'")
        }
        return try l.requireModel()
    }

    static func trainer(_ value: Value) throws -> Trainer {
        try TrainingBridge.run { try model(value).compiledTrainer() }
    }

    // MARK: Data

    /// A script structure as a dataset element: a list or tuple of arrays is several inputs
    /// (or outputs), a dict maps names to arrays, anything else is one array.
    static func element(_ value: Value, _ interp: Interpreter) throws -> DatasetElement {
        if case .object(let o) = value {
            if let d = o as? PyDict {
                return .dict(try d.pairs.map { (try interp.str($0.key), try element($0.value, interp)) })
            }
            if o is PyList || o is PyTuple, let items = KerasValues.sequenceItems(value), let first = items.first,
               ArrayBridge.arrayPayload(first) != nil || first.object is PyDict {
                return .tuple(try items.map { try element($0, interp) })
            }
        }
        return .tensor(try ArrayBridge.tensor(from: value, defaults: .numpy))
    }

    /// The training data `fit`/`evaluate`/`predict` receive: a `tf.data.Dataset`, a Python
    /// generator (of `(x, y)` batches), or arrays.
    static func data(x: Value, y: Value, sampleWeight: Value, _ interp: Interpreter) throws -> TrainingData {
        if case .object(let o) = x {
            if let d = o as? DatasetObject { return .dataset(d.dataset) }
            if o is PyGenerator {
                let generator = x
                let dataset = Dataset.fromGenerator(spec: .tuple([])) {
                    return {
                        guard let item = try interp.next(generator) else { return nil }
                        return try stepElement(item, interp)
                    }
                }
                return .dataset(dataset)
            }
        }
        return .arrays(x: try element(x, interp), y: y.isNone ? nil : try element(y, interp),
                       sampleWeight: sampleWeight.isNone ? nil : try element(sampleWeight, interp))
    }

    /// A generator's `(x, y)` / `(x, y, w)` item as a dataset element.
    static func stepElement(_ value: Value, _ interp: Interpreter) throws -> DatasetElement {
        if case .object(let o) = value, let t = o as? PyTuple {
            return .tuple(try t.items.map { try element($0, interp) })
        }
        return try element(value, interp)
    }

    /// A step's data as the script sees it in `train_step(self, data)`: `(x, y)`,
    /// `(x, y, sample_weight)` or `(x,)` of tensors.
    static func dataValue(_ data: StepData) -> Value {
        var items = [TFDataModule.value(data.x, asNumPy: false)]
        if let y = data.y { items.append(TFDataModule.value(y, asNumPy: false)) }
        if let w = data.sampleWeight { items.append(TFDataModule.value(w, asNumPy: false)) }
        return PyTuple.make(items)
    }

    /// A `data` argument back from the script (for `super().train_step(data)`).
    static func stepData(_ value: Value, _ interp: Interpreter) throws -> StepData {
        StepData(unpacking: try stepElement(value, interp))
    }

    static func verbose(_ value: Value, _ interp: Interpreter) throws -> Int {
        if case .object(let o) = value, let s = o as? PyStr, s.value == "auto" { return 1 }
        return try interp.toInt(value, what: "verbose")
    }

    static func callbacks(_ value: Value, _ interp: Interpreter) throws -> [Callback] {
        if value.isNone { return [] }
        return try interp.collect(value).map { try CallbacksModule.require($0) }
    }

    /// `evaluate`/`train_on_batch` results: a float, a list, or a dict.
    static func results(_ logs: Logs, trainer: Trainer, returnDict: Bool) -> Value {
        if returnDict { return .object(TrainingBridge.dict(logs)) }
        let values = trainer.flattenInOrder(logs)
        if values.count == 1 { return .float(values[0]) }
        return .object(PyList(values.map { .float($0) }))
    }

    static func predictions(_ tensors: [Tensor], model: Model) -> Value {
        if tensors.count == 1 { return ArrayBridge.ndarray(tensors[0]) }
        return .object(PyList(tensors.map(ArrayBridge.ndarray)))
    }

    // MARK: compile arguments

    static func lossArgument(_ value: Value, _ interp: Interpreter) throws -> CompileLoss? {
        if value.isNone { return nil }
        if case .object(let o) = value {
            if let d = o as? PyDict {
                var table: [String: Loss] = [:]
                for (k, v) in d.pairs where !v.isNone { table[try interp.str(k)] = try LossesModule.loss(from: v, interp) }
                return .byName(table)
            }
            if o is PyList || o is PyTuple {
                return .byPosition(try interp.collect(value).map { $0.isNone ? nil : try LossesModule.loss(from: $0, interp) })
            }
        }
        return .single(try LossesModule.loss(from: value, interp))
    }

    static func lossWeightsArgument(_ value: Value, _ interp: Interpreter) throws -> CompileLossWeights? {
        if value.isNone { return nil }
        if case .object(let o) = value, let d = o as? PyDict {
            var table: [String: Double] = [:]
            for (k, v) in d.pairs { table[try interp.str(k)] = try interp.toDouble(v, what: "loss_weights") }
            return .byName(table)
        }
        return .byPosition(try interp.collect(value).map { try interp.toDouble($0, what: "loss_weights") })
    }

    static func metricsArgument(_ value: Value, _ interp: Interpreter) throws -> CompileMetrics? {
        if value.isNone { return nil }
        if case .object(let o) = value, let d = o as? PyDict {
            var table: [String: [MetricSpec]] = [:]
            for (k, v) in d.pairs {
                let items = KerasValues.sequenceItems(v) ?? [v]
                table[try interp.str(k)] = try items.map { try MetricsModule.spec($0, interp) }
            }
            return .byName(table)
        }
        let items = try interp.collect(value)
        if let first = items.first, case .object(let o) = first, o is PyList || o is PyTuple {
            return .byPosition(try items.map { try interp.collect($0).map { try MetricsModule.spec($0, interp) } })
        }
        return .all(try items.map { try MetricsModule.spec($0, interp) })
    }

    // MARK: Installation

    static func install(on t: PyType) {
        t.defineMethod("compile", "optimizer='rmsprop', loss=None, metrics=None, loss_weights=None, weighted_metrics=None, run_eagerly=None, steps_per_execution=None, jit_compile=None, **kwargs") { interp, args in
            let m = try model(args.receiver)
            let configuration = CompileConfiguration(
                optimizer: try OptimizersModule.optimizer(from: args["optimizer"], interp),
                loss: try lossArgument(args["loss"], interp), lossWeights: try lossWeightsArgument(args["loss_weights"], interp),
                metrics: try metricsArgument(args["metrics"], interp), weightedMetrics: try metricsArgument(args["weighted_metrics"], interp))
            try TrainingBridge.run {
                try m.compile(configuration) { model, configuration in try ScriptTrainer(model: model, configuration: configuration, interpreter: interp) }
            }
            (args.receiver.object as? LayerObject)?.compileArguments = ["loss", "metrics", "loss_weights", "weighted_metrics"].map { ($0, args[$0]) }
            return .none
        }
        t.defineMethod("fit", "x=None, y=None, batch_size=None, epochs=1, verbose='auto', callbacks=None, validation_split=0.0, validation_data=None, shuffle=True, class_weight=None, sample_weight=None, initial_epoch=0, steps_per_epoch=None, validation_steps=None, validation_batch_size=None, validation_freq=1, max_queue_size=10, workers=1, use_multiprocessing=False") { interp, args in
            let trainer = try trainer(args.receiver)
            var options = FitOptions()
            options.batchSize = try KerasValues.optionalInt(args["batch_size"], interp, what: "batch_size")
            options.epochs = try args.int("epochs")
            options.verbose = try verbose(args["verbose"], interp)
            options.callbacks = try callbacks(args["callbacks"], interp)
            options.validationSplit = try args.double("validation_split")
            if !args["validation_data"].isNone {
                let v = args["validation_data"]
                if case .object(let o) = v, let d = o as? DatasetObject {
                    options.validationData = .dataset(d.dataset)
                } else {
                    let parts = try interp.collect(v)
                    guard parts.count == 2 || parts.count == 3 else {
                        throw PyException.valueError("When passing a `validation_data` argument, it must contain either 2 items (x_val, y_val), or 3 items (x_val, y_val, val_sample_weights), or alternatively it could be a dataset or a dataset or a dataset iterator. However, we received `validation_data=\(try interp.repr(v))` with \(parts.count) items.")
                    }
                    options.validationData = try data(x: parts[0], y: parts[1], sampleWeight: parts.count > 2 ? parts[2] : .none, interp)
                }
            }
            options.shuffle = try args.bool("shuffle")
            if case .object(let o) = args["class_weight"], let d = o as? PyDict {
                var table: [Int: Double] = [:]
                for (k, v) in d.pairs { table[try interp.toInt(k, what: "class_weight")] = try interp.toDouble(v, what: "class_weight") }
                options.classWeight = table
            }
            options.initialEpoch = try args.int("initial_epoch")
            options.stepsPerEpoch = try KerasValues.optionalInt(args["steps_per_epoch"], interp, what: "steps_per_epoch")
            options.validationSteps = try KerasValues.optionalInt(args["validation_steps"], interp, what: "validation_steps")
            options.validationBatchSize = try KerasValues.optionalInt(args["validation_batch_size"], interp, what: "validation_batch_size")
            if case .int(let n) = args["validation_freq"] {
                options.validationFrequency = .every(n)
            } else {
                options.validationFrequency = .epochs(try interp.collect(args["validation_freq"]).map { try interp.toInt($0, what: "validation_freq") })
            }
            let trainingData = try data(x: args["x"], y: args["y"], sampleWeight: args["sample_weight"], interp)
            let history = try TrainingBridge.run { try trainer.fit(trainingData, options: options) }
            return CallbacksModule.wrap(history)
        }
        t.defineMethod("evaluate", "x=None, y=None, batch_size=None, verbose='auto', sample_weight=None, steps=None, callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False, return_dict=False") { interp, args in
            let trainer = try trainer(args.receiver)
            let input = try data(x: args["x"], y: args["y"], sampleWeight: args["sample_weight"], interp)
            let logs = try TrainingBridge.run {
                try trainer.evaluate(input, batchSize: try KerasValues.optionalInt(args["batch_size"], interp, what: "batch_size"),
                                     verbose: try verbose(args["verbose"], interp), steps: try KerasValues.optionalInt(args["steps"], interp, what: "steps"),
                                     callbacks: try callbacks(args["callbacks"], interp))
            }
            return results(logs, trainer: trainer, returnDict: try args.bool("return_dict"))
        }
        t.defineMethod("predict", "x, batch_size=None, verbose='auto', steps=None, callbacks=None, max_queue_size=10, workers=1, use_multiprocessing=False") { interp, args in
            let m = try model(args.receiver)
            let input = try data(x: args["x"], y: .none, sampleWeight: .none, interp)
            let outputs = try TrainingBridge.run {
                try m.predict(input, batchSize: try KerasValues.optionalInt(args["batch_size"], interp, what: "batch_size"),
                              verbose: try verbose(args["verbose"], interp), steps: try KerasValues.optionalInt(args["steps"], interp, what: "steps"),
                              callbacks: try callbacks(args["callbacks"], interp))
            }
            return predictions(outputs, model: m)
        }
        t.defineMethod("train_on_batch", "x, y=None, sample_weight=None, class_weight=None, reset_metrics=True, return_dict=False") { interp, args in
            let trainer = try trainer(args.receiver)
            let step = StepData(x: try element(args["x"], interp), y: args["y"].isNone ? nil : try element(args["y"], interp),
                                sampleWeight: args["sample_weight"].isNone ? nil : try element(args["sample_weight"], interp))
            let logs = try TrainingBridge.run { try trainer.trainOnBatch(step, resetMetrics: try args.bool("reset_metrics")) }
            return results(logs, trainer: trainer, returnDict: try args.bool("return_dict"))
        }
        t.defineMethod("test_on_batch", "x, y=None, sample_weight=None, reset_metrics=True, return_dict=False") { interp, args in
            let trainer = try trainer(args.receiver)
            let step = StepData(x: try element(args["x"], interp), y: args["y"].isNone ? nil : try element(args["y"], interp),
                                sampleWeight: args["sample_weight"].isNone ? nil : try element(args["sample_weight"], interp))
            let logs = try TrainingBridge.run { try trainer.testOnBatch(step, resetMetrics: try args.bool("reset_metrics")) }
            return results(logs, trainer: trainer, returnDict: try args.bool("return_dict"))
        }
        t.defineMethod("predict_on_batch", "x") { interp, args in
            let m = try model(args.receiver)
            let trainer = try m.trainer ?? Trainer(model: m, configuration: CompileConfiguration(optimizer: try SGD()))
            let outputs = try TrainingBridge.run { try trainer.predictOnBatch(StepData(x: try element(args["x"], interp))) }
            return predictions(outputs, model: m)
        }
        t.defineMethod("train_step", "data") { interp, args in
            let trainer = try trainer(args.receiver)
            let step = try stepData(args["data"], interp)
            let logs = try TrainingBridge.run { try (trainer as? ScriptTrainer)?.defaultTrainStep(step) ?? trainer.trainStep(step) }
            return .object(TrainingBridge.dict(logs))
        }
        t.defineMethod("test_step", "data") { interp, args in
            let trainer = try trainer(args.receiver)
            let step = try stepData(args["data"], interp)
            let logs = try TrainingBridge.run { try (trainer as? ScriptTrainer)?.defaultTestStep(step) ?? trainer.testStep(step) }
            return .object(TrainingBridge.dict(logs))
        }
        t.defineMethod("predict_step", "data") { interp, args in
            let trainer = try trainer(args.receiver)
            let step = try stepData(args["data"], interp)
            let outputs = try TrainingBridge.run { try (trainer as? ScriptTrainer)?.defaultPredictStep(step) ?? trainer.predictStep(step) }
            return outputs.count == 1 ? ArrayBridge.tfTensor(outputs[0]) : .object(PyList(outputs.map(ArrayBridge.tfTensor)))
        }
        t.defineMethod("reset_metrics", "") { _, args in
            try TrainingBridge.run { try model(args.receiver).trainer?.resetMetrics() }
            return .none
        }
        t.defineProperty("optimizer", get: { interp, v in
            guard let trainer = try model(v).trainer else { return .none }
            let wrapped = OptimizersModule.wrap(trainer.optimizer, interp)
            (v.object as? LayerObject)?.optimizerObject = wrapped.object as? OptimizerObject
            return wrapped
        })
        t.defineProperty("metrics", get: { _, v in
            guard let trainer = try model(v).trainer else { return .object(PyList()) }
            let metrics = (trainer as? ScriptTrainer)?.defaultMetrics ?? trainer.metrics
            return .object(PyList(metrics.map(MetricsModule.wrap)))
        })
        t.defineProperty("metrics_names", get: { _, v in
            guard let trainer = try model(v).trainer else { return .object(PyList()) }
            return .object(PyList(trainer.metricsNames.map { .str($0) }))
        })
        t.defineProperty("compiled_loss", get: { _, v in
            guard let trainer = try model(v).trainer else { return .none }
            return .object(CompiledLossObject(type: compiledLossType, trainer: trainer))
        })
        t.defineProperty("compiled_metrics", get: { _, v in
            guard let trainer = try model(v).trainer else { return .none }
            return .object(CompiledMetricsObject(type: compiledMetricsType, trainer: trainer))
        })
        t.defineProperty("stop_training", get: { _, v in .bool(try model(v).stopTraining) },
                         set: { interp, v, new in try model(v).stopTraining = try interp.truthy(new) })
        t.defineProperty("history", get: { _, v in
            guard let history = try model(v).trainer?.history else { return .none }
            return CallbacksModule.wrap(history)
        })
    }

    /// Targets or predictions as per-output tensors.
    static func perOutput(_ value: Value, _ interp: Interpreter, trainer: Trainer, count: Int) throws -> [Tensor?] {
        try trainer.perOutput(try element(value, interp), outputCount: count) ?? []
    }

    /// One prediction tensor, or a list of them (multi-output models).
    static func predictionTensors(_ value: Value) throws -> [Tensor] {
        if let items = KerasValues.sequenceItems(value), let first = items.first, ArrayBridge.arrayPayload(first) != nil {
            return try items.map { try TrainingBridge.tensor($0) }
        }
        return [try TrainingBridge.tensor(value)]
    }

    static let compiledLossType: PyType = {
        let t = PyType.native(name: "LossesContainer", module: "keras.engine.compile_utils", doc: "The compiled loss of a model.")
        t.defineMethod("__call__", "y_true, y_pred, sample_weight=None, regularization_losses=None") { interp, args in
            let me = try args.receiver(as: CompiledLossObject.self, "__call__")
            let predictions = try predictionTensors(args["y_pred"])
            let targets = try perOutput(args["y_true"], interp, trainer: me.trainer, count: predictions.count)
            let weights = args["sample_weight"].isNone ? nil : try perOutput(args["sample_weight"], interp, trainer: me.trainer, count: predictions.count)
            let penalties = args["regularization_losses"].isNone ? [] : try interp.collect(args["regularization_losses"]).map { try TrainingBridge.tensor($0) }
            return ArrayBridge.tfTensor(try TrainingBridge.run {
                try me.trainer.compiledLoss(outputCount: predictions.count)(targets, predictions, sampleWeights: weights, regularization: penalties)
            })
        }
        t.defineProperty("metrics", get: { _, v in
            guard let me = v.object as? CompiledLossObject else { return .object(PyList()) }
            return .object(PyList((me.trainer.compiledLossIfBuilt?.metrics ?? []).map(MetricsModule.wrap)))
        })
        return t
    }()

    static let compiledMetricsType: PyType = {
        let t = PyType.native(name: "MetricsContainer", module: "keras.engine.compile_utils", doc: "The compiled metrics of a model.")
        t.defineMethod("update_state", "y_true, y_pred, sample_weight=None") { interp, args in
            let me = try args.receiver(as: CompiledMetricsObject.self, "update_state")
            let predictions = try predictionTensors(args["y_pred"])
            let targets = try perOutput(args["y_true"], interp, trainer: me.trainer, count: predictions.count)
            let weights = args["sample_weight"].isNone ? nil : try perOutput(args["sample_weight"], interp, trainer: me.trainer, count: predictions.count)
            try TrainingBridge.run { try me.trainer.compiledMetrics.updateState(targets, predictions, sampleWeights: weights) }
            return .none
        }
        t.defineMethod("reset_state", "") { _, args in
            let me = try args.receiver(as: CompiledMetricsObject.self, "reset_state")
            try TrainingBridge.run { try me.trainer.compiledMetrics.resetState() }
            return .none
        }
        t.defineProperty("metrics", get: { _, v in
            guard let me = v.object as? CompiledMetricsObject else { return .object(PyList()) }
            return .object(PyList(me.trainer.compiledMetrics.metrics.map(MetricsModule.wrap)))
        })
        return t
    }()
}
