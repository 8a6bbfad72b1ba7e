import Keras
import KTensor

/// A `keras.optimizers.*` object.
final class OptimizerObject: PyObject {
    var optimizer: Optimizer?
    /// The variables scripts passed to `apply_gradients`, in first-use order (the order of
    /// the optimizer's slots for them; sessions rebuild the slots from them).
    var updatedVariables: [Variable] = []

    func noteUpdated(_ variables: [Variable]) {
        for variable in variables where !updatedVariables.contains(where: { $0 === variable }) { updatedVariables.append(variable) }
    }
}

/// A `keras.optimizers.schedules.*` object (callable with a step).
final class ScheduleObject: PyObject {
    /// The engine's schedule for the built-in classes; nil for script subclasses.
    var native: LearningRateSchedule?

    /// The schedule an optimizer runs: the built-in one, or one that calls the script's
    /// `__call__` and keeps this object alive for as long as the optimizer uses it.
    func schedule(_ interpreter: Interpreter) -> LearningRateSchedule {
        native ?? ScriptSchedule(object: self, interpreter: interpreter)
    }
}

/// A schedule defined by a script subclass of `LearningRateSchedule` (its `__call__(step)`).
final class ScriptSchedule: LearningRateSchedule {
    weak var interpreter: Interpreter?
    let object: ScheduleObject

    init(object: ScheduleObject, interpreter: Interpreter) {
        self.object = object
        self.interpreter = interpreter
    }

    override func learningRate(atStep step: Int64) throws -> Double {
        guard let interpreter else { throw PyException.runtimeError("the interpreter of this schedule is gone") }
        let value = try interpreter.callMethod(.object(object), "__call__", [ArrayBridge.tfTensor(Tensor(scalar: step, dtype: .int64))])
        if let t = ArrayBridge.arrayPayload(value) { return t.doubleValue(atOffset: t.offset) }
        return try interpreter.toDouble(value, what: "learning rate")
    }
}

/// `keras.optimizers` (SGD, Adam, AdamW, RMSprop, Adagrad, Nadam, `get`) and
/// `keras.optimizers.schedules`.
enum OptimizersModule {
    /// Keras 2.12's `CallableList`: `optimizer.variables` is a list that calling returns
    /// (`optimizer.variables()` works as in older Keras).
    static let callableListType: PyType = {
        let t = PyType.native(name: "CallableList", module: "keras.optimizers.optimizer", base: BuiltinTypes.list)
        t.defineRawMethod("__call__", "") { _, a in a[0] }
        return t
    }()

    static let optimizerType: PyType = {
        let t = PyType.native(name: "Optimizer", module: "keras.optimizers", doc: "Optimizer base class.") { _, type, _ in OptimizerObject(type: type) }
        t.defineProperty("learning_rate", get: { _, v in learningRateValue(try require(v)) },
                         set: { interp, v, new in try setLearningRate(try require(v), new, interp) })
        t.defineProperty("lr", get: { _, v in learningRateValue(try require(v)) },
                         set: { interp, v, new in try setLearningRate(try require(v), new, interp) })
        t.defineProperty("iterations", get: { _, v in ArrayBridge.variable(try require(v).iterations) })
        t.defineProperty("name", get: { _, v in .str(try require(v).name) })
        t.defineProperty("variables", get: { _, v in
            .object(PyList(type: callableListType, items: try require(v).variables.map(ArrayBridge.variable)))
        })
        t.defineMethod("apply_gradients", "grads_and_vars, name=None, skip_gradients_aggregation=False") { interp, args in
            let optimizer = try require(args.receiver)
            var pairs: [(gradient: Gradient?, variable: Variable)] = []
            for item in try interp.collect(args["grads_and_vars"]) {
                let pair = try interp.collect(item)
                guard pair.count == 2 else { throw PyException.valueError("apply_gradients expects (gradient, variable) pairs") }
                guard case .object(let o) = pair[1], let v = o as? TFVariableObject else {
                    throw PyException.typeError("apply_gradients expects tf.Variable objects, got '\(pair[1].type.name)'")
                }
                pairs.append((pair[0].isNone ? nil : try TFIndexedSlices.gradient(from: pair[0]), v.variable))
            }
            try TrainingBridge.run { try optimizer.applyGradients(pairs) }
            (args.receiver.object as? OptimizerObject)?.noteUpdated(pairs.map(\.variable))
            return ArrayBridge.variable(optimizer.iterations)
        }
        t.defineMethod("minimize", "loss, var_list, tape=None") { interp, args in
            // Keras 2.12: a callable loss (and var_list) runs on a tape of its own; a tensor
            // loss needs the tape that recorded it. Then apply_gradients, as scripts call it.
            var loss = args["loss"], variables = args["var_list"], tape = args["tape"]
            let callableLoss = interp.isCallable(loss)
            guard callableLoss || !tape.isNone else {
                throw PyException.valueError("`tape` is required when a `Tensor` loss is passed. Received: loss=\(try interp.format(loss, "")), tape=None.")
            }
            if tape.isNone { tape = try interp.call(.object(TFGradientTape.type), []) }
            if callableLoss {
                _ = try interp.callMethod(tape, "__enter__")
                do {
                    if !interp.isCallable(variables) { _ = try interp.callMethod(tape, "watch", [variables]) }
                    loss = try interp.call(loss, [])
                    if interp.isCallable(variables) { variables = try interp.call(variables, []) }
                } catch {
                    _ = try interp.callMethod(tape, "__exit__", [.none, .none, .none])
                    throw error
                }
                _ = try interp.callMethod(tape, "__exit__", [.none, .none, .none])
            }
            let gradients = try interp.collect(try interp.callMethod(tape, "gradient", [loss, variables]))
            let pairs = zip(gradients, try interp.collect(variables)).map { PyTuple.make([$0, $1]) }
            _ = try interp.callMethod(args.receiver, "apply_gradients", [.object(PyList(pairs))])
            return .none
        }
        t.defineMethod("get_config", "") { _, args in
            let optimizer = try require(args.receiver)
            return .object(PyDict(optimizer.config.map { key, value in
                if key == "learning_rate", let schedule = optimizer.schedule, !(schedule is ScriptSchedule) {
                    return (key, .object(PyDict([("class_name", .str(schedule.className)), ("config", scheduleConfig(schedule))])))
                }
                return (key, configValue(value))
            }))
        }
        t.defineMethod("exclude_from_weight_decay", "var_list=None, var_names=None") { interp, args in
            let optimizer = try require(args.receiver)
            if !args["var_list"].isNone {
                for item in try interp.collect(args["var_list"]) {
                    if case .object(let o) = item, let v = o as? TFVariableObject { optimizer.weightDecayExclusions.insert(ObjectIdentifier(v.variable)) }
                }
            }
            return .none
        }
        return t
    }()

