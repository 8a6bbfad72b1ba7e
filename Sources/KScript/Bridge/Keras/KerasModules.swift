import Keras
import KTensor

/// The `keras` native modules: the root `keras` (`Model`, `Sequential`, `Input`, and the
/// submodules as attributes), `keras.layers`, `keras.models`, `keras.backend`,
/// `keras.initializers`, `keras.regularizers`, `keras.activations`. Other bridges register
/// `keras.<name>` modules (datasets, utils, optimizers, losses, metrics, callbacks); the root
/// module imports them when first used as `keras.<name>`.
enum KerasModules {
    static func install() {
        Interpreter.builtinModuleFactories["keras"] = { makeRoot($0) }
        Interpreter.builtinModuleFactories["keras.layers"] = { _ in makeLayers() }
        Interpreter.builtinModuleFactories["keras.models"] = { _ in makeModels() }
        Interpreter.builtinModuleFactories["keras.backend"] = { _ in makeBackend() }
        Interpreter.builtinModuleFactories["keras.initializers"] = { _ in makeInitializers() }
        Interpreter.builtinModuleFactories["keras.regularizers"] = { _ in makeRegularizers() }
        Interpreter.builtinModuleFactories["keras.activations"] = { _ in makeActivations() }
        for name in ["layers", "models", "backend", "initializers", "regularizers", "activations"] {
            Interpreter.builtinModuleFactories["tensorflow.keras." + name] = { try $0.loadModule("keras." + name) }
        }
    }

    static let inputFunction = NativeFunction(
        name: "Input", signature: "shape=None, batch_size=None, name=None, dtype=None, sparse=None, tensor=None, ragged=None, type_spec=None, **kwargs",
        doc: "Instantiates a symbolic Keras tensor of shape (batch_size, *shape).", module: "keras",
        body: .bound { interp, args in
            var batchShape: TensorShape
            if let given = args.varKeywords.first(where: { $0.0 == "batch_shape" })?.1 {
                batchShape = try KerasValues.shape(given, interp)
            } else {
                guard !args["shape"].isNone else {
                    throw PyException.valueError("Please provide to Input a `shape` or a `tensor` or a `type_spec` argument. Note that `shape` does not include the batch dimension.")
                }
                batchShape = [try KerasValues.optionalInt(args["batch_size"], interp, what: "batch_size")] + (try KerasValues.shape(args["shape"], interp))
            }
            let layer = InputLayer(batchShape: batchShape, dtype: try ArrayBridge.dtype(from: args["dtype"]) ?? .float32, name: try args.optionalString("name"))
            _ = LayerObject.wrap(layer)
            return .object(KerasTensorObject(type: KerasTypes.kerasTensor, tensor: layer.output))
        })

    static func makeRoot(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras")
        m["__version__"] = .str("2.12.0")
        m["Model"] = .object(KerasTypes.model)
        m["Sequential"] = .object(KerasTypes.sequential)
        m["Input"] = .object(inputFunction)
        m.defineFunction("__getattr__", "name") { interp, args in
            let name = try args.string("name")
            let full = "keras." + name
            guard Interpreter.builtinModuleFactories[full] != nil || NativeModules.factory(for: full) != nil else {
                throw PyException.attributeError("module 'keras' has no attribute '\(name)'")
            }
            let module = try interp.loadModule(full)
            m[name] = .object(module)
            return .object(module)
        }
        return m
    }

    static func makeLayers() -> PyModule {
        let m = PyModule(name: "keras.layers")
        m.addType(KerasTypes.layer)
        m.addType(KerasTypes.inputLayer)
        for t in KerasTypes.layerClasses { m.addType(t) }
        for (alias, name) in SpatialLayerClasses.aliases { m[alias] = m[name] }
        m["Input"] = .object(inputFunction)
        installMergeFunctions(m)
        m.defineFunction("deserialize", "config, custom_objects=None") { interp, args in
            LayerObject.wrap(try LayerRegistry.layer(serialized: try KerasValues.config(args["config"], interp)))
        }
        m.defineFunction("serialize", "layer") { _, args in
            let layer = try LayerType.layer(args["layer"])
            return .object(KerasValues.dict(Config([("class_name", .string(layer.className)), ("config", .dict(layer.getConfig()))])))
        }
        return m
    }

    /// Keras' functional merge helpers: `concatenate(inputs, axis=-1, **kwargs)`, `add`,
    /// `subtract`, `multiply`, `average`, `maximum`, `minimum` (`(inputs, **kwargs)`) and
    /// `dot(inputs, axes, normalize=False, **kwargs)`: each makes the layer (keywords such as
    /// `name=` go to it) and calls it on `inputs`.
    static func installMergeFunctions(_ m: PyModule) {
        func define(_ name: String, className: String, signature: String, options: [String]) {
            guard let layerClass = m[className] else { return }
            m.defineFunction(name, "inputs, " + signature + "**kwargs", doc: "Functional interface to the `\(className)` layer.") { interp, args in
                let keywords = options.map { ($0, args[$0]) } + args.varKeywords
                let layer = try interp.call(layerClass, [], keywords)
                return try interp.call(layer, [args["inputs"]])
            }
        }
        define("concatenate", className: "Concatenate", signature: "axis=-1, ", options: ["axis"])
        define("dot", className: "Dot", signature: "axes, normalize=False, ", options: ["axes", "normalize"])
        for operation in Merge.Operation.allCases {
            define(operation.rawValue.lowercased(), className: operation.rawValue, signature: "", options: [])
        }
    }

