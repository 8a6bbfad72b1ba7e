import Keras
import KTensor

/// A `keras.losses.Loss` object: a built-in loss, or a script subclass whose `call` runs.
final class LossObject: PyObject {
    var loss: Loss?
    /// The arguments the loss was made with (sessions make it again from them).
    var constructorCall: ConstructorCall?
}

/// A loss whose per-sample values come from a script: a `keras.losses.Loss` subclass's
/// `call(y_true, y_pred)` or a plain function `loss(y_true, y_pred)` given to `compile`.
final class ScriptLoss: Loss {
    weak var interpreter: Interpreter?
    let callable: Value

    init(name: String, reduction: LossReduction, callable: Value, interpreter: Interpreter) {
        self.callable = callable
        self.interpreter = interpreter
        super.init(name: name, reduction: reduction)
    }

    override func call(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        guard let interpreter else { throw PyException.runtimeError("the interpreter of this loss is gone") }
        let result = try interpreter.call(callable, [TrainingBridge.result(yTrue), TrainingBridge.result(yPred)])
        return try TrainingBridge.tensor(result)
    }
}

/// `keras.losses`: the loss classes (`SparseCategoricalCrossentropy(from_logits=True)`, ...),
/// the loss functions (`keras.losses.mse(y_true, y_pred)`), `Loss` for subclassing, `get`.
enum LossesModule {
    static let lossType: PyType = {
        let t = PyType.native(name: "Loss", module: "keras.losses", doc: "Loss base class.") { _, type, arguments in
            let object = LossObject(type: type)
            object.constructorCall = ConstructorCall(arguments)
            return object
        }
        t.defineMethod("__init__", "reduction='auto', name=None") { interp, args in
            let me = try args.receiver(as: LossObject.self, "__init__")
            let reduction = try reductionValue(args["reduction"], interp)
            let name = try args.optionalString("name") ?? Naming.snakeCase(me.type.name)
            let call = try interp.getAttribute(args.receiver, "call")
            me.loss = ScriptLoss(name: name, reduction: reduction, callable: call, interpreter: interp)
            return .none
        }
        t.defineMethod("__call__", "y_true, y_pred, sample_weight=None") { _, args in
            let loss = try require(args.receiver)
            let weight = args["sample_weight"].isNone ? nil : try TrainingBridge.tensor(args["sample_weight"])
            return TrainingBridge.result(try TrainingBridge.run { try loss(try TrainingBridge.tensor(args["y_true"]), try TrainingBridge.tensor(args["y_pred"]), sampleWeight: weight) })
        }
        t.defineMethod("call", "y_true, y_pred") { _, args in
            let loss = try require(args.receiver)
            guard loss is BuiltinLoss else { throw PyException(BuiltinTypes.notImplementedError, "Must be implemented in subclasses.") }
            return TrainingBridge.result(try TrainingBridge.run { try loss.call(try TrainingBridge.tensor(args["y_true"]), try TrainingBridge.tensor(args["y_pred"])) })
        }
        t.defineProperty("name", get: { _, v in .str(try require(v).name) })
        t.defineProperty("reduction", get: { _, v in .str(try require(v).reduction.rawValue) })
        t.defineMethod("get_config", "") { _, args in
            let loss = try require(args.receiver)
            var entries: [(String, Value)] = [("reduction", .str(loss.reduction.rawValue)), ("name", .str(loss.name))]
            if let builtin = loss as? BuiltinLoss {
                switch builtin.function {
                case .sparseCategoricalCrossentropy(let fromLogits): entries += [("from_logits", .bool(fromLogits)), ("ignore_class", .none)]
                case .categoricalCrossentropy(let fromLogits, let smoothing), .binaryCrossentropy(let fromLogits, let smoothing):
                    entries += [("from_logits", .bool(fromLogits)), ("label_smoothing", .float(smoothing)), ("axis", .int(-1))]
                case .huber(let delta): entries.append(("delta", .float(delta)))
                default: break
                }
            }
            return .object(PyDict(entries))
        }
        return t
    }()

    /// The Swift loss of a loss object.
    static func require(_ value: Value) throws -> Loss {
        guard case .object(let o) = value, let l = o as? LossObject, let loss = l.loss else {
            throw PyException.typeError("expected a keras.losses.Loss")
        }
        return loss
    }

    static func reductionValue(_ value: Value, _ interp: Interpreter) throws -> LossReduction {
        if value.isNone { return .auto }
        let text = try interp.str(value)
        guard let r = LossReduction(kerasName: text) else {
            throw PyException.valueError("Invalid Reduction Key: \(text). Expected keys are \"('auto', 'none', 'sum', 'sum_over_batch_size')\"")
        }
        return r
    }