    /// A built-in schedule's `get_config()` dict.
    static func scheduleConfig(_ schedule: LearningRateSchedule) -> Value {
        let entries: [(String, Value)] = schedule.config.map { key, parameter in
            switch parameter {
            case .number(let number): return (key, scheduleValue(number))
            case .flag(let flag): return (key, .bool(flag))
            case .numbers(let numbers): return (key, .object(PyList(numbers.map(scheduleValue))))
            }
        }
        return .object(PyDict(entries + [("name", .none)]))
    }

    static let scheduleType: PyType = {
        let t = PyType.native(name: "LearningRateSchedule", module: "keras.optimizers.schedules", doc: "Learning rate schedule base class.") { interp, type, _ in
            ScheduleObject(type: type)
        }
        t.defineMethod("__call__", "step") { interp, args in
            guard let me = args.receiver.object as? ScheduleObject, let schedule = me.native else {
                throw PyException(BuiltinTypes.notImplementedError, "Learning rate schedule must override __call__")
            }
            let step = Int64(try interp.toDouble(ArrayBridge.arrayPayload(args["step"]).map { .float($0.doubleValue(atOffset: $0.offset)) } ?? args["step"], what: "step"))
            return ArrayBridge.tfTensor(Tensor(scalar: Float(try TrainingBridge.run { try schedule.learningRate(atStep: step) })))
        }
        t.defineMethod("get_config", "") { _, args in
            guard let me = args.receiver.object as? ScheduleObject, let schedule = me.native else { return .object(PyDict()) }
            return scheduleConfig(schedule)
        }
        return t
    }()

    static func require(_ value: Value) throws -> Optimizer {
        guard case .object(let o) = value, let object = o as? OptimizerObject, let optimizer = object.optimizer else {
            throw PyException.typeError("expected a keras optimizer")
        }
        return optimizer
    }

    static func learningRateValue(_ optimizer: Optimizer) -> Value {
        if optimizer.schedule != nil { return ArrayBridge.tfTensor(Tensor(scalar: Float(optimizer.learningRate))) }
        return ArrayBridge.variable(optimizer.learningRateVariable)
    }

    static func setLearningRate(_ optimizer: Optimizer, _ value: Value, _ interp: Interpreter) throws {
        let rate: Double
        if let t = ArrayBridge.arrayPayload(value) { rate = t.doubleValue(atOffset: t.offset) } else { rate = try interp.toDouble(value, what: "learning_rate") }
        try TrainingBridge.run {
            do { try optimizer.setLearningRate(rate) } catch let e as TensorError { throw KerasError(.type, e.message) }
        }
    }

