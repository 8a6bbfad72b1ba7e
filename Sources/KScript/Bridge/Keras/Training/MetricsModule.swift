import Keras
import KTensor

/// A `keras.metrics.*` object.
final class MetricObject: PyObject {
    var metric: Metric?
    /// The arguments the metric was made with (sessions make it again from them).
    var constructorCall: ConstructorCall?
    /// A built-in metric's own constructor arguments (all but `name` and `dtype`), in
    /// signature order: what its `get_config()` adds after `name` and `dtype`.
    var configArguments: [(String, Value)] = []
}

/// A metric defined by a script subclass of `keras.metrics.Metric`: `update_state`, `result`
/// and (when overridden) `reset_state` run the script methods.
final class ScriptMetric: Metric {
    weak var interpreter: Interpreter?
    unowned let object: MetricObject
    /// Set on a copy made for one output of a model (`freshCopy`): nothing else holds its
    /// script object, so the metric keeps it alive.
    private var ownedObject: MetricObject?

    init(name: String, object: MetricObject, interpreter: Interpreter) {
        self.object = object
        self.interpreter = interpreter
        super.init(name: name)
    }

    private func interp() throws -> Interpreter {
        guard let interpreter else { throw PyException.runtimeError("the interpreter of this metric is gone") }
        return interpreter
    }

    override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        try interp().callMethod(.object(object), "update_state", [ArrayBridge.tfTensor(yTrue), ArrayBridge.tfTensor(yPred)],
                                [("sample_weight", sampleWeight.map(ArrayBridge.tfTensor) ?? .none)])
    }

    override func result() throws -> Tensor {
        try TrainingBridge.tensor(try interp().callMethod(.object(object), "result"))
    }

    /// Keras' `type(m).from_config(m.get_config())`: the script's `get_config()` when it has
    /// one (else `{'name': ..., 'dtype': 'float32'}`), passed to its `from_config` when it has
    /// one, else to the class as keywords.
    override func freshCopy() throws -> Metric {
        let i = try interp()
        let config: [(String, Value)]
        if i.isOverridden(object, "get_config") {
            guard case .object(let d as PyDict) = try i.callMethod(.object(object), "get_config") else {
                throw PyException.typeError("get_config() of metric \(name) must return a dict")
            }
            config = d.pairs.compactMap { p in p.key.stringValue.map { ($0, p.value) } }
        } else {
            config = [("name", .str(name)), ("dtype", .str("float32"))]
        }
        let type = Value.object(object.type)
        let copy: Value
        if object.type.lookup("from_config") != nil {
            let d = PyDict()
            for (key, value) in config { try d.set(.str(key), value) }
            copy = try i.callMethod(type, "from_config", [.object(d)])
        } else {
            copy = try i.call(type, [], config)
        }
        guard case .object(let o) = copy, let copyObject = o as? MetricObject, let metric = copyObject.metric as? ScriptMetric else {
            throw PyException.typeError("copying metric \(name) for each output did not give a keras.metrics.Metric")
        }
        metric.ownedObject = copyObject
        return metric
    }

    override func resetState() throws {
        let i = try interp()
        if i.isOverridden(object, "reset_state") {
            try i.callMethod(.object(object), "reset_state")
        } else {
            try super.resetState()
        }
    }
}

/// A metric computed by a script function `fn(y_true, y_pred)` given to `compile(metrics=)`:
/// the sample-weighted mean of its values (Keras' `MeanMetricWrapper`).
final class ScriptFunctionMetric: Mean {
    weak var interpreter: Interpreter?
    let function: Value

    init(name: String, function: Value, interpreter: Interpreter) {
        self.function = function
        self.interpreter = interpreter
        super.init(name: name)
    }

    override func freshCopy() throws -> Metric {
        guard let interpreter else { throw PyException.runtimeError("the interpreter of this metric is gone") }
        return ScriptFunctionMetric(name: name, function: function, interpreter: interpreter)
    }

    override var takesValues: Bool { false }

