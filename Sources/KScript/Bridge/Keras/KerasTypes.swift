import Keras
import KTensor

/// The native types of the `keras` bridge, created once: the layer base and every layer
/// class, `Model`/`Functional`/`Sequential`, `InputLayer`, the symbolic `KerasTensor`, and
/// the initializer and regularizer classes.
enum KerasTypes {
    static let layer: PyType = {
        let t = PyType.native(name: "Layer", module: "keras.engine.base_layer", doc: "The base class of all layers.") { _, type, arguments in
            let object = LayerObject(type: type)
            if !type.isNative { object.constructorCall = ConstructorCall(arguments) }
            return object
        }
        LayerType.install(on: t)
        return t
    }()

    static let layerClasses: [PyType] = LayerClasses.makeAll(base: layer) + SpatialLayerClasses.makeAll(base: layer)
        + ElementwiseLayerClasses.makeAll(base: layer) + WrapperLayerClasses.makeAll(base: layer)
        + [LambdaLayer.makeType(base: layer), NormalizationLayerClass.makeType(base: layer)]

    static let inputLayer: PyType = {
        let t = PyType.native(name: "InputLayer", module: "keras.engine.input_layer", base: layer, doc: "The layer behind keras.Input.")
        t.defineMethod("__init__", "input_shape=None, batch_size=None, dtype=None, input_tensor=None, sparse=None, name=None, ragged=None, type_spec=None, **kwargs") { interp, args in
            let me = try args.receiver(as: LayerObject.self, "__init__")
            var shape: TensorShape = []
            if let batchShape = args.varKeywords.first(where: { $0.0 == "batch_input_shape" })?.1 {
                shape = try KerasValues.shape(batchShape, interp)
            } else if !args["input_shape"].isNone {
                shape = [try KerasValues.optionalInt(args["batch_size"], interp, what: "batch_size")] + (try KerasValues.shape(args["input_shape"], interp))
            }
            let layer = InputLayer(batchShape: shape, dtype: try ArrayBridge.dtype(from: args["dtype"]) ?? .float32, name: try args.optionalString("name"))
            layer.host = me
            me.layer = layer
            return .none
        }
        return t
    }()

    static let model: PyType = {
        let t = PyType.native(name: "Model", module: "keras.engine.training", base: layer,
                              doc: "A model: keras.Model(inputs, outputs) for the Functional API, or subclass it and override call().")
        ModelType.install(on: t)
        return t
    }()

    static let functional: PyType = {
        let t = PyType.native(name: "Functional", module: "keras.engine.functional", base: model, doc: "A model defined by a graph of layer calls.")
        return t
    }()

    static let sequential: PyType = {
        let t = PyType.native(name: "Sequential", module: "keras.engine.sequential", base: functional, doc: "A linear stack of layers.")
        ModelType.installSequential(on: t)
        return t
    }()

    static let kerasTensor: PyType = {
        let t = PyType.native(name: "KerasTensor", module: "keras.engine.keras_tensor", instancesHaveDict: false)
        func me(_ v: Value) throws -> KerasTensor {
            guard case .object(let o) = v, let k = o as? KerasTensorObject else { throw PyException.typeError("expected a KerasTensor") }
            return k.tensor
        }
        t.defineProperty("shape", get: { _, v in TFTypes.shape(try me(v).shape) })
        t.defineProperty("dtype", get: { _, v in TFTypes.dtypeObject(try me(v).dtype) })
        t.defineProperty("name", get: { _, v in .str(try me(v).name) })
        t.defineProperty("ndim", get: { _, v in .int(try me(v).shape.count) })
        t.defineRawMethod("__repr__", "") { _, a in .str(try me(a[0]).debugDescription) }
        t.defineRawMethod("__str__", "") { _, a in .str(try me(a[0]).description) }
        t.defineRawMethod("__len__", "") { _, a in
            guard let n = try me(a[0]).shape.first, let count = n else { throw PyException.typeError("len is not well defined for symbolic Tensors.") }
            return .int(count)
        }
        SymbolicOperators.install(on: t)
        return t
    }()