    /// The built-in loss classes: Python name, default name, signature, function from args.
    static let classes: [(String, String, String, (BoundArguments) throws -> LossFunction)] = [
        ("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy", "from_logits=False, ignore_class=None, reduction='auto', name='sparse_categorical_crossentropy'",
         { .sparseCategoricalCrossentropy(fromLogits: try $0.bool("from_logits")) }),
        ("CategoricalCrossentropy", "categorical_crossentropy", "from_logits=False, label_smoothing=0.0, axis=-1, reduction='auto', name='categorical_crossentropy'",
         { .categoricalCrossentropy(fromLogits: try $0.bool("from_logits"), labelSmoothing: try $0.double("label_smoothing")) }),
        ("BinaryCrossentropy", "binary_crossentropy", "from_logits=False, label_smoothing=0.0, axis=-1, reduction='auto', name='binary_crossentropy'",
         { .binaryCrossentropy(fromLogits: try $0.bool("from_logits"), labelSmoothing: try $0.double("label_smoothing")) }),
        ("MeanSquaredError", "mean_squared_error", "reduction='auto', name='mean_squared_error'", { _ in .meanSquaredError }),
        ("MeanAbsoluteError", "mean_absolute_error", "reduction='auto', name='mean_absolute_error'", { _ in .meanAbsoluteError }),
        ("MeanAbsolutePercentageError", "mean_absolute_percentage_error", "reduction='auto', name='mean_absolute_percentage_error'", { _ in .meanAbsolutePercentageError }),
        ("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "reduction='auto', name='mean_squared_logarithmic_error'", { _ in .meanSquaredLogarithmicError }),
        ("Huber", "huber_loss", "delta=1.0, reduction='auto', name='huber_loss'", { .huber(delta: try $0.double("delta")) }),
        ("LogCosh", "log_cosh", "reduction='auto', name='log_cosh'", { _ in .logCosh }),
        ("KLDivergence", "kl_divergence", "reduction='auto', name='kl_divergence'", { _ in .klDivergence }),
        ("Hinge", "hinge", "reduction='auto', name='hinge'", { _ in .hinge }),
        ("SquaredHinge", "squared_hinge", "reduction='auto', name='squared_hinge'", { _ in .squaredHinge }),
        ("CategoricalHinge", "categorical_hinge", "reduction='auto', name='categorical_hinge'", { _ in .categoricalHinge }),
        ("Poisson", "poisson", "reduction='auto', name='poisson'", { _ in .poisson }),
        ("CosineSimilarity", "cosine_similarity", "axis=-1, reduction='auto', name='cosine_similarity'", { _ in .cosineSimilarity }),
    ]

    static let functionNames = ["sparse_categorical_crossentropy", "categorical_crossentropy", "binary_crossentropy",
                                "mean_squared_error", "mse", "MSE", "mean_absolute_error", "mae", "MAE",
                                "mean_absolute_percentage_error", "mape", "MAPE", "mean_squared_logarithmic_error", "msle", "MSLE",
                                "huber", "log_cosh", "logcosh", "kl_divergence", "kld", "KLD", "kullback_leibler_divergence",
                                "hinge", "squared_hinge", "categorical_hinge", "poisson", "cosine_similarity"]

    /// Wraps a Swift loss in a loss object of `type` (keeping one wrapper per loss).
    static func wrap(_ loss: Loss, type: PyType = lossType) -> Value {
        if let host = loss.host as? LossObject { return .object(host) }
        let object = LossObject(type: type)
        object.loss = loss
        loss.host = object
        return .object(object)
    }

    /// A loss from what `compile(loss=...)` accepts: a string, a loss object, or a callable.
    static func loss(from value: Value, _ interp: Interpreter) throws -> Loss {
        if case .object(let o) = value {
            if let s = o as? PyStr {
                return try TrainingBridge.run { try BuiltinLoss(kerasName: s.value) }
            }
            if let l = o as? LossObject, let loss = l.loss { return loss }
        }
        let name = (try? interp.str(try interp.getAttribute(value, "__name__"))) ?? "loss"
        return ScriptLoss(name: name, reduction: .auto, callable: value, interpreter: interp)
    }

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.losses")
        m.addType(lossType)
        for (className, defaultName, signature, function) in classes {
            let t = PyType.native(name: className, module: "keras.losses", base: lossType, doc: "keras.losses.\(className)")
            t.defineMethod("__init__", signature) { interp, args in
                let me = try args.receiver(as: LossObject.self, "__init__")
                let reduction = try reductionValue(args["reduction"], interp)
                let loss = BuiltinLoss(try function(args), reduction: reduction, name: try args.optionalString("name") ?? defaultName)
                me.loss = loss
                loss.host = me
                return .none
            }
            m.addType(t)
        }
        for name in functionNames {
            m.defineFunction(name, "y_true, y_pred") { _, args in
                let function = try TrainingBridge.run { () throws -> LossFunction in
                    guard let f = LossFunction(kerasName: name) else { throw KerasError(.value, "Unknown loss function: \(name)") }
                    return f
                }
                let loss = BuiltinLoss(function)
                return TrainingBridge.result(try TrainingBridge.run { try loss.call(try TrainingBridge.tensor(args["y_true"]), try TrainingBridge.tensor(args["y_pred"])) })
            }
        }
        m.defineFunction("get", "identifier") { interp, args in
            if case .object(let o) = args["identifier"], let s = o as? PyStr {
                guard LossFunction(kerasName: s.value) != nil else {
                    throw PyException.valueError("Unknown loss function: '\(s.value)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
                }
                return m[s.value] ?? .none
            }
            return args["identifier"]
        }
        return m
    }
}