    override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        guard let interpreter else { throw PyException.runtimeError("the interpreter of this metric is gone") }
        let values = try interpreter.call(function, [ArrayBridge.tfTensor(yTrue), ArrayBridge.tfTensor(yPred)])
        try update(try TrainingBridge.tensor(values), sampleWeight: sampleWeight)
    }
}

/// `keras.metrics`: `Metric` for subclassing, the built-in metric classes, the metric
/// functions, `get`.
enum MetricsModule {
    static let metricType: PyType = {
        let t = PyType.native(name: "Metric", module: "keras.metrics", doc: "Encapsulates metric logic and state.") { _, type, arguments in
            let object = MetricObject(type: type)
            object.constructorCall = ConstructorCall(arguments)
            return object
        }
        t.defineMethod("__init__", "name=None, dtype=None, **kwargs") { interp, args in
            let me = try args.receiver(as: MetricObject.self, "__init__")
            if me.metric != nil { return .none }
            let name = try args.optionalString("name") ?? Naming.uniqueName(Naming.snakeCase(me.type.name))
            let metric = ScriptMetric(name: name, object: me, interpreter: interp)
            me.metric = metric
            metric.host = me
            return .none
        }
        t.defineMethod("get_config", "", doc: "The metric's name, dtype and constructor arguments.") { interp, args in
            let me = try args.receiver(as: MetricObject.self, "get_config")
            let d = PyDict()
            d.setString(PyStr.intern("name"), .str(try require(.object(me)).name))
            d.setString(PyStr.intern("dtype"), .str("float32"))
            for (key, value) in me.configArguments { d.setString(PyStr.intern(key), value) }
            return .object(d)
        }
        t.defineMethod("add_weight", "name, shape=(), aggregation=None, synchronization=None, initializer=None, dtype=None") { interp, args in
            let metric = try require(args.receiver)
            let shape = try interp.collect(args["shape"]).map { try interp.toInt($0, what: "shape") }
            var initial = 0.0
            if !args["initializer"].isNone {
                let text = try interp.str(args["initializer"])
                switch text {
                case "zeros", "Zeros": initial = 0
                case "ones", "Ones": initial = 1
                default: throw PyException.valueError("Unsupported initializer for add_weight: \(text) (use 'zeros' or 'ones')")
                }
            }
            let dtype = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
            return ArrayBridge.variable(metric.addWeight(name: try args.string("name"), shape: shape, initialValue: initial, dtype: dtype))
        }
        t.defineMethod("update_state", "*args, **kwargs") { interp, args in
            let metric = try require(args.receiver)
            if let mean = metric as? Mean, mean.takesValues {
                guard let values = args.varArgs.first else { throw PyException.typeError("update_state() missing 1 required positional argument: 'values'") }
                let weight = args.varArgs.count > 1 ? args.varArgs[1] : args.varKeywords.first { $0.0 == "sample_weight" }?.1 ?? .none
                try TrainingBridge.run { try mean.update(try TrainingBridge.tensor(values), sampleWeight: weight.isNone ? nil : try TrainingBridge.tensor(weight)) }
                return .none
            }
            guard !(metric is ScriptMetric) else { throw PyException(BuiltinTypes.notImplementedError, "Must be implemented in subclasses.") }
            guard args.varArgs.count >= 2 else { throw PyException.typeError("update_state() missing required positional arguments: 'y_true' and 'y_pred'") }
            let weight = args.varArgs.count > 2 ? args.varArgs[2] : args.varKeywords.first { $0.0 == "sample_weight" }?.1 ?? .none
            try TrainingBridge.run {
                try metric.updateState(try TrainingBridge.tensor(args.varArgs[0]), try TrainingBridge.tensor(args.varArgs[1]),
                                       sampleWeight: weight.isNone ? nil : try TrainingBridge.tensor(weight))
            }
            return .none
        }
        t.defineMethod("result", "") { _, args in
            let metric = try require(args.receiver)
            guard !(metric is ScriptMetric) else { throw PyException(BuiltinTypes.notImplementedError, "Must be implemented in subclasses.") }
            return TrainingBridge.result(try TrainingBridge.run { try metric.result() })
        }
        t.defineMethod("reset_state", "") { _, args in
            let metric = try require(args.receiver)
            if let script = metric as? ScriptMetric {
                for variable in script.variables { try variable.assign(Tensor(zeros: variable.shape, dtype: variable.dtype)) }
            } else {
                try TrainingBridge.run { try metric.resetState() }
            }
            return .none
        }
        t.defineMethod("reset_states", "") { interp, args in try interp.callMethod(args.receiver, "reset_state") }
        t.defineRawMethod("__call__", "*args, **kwargs") { interp, a in
            try interp.call(try interp.getAttribute(a[0], "update_state"), Array(a.positional.dropFirst()), a.keywords)
            return try interp.callMethod(a[0], "result")
        }
        t.defineProperty("name", get: { _, v in .str(try require(v).name) })
        t.defineProperty("variables", get: { _, v in .object(PyList(try require(v).variables.map(ArrayBridge.variable))) })
        t.defineProperty("dtype", get: { _, _ in .str("float32") })
        return t
    }()

