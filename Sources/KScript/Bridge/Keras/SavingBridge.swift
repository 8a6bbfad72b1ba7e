import Foundation
import Keras
import KTensor

/// Saving and loading from scripts: `model.save`, `model.save_weights`, `model.load_weights`,
/// `model.to_json`, and `keras.models.load_model`, `save_model`, `model_from_json`,
/// `clone_model` — all in Keras 3's `.keras` / `.weights.h5` formats (see Keras/Saving).
/// Script classes (subclassed models and layers) load when given in `custom_objects` or
/// defined in the running script's `__main__`.
enum SavingBridge {
    static func install() {
        installModelMethods(on: KerasTypes.model)
        let models = Interpreter.builtinModuleFactories["keras.models"]
        Interpreter.builtinModuleFactories["keras.models"] = { interp in
            let module = try models?(interp) ?? PyModule(name: "keras.models")
            addFunctions(to: module)
            return module
        }
        SavingHooks.layerAttributes = attributeLayers
        installKerasFileCheckpoints()
    }

    // MARK: Model methods

    static func installModelMethods(on t: PyType) {
        t.defineMethod("save", "filepath, overwrite=True, save_format=None, **kwargs",
                       doc: "Saves the model (architecture, weights, compile state) to a .keras file.") { interp, args in
            let model = try ModelType.model(args.receiver)
            try run { try saveModelWithTrainingState(model, to: try path(args["filepath"], interp)) }
            return .none
        }
        t.defineMethod("save_weights", "filepath, overwrite=True, save_format=None, options=None",
                       doc: "Saves the weights (and optimizer state) to a .weights.h5 file.") { interp, args in
            let model = try ModelType.model(args.receiver)
            let file = try path(args["filepath"], interp)
            try run { try saveWeightsWithTrainingState(model, to: file) }
            return .none
        }
        t.defineMethod("load_weights", "filepath, skip_mismatch=False, by_name=False, options=None",
                       doc: "Loads the weights saved by save_weights (or inside a .keras file).") { interp, args in
            let model = try ModelType.model(args.receiver)
            let file = try path(args["filepath"], interp)
            try run {
                if file.hasSuffix(".keras") {
                    try loadWeights(model, fromModelFile: file)
                } else {
                    try loadWeightsWithTrainingState(model, from: file)
                }
            }
            return .none
        }
        t.defineMethod("to_json", "**kwargs", doc: "The model's architecture as a JSON string (Keras 2.12's form).") { _, args in
            .str(modelToJSON(try ModelType.model(args.receiver)))
        }
    }

    // MARK: keras.models functions

    static func addFunctions(to m: PyModule) {
        m.defineFunction("load_model", "filepath, custom_objects=None, compile=True, safe_mode=True",
                         doc: "Loads a model saved in the .keras format.") { interp, args in
            let file = try path(args["filepath"], interp)
            let objects = try customObjects(args["custom_objects"], interp)
            let compile = try args.bool("compile")
            let safeMode = try args.bool("safe_mode")
            return try run {
                LayerObject.wrap(try loadModelRestoringTrainingState(from: file, customObjects: objects, compile: compile, safeMode: safeMode))
            }
        }
        m.defineFunction("save_model", "model, filepath, overwrite=True, save_format=None, **kwargs",
                         doc: "Saves a model to a .keras file (model.save).") { interp, args in
            let model = try ModelType.model(args["model"])
            try run { try saveModelWithTrainingState(model, to: try path(args["filepath"], interp)) }
            return .none
        }
        m.defineFunction("model_from_json", "json_string, custom_objects=None",
                         doc: "A new model (fresh weights) from the JSON of model.to_json().") { interp, args in
            let text = try args.string("json_string")
            let objects = try customObjects(args["custom_objects"], interp)
            return try run { LayerObject.wrap(try modelFromJSON(text, customObjects: objects)) }
        }
        m.defineFunction("clone_model", "model, input_tensors=None, clone_function=None",
                         doc: "A new model of the same architecture with freshly initialised weights.") { _, args in
            let model = try ModelType.model(args["model"])
            guard args["input_tensors"].isNone, args["clone_function"].isNone else {
                throw PyException.notImplemented("kscript's clone_model takes no input_tensors or clone_function")
            }
            return try run { LayerObject.wrap(try cloneModel(model)) }
        }
    }

