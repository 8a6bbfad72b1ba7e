import Foundation
import Keras
import KTensor

/// Layers and models in notebook sessions, stored as `.keras` files (a model's is exactly what
/// `model.save` writes: config, weights, compile config and optimizer state).
///
/// Sequential and Functional models and built-in layers are re-created from the file's
/// config. Script subclasses are re-created by calling their class with the arguments they
/// were made with (so no `get_config` is needed), then built for the saved input shape and
/// given the saved weights; their attributes are set again by the session. A compiled model
/// is compiled again with the loss and metrics the script passed to `compile` (saved as
/// session values: strings, loss and metric objects, notebook functions) and an optimizer
/// re-created from the file's compile config, whose saved variables are then loaded, so
/// training resumes where it stopped. The model's last `History` is kept in the metadata.
///
/// A model's layers, weights, optimizer (and its variables), history and symbolic tensors
/// are its parts: a name bound to one of them restores to the restored model's.
enum LayerSessionCodec {
    static let codec = SessionCodecs.Codec(
        typeName: KerasTypes.layer.displayName, encode: encode, decode: decode,
        identity: { ($0 as? LayerObject)?.layer.map(ObjectIdentifier.init) },
        parts: parts, resolvePart: resolvePart)

    /// Symbolic tensors (`keras.Input`, a layer's output) are saved only as parts of a model.
    static let tensorCodec: SessionCodecs.Codec = {
        var codec = SessionCodecs.Codec(
            typeName: KerasTypes.kerasTensor.displayName,
            encode: { _, _ in SessionBlob(contents: .none, fileExtension: "") },
            decode: { _, _ in throw PyException.valueError("a symbolic tensor is restored only as part of a model") },
            identity: { ($0 as? KerasTensorObject).map { ObjectIdentifier($0.tensor) } })
        codec.partOnly = true
        return codec
    }()

    // MARK: Saving

    private static func encode(_ interp: Interpreter, _ o: PyObject) throws -> SessionBlob {
        guard let object = o as? LayerObject, let layer = object.layer else {
            throw PyException.typeError("a layer whose __init__ did not call super().__init__() cannot be saved")
        }
        let replay = object.type.isNative ? nil : object.constructorCall
        var metadata: [String: String] = [:]
        var compileArguments = Value.none
        var omissions: [String] = []
        var digest = SessionDigest()
        let write: (String) throws -> Void
        if let model = layer as? Model {
            metadata["model"] = "1"
            digest.combine(try SavingBridge.run { try savedModelConfigText(model) })
            if model.weights.first.map({ $0.name.hasPrefix(model.name + "/") }) == true { metadata["build"] = "call" }
            if let trainer = model.trainer {
                metadata["compiled"] = "1"
                let optimizer = trainer.optimizer
                for variable in optimizer.variables + [optimizer.learningRateVariable] { digest.combine(variable.valueWithoutWatching) }
                if let schedule = optimizer.schedule, schedule is ScriptSchedule {
                    omissions.append("compile state (the learning rate schedule \(schedule.className))")
                }
                if let arguments = object.compileArguments { compileArguments = .object(PyDict(arguments)) }
                if let history = trainer.history { metadata["history"] = HistorySessionCodec.json(history) }
            }
            write = { path in try SavingBridge.run { try saveModelWithTrainingState(model, to: path) } }
        } else {
            digest.combine(try SavingBridge.run { try savedLayerConfigText(layer) })
            write = { path in try SavingBridge.run { try saveLayer(layer, to: path) } }
        }
        for variable in layer.weights { digest.combine(variable.valueWithoutWatching) }
        let references: [(what: String, value: Value)] = [
            ("constructor arguments", replay?.value ?? .none), ("compile arguments", compileArguments),
            ("constructor arguments of script layers", replay == nil ? scriptLayerCalls(layer) : .none),
        ]
        return SessionBlob(contents: .file(digest: digest, write: write), fileExtension: "keras", metadata: metadata,
                           references: references, omissions: omissions)
    }

    /// `{layer name: (class, (args, kwargs))}` for the script layers inside `layer` that
    /// a config will re-create, or None.
    private static func scriptLayerCalls(_ layer: Layer) -> Value {
        let calls = PyDict()
        for child in descendants(of: layer) {
            guard let object = child.host as? LayerObject, !object.type.isNative, let call = object.constructorCall else { continue }
            calls.setString(PyStr(child.name), PyTuple.make([.object(object.type), call.value]))
        }
        return calls.count == 0 ? .none : .object(calls)
    }

