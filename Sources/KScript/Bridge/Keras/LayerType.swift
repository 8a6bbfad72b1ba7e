import Keras
import KTensor

/// The methods and properties every layer object has (`keras.layers.Layer`), installed on
/// the base type so built-in layers, models and script subclasses share them.
enum LayerType {
    static func layer(_ value: Value) throws -> Layer {
        guard case .object(let o) = value, let l = o as? LayerObject else {
            throw PyException.typeError("expected a Keras layer, got '\(value.type.name)'")
        }
        return try l.require()
    }

    static func variables(_ list: [Variable]) -> Value {
        .object(PyList(list.map { ArrayBridge.variable($0) }))
    }

    static func install(on t: PyType) {
        t.defineMethod("__init__", "trainable=True, name=None, dtype=None, dynamic=False, **kwargs",
                       doc: "Base layer: script subclasses call super().__init__() first.") { interp, args in
            let me = try args.receiver(as: LayerObject.self, "__init__")
            if me.layer != nil { return .none }
            let dtype = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
            let layer = ScriptLayer(className: me.type.name, name: try args.optionalString("name"), trainable: try args.bool("trainable"), dtype: dtype)
            try applyCommonKeywords(layer, args.varKeywords, interp)
            layer.host = me
            me.layer = layer
            return .none
        }
        t.defineRawMethod("__call__", "*args, **kwargs", doc: "Calls the layer on tensors (eager) or on symbolic inputs (graph building).") { interp, a in
            try call(interp, a)
        }
        t.defineMethod("call", "inputs, training=None", doc: "The layer's computation (override in subclasses).") { interp, args in
            let layer = try LayerType.layer(args.receiver)
            if layer is ScriptModel {
                throw PyException.notImplemented("Unimplemented `tf.keras.Model.call()`: if you intend to create a `Model` with the Functional API, please provide `inputs` and `outputs` arguments. Otherwise, subclass `Model` with an overridden `call()` method.")
            }
            if layer is ScriptLayer {
                throw PyException.notImplemented("Layer \(layer.className) does not have a `call()` method implemented.")
            }
            let (inputs, wasList) = try KerasValues.concreteInputs(args["inputs"])
            let training: Bool? = args["training"].isNone ? nil : try interp.truthy(args["training"])
            _ = wasList
            let outputs = try layer.call(inputs, training: training)
            return KerasValues.outputValue(outputs, asList: returnsList(layer, count: outputs.count))
        }
        t.defineMethod("build", "input_shape", doc: "Creates the layer's weights for inputs of `input_shape`.") { interp, args in
            let layer = try LayerType.layer(args.receiver)
            let shapes = try KerasValues.shapes(args["input_shape"], interp)
            if let model = layer as? Model {
                try model.build(inputShape: shapes)
            } else if layer is ScriptLayer {
                layer.built = true
            } else {
                try layer.buildIfNeeded(shapes)
            }
            return .none
        }
        t.defineMethod("compute_output_shape", "input_shape") { interp, args in
            let layer = try LayerType.layer(args.receiver)
            let shapes = try KerasValues.shapes(args["input_shape"], interp)
            let result = try layer.inferredOutputShapes(shapes)
            return result.count == 1 ? TFTypes.shape(result[0]) : .object(PyList(result.map { TFTypes.shape($0) }))
        }
        t.defineMethod("add_weight", "name=None, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None, constraint=None, use_resource=None, synchronization=None, aggregation=None, **kwargs",
                       doc: "Creates a weight variable of this layer.") { interp, args in
            let layer = try LayerType.layer(args.receiver)
            let shape = args["shape"].isNone ? [] : try KerasValues.shape(args["shape"], interp).map { $0 ?? 1 }
            let dtype = try ArrayBridge.dtype(from: args["dtype"]) ?? layer.dtype
            let fallback: Initializer = dtype.isFloatingPoint ? .glorotUniform(seed: nil) : .zeros
            let initializer = try KerasValues.initializer(args["initializer"], default: fallback, interp)
            let trainable = args["trainable"].isNone ? true : try interp.truthy(args["trainable"])
            let variable = try layer.addWeight(name: try args.optionalString("name") ?? "Variable", shape: shape, dtype: dtype, initializer: initializer,
                                               trainable: trainable, regularizer: try KerasValues.regularizer(args["regularizer"], interp))
            return ArrayBridge.variable(variable)
        }
        t.defineMethod("get_weights", "", doc: "The weight values as a list of NumPy arrays.") { _, args in
            .object(PyList(try LayerType.layer(args.receiver).getWeights().map { ArrayBridge.ndarray($0) }))
        }
        t.defineMethod("set_weights", "weights", doc: "Sets the weights from a list of arrays.") { interp, args in
            let layer = try LayerType.layer(args.receiver)
            let values = try interp.collect(args["weights"]).map { try ArrayBridge.tensor(from: $0) }
            try layer.setWeights(values)
            return .none
        }
        t.defineMethod("count_params", "", doc: "The number of weight scalars.") { _, args in
            .int(try LayerType.layer(args.receiver).countParams())
        }
        t.defineMethod("get_config", "", doc: "The layer's configuration as a dict.") { _, args in
            .object(KerasValues.dict(try LayerType.layer(args.receiver).getConfig()))
        }
        t.defineClassMethod("from_config", "config", doc: "Re-creates a layer from its config.") { interp, args in
            guard case .object(let o) = args.receiver, let cls = o as? PyType else { throw PyException.typeError("from_config needs a class") }
            guard case .object(let d as PyDict) = args["config"] else { throw PyException.typeError("config must be a dict") }
            if !cls.isNative {
                return try interp.call(.object(cls), [], d.pairs.compactMap { p in p.key.stringValue.map { ($0, p.value) } })
            }
            let config = try KerasValues.configDict(d, interp)
            let className = KerasTypes.className(of: cls)
            return LayerObject.wrap(try LayerRegistry.layer(className: className, config: config))
        }
        t.defineRawMethod("__repr__", "") { _, a in
            let type = a[0].type
            let address = String(UInt(bitPattern: ObjectIdentifier(a[0].object ?? type).hashValue), radix: 16)
            return .str("<\(type.displayName) object at 0x\(address)>")
        }
        t.defineRawMethod("__setattr__", "name, value, /", doc: "Sets an attribute; layers assigned here are tracked.") { interp, a in
            guard let key = a[1].object as? PyStr else { throw PyException.typeError("attribute name must be string") }
            if let me = a[0].object as? LayerObject, let layer = me.layer {
                switch key.value {
                case "trainable":
                    layer.trainable = try interp.truthy(a[2])
                    return .none
                case "built":
                    layer.built = try interp.truthy(a[2])
                    return .none
                case "name":
                    guard let s = a[2].stringValue else { throw PyException.typeError("name must be a string") }
                    layer.name = s
                    return .none
                default: break
                }
            } else if let me = a[0].object as? LayerObject, me.layer == nil, a[2].object is LayerObject {
                throw PyException.runtimeError("It looks like you are subclassing `\(me.type.nativeBase?.name ?? "Layer")` and you forgot to call `super().__init__()`. Always start with this line.")
            }
            try interp.genericSetAttribute(a[0], key, a[2])
            return .none
        }
        t.defineRawMethod("__getattr__", "name, /", doc: "Weights by short name (`kernel`, `bias`, ...), config entries (`units`, ...) and a compiled model's `loss`.") { interp, a in
            guard let name = a[1].stringValue, let me = a[0].object as? LayerObject, let layer = me.layer else {
                throw PyException.attributeError("'\(a[0].type.name)' object has no attribute '\(a[1].stringValue ?? "?")'")
            }
            // Keras' plain `model.loss` attribute: what compile was given (an empty dict for None).
            if name == "loss", let loss = me.compileArguments?.first(where: { $0.0 == "loss" })?.1 {
                return loss.isNone ? .object(PyDict()) : loss
            }
            if let variable = layer.weights.first(where: { $0.name.split(separator: "/").last.map(String.init) == name }) {
                return ArrayBridge.variable(variable)
            }
            if !(layer is ScriptLayer || layer is ScriptModel), let entry = layer.getConfig()[name] {
                // As in Keras, `layer.activation` is the function, not its name.
                if name.hasSuffix("activation"), let function = entry.stringValue, let value = try interp.loadModule("keras.activations")[function] {
                    return value
                }
                return KerasValues.value(entry)
            }
            throw PyException.attributeError("'\(a[0].type.name)' object has no attribute '\(name)'")
        }

        property(t, "name") { .str($0.name) }
        t.defineProperty("trainable", get: { _, v in .bool(try LayerType.layer(v).trainable) },
                         set: { interp, v, x in try LayerType.layer(v).trainable = try interp.truthy(x) })
        property(t, "built") { .bool($0.built) }
        property(t, "dtype") { .str($0.dtype.name) }
        property(t, "weights") { variables($0.weights) }
        property(t, "variables") { variables($0.weights) }
        property(t, "trainable_weights") { variables($0.trainableWeights) }
        property(t, "trainable_variables") { variables($0.trainableWeights) }
        property(t, "non_trainable_weights") { variables($0.nonTrainableWeights) }
        property(t, "non_trainable_variables") { variables($0.nonTrainableWeights) }
        property(t, "losses") { .object(PyList(try $0.regularizationLosses().map { ArrayBridge.tfTensor($0) })) }
        property(t, "input_spec") { _ in .none }
        property(t, "input_shape") { layer in
            guard let shapes = layer.inputShapes else {
                throw PyException.attributeError("The layer \"\(layer.name)\" has never been called and thus has no defined input shape.")
            }
            return shapes.count == 1 ? KerasValues.shapeTuple(shapes[0]) : .object(PyList(shapes.map(KerasValues.shapeTuple)))
        }
        property(t, "output_shape") { layer in
            guard let shapes = layer.outputShapes else {
                throw PyException.attributeError("The layer \"\(layer.name)\" has never been called and thus has no defined output shape.")
            }
            if layer is InputLayer { return .object(PyList(shapes.map(KerasValues.shapeTuple))) }
            return shapes.count == 1 ? KerasValues.shapeTuple(shapes[0]) : .object(PyList(shapes.map(KerasValues.shapeTuple)))
        }
        property(t, "input") { layer in
            guard let node = layer.inboundNodes.first else {
                throw PyException.attributeError("Layer \(layer.name) is not connected, no input to return.")
            }
            if layer is InputLayer { return KerasValues.symbolicValue(node.outputs, asList: false) }
            return KerasValues.symbolicValue(node.inputs, asList: node.inputWasList)
        }
        property(t, "output") { layer in
            guard let node = layer.inboundNodes.first else {
                throw PyException.attributeError("Layer \(layer.name) has no inbound nodes.")
            }
            return KerasValues.symbolicValue(node.outputs, asList: false)
        }
    }