    // MARK: Arguments

    /// A file path from a str (or an object with `__fspath__`).
    static func path(_ value: Value, _ interp: Interpreter) throws -> String {
        if let text = value.stringValue { return text }
        if case .object(let o) = value, o.type.lookup("__fspath__") != nil,
           let text = try interp.callMethod(value, "__fspath__").stringValue {
            return text
        }
        throw PyException.typeError("expected str, bytes or os.PathLike object, not \(value.type.name)")
    }

    /// Factories for the script classes a file may name: the Layer and Model subclasses
    /// defined in `__main__`, then `custom_objects` (which wins).
    static func customObjects(_ value: Value, _ interp: Interpreter) throws -> [String: LayerRegistry.Factory] {
        var factories: [String: LayerRegistry.Factory] = [:]
        if let main = try interp.modules.get(.str("__main__")), case .object(let o) = main, let module = o as? PyModule {
            for name in module.names {
                guard let item = module[name], case .object(let t as PyType) = item, t.isSubtype(of: KerasTypes.layer),
                      !t.isNative else { continue }
                factories[t.name] = factory(for: item, interp)
            }
        }
        guard !value.isNone else { return factories }
        guard case .object(let o) = value, let d = o as? PyDict else {
            throw PyException.typeError("custom_objects must be a dict, not \(value.type.name)")
        }
        for (key, item) in d.pairs {
            guard let name = key.stringValue else { throw PyException.typeError("custom_objects keys must be strings") }
            factories[name] = factory(for: item, interp)
            if case .object(let t as PyType) = item { factories[t.name] = factory(for: item, interp) }
        }
        return factories
    }

    /// Re-creates a script layer or model from its config as Keras does: the class's own
    /// `from_config` when it defines one, else `cls(**config)`.
    static func factory(for cls: Value, _ interp: Interpreter) -> LayerRegistry.Factory {
        { config in
            let arguments = KerasValues.dict(config)
            let result: Value
            if case .object(let t as PyType) = cls, definesFromConfig(t) {
                result = try interp.callMethod(cls, "from_config", [.object(arguments)])
            } else {
                result = try interp.call(cls, [], arguments.pairs.compactMap { pair in pair.key.stringValue.map { ($0, pair.value) } })
            }
            guard case .object(let o) = result, let made = o as? LayerObject else {
                throw KerasError(.type, "custom object \(try interp.repr(cls)) did not create a Keras layer or model")
            }
            return try made.require()
        }
    }

    /// True when a script class (or a script base) defines `from_config` itself.
    private static func definesFromConfig(_ t: PyType) -> Bool {
        guard let own = t.lookup("from_config") else { return false }
        for native in [KerasTypes.model, KerasTypes.layer] {
            if let inherited = native.lookup("from_config"), case .object(let a) = own, case .object(let b) = inherited, a === b {
                return false
            }
        }
        return true
    }

    /// The layers a script model or layer holds in attributes, by attribute name (Keras 3
    /// saves a subclassed model's or layer's sublayers under those names).
    static func attributeLayers(_ model: Layer) -> [(name: String, layer: Layer)] {
        guard let dict = (model.host as? LayerObject)?.dict else { return [] }
        var found: [(name: String, layer: Layer)] = []
        for (key, value) in dict.pairs {
            guard let name = key.stringValue, case .object(let o) = value, let object = o as? LayerObject,
                  let layer = object.layer, layer !== model else { continue }
            found.append((name, layer))
        }
        return found
    }

    /// Runs a saving call, turning its errors into Python exceptions: `ValueError` for bad
    /// files and configs, `OSError` when a file cannot be written.
    static func run<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SavingError {
            switch error.kind {
            case .value: throw PyException.valueError(error.message)
            case .io: throw PyException(BuiltinTypes.osError, error.message)
            }
        } catch let error as HDF5Error {
            throw PyException.valueError(error.message)
        }
    }
}