    static func require(_ value: Value) throws -> Metric {
        guard case .object(let o) = value, let object = o as? MetricObject, let metric = object.metric else {
            throw PyException.typeError("expected a keras.metrics.Metric (did its __init__ call super().__init__()?)")
        }
        return metric
    }

    /// Wraps a Swift metric (one wrapper per metric while it lives).
    static func wrap(_ metric: Metric) -> Value {
        if let host = metric.host as? MetricObject { return .object(host) }
        let object = MetricObject(type: metricType)
        object.metric = metric
        metric.host = object
        return .object(object)
    }

    /// A compile metric spec from a string, metric object or function.
    static func spec(_ value: Value, _ interp: Interpreter) throws -> MetricSpec {
        if case .object(let o) = value {
            if let s = o as? PyStr { return .name(s.value) }
            if let m = o as? MetricObject, let metric = m.metric { return .metric(metric) }
        }
        let name = try interp.str(try interp.getAttribute(value, "__name__"))
        return .metric(ScriptFunctionMetric(name: name, function: value, interpreter: interp))
    }

    /// The built-in metric classes: name, signature, Swift metric from the bound arguments.
    static let classes: [(String, String, (BoundArguments, Interpreter) throws -> Metric)] = [
        ("Mean", "name='mean', dtype=None", { a, _ in Mean(name: try a.string("name")) }),
        ("Sum", "name='sum', dtype=None", { a, _ in Mean(sumNamed: try a.string("name")) }),
        ("Accuracy", "name='accuracy', dtype=None", { a, _ in MeanMetricWrapper(.accuracy, name: try a.string("name")) }),
        ("BinaryAccuracy", "name='binary_accuracy', dtype=None, threshold=0.5", { a, _ in
            MeanMetricWrapper(.binaryAccuracy(threshold: try a.double("threshold")), name: try a.string("name")) }),
        ("CategoricalAccuracy", "name='categorical_accuracy', dtype=None", { a, _ in MeanMetricWrapper(.categoricalAccuracy, name: try a.string("name")) }),
        ("SparseCategoricalAccuracy", "name='sparse_categorical_accuracy', dtype=None", { a, _ in
            MeanMetricWrapper(.sparseCategoricalAccuracy, name: try a.string("name")) }),
        ("TopKCategoricalAccuracy", "k=5, name='top_k_categorical_accuracy', dtype=None", { a, _ in
            MeanMetricWrapper(.topKCategoricalAccuracy(k: try a.int("k")), name: try a.string("name")) }),
        ("SparseTopKCategoricalAccuracy", "k=5, name='sparse_top_k_categorical_accuracy', dtype=None", { a, _ in
            MeanMetricWrapper(.sparseTopKCategoricalAccuracy(k: try a.int("k")), name: try a.string("name")) }),
        ("MeanSquaredError", "name='mean_squared_error', dtype=None", { a, _ in MeanMetricWrapper(.loss(.meanSquaredError), name: try a.string("name")) }),
        ("MeanAbsoluteError", "name='mean_absolute_error', dtype=None", { a, _ in MeanMetricWrapper(.loss(.meanAbsoluteError), name: try a.string("name")) }),
        ("MeanAbsolutePercentageError", "name='mean_absolute_percentage_error', dtype=None", { a, _ in
            MeanMetricWrapper(.loss(.meanAbsolutePercentageError), name: try a.string("name")) }),
        ("MeanSquaredLogarithmicError", "name='mean_squared_logarithmic_error', dtype=None", { a, _ in
            MeanMetricWrapper(.loss(.meanSquaredLogarithmicError), name: try a.string("name")) }),
        ("RootMeanSquaredError", "name='root_mean_squared_error', dtype=None", { a, _ in RootMeanSquaredError(name: try a.string("name")) }),
        ("LogCoshError", "name='logcosh', dtype=None", { a, _ in MeanMetricWrapper(.loss(.logCosh), name: try a.string("name")) }),
        ("Hinge", "name='hinge', dtype=None", { a, _ in MeanMetricWrapper(.loss(.hinge), name: try a.string("name")) }),
        ("SquaredHinge", "name='squared_hinge', dtype=None", { a, _ in MeanMetricWrapper(.loss(.squaredHinge), name: try a.string("name")) }),
        ("CategoricalHinge", "name='categorical_hinge', dtype=None", { a, _ in MeanMetricWrapper(.loss(.categoricalHinge), name: try a.string("name")) }),
        ("KLDivergence", "name='kullback_leibler_divergence', dtype=None", { a, _ in MeanMetricWrapper(.loss(.klDivergence), name: try a.string("name")) }),
        ("Poisson", "name='poisson', dtype=None", { a, _ in MeanMetricWrapper(.loss(.poisson), name: try a.string("name")) }),
        ("CosineSimilarity", "name='cosine_similarity', dtype=None, axis=-1", { a, _ in
            guard try a.int("axis") == -1 else { throw PyException.notImplemented("kscript: CosineSimilarity supports only axis=-1") }
            return MeanMetricWrapper(.cosineSimilarity, name: try a.string("name")) }),
        ("TruePositives", "thresholds=None, name=None, dtype=None", { a, i in
            try ConfusionCountMetric(.truePositives, thresholds: try thresholds(a["thresholds"], i), name: try a.optionalString("name")) }),
        ("FalsePositives", "thresholds=None, name=None, dtype=None", { a, i in
            try ConfusionCountMetric(.falsePositives, thresholds: try thresholds(a["thresholds"], i), name: try a.optionalString("name")) }),
        ("TrueNegatives", "thresholds=None, name=None, dtype=None", { a, i in
            try ConfusionCountMetric(.trueNegatives, thresholds: try thresholds(a["thresholds"], i), name: try a.optionalString("name")) }),
        ("FalseNegatives", "thresholds=None, name=None, dtype=None", { a, i in
            try ConfusionCountMetric(.falseNegatives, thresholds: try thresholds(a["thresholds"], i), name: try a.optionalString("name")) }),
        ("BinaryCrossentropy", "name='binary_crossentropy', dtype=None, from_logits=False, label_smoothing=0", { a, _ in
            MeanMetricWrapper(.loss(.binaryCrossentropy(fromLogits: try a.bool("from_logits"), labelSmoothing: try a.double("label_smoothing"))), name: try a.string("name")) }),
        ("CategoricalCrossentropy", "name='categorical_crossentropy', dtype=None, from_logits=False, label_smoothing=0, axis=-1", { a, _ in
            MeanMetricWrapper(.loss(.categoricalCrossentropy(fromLogits: try a.bool("from_logits"), labelSmoothing: try a.double("label_smoothing"))), name: try a.string("name")) }),
        ("SparseCategoricalCrossentropy", "name='sparse_categorical_crossentropy', dtype=None, from_logits=False, ignore_class=None, axis=-1", { a, _ in
            MeanMetricWrapper(.loss(.sparseCategoricalCrossentropy(fromLogits: try a.bool("from_logits"))), name: try a.string("name")) }),
        ("Precision", "thresholds=None, top_k=None, class_id=None, name=None, dtype=None", { a, i in
            try ThresholdMetric(.precision, thresholds: try thresholds(a["thresholds"], i), topK: try optionalInt(a["top_k"], i, "top_k"),
                                classId: try optionalInt(a["class_id"], i, "class_id"), name: try a.optionalString("name")) }),
        ("Recall", "thresholds=None, top_k=None, class_id=None, name=None, dtype=None", { a, i in
            try ThresholdMetric(.recall, thresholds: try thresholds(a["thresholds"], i), topK: try optionalInt(a["top_k"], i, "top_k"),
                                classId: try optionalInt(a["class_id"], i, "class_id"), name: try a.optionalString("name")) }),
        ("AUC", "num_thresholds=200, curve='ROC', summation_method='interpolation', name=None, dtype=None, thresholds=None, multi_label=False, num_labels=None, label_weights=None, from_logits=False", { a, _ in
            let curveName = try a.string("curve")
            guard let curve = AUC.Curve(rawValue: curveName.uppercased()) else {
                throw PyException.valueError("Invalid AUC curve value: \"\(curveName)\". Expected values are [ROC, PR]")
            }
            return try AUC(numThresholds: try a.int("num_thresholds"), curve: curve, name: try a.optionalString("name")) }),
    ]

