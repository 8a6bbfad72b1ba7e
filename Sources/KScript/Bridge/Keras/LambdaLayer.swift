import Keras
import KTensor

/// `keras.layers.Lambda(function, output_shape=None, mask=None, arguments=None)`: a layer
/// whose call is a script function (`function(inputs, **arguments)`, plus `training=` when the
/// function takes it). Without `output_shape` the output shape is found by running the
/// function. Saved configs hold the function's source text (Keras stores bytecode), and
/// loading evaluates it in `__main__`: a lambda as an expression, a `def` by its name.
final class LambdaLayer: Layer, ScriptOutputStructure {
    let function: Value
    let arguments: [(String, Value)]
    /// The per-sample output shape (`output_shape=`), nil to run the function.
    let sampleOutputShape: TensorShape?
    /// `output_shape` as given or as read from a file (a tuple, or a list after JSON).
    var outputShapeConfig: ConfigValue
    var returnedList = false
    private var inputWasList = false

    init(function: Value, arguments: [(String, Value)], sampleOutputShape: TensorShape?, name: String?, trainable: Bool) {
        self.function = function
        self.arguments = arguments
        self.sampleOutputShape = sampleOutputShape
        outputShapeConfig = sampleOutputShape.map { .shape($0) } ?? .none
        super.init(name: name, trainable: trainable)
    }

    override var className: String { "Lambda" }

    override var callArgumentNames: [String] { ["inputs", "mask", "training"] }

    /// Records whether the next call got a list.
    func prepare(inputWasList: Bool) { self.inputWasList = inputWasList }

    override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let interp = try ScriptHooks.interpreter()
        let argument = inputWasList || inputs.count > 1
            ? Value.object(PyList(inputs.map { ArrayBridge.tfTensor($0) })) : ArrayBridge.tfTensor(inputs[0])
        var keywords = arguments
        if takesParameter("training") { keywords.append(("training", training.map { Value.bool($0) } ?? .none)) }
        return try ScriptHooks.outputs(try interp.call(function, [argument], keywords), layer: self)
    }

    private func takesParameter(_ parameter: String) -> Bool {
        guard case .object(let o) = function, let f = o as? PyFunction else { return false }
        let code = f.code
        return code.slotNames.prefix(code.positionalCount).contains(parameter) || code.keywordOnlyNames.contains(parameter)
    }

    override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        guard let sampleOutputShape else { return nil }
        return [[inputShapes.first?.first ?? nil] + sampleOutputShape]
    }

    override func getConfig() -> Config {
        var c = super.getConfig()
        let source: String
        if case .object(let o) = function, let f = o as? PyFunction {
            source = f.name == "<lambda>" ? (f.sourceText ?? f.name) : f.name
        } else {
            source = "<function>"
        }
        c["function"] = .string(source)
        c["function_type"] = .string("lambda")
        c["module"] = .string("__main__")
        c["output_shape"] = outputShapeConfig
        c["output_shape_type"] = .string("raw")
        c["output_shape_module"] = ConfigValue.none
        var entries = Config()
        for (key, value) in arguments {
            if let interp = Interpreter.current, let converted = try? KerasValues.config(value, interp) { entries[key] = converted }
        }
        c["arguments"] = .dict(entries)
        return c
    }

    /// A Lambda from a saved config: the function's source evaluated in `__main__`.
    static func fromConfig(_ c: Config, _ interp: Interpreter) throws -> LambdaLayer {
        guard let source = c["function"]?.stringValue else {
            throw PyException.valueError("kscript: this Lambda layer's function was saved as Python bytecode, which kscript cannot run; define the function in the script and rebuild the layer")
        }
        guard let main = try interp.modules.get(.str("__main__")), case .object(let o) = main, let module = o as? PyModule else {
            throw PyException.runtimeError("no __main__ module to load the Lambda function into")
        }
        let function: Value
        if source.hasPrefix("lambda") {
            function = try interp.evaluate(source, in: module)
        } else if let named = module[source] {
            function = named
        } else {
            throw PyException.nameError("Lambda layer '\(c.layerName ?? "lambda")': the function '\(source)' is not defined in __main__")
        }
        var arguments: [(String, Value)] = []
        if case .dict(let entries)? = c["arguments"] {
            for (key, value) in entries.entries { arguments.append((key, KerasValues.value(value))) }
        }
        let layer = LambdaLayer(function: function, arguments: arguments, sampleOutputShape: c["output_shape"]?.shapeValue,
                                name: c.layerName, trainable: c.isTrainable)
        layer.outputShapeConfig = c["output_shape"] ?? .none
        layer.batchInputShape = c.batchInputShape
        return layer
    }

    /// The script type; also registers the class for loading saved models.
    static func makeType(base: PyType) -> PyType {
        LayerRegistry.register("Lambda") { config in try LambdaLayer.fromConfig(config, try ScriptHooks.interpreter()) }
        return LayerClasses.define("Lambda", module: "keras.layers.core.lambda_layer", signature: "function, output_shape=None, mask=None, arguments=None",
                            base: base, doc: "Wraps an arbitrary expression as a Layer.") { interp, a in
            guard interp.isCallable(a["function"]) else {
                throw PyException.typeError("'\(a["function"].type.name)' object is not callable")
            }
            if !a["mask"].isNone { throw PyException.notImplemented("kscript: Lambda(mask=...) is not supported yet") }
            var arguments: [(String, Value)] = []
            if case .object(let o) = a["arguments"], let d = o as? PyDict {
                for (key, value) in d.pairs { arguments.append((try interp.str(key), value)) }
            }
            let outputShape = a["output_shape"]
            if !outputShape.isNone && interp.isCallable(outputShape) {
                throw PyException.notImplemented("kscript: a callable Lambda output_shape is not supported yet; give the shape as a tuple")
            }
            return LambdaLayer(function: a["function"], arguments: arguments,
                               sampleOutputShape: outputShape.isNone ? nil : try KerasValues.shape(outputShape, interp, what: "output_shape"),
                               name: try a.optionalString("name"), trainable: try a.bool("trainable"))
        }
    }
}