    /// A read-only property computed from the layer.
    static func property(_ t: PyType, _ name: String, _ get: @escaping (Layer) throws -> Value) {
        t.defineProperty(name, get: { _, v in try get(try LayerType.layer(v)) })
    }

    /// `input_shape=` / `batch_input_shape=` / `batch_size=` accepted by every layer.
    static func applyCommonKeywords(_ layer: Layer, _ keywords: [(String, Value)], _ interp: Interpreter) throws {
        var batchSize: Int?
        for (key, value) in keywords where key == "batch_size" { batchSize = try KerasValues.optionalInt(value, interp, what: "batch_size") }
        for (key, value) in keywords {
            switch key {
            case "input_shape": layer.batchInputShape = [batchSize] + (try KerasValues.shape(value, interp, what: "input_shape"))
            case "batch_input_shape": layer.batchInputShape = try KerasValues.shape(value, interp, what: "batch_input_shape")
            case "input_dim":
                layer.batchInputShape = [batchSize, try interp.toInt(value, what: "input_dim")]
            case "batch_size", "weights", "input_length", "autocast": break
            default:
                throw PyException.typeError("('Keyword argument not understood:', '\(key)')")
            }
        }
    }

    /// `layer(inputs, training=None, **kwargs)`: symbolic inputs build the graph, arrays run
    /// the layer.
    static func call(_ interp: Interpreter, _ a: Arguments) throws -> Value {
        guard a.count >= 1, let me = a[0].object as? LayerObject else { throw PyException.typeError("Layer.__call__ needs a receiver") }
        let layer = try me.require()
        var inputsValue: Value?
        if a.count >= 2 { inputsValue = a[1] }
        var training: Bool?
        var maskValue: Value?
        var initialState: Value?
        var extra: [(String, Value)] = []
        for (key, value) in a.keywords {
            switch key {
            case "inputs": inputsValue = value
            case "training": training = value.isNone ? nil : try interp.truthy(value)
            case "mask": maskValue = value
            case "initial_state" where layer.takesInitialStates: initialState = value.isNone ? nil : value
            default: extra.append((key, value))
            }
        }
        guard let inputs = inputsValue else {
            throw PyException.typeError("__call__() missing 1 required positional argument: 'inputs'")
        }
        if let (symbols, wasList) = KerasValues.symbolicInputs(inputs) {
            prepare(layer, wasList: wasList)
            let states = try initialState.map { try symbolicStates($0) } ?? []
            let outputs = try layer.callSymbolic(symbols + states, inputWasList: wasList)
            return KerasValues.symbolicValue(outputs, asList: returnsList(layer, count: outputs.count))
        }
        var (tensors, wasList) = (try? KerasValues.concreteInputs(inputs)) ?? ([], false)
        if tensors.isEmpty { (tensors, wasList) = try namedInputs(inputs, layer: layer) }
        if let initialState {
            // A recurrent layer takes its initial states as inputs after the sequence, as Keras' node records them.
            tensors += try KerasValues.concreteInputs(initialState).tensors
        }
        prepare(layer, wasList: wasList)
        ScriptHooks.pendingKeywords = extra
        defer { ScriptHooks.pendingKeywords = [] }
        // As in Keras' eager mode, masks ride on the values: `mask=` or the inputs' own, and
        // the outputs carry the layer's output masks (`_keras_mask`).
        let masks = try maskValue.map { try eagerMasks($0, count: tensors.count) } ?? tensors.map(\.attachedMask)
        var outputs = try layer(tensors, inputWasList: wasList, training: training, masks: masks)
        let outputMasks = try layer.computeMask(tensors, masks: masks)
        for (i, mask) in outputMasks.enumerated() where i < outputs.count && mask != nil {
            outputs[i] = outputs[i].withAttachedMask(mask)
        }
        return KerasValues.outputValue(outputs, asList: returnsList(layer, count: outputs.count))
    }

