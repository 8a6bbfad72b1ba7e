import Keras
import KTensor

/// A `keras.callbacks.*` object.
final class CallbackObject: PyObject {
    var callback: Callback?
    /// The arguments the callback was made with (sessions make it again from them).
    var constructorCall: ConstructorCall?
}

/// A callback defined by a script subclass of `keras.callbacks.Callback`: every `on_*` hook
/// the script overrides runs with a logs dict whose changes flow back to the shared logs.
final class ScriptCallback: Callback {
    weak var interpreter: Interpreter?
    unowned let object: CallbackObject

    init(object: CallbackObject, interpreter: Interpreter) {
        self.object = object
        self.interpreter = interpreter
    }

    /// Calls the first of `names` the script overrides.
    private func hook(_ names: [String], _ arguments: [Value], _ logs: Logs) throws {
        guard let interp = interpreter else { return }
        guard let name = names.first(where: { interp.isOverridden(object, $0) }) else { return }
        let dict = TrainingBridge.dict(logs)
        try interp.callMethod(.object(object), name, arguments + [.object(dict)])
        try TrainingBridge.merge(dict, into: logs, interp)
    }

    override func onTrainBegin(logs: Logs) throws { try hook(["on_train_begin"], [], logs) }
    override func onTrainEnd(logs: Logs) throws { try hook(["on_train_end"], [], logs) }
    override func onEpochBegin(_ epoch: Int, logs: Logs) throws { try hook(["on_epoch_begin"], [.int(epoch)], logs) }
    override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try hook(["on_epoch_end"], [.int(epoch)], logs) }
    override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { try hook(["on_train_batch_begin", "on_batch_begin"], [.int(batch)], logs) }
    override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try hook(["on_train_batch_end", "on_batch_end"], [.int(batch)], logs) }
    override func onTestBegin(logs: Logs) throws { try hook(["on_test_begin"], [], logs) }
    override func onTestEnd(logs: Logs) throws { try hook(["on_test_end"], [], logs) }
    override func onTestBatchBegin(_ batch: Int, logs: Logs) throws { try hook(["on_test_batch_begin"], [.int(batch)], logs) }
    override func onTestBatchEnd(_ batch: Int, logs: Logs) throws { try hook(["on_test_batch_end"], [.int(batch)], logs) }
    override func onPredictBegin(logs: Logs) throws { try hook(["on_predict_begin"], [], logs) }
    override func onPredictEnd(logs: Logs) throws { try hook(["on_predict_end"], [], logs) }
    override func onPredictBatchBegin(_ batch: Int, logs: Logs) throws { try hook(["on_predict_batch_begin"], [.int(batch)], logs) }
    override func onPredictBatchEnd(_ batch: Int, logs: Logs) throws { try hook(["on_predict_batch_end"], [.int(batch)], logs) }
}

/// `keras.callbacks`: `Callback` for subclassing, `History`, `EarlyStopping`,
/// `ModelCheckpoint`, `ReduceLROnPlateau`, `LearningRateScheduler`, `CSVLogger`,
/// `TerminateOnNaN`, `LambdaCallback`, `ProgbarLogger`.
enum CallbacksModule {
    static let hookNames = ["on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_batch_begin", "on_batch_end",
                            "on_train_batch_begin", "on_train_batch_end", "on_test_begin", "on_test_end", "on_test_batch_begin",
                            "on_test_batch_end", "on_predict_begin", "on_predict_end", "on_predict_batch_begin", "on_predict_batch_end"]