    private static func descendants(of layer: Layer) -> [Layer] {
        var found: [Layer] = []
        var seen = Set<ObjectIdentifier>()
        func visit(_ l: Layer) {
            for child in children(of: l) where seen.insert(ObjectIdentifier(child)).inserted {
                found.append(child)
                visit(child)
            }
        }
        visit(layer)
        return found
    }

    private static func children(of layer: Layer) -> [Layer] {
        (layer as? Model)?.layers ?? layer.nestedLayers
    }

    // MARK: Parts

    private static func parts(_ o: PyObject) -> [(path: String, identity: ObjectIdentifier)] {
        guard let layer = (o as? LayerObject)?.layer else { return [] }
        var result: [(String, ObjectIdentifier)] = []
        var seen: Set<ObjectIdentifier> = [ObjectIdentifier(layer)]
        func visit(_ l: Layer, path: String) {
            for (i, child) in children(of: l).enumerated() where seen.insert(ObjectIdentifier(child)).inserted {
                let childPath = path + "/" + String(i)
                result.append((childPath, ObjectIdentifier(child)))
                for (n, node) in child.inboundNodes.enumerated() {
                    for (t, tensor) in node.outputs.enumerated() {
                        result.append(("tensor" + childPath.dropFirst(5) + "/\(n)/\(t)", ObjectIdentifier(tensor)))
                    }
                }
                visit(child, path: childPath)
            }
        }
        visit(layer, path: "layer")
        for (i, variable) in layer.weights.enumerated() { result.append(("weight/\(i)", ObjectIdentifier(variable))) }
        if let trainer = (layer as? Model)?.trainer {
            let optimizer = trainer.optimizer
            result.append(("optimizer", ObjectIdentifier(optimizer)))
            for (i, variable) in optimizer.variables.enumerated() { result.append(("optimizer-variable/\(i)", ObjectIdentifier(variable))) }
            result.append(("learning-rate", ObjectIdentifier(optimizer.learningRateVariable)))
            if let history = trainer.history { result.append(("history", ObjectIdentifier(history))) }
        }
        return result
    }

    private static func resolvePart(_ interp: Interpreter, _ o: PyObject, _ path: String) throws -> Value {
        guard let layer = (o as? LayerObject)?.layer else { throw PyException.typeError("the container of a saved part is not a layer") }
        let components = path.split(separator: "/").map(String.init)
        func missing() -> PyException { PyException.valueError("the restored \(layer.name) has no part '\(path)'") }
        func index(_ text: String, in count: Int) throws -> Int {
            guard let i = Int(text), i >= 0, i < count else { throw missing() }
            return i
        }
        func walk(_ indices: ArraySlice<String>) throws -> Layer {
            var current = layer
            for component in indices {
                let list = children(of: current)
                current = list[try index(component, in: list.count)]
            }
            return current
        }
        switch components.first {
        case "layer":
            return LayerObject.wrap(try walk(components.dropFirst()))
        case "tensor" where components.count >= 3:
            let owner = try walk(components.dropFirst().dropLast(2))
            let node = owner.inboundNodes[try index(components[components.count - 2], in: owner.inboundNodes.count)]
            let tensor = node.outputs[try index(components[components.count - 1], in: node.outputs.count)]
            return .object(KerasTensorObject(type: KerasTypes.kerasTensor, tensor: tensor))
        case "weight" where components.count == 2:
            let weights = layer.weights
            return ArrayBridge.variable(weights[try index(components[1], in: weights.count)])
        default:
            break
        }
        guard let trainer = (layer as? Model)?.trainer else { throw missing() }
        switch components.first {
        case "optimizer":
            return OptimizersModule.wrap(trainer.optimizer, interp)
        case "optimizer-variable" where components.count == 2:
            let variables = trainer.optimizer.variables
            return ArrayBridge.variable(variables[try index(components[1], in: variables.count)])
        case "learning-rate":
            return ArrayBridge.variable(trainer.optimizer.learningRateVariable)
        case "history":
            guard let history = trainer.history else { throw missing() }
            return CallbacksModule.wrap(history)
        default:
            throw missing()
        }
    }

    // MARK: Restoring