    /// A symbolic call's `initial_state=`: one Keras tensor or a list of them.
    static func symbolicStates(_ value: Value) throws -> [KerasTensor] {
        if let (states, _) = KerasValues.symbolicInputs(value) { return states }
        let items = KerasValues.sequenceItems(value) ?? [value]
        let offending = items.first { KerasValues.symbolicInputs($0) == nil } ?? value
        throw PyException.valueError("Unexpectedly found an instance of type `<class '\(offending.type.displayName)'>`. Expected a symbolic tensor instance.")
    }

    /// A call's `mask=`: None, one mask, or a list with one entry per input.
    static func eagerMasks(_ value: Value, count: Int) throws -> [Tensor?] {
        if value.isNone { return Array(repeating: nil, count: count) }
        if count > 1, let items = KerasValues.sequenceItems(value) {
            return try items.map { $0.isNone ? nil : try KerasValues.inputTensor($0) }
        }
        return [try KerasValues.inputTensor(value)]
    }

    /// Inputs given as a dict by input name (Functional models), in the model's input order.
    static func namedInputs(_ value: Value, layer: Layer) throws -> ([Tensor], Bool) {
        guard case .object(let o) = value, let d = o as? PyDict, let model = layer as? Functional else {
            return try KerasValues.concreteInputs(value)
        }
        let tensors = try model.inputNames.map { name -> Tensor in
            guard let item = d.getString(PyStr.intern(name)) else {
                throw PyException.valueError("Missing data for input \"\(name)\". You passed a data dictionary with keys \(d.keys.compactMap(\.stringValue)). Expected the following keys: \(model.inputNames)")
            }
            return try KerasValues.inputTensor(item)
        }
        return (tensors, true)
    }

    static func prepare(_ layer: Layer, wasList: Bool) {
        (layer as? ScriptLayer)?.prepare(inputWasList: wasList)
        (layer as? ScriptModel)?.prepare(inputWasList: wasList)
        (layer as? LambdaLayer)?.prepare(inputWasList: wasList)
    }

    /// Whether a call's outputs go back as a list: several outputs, a Functional model built
    /// with a list of outputs, or a script `call` that returned a list.
    static func returnsList(_ layer: Layer, count: Int) -> Bool {
        if let f = layer as? Functional { return f.outputsWereList }
        if let s = layer as? ScriptOutputStructure { return s.returnedList || count > 1 }
        return count > 1
    }
}