    /// `keras.initializers.*` classes, by Keras class name.
    static let initializerClasses: [String: PyType] = {
        var result: [String: PyType] = [:]
        let signatures: [(String, String, Initializer)] = [
            ("Zeros", "", .zeros), ("Ones", "", .ones), ("Constant", "value=0", .constant(0)),
            ("GlorotUniform", "seed=None", .glorotUniform(seed: nil)), ("GlorotNormal", "seed=None", .glorotNormal(seed: nil)),
            ("HeUniform", "seed=None", .heUniform(seed: nil)), ("HeNormal", "seed=None", .heNormal(seed: nil)),
            ("LecunUniform", "seed=None", .lecunUniform(seed: nil)), ("LecunNormal", "seed=None", .lecunNormal(seed: nil)),
            ("RandomUniform", "minval=-0.05, maxval=0.05, seed=None", .randomUniform(min: -0.05, max: 0.05, seed: nil)),
            ("RandomNormal", "mean=0.0, stddev=0.05, seed=None", .randomNormal(mean: 0, standardDeviation: 0.05, seed: nil)),
            ("TruncatedNormal", "mean=0.0, stddev=0.05, seed=None", .truncatedNormal(mean: 0, standardDeviation: 0.05, seed: nil)),
            ("Orthogonal", "gain=1.0, seed=None", .orthogonal(gain: 1, seed: nil)),
        ]
        for (name, signature, _) in signatures {
            let t = PyType.native(name: name, module: "keras.initializers.initializers", doc: "The \(name) weight initializer.") { _, type, _ in
                InitializerObject(type: type)
            }
            t.defineMethod("__init__", signature) { interp, args in
                let me = try args.receiver(as: InitializerObject.self, "__init__")
                var c = Config()
                for (i, p) in args.signature.parameters.enumerated() { c[p.name] = try KerasValues.config(args.values[i], interp) }
                me.initializer = try Initializer(serialized: .dict(Config([("class_name", .string(name)), ("config", .dict(c))])))
                return .none
            }
            t.defineRawMethod("__call__", "shape, dtype=None") { interp, a in
                guard let me = a[0].object as? InitializerObject, a.count >= 2 else { throw PyException.typeError("initializer call needs a shape") }
                let dtype = try a.keyword("dtype").flatMap { try ArrayBridge.dtype(from: $0) } ?? .float32
                let shape = try KerasValues.shape(a[1], interp).map { $0 ?? 1 }
                return ArrayBridge.tfTensor(try me.initializer.make(shape, dtype: dtype))
            }
            t.defineMethod("get_config", "") { _, args in
                .object(KerasValues.dict(try args.receiver(as: InitializerObject.self, "get_config").initializer.config))
            }
            result[name] = t
        }
        return result
    }()

    static let regularizer: PyType = {
        let t = PyType.native(name: "L1L2", module: "keras.regularizers", doc: "A weight regularizer: l1 * sum(|w|) + l2 * sum(w**2).") { _, type, _ in
            RegularizerObject(type: type)
        }
        t.defineMethod("__init__", "l1=0.0, l2=0.0") { _, args in
            let me = try args.receiver(as: RegularizerObject.self, "__init__")
            me.regularizer = Regularizer(l1: try args.double("l1"), l2: try args.double("l2"))
            return .none
        }
        t.defineRawMethod("__call__", "x") { _, a in
            guard let me = a[0].object as? RegularizerObject, a.count >= 2 else { throw PyException.typeError("regularizer call needs a tensor") }
            return ArrayBridge.tfTensor(try me.regularizer.penalty(try ArrayBridge.tensor(from: a[1])))
        }
        t.defineMethod("get_config", "") { _, args in
            let r = try args.receiver(as: RegularizerObject.self, "get_config").regularizer
            guard case .dict(let d) = r.serialized, case .dict(let c)? = d["config"] else { return .object(PyDict()) }
            return .object(KerasValues.dict(c))
        }
        return t
    }()

    /// The script type of a Swift layer (for layers the script did not create itself).
    static func pythonType(of layer: Layer) -> PyType {
        if layer is Sequential { return sequential }
        if layer is Functional { return functional }
        if layer is Model { return model }
        if layer is InputLayer { return inputLayer }
        return layerClasses.first { $0.name == layer.className } ?? self.layer
    }

    /// The Keras class name a (native) script type stands for.
    static func className(of type: PyType) -> String {
        type.nativeBase?.name ?? type.name
    }
}
