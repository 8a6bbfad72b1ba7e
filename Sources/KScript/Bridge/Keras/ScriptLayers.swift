import Keras
import KTensor

/// The Swift side of a script subclass of `keras.layers.Layer` or `keras.Model`: the Keras
/// hooks (`build`, `call`, `compute_output_shape`, `get_config`) run the script's methods on
/// the peer object (`host`), and the nested layers are the layers held by the object's
/// attributes (also inside lists, tuples and dicts), in assignment order.
enum ScriptHooks {
    /// Keyword arguments of the current script-level call beyond `inputs`/`training`, handed
    /// to the script's `call`.
    nonisolated(unsafe) static var pendingKeywords: [(String, Value)] = []

    /// The interpreter running the script (script layers only run under one).
    static func interpreter() throws -> Interpreter {
        guard let interp = Interpreter.current else { throw PyException.runtimeError("no interpreter is running") }
        return interp
    }

    static func object(_ layer: Layer) throws -> LayerObject {
        guard let o = layer.host as? LayerObject else { throw PyException.runtimeError("layer \(layer.name) lost its script object") }
        return o
    }

    /// Layers held by the object's attributes, in assignment order, without repeats.
    static func attributeLayers(_ layer: Layer) -> [Layer] {
        guard let dict = (layer.host as? LayerObject)?.dict else { return [] }
        var found: [Layer] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ value: Value, depth: Int) {
            guard depth < 8, case .object(let o) = value else { return }
            if let l = o as? LayerObject, let inner = l.layer, inner !== layer {
                if seen.insert(ObjectIdentifier(inner)).inserted { found.append(inner) }
            } else if let list = o as? PyList {
                for item in list.items { visit(item, depth: depth + 1) }
            } else if let tuple = o as? PyTuple {
                for item in tuple.items { visit(item, depth: depth + 1) }
            } else if let d = o as? PyDict {
                for item in d.values { visit(item, depth: depth + 1) }
            }
        }
        for value in dict.values { visit(value, depth: 0) }
        return found
    }

    static func build(_ layer: Layer, _ shapes: [TensorShape]) throws {
        let interp = try interpreter()
        let o = try object(layer)
        guard interp.isOverridden(o, "build") else { return }
        try interp.callMethod(.object(o), "build", [KerasValues.shapeObject(shapes, asList: shapes.count > 1)])
    }

    static func call(_ layer: Layer, _ inputs: [Tensor], inputWasList: Bool, training: Bool?) throws -> [Tensor] {
        let interp = try interpreter()
        let o = try object(layer)
        let argument = inputWasList || inputs.count > 1
            ? Value.object(PyList(inputs.map { ArrayBridge.tfTensor($0) })) : ArrayBridge.tfTensor(inputs[0])
        var keywords = pendingKeywords
        pendingKeywords = []
        if acceptsTraining(o) { keywords.append(("training", training.map { Value.bool($0) } ?? .none)) }
        let result = try interp.callMethod(.object(o), "call", [argument], keywords)
        return try outputs(result, layer: layer)
    }

    /// The tensors a script `call` returned (one, or a list/tuple of them).
    static func outputs(_ result: Value, layer: Layer) throws -> [Tensor] {
        if let items = KerasValues.sequenceItems(result) {
            (layer as? ScriptOutputStructure)?.returnedList = true
            return try items.map { try ArrayBridge.tensor(from: $0, defaults: .tensorflow) }
        }
        (layer as? ScriptOutputStructure)?.returnedList = false
        return [try ArrayBridge.tensor(from: result, defaults: .tensorflow)]
    }

    /// True when the script's `call` takes a `training` argument (or `**kwargs`).
    static func acceptsTraining(_ o: LayerObject) -> Bool {
        guard let method = o.type.lookup("call"), case .object(let f) = method, let function = f as? PyFunction else { return false }
        let code = function.code
        if code.varKeywordsSlot != nil { return true }
        return code.slotNames.prefix(code.positionalCount).contains("training") || code.keywordOnlyNames.contains("training")
    }

    static func computeOutputShape(_ layer: Layer, _ shapes: [TensorShape]) throws -> [TensorShape]? {
        let interp = try interpreter()
        let o = try object(layer)
        guard interp.isOverridden(o, "compute_output_shape") else { return nil }
        let result = try interp.callMethod(.object(o), "compute_output_shape", [KerasValues.shapeObject(shapes, asList: shapes.count > 1)])
        return try KerasValues.shapes(result, interp)
    }

    static func config(_ layer: Layer, base: Config) -> Config {
        guard let interp = Interpreter.current, let o = layer.host as? LayerObject, interp.isOverridden(o, "get_config"),
              let result = try? interp.callMethod(.object(o), "get_config"), case .object(let d as PyDict) = result,
              let config = try? KerasValues.configDict(d, interp) else { return base }
        return config
    }
}

/// Remembers whether the script's `call` returned a list, so the script gets the same
/// structure back.
protocol ScriptOutputStructure: AnyObject {
    var returnedList: Bool { get set }
}

/// A script subclass of `keras.layers.Layer`.
final class ScriptLayer: Layer, ScriptOutputStructure {
    let scriptClassName: String
    var returnedList = false
    private var inputWasList = false

    init(className: String, name: String?, trainable: Bool, dtype: DType) {
        scriptClassName = className
        super.init(name: name ?? Naming.uniqueName(Naming.snakeCase(className)), trainable: trainable, dtype: dtype)
    }

    override var className: String { scriptClassName }
    override var nestedLayers: [Layer] { ScriptHooks.attributeLayers(self) }

    override func build(inputShapes: [TensorShape]) throws { try ScriptHooks.build(self, inputShapes) }

    override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try ScriptHooks.call(self, inputs, inputWasList: inputWasList, training: training)
    }

    /// Records whether the next call got a list.
    func prepare(inputWasList: Bool) { self.inputWasList = inputWasList }

    override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        try ScriptHooks.computeOutputShape(self, inputShapes)
    }

    override func getConfig() -> Config { ScriptHooks.config(self, base: super.getConfig()) }
}

/// A script subclass of `keras.Model`.
final class ScriptModel: Model, ScriptOutputStructure {
    let scriptClassName: String
    var returnedList = false
    private var inputWasList = false

    init(className: String, name: String?, trainable: Bool, dtype: DType) {
        scriptClassName = className
        super.init(name: name ?? Naming.uniqueName(Naming.snakeCase(className)), trainable: trainable, dtype: dtype)
    }

    override var className: String { scriptClassName }
    override var layers: [Layer] { ScriptHooks.attributeLayers(self) }

    override func build(inputShapes: [TensorShape]) throws { try ScriptHooks.build(self, inputShapes) }

    override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try ScriptHooks.call(self, inputs, inputWasList: inputWasList, training: training)
    }

    func prepare(inputWasList: Bool) { self.inputWasList = inputWasList }

    override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        try ScriptHooks.computeOutputShape(self, inputShapes)
    }

    override func getConfig() -> Config { ScriptHooks.config(self, base: super.getConfig()) }
}