    static let callbackType: PyType = {
        let t = PyType.native(name: "Callback", module: "keras.callbacks", doc: "Abstract base class used to build new callbacks.") { interp, type, arguments in
            let object = CallbackObject(type: type)
            object.constructorCall = ConstructorCall(arguments)
            let callback = ScriptCallback(object: object, interpreter: interp)
            object.callback = callback
            callback.host = object
            return object
        }
        t.defineMethod("__init__", "*args, **kwargs") { _, _ in .none }
        for name in hookNames {
            let indexed = name.contains("epoch") || name.contains("batch")
            t.defineMethod(name, indexed ? "index, logs=None" : "logs=None") { _, _ in .none }
        }
        t.defineProperty("model", get: { _, v in
            guard let model = try require(v).model as? Model else { return .none }
            return LayerObject.wrap(model)
        }, set: { _, v, new in
            guard case .object(let o) = new, let l = o as? LayerObject, let model = l.layer as? Model else { return }
            try require(v).setModel(model)
        })
        t.defineProperty("params", get: { _, v in
            guard let p = try require(v).params else { return .object(PyDict()) }
            return .object(params(p))
        })
        t.defineMethod("set_model", "model") { _, args in
            guard case .object(let o) = args["model"], let l = o as? LayerObject, let model = l.layer as? Model else {
                throw PyException.typeError("set_model expects a Keras model")
            }
            try require(args.receiver).setModel(model)
            return .none
        }
        t.defineMethod("set_params", "params") { interp, args in
            guard case .object(let o) = args["params"], let d = o as? PyDict else { throw PyException.typeError("params must be a dict") }
            func int(_ key: String) throws -> Int? { try d.getString(PyStr(key)).flatMap { $0.isNone ? nil : try interp.toInt($0, what: key) } }
            try require(args.receiver).setParams(TrainingParams(verbose: try int("verbose") ?? 1, epochs: try int("epochs") ?? 1, steps: try int("steps")))
            return .none
        }
        return t
    }()

    static let historyType: PyType = {
        let t = PyType.native(name: "History", module: "keras.callbacks", base: callbackType, doc: "Callback that records events into a `History` object.") { _, type, _ in
            let object = CallbackObject(type: type)
            let history = History()
            object.callback = history
            history.host = object
            return object
        }
        t.defineProperty("history", get: { _, v in
            guard let history = try require(v) as? History else { return .object(PyDict()) }
            return .object(PyDict(history.history.map { ($0.key, .object(PyList($0.values.map(TrainingBridge.logValue)))) }))
        })
        t.defineProperty("epoch", get: { _, v in
            guard let history = try require(v) as? History else { return .object(PyList()) }
            return .object(PyList(history.epoch.map { .int($0) }))
        })
        return t
    }()

    static func params(_ p: TrainingParams) -> PyDict {
        PyDict([("verbose", .int(p.verbose)), ("epochs", .int(p.epochs)), ("steps", p.steps.map { .int($0) } ?? .none)])
    }

    static func require(_ value: Value) throws -> Callback {
        guard case .object(let o) = value, let object = o as? CallbackObject, let callback = object.callback else {
            throw PyException.typeError("expected a keras.callbacks.Callback")
        }
        return callback
    }

    /// The script object of a callback (a History made by fit gets a `History` object).
    static func wrap(_ callback: Callback) -> Value {
        if let host = callback.host as? CallbackObject { return .object(host) }
        let object = CallbackObject(type: callback is History ? historyType : callbackType)
        object.callback = callback
        callback.host = object
        return .object(object)
    }

