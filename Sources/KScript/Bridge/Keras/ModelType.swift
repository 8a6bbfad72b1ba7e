import Keras
import KTensor

/// The methods of `keras.Model` (and `Functional`) and of `keras.Sequential`.
enum ModelType {
    static func model(_ value: Value) throws -> Model {
        guard case .object(let o) = value, let l = o as? LayerObject else {
            throw PyException.typeError("expected a Keras model, got '\(value.type.name)'")
        }
        return try l.requireModel()
    }

    /// Symbolic tensors from `inputs=`/`outputs=`: one, a list/tuple, or a dict (its values).
    static func symbols(_ value: Value, what: String) throws -> (tensors: [KerasTensor], wasList: Bool) {
        if case .object(let o) = value, let d = o as? PyDict {
            let items = d.values
            guard let found = KerasValues.symbolicInputs(.object(PyList(items))) else {
                throw PyException.valueError("All `\(what)` values must be KerasTensors (created by keras.Input or by calling a layer on one).")
            }
            return (found.tensors, true)
        }
        guard let found = KerasValues.symbolicInputs(value) else {
            throw PyException.valueError("All `\(what)` values must be KerasTensors (created by keras.Input or by calling a layer on one). Received: \(try Interpreter.current.repr(value))")
        }
        return found
    }

    static func install(on t: PyType) {
        t.defineRawMethod("__init__", "*args, **kwargs", doc: "Model(inputs, outputs, name=None) or, in a subclass, Model(name=None).") { interp, a in
            guard let me = a[0].object as? LayerObject else { throw PyException.typeError("Model.__init__ needs a receiver") }
            if me.layer != nil { return .none }
            var inputs: Value? = a.count > 1 ? a[1] : nil
            var outputs: Value? = a.count > 2 ? a[2] : nil
            var name: String?
            var trainable = true
            for (key, value) in a.keywords {
                switch key {
                case "inputs": inputs = value
                case "outputs": outputs = value
                case "name": name = value.isNone ? nil : try interp.str(value)
                case "trainable": trainable = try interp.truthy(value)
                case "dtype", "dynamic", "autocast": break
                default: throw PyException.typeError("('Keyword argument not understood:', '\(key)')")
                }
            }
            let layer: Layer
            if let inputs, let outputs {
                let (ins, insList) = try symbols(inputs, what: "inputs")
                let (outs, outsList) = try symbols(outputs, what: "outputs")
                layer = try Functional(inputs: ins, outputs: outs, inputsWereList: insList, outputsWereList: outsList, name: name, trainable: trainable)
                if me.type === KerasTypes.model { me.type = KerasTypes.functional }
            } else if inputs != nil || outputs != nil {
                throw PyException.typeError("Model.__init__() needs both `inputs` and `outputs` for the Functional API")
            } else {
                layer = ScriptModel(className: me.type.name, name: name, trainable: trainable, dtype: .float32)
            }
            layer.host = me
            me.layer = layer
            return .none
        }
        t.defineProperty("layers", doc: "The model's layers.", get: { _, v in
            .object(PyList(try model(v).layers.map { LayerObject.wrap($0) }))
        })
        t.defineProperty("inputs", get: { _, v in
            let m = try model(v)
            if let f = m as? Functional { return KerasValues.symbolicValue(f.inputs, asList: true) }
            if let s = m as? Sequential, !s.inputs.isEmpty { return KerasValues.symbolicValue(s.inputs, asList: true) }
            return .none
        })
        t.defineProperty("outputs", get: { _, v in
            let m = try model(v)
            if let f = m as? Functional { return KerasValues.symbolicValue(f.outputs, asList: true) }
            if let s = m as? Sequential, !s.inputs.isEmpty { return KerasValues.symbolicValue(s.outputs, asList: true) }
            return .none
        })
        t.defineProperty("input_names", get: { _, v in
            let m = try model(v)
            let names = (m as? Functional)?.inputNames ?? (m as? Sequential)?.inputs.map(\.layer.name) ?? []
            return .object(PyList(names.map { .str($0) }))
        })
        t.defineProperty("output_names", get: { _, v in
            let m = try model(v)
            let names = (m as? Functional)?.outputNames ?? (m as? Sequential)?.outputs.map(\.layer.name) ?? []
            return .object(PyList(names.map { .str($0) }))
        })
        t.defineProperty("input_shape", get: { _, v in
            let m = try model(v)
            let shapes = (m as? Functional)?.inputs.map(\.shape) ?? (m as? Sequential)?.inputs.map(\.shape) ?? m.builtInputShapes
            guard let shapes, !shapes.isEmpty else {
                throw PyException.attributeError("The model has not yet been built and has no defined input shape.")
            }
            return shapes.count == 1 ? KerasValues.shapeTuple(shapes[0]) : .object(PyList(shapes.map(KerasValues.shapeTuple)))
        })
        t.defineProperty("output_shape", get: { _, v in
            let m = try model(v)
            guard let shapes = (m as? Functional)?.outputs.map(\.shape) ?? (m as? Sequential).map({ $0.outputs.map(\.shape) }), !shapes.isEmpty else {
                throw PyException.attributeError("The model has not yet been built and has no defined output shape.")
            }
            return shapes.count == 1 ? KerasValues.shapeTuple(shapes[0]) : .object(PyList(shapes.map(KerasValues.shapeTuple)))
        })
        t.defineMethod("get_layer", "name=None, index=None", doc: "A layer by name or index.") { interp, args in
            let m = try model(args.receiver)
            if !args["index"].isNone {
                if !args["name"].isNone { throw PyException.valueError("Provide only a layer name or a layer index. Received: index=\(try interp.repr(args["index"])), name=\(try interp.repr(args["name"])).") }
                return LayerObject.wrap(try m.layer(at: try args.int("index")))
            }
            guard let name = try args.optionalString("name") else { throw PyException.valueError("Provide either a layer name or layer index at `get_layer`.") }
            return LayerObject.wrap(try m.layer(named: name))
        }
        t.defineMethod("summary", "line_length=None, positions=None, print_fn=None, expand_nested=False, show_trainable=False, layer_range=None",
                       doc: "Prints a string summary of the network.") { interp, args in
            let m = try model(args.receiver)
            var summary = ModelSummary(expandNested: try args.bool("expand_nested"), showTrainable: try args.bool("show_trainable"))
            summary.lineLength = try KerasValues.optionalInt(args["line_length"], interp, what: "line_length")
            if !args["positions"].isNone { summary.positions = try interp.collect(args["positions"]).map { try interp.toDouble($0, what: "positions") } }
            let lines = try summary.lines(for: m)
            let printer = args["print_fn"]
            for line in lines {
                if printer.isNone { try interp.write(line + "\n", to: .none) } else { try interp.call(printer, [.str(line)]) }
            }
            return .none
        }
        t.defineClassMethod("from_config", "config, custom_objects=None", doc: "Re-creates a Functional or Sequential model from its config.") { interp, args in
            guard case .object(let d as PyDict) = args["config"] else { throw PyException.typeError("config must be a dict") }
            let config = try KerasValues.configDict(d, interp)
            let isSequential = (args.receiver.object as? PyType)?.isSubtype(of: KerasTypes.sequential) ?? false
            let made: Layer = isSequential ? try LayerRegistry.sequential(from: config) : try LayerRegistry.functional(from: config)
            return LayerObject.wrap(made)
        }
    }