    private static func decode(_ interp: Interpreter, _ saved: SavedBlob) throws -> Value {
        let isModel = saved.metadata["model"] != nil
        if let cls = saved.scriptClass, let call = ConstructorCall(saved.reference(0)) {
            let value = try call.call(cls, interp)
            guard case .object(let o) = value, let object = o as? LayerObject, let layer = object.layer else {
                throw PyException.typeError("\(cls.name)(...) did not create a Keras layer")
            }
            try SavingBridge.run {
                if let model = layer as? Model, isModel {
                    let loaded = try loadModelState(into: model, from: saved.path, buildByCall: saved.metadata["build"] == "call")
                    try compile(object, model, loaded, saved, interp)
                } else {
                    try loadLayerState(into: layer, from: saved.path)
                }
            }
            return value
        }
        let factories = try customObjects(saved.reference(2), interp)
        return try SavingBridge.run { () throws -> Value in
            // A session's own files are trusted: its Lambda layers come back.
            guard isModel else { return LayerObject.wrap(try loadLayer(from: saved.path, customObjects: factories, safeMode: false)) }
            let loaded = try loadModel(from: saved.path, customObjects: factories, compile: true, safeMode: false)
            let value = LayerObject.wrap(loaded.model)
            if let object = value.object as? LayerObject { try compile(object, loaded.model, loaded, saved, interp) }
            return value
        }
    }

    /// Factories for script layers: by layer name from the saved constructor calls, else the
    /// classes of `__main__` (their `from_config` or `cls(**config)`).
    private static func customObjects(_ saved: Value?, _ interp: Interpreter) throws -> [String: LayerRegistry.Factory] {
        var factories = try SavingBridge.customObjects(.none, interp)
        guard case .object(let o)? = saved, let calls = o as? PyDict else { return factories }
        var byClass: [String: [String: (PyType, ConstructorCall)]] = [:]
        for (key, item) in calls.pairs {
            guard let name = key.stringValue, case .object(let p) = item, let pair = p as? PyTuple, pair.items.count == 2,
                  case .object(let c) = pair.items[0], let cls = c as? PyType, let call = ConstructorCall(pair.items[1]) else { continue }
            byClass[cls.name, default: [:]][name] = (cls, call)
        }
        for (className, calls) in byClass {
            let fallback = factories[className]
            factories[className] = { config in
                guard let name = config["name"]?.stringValue, let (cls, call) = calls[name] else {
                    guard let fallback else { throw KerasError(.value, "Unknown layer: '\(className)'") }
                    return try fallback(config)
                }
                guard case .object(let o) = try call.call(cls, interp), let made = o as? LayerObject else {
                    throw KerasError(.type, "\(className)(...) did not create a Keras layer")
                }
                let layer = try made.require()
                layer.name = name
                return layer
            }
        }
        return factories
    }

    /// Compiles a restored model again (when it was compiled), with the arguments the script
    /// gave (through `keras.Model.compile` itself, not a script override of it, whose other
    /// effects come back with the attributes) or else from the file's compile config; then
    /// restores the optimizer's variables and the last history. An optimizer the config cannot
    /// describe (a learning rate schedule kscript cannot save), or compile arguments that were
    /// not saved and a config that cannot stand for them, leave the model uncompiled, as the
    /// notice at saving said.
    private static func compile(_ object: LayerObject, _ model: Model, _ loaded: LoadedModel, _ saved: SavedBlob, _ interp: Interpreter) throws {
        guard saved.metadata["compiled"] != nil, let config = loaded.compileConfig,
              let optimizer = try? optimizerFromCompileConfig(config) else { return }
        if case .object(let o)? = saved.reference(1), let arguments = o as? PyDict, let compileMethod = KerasTypes.model.lookup("compile") {
            let keywords = arguments.pairs.compactMap { pair in pair.key.stringValue.map { ($0, pair.value) } }
            try interp.call(compileMethod, [.object(object)], [("optimizer", OptimizersModule.wrap(optimizer, interp))] + keywords)
        } else {
            try? compileModel(model, fromCompileConfig: config)
        }
        if let optimizer = model.trainer?.optimizer {
            try loaded.optimizer?.restore(into: optimizer, trainableVariables: model.trainableWeights)
        }
        if let text = saved.metadata["history"], let history = HistorySessionCodec.history(json: text) {
            attachHistory(history, to: model)
        }
    }
}