    static func configValue(_ value: OptimizerConfigValue) -> Value {
        switch value {
        case .none: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .float(d)
        case .float32(let f): return ArrayBridge.numpyValue(Tensor(scalar: f))
        case .string(let s): return .str(s)
        }
    }

    /// Wraps a Swift optimizer (one wrapper per optimizer while it lives).
    static func wrap(_ optimizer: Optimizer, _ interp: Interpreter) -> Value {
        if let host = optimizer.host as? OptimizerObject { return .object(host) }
        let type = (try? interp.loadModule("keras.optimizers")).flatMap { $0[optimizer.className] }?.object as? PyType ?? optimizerType
        let object = OptimizerObject(type: type)
        object.optimizer = optimizer
        optimizer.host = object
        return .object(object)
    }

    /// An optimizer from `compile(optimizer=...)`: a string or an optimizer object.
    static func optimizer(from value: Value, _ interp: Interpreter) throws -> Optimizer {
        if case .object(let o) = value {
            if let s = o as? PyStr { return try TrainingBridge.run { try Optimizer.named(s.value) } }
            if let object = o as? OptimizerObject, let optimizer = object.optimizer { return optimizer }
        }
        throw PyException.valueError("Could not interpret optimizer identifier: \(try interp.repr(value))")
    }

    /// The learning rate argument: a float or a schedule object.
    static func rate(_ value: Value, _ interp: Interpreter) throws -> (Double, LearningRateSchedule?) {
        if case .object(let o) = value, let s = o as? ScheduleObject { return (0, s.schedule(interp)) }
        if let t = ArrayBridge.arrayPayload(value) { return (t.doubleValue(atOffset: t.offset), nil) }
        return (try interp.toDouble(value, what: "learning_rate"), nil)
    }

    static func clipping(_ args: BoundArguments, _ interp: Interpreter) throws -> GradientClipping {
        try TrainingBridge.run {
            do {
                return try GradientClipping(clipnorm: try TrainingBridge.optionalDouble(args["clipnorm"], interp, what: "clipnorm"),
                                            clipvalue: try TrainingBridge.optionalDouble(args["clipvalue"], interp, what: "clipvalue"),
                                            globalClipnorm: try TrainingBridge.optionalDouble(args["global_clipnorm"], interp, what: "global_clipnorm"))
            } catch let e as TensorError { throw KerasError(.value, e.message) }
        }
    }