    static func makeModels() -> PyModule {
        let m = PyModule(name: "keras.models")
        m["Model"] = .object(KerasTypes.model)
        m["Sequential"] = .object(KerasTypes.sequential)
        return m
    }

    static func makeBackend() -> PyModule {
        let m = PyModule(name: "keras.backend")
        m.defineFunction("clear_session", "free_memory=True", doc: "Resets the default names (dense, dense_1, ... start again).") { _, _ in
            Naming.clearSession()
            return .none
        }
        m.defineFunction("floatx", "") { _, _ in .str("float32") }
        m.defineFunction("epsilon", "") { _, _ in .float(1e-7) }
        m.defineFunction("image_data_format", "") { _, _ in .str("channels_last") }
        m.defineFunction("int_shape", "x") { interp, args in
            // A tensor's shape, or a symbolic tensor's (with None for the batch).
            if ArrayBridge.arrayPayload(args["x"]) != nil {
                return PyTuple.make(try TFTensorMethods.staticShape(args["x"]).map { $0.map { .int($0) } ?? .none })
            }
            return PyTuple.make(try interp.collect(try interp.getAttribute(args["x"], "shape")))
        }
        m.defineFunction("get_value", "x") { _, args in
            guard let t = ArrayBridge.arrayPayload(args["x"]) else { throw PyException.typeError("get_value expects a tensor or variable") }
            return ArrayBridge.numpyValue(t.contiguousCopy())
        }
        m.defineFunction("set_value", "x, value") { _, args in
            guard case .object(let o) = args["x"], let v = o as? TFVariableObject else { throw PyException.typeError("set_value expects a tf.Variable") }
            try v.variable.assign(try ArrayBridge.tensor(from: args["value"], dtype: v.variable.dtype))
            return .none
        }
        return m
    }

    static func makeInitializers() -> PyModule {
        let m = PyModule(name: "keras.initializers")
        for (_, t) in KerasTypes.initializerClasses.sorted(by: { $0.key < $1.key }) {
            m.addType(t)
            m[Naming.snakeCase(t.name)] = .object(t)
        }
        m["zeros"] = m["Zeros"]
        m["ones"] = m["Ones"]
        m["constant"] = m["Constant"]
        m.defineFunction("get", "identifier") { interp, args in
            let initializer = try KerasValues.initializer(args["identifier"], default: .zeros, interp)
            guard let t = KerasTypes.initializerClasses[initializer.className] else { return .none }
            let o = InitializerObject(type: t)
            o.initializer = initializer
            return .object(o)
        }
        return m
    }

    static func makeRegularizers() -> PyModule {
        let m = PyModule(name: "keras.regularizers")
        m.addType(KerasTypes.regularizer)
        func make(_ l1: Double, _ l2: Double) -> Value {
            let o = RegularizerObject(type: KerasTypes.regularizer)
            o.regularizer = Regularizer(l1: l1, l2: l2)
            return .object(o)
        }
        m.defineFunction("l1", "l1=0.01") { _, a in make(try a.double("l1"), 0) }
        m.defineFunction("l2", "l2=0.01") { _, a in make(0, try a.double("l2")) }
        m.defineFunction("l1_l2", "l1=0.01, l2=0.01") { _, a in make(try a.double("l1"), try a.double("l2")) }
        m["L1"] = m["l1"]
        m["L2"] = m["l2"]
        return m
    }

    static func makeActivations() -> PyModule {
        let m = PyModule(name: "keras.activations")
        let names = ["linear", "relu", "relu6", "sigmoid", "hard_sigmoid", "tanh", "softmax", "log_softmax", "elu", "selu", "gelu",
                     "swish", "silu", "softplus", "softsign", "exponential", "leaky_relu"]
        for name in names {
            guard let base = Activation(kerasName: name) else { continue }
            m.defineFunction(name, "x, **kwargs", doc: "The \(name) activation.") { _, args in
                let x = try ArrayBridge.tensor(from: args["x"], defaults: .tensorflow)
                var activation = base
                for (key, value) in args.varKeywords {
                    switch (name, key) {
                    case ("relu", "alpha"), ("leaky_relu", "alpha"):
                        if let a = value.doubleValue, a != 0 { activation = .leakyRelu(alpha: a) }
                    case ("elu", "alpha"): activation = .elu(alpha: value.doubleValue ?? 1)
                    case ("gelu", "approximate"): activation = .gelu(approximate: (value.intValue ?? 0) != 0)
                    default: break
                    }
                }
                return ArrayBridge.tfTensor(try x.activation(activation))
            }
        }
        m.defineFunction("get", "identifier") { interp, args in
            let activation = try KerasValues.activation(args["identifier"])
            return m[activation.kerasName] ?? .none
        }
        m.defineFunction("serialize", "activation") { _, args in .str(try KerasValues.activation(args["activation"]).kerasName) }
        return m
    }
}