    static func installSequential(on t: PyType) {
        t.defineMethod("__init__", "layers=None, name=None", doc: "A linear stack of layers.") { interp, args in
            let me = try args.receiver(as: LayerObject.self, "__init__")
            if me.layer != nil { return .none }
            let model = try Sequential(name: try args.optionalString("name"))
            model.host = me
            me.layer = model
            if !args["layers"].isNone {
                for item in try interp.collect(args["layers"]) { try model.add(try stackable(item)) }
            }
            return .none
        }
        t.defineMethod("add", "layer", doc: "Adds a layer on top of the stack.") { _, args in
            guard let model = try model(args.receiver) as? Sequential else { throw PyException.typeError("add() needs a Sequential model") }
            try model.add(try stackable(args["layer"]))
            return .none
        }
        t.defineMethod("pop", "", doc: "Removes the last layer.") { _, args in
            guard let model = try model(args.receiver) as? Sequential else { throw PyException.typeError("pop() needs a Sequential model") }
            try model.pop()
            return .none
        }
    }

    /// A layer for `Sequential.add`: a layer object, or a `keras.Input` tensor (its input layer).
    static func stackable(_ value: Value) throws -> Layer {
        if case .object(let o) = value {
            if let k = o as? KerasTensorObject, let input = k.tensor.layer as? InputLayer { return input }
            if let l = o as? LayerObject { return try l.require() }
        }
        throw PyException.typeError("The added layer must be an instance of class Layer. Received: layer=\(try Interpreter.current.repr(value)) of type \(value.type.displayName).")
    }
}