    static func optionalInt(_ value: Value, _ interp: Interpreter, _ name: String) throws -> Int? {
        value.isNone ? nil : try interp.toInt(value, what: name)
    }

    /// `thresholds=`: None (the metric's default), a number, or a list/tuple of numbers.
    static func thresholds(_ value: Value, _ interp: Interpreter) throws -> [Double]? {
        if value.isNone { return nil }
        if case .object(let o) = value, o is PyList || o is PyTuple { return try interp.collect(value).map { try interp.toDouble($0, what: "thresholds") } }
        return [try interp.toDouble(value, what: "thresholds")]
    }

    static func make(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.metrics")
        m.addType(metricType)
        for (className, signature, build) in classes {
            let t = PyType.native(name: className, module: "keras.metrics", base: metricType, doc: "keras.metrics.\(className)")
            t.defineMethod("__init__", signature) { interp, args in
                let me = try args.receiver(as: MetricObject.self, "__init__")
                let metric = try TrainingBridge.run {
                    do { return try build(args, interp) } catch let e as TensorError { throw KerasError(.value, e.message) }
                }
                me.metric = metric
                metric.host = me
                me.configArguments = args.signature.parameters.map(\.name).filter { $0 != "name" && $0 != "dtype" }.map { ($0, args[$0]) }
                return .none
            }
            m.addType(t)
        }
        for name in ["binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy", "top_k_categorical_accuracy",
                     "sparse_top_k_categorical_accuracy", "mean_squared_error", "mse", "mean_absolute_error", "mae",
                     "mean_absolute_percentage_error", "mape", "binary_crossentropy", "categorical_crossentropy",
                     "sparse_categorical_crossentropy", "hinge", "squared_hinge", "kl_divergence", "kld", "kullback_leibler_divergence",
                     "poisson", "log_cosh", "logcosh", "mean_squared_logarithmic_error", "msle"] {
            m.defineFunction(name, "y_true, y_pred") { _, args in
                guard let function = MetricFunction(kerasName: name) else { throw PyException.valueError("Unknown metric function: \(name)") }
                return TrainingBridge.result(try TrainingBridge.run {
                    let t = try TrainingBridge.tensor(args["y_true"]).cast(to: .float32), p = try TrainingBridge.tensor(args["y_pred"])
                    return try function.perSample(t, p)
                })
            }
        }
        return m
    }
}