    /// A subclass of `Callback` whose `__init__` builds the Swift callback.
    static func builtin(_ name: String, _ signature: String, doc: String,
                        _ build: @escaping (BoundArguments, Interpreter) throws -> Callback) -> PyType {
        let t = PyType.native(name: name, module: "keras.callbacks", base: callbackType, doc: doc) { _, type, arguments in
            let object = CallbackObject(type: type)
            object.constructorCall = ConstructorCall(arguments)
            return object
        }
        t.defineMethod("__init__", signature) { interp, args in
            let me = try args.receiver(as: CallbackObject.self, "__init__")
            let callback = try TrainingBridge.run {
                do { return try build(args, interp) } catch let e as TensorError { throw KerasError(.value, e.message) }
            }
            me.callback = callback
            callback.host = me
            return .none
        }
        return t
    }

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.callbacks")
        m.addType(callbackType)
        m.addType(historyType)
        let early = builtin("EarlyStopping", "monitor='val_loss', min_delta=0, patience=0, verbose=0, mode='auto', baseline=None, restore_best_weights=False, start_from_epoch=0",
                            doc: "Stop training when a monitored metric has stopped improving.") { a, i in
            EarlyStopping(monitor: try a.string("monitor"), minDelta: try a.double("min_delta"), patience: try a.int("patience"), verbose: try a.int("verbose"),
                          mode: try TrainingBridge.mode(a["mode"], callback: "EarlyStopping", i),
                          baseline: try TrainingBridge.optionalDouble(a["baseline"], i, what: "baseline"),
                          restoreBestWeights: try a.bool("restore_best_weights"), startFromEpoch: try a.int("start_from_epoch"))
        }
        let checkpoint = builtin("ModelCheckpoint", "filepath, monitor='val_loss', verbose=0, save_best_only=False, save_weights_only=False, mode='auto', save_freq='epoch', options=None, initial_value_threshold=None",
                                 doc: "Callback to save the Keras model or model weights at some frequency.") { a, i in
            var frequency: Int? = nil
            if case .int(let n) = a["save_freq"] { frequency = n }
            return ModelCheckpoint(filepath: try i.str(a["filepath"]), monitor: try a.string("monitor"), verbose: try a.int("verbose"),
                                   saveBestOnly: try a.bool("save_best_only"), saveWeightsOnly: try a.bool("save_weights_only"),
                                   mode: try TrainingBridge.mode(a["mode"], callback: "ModelCheckpoint", i), saveFrequency: frequency,
                                   initialValueThreshold: try TrainingBridge.optionalDouble(a["initial_value_threshold"], i, what: "initial_value_threshold"))
        }
        let plateau = builtin("ReduceLROnPlateau", "monitor='val_loss', factor=0.1, patience=10, verbose=0, mode='auto', min_delta=0.0001, cooldown=0, min_lr=0, **kwargs",
                              doc: "Reduce learning rate when a metric has stopped improving.") { a, i in
            try ReduceLROnPlateau(monitor: try a.string("monitor"), factor: try a.double("factor"), patience: try a.int("patience"), verbose: try a.int("verbose"),
                                  mode: try TrainingBridge.mode(a["mode"], callback: "Learning rate reduction", i), minDelta: try a.double("min_delta"),
                                  cooldown: try a.int("cooldown"), minLR: try a.double("min_lr"))
        }
        let scheduler = builtin("LearningRateScheduler", "schedule, verbose=0", doc: "Learning rate scheduler.") { a, i in
            let function = a["schedule"]
            return LearningRateScheduler(verbose: try a.int("verbose")) { epoch, rate in
                let result: Value
                do {
                    result = try i.call(function, [.int(epoch), .float(rate)])
                } catch let e as PyException where e.type.isSubtype(of: BuiltinTypes.typeError) {
                    result = try i.call(function, [.int(epoch)])
                }
                if let t = ArrayBridge.arrayPayload(result) { return t.doubleValue(atOffset: t.offset) }
                guard case .float(let d) = result else {
                    throw PyException.valueError("The output of the \"schedule\" function should be float. Got: \(try i.repr(result))")
                }
                return d
            }
        }
        let csv = builtin("CSVLogger", "filename, separator=',', append=False", doc: "Callback that streams epoch results to a CSV file.") { a, i in
            CSVLogger(try i.str(a["filename"]), separator: try a.string("separator"), append: try a.bool("append"))
        }
        let nan = builtin("TerminateOnNaN", "", doc: "Callback that terminates training when a NaN loss is encountered.") { _, _ in TerminateOnNaN() }
        let progbar = builtin("ProgbarLogger", "count_mode='samples', stateful_metrics=None", doc: "Callback that prints metrics to stdout.") { _, _ in ProgbarLogger() }
        let lambda = builtin("LambdaCallback", "on_epoch_begin=None, on_epoch_end=None, on_batch_begin=None, on_batch_end=None, on_train_begin=None, on_train_end=None, **kwargs",
                             doc: "Callback for creating simple, custom callbacks on-the-fly.") { a, i in
            let callback = LambdaCallback()
            func indexed(_ key: String) -> ((Int, Logs) throws -> Void)? {
                let f = a[key]
                if f.isNone { return nil }
                return { index, logs in
                    let dict = TrainingBridge.dict(logs)
                    try i.call(f, [.int(index), .object(dict)])
                    try TrainingBridge.merge(dict, into: logs, i)
                }
            }
            func plain(_ key: String) -> ((Logs) throws -> Void)? {
                let f = a[key]
                if f.isNone { return nil }
                return { logs in try i.call(f, [.object(TrainingBridge.dict(logs))]) }
            }
            callback.epochBegin = indexed("on_epoch_begin")
            callback.epochEnd = indexed("on_epoch_end")
            callback.batchBegin = indexed("on_batch_begin")
            callback.batchEnd = indexed("on_batch_end")
            callback.trainBegin = plain("on_train_begin")
            callback.trainEnd = plain("on_train_end")
            return callback
        }
        for t in [early, checkpoint, plateau, scheduler, csv, nan, progbar, lambda] { m.addType(t) }
        return m
    }
}