    static let common = "clipnorm=None, clipvalue=None, global_clipnorm=None, use_ema=False, ema_momentum=0.99, ema_overwrite_frequency=None, jit_compile=True"

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.optimizers")
        m.addType(optimizerType)
        let specs: [(String, String, (BoundArguments, Interpreter, Double, LearningRateSchedule?, GradientClipping, String) throws -> Optimizer)] = [
            ("SGD", "learning_rate=0.01, momentum=0.0, nesterov=False, weight_decay=None, \(common), name='SGD'", { a, i, lr, s, c, n in
                try SGD(learningRate: lr, schedule: s, momentum: try a.double("momentum"), nesterov: try a.bool("nesterov"), clipping: c,
                        weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("Adam", "learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, weight_decay=None, \(common), name='Adam'", { a, i, lr, s, c, n in
                try Adam(learningRate: lr, schedule: s, beta1: try a.double("beta_1"), beta2: try a.double("beta_2"), epsilon: try a.double("epsilon"),
                         amsgrad: try a.bool("amsgrad"), clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("AdamW", "learning_rate=0.001, weight_decay=0.004, beta_1=0.9, beta_2=0.999, epsilon=1e-07, amsgrad=False, \(common), name='AdamW'", { a, _, lr, s, c, n in
                try AdamW(learningRate: lr, schedule: s, weightDecay: try a.double("weight_decay"), beta1: try a.double("beta_1"), beta2: try a.double("beta_2"),
                          epsilon: try a.double("epsilon"), amsgrad: try a.bool("amsgrad"), clipping: c, name: n) }),
            ("RMSprop", "learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-07, centered=False, weight_decay=None, \(common), name='RMSprop'", { a, i, lr, s, c, n in
                try RMSprop(learningRate: lr, schedule: s, rho: try a.double("rho"), momentum: try a.double("momentum"), epsilon: try a.double("epsilon"),
                            centered: try a.bool("centered"), clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("Adagrad", "learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-07, weight_decay=None, \(common), name='Adagrad'", { a, i, lr, s, c, n in
                try Adagrad(learningRate: lr, schedule: s, initialAccumulatorValue: try a.double("initial_accumulator_value"), epsilon: try a.double("epsilon"),
                            clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("Nadam", "learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None, \(common), name='Nadam'", { a, i, lr, s, c, n in
                try Nadam(learningRate: lr, schedule: s, beta1: try a.double("beta_1"), beta2: try a.double("beta_2"), epsilon: try a.double("epsilon"),
                          clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("Adamax", "learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-07, weight_decay=None, \(common), name='Adamax'", { a, i, lr, s, c, n in
                try Adamax(learningRate: lr, schedule: s, beta1: try a.double("beta_1"), beta2: try a.double("beta_2"), epsilon: try a.double("epsilon"),
                           clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
            ("Adadelta", "learning_rate=0.001, rho=0.95, epsilon=1e-07, weight_decay=None, \(common), name='Adadelta'", { a, i, lr, s, c, n in
                try Adadelta(learningRate: lr, schedule: s, rho: try a.double("rho"), epsilon: try a.double("epsilon"),
                             clipping: c, weightDecay: try TrainingBridge.optionalDouble(a["weight_decay"], i, what: "weight_decay"), name: n) }),
        ]
        for (className, signature, build) in specs {
            let t = PyType.native(name: className, module: "keras.optimizers", base: optimizerType, doc: "keras.optimizers.\(className)")
            t.defineMethod("__init__", signature) { interp, args in
                let me = try args.receiver(as: OptimizerObject.self, "__init__")
                let (lr, schedule) = try rate(args["learning_rate"], interp)
                let optimizer = try TrainingBridge.run {
                    do { return try build(args, interp, lr, schedule, try clipping(args, interp), try args.string("name")) } catch let e as TensorError { throw KerasError(.value, e.message) }
                }
                me.optimizer = optimizer
                optimizer.host = me
                return .none
            }
            m.addType(t)
        }
        m.defineFunction("get", "identifier") { interp, args in wrap(try optimizer(from: args["identifier"], interp), interp) }
        m.defineFunction("__getattr__", "name") { interp, args in
            let name = try args.string("name")
            guard name == "schedules" else { throw PyException.attributeError("module 'keras.optimizers' has no attribute '\(name)'") }
            let module = try interp.loadModule("keras.optimizers.schedules")
            m[name] = .object(module)
            return .object(module)
        }
        return m
    }

    /// A schedule argument as it was written (an int stays an int in `get_config()`).
    static func scheduleNumber(_ value: Value, _ interp: Interpreter, what: String) throws -> ScheduleNumber {
        switch value {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        default: return .double(try interp.toDouble(value, what: what))
        }
    }

    static func scheduleValue(_ number: ScheduleNumber) -> Value {
        switch number {
        case .int(let i): return .int(i)
        case .double(let d): return .float(d)
        }
    }

    static func makeSchedules(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.optimizers.schedules")
        m.addType(scheduleType)
        let exponential = PyType.native(name: "ExponentialDecay", module: m.name, base: scheduleType, doc: "A LearningRateSchedule that uses an exponential decay schedule.")
        exponential.defineMethod("__init__", "initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None") { interp, args in
            let me = try args.receiver(as: ScheduleObject.self, "__init__")
            func number(_ name: String) throws -> ScheduleNumber { try scheduleNumber(args[name], interp, what: name) }
            me.native = ExponentialDecay(initialLearningRate: try number("initial_learning_rate"), decaySteps: try number("decay_steps"),
                                           decayRate: try number("decay_rate"), staircase: try args.bool("staircase"))
            me.native?.host = me
            return .none
        }
        let piecewise = PyType.native(name: "PiecewiseConstantDecay", module: m.name, base: scheduleType, doc: "A LearningRateSchedule that uses a piecewise constant decay schedule.")
        piecewise.defineMethod("__init__", "boundaries, values, name=None") { interp, args in
            let me = try args.receiver(as: ScheduleObject.self, "__init__")
            let boundaries = try interp.collect(args["boundaries"]).map { try scheduleNumber($0, interp, what: "boundaries") }
            let values = try interp.collect(args["values"]).map { try scheduleNumber($0, interp, what: "values") }
            me.native = try TrainingBridge.run {
                do { return try PiecewiseConstantDecay(boundaries: boundaries, values: values) } catch let e as TensorError { throw KerasError(.value, e.message) }
            }
            me.native?.host = me
            return .none
        }
        let cosine = PyType.native(name: "CosineDecay", module: m.name, base: scheduleType, doc: "A LearningRateSchedule that uses a cosine decay schedule.")
        cosine.defineMethod("__init__", "initial_learning_rate, decay_steps, alpha=0.0, name=None") { interp, args in
            let me = try args.receiver(as: ScheduleObject.self, "__init__")
            func number(_ name: String) throws -> ScheduleNumber { try scheduleNumber(args[name], interp, what: name) }
            me.native = CosineDecay(initialLearningRate: try number("initial_learning_rate"), decaySteps: try number("decay_steps"), alpha: try number("alpha"))
            me.native?.host = me
            return .none
        }
        for t in [exponential, piecewise, cosine] { m.addType(t) }
        return m
    }
}
