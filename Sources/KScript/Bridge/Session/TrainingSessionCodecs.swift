import Foundation
import Keras
import KTensor

/// Variables saved as one `.npz` file (`0.npy`, `1.npy`, ... in order), for metrics and
/// optimizers.
enum VariableFile {
    static func blob(_ variables: [Variable], metadata: [String: String] = [:], references: [(what: String, value: Value)] = [],
                     omissions: [String] = []) -> SessionBlob {
        var digest = SessionDigest()
        for variable in variables { digest.combine(variable.valueWithoutWatching) }
        let values = variables.map(\.valueWithoutWatching)
        return SessionBlob(contents: .file(digest: digest, write: { path in
            try NPZFile.write(values.enumerated().map { (String($0.offset), $0.element) }, to: path, compressed: false)
        }), fileExtension: "npz", metadata: metadata, references: references, omissions: omissions)
    }

    /// Assigns the file's arrays to `variables` after checking their count and shapes.
    static func restore(_ variables: [Variable], from path: String, what: String) throws {
        let arrays: [(name: String, tensor: Tensor)]
        do {
            arrays = try NPZFile.read(contentsOf: path)
        } catch {
            throw PyException.valueError("the saved state of \(what) cannot be read: \(error)")
        }
        guard arrays.count == variables.count,
              zip(arrays, variables).allSatisfy({ $0.tensor.shape == $1.shape }) else {
            throw PyException.valueError("the saved state of \(what) does not match it (\(arrays.count) arrays for \(variables.count) variables)")
        }
        for (array, variable) in zip(arrays, variables) { try variable.assign(array.tensor.cast(to: variable.dtype)) }
    }
}

/// `keras.metrics` objects in sessions: made again by calling their class with the arguments
/// they were made with, then given their saved state variables (`.npz`). A script metric's
/// attributes (nested metrics included) come back with the workspace.
enum MetricSessionCodec {
    static let codec = SessionCodecs.Codec(typeName: MetricsModule.metricType.displayName, encode: { _, o in
        guard let object = o as? MetricObject, let metric = object.metric, let call = object.constructorCall else {
            throw PyException.typeError("a metric made by compile cannot be saved on its own")
        }
        var blob = VariableFile.blob(metric.variables, metadata: ["class": object.type.name], references: [("constructor arguments", call.value)])
        blob.referencesRequired = true
        return blob
    }, decode: { interp, saved in
        guard let call = ConstructorCall(saved.reference(0)) else { throw PyException.valueError("the metric's constructor arguments were not restored") }
        let cls = try saved.scriptClass ?? classNamed(saved, in: "keras.metrics", interp)
        let value = try call.call(cls, interp)
        let metric = try MetricsModule.require(value)
        try VariableFile.restore(metric.variables, from: saved.path, what: "metric \(metric.name)")
        return value
    }, identity: { o in (o as? MetricObject)?.metric.map(ObjectIdentifier.init) })

    /// The built-in class the value had (recorded in the metadata), from `module`.
    static func classNamed(_ saved: SavedBlob, in module: String, _ interp: Interpreter) throws -> PyType {
        guard let name = saved.metadata["class"], case .object(let o)? = try interp.loadModule(module)[name], let cls = o as? PyType else {
            throw PyException.valueError("the class of a saved \(module) object is unknown")
        }
        return cls
    }
}

/// `keras.losses` objects: made again by calling their class with the arguments they were
/// made with (they hold no state).
enum LossSessionCodec {
    static let codec = SessionCodecs.Codec(typeName: LossesModule.lossType.displayName, encode: { _, o in
        guard let object = o as? LossObject, let call = object.constructorCall else { throw PyException.typeError("this loss cannot be saved") }
        var blob = SessionBlob(contents: .none, fileExtension: "", metadata: ["class": object.type.name],
                               references: [("constructor arguments", call.value)])
        blob.referencesRequired = true
        return blob
    }, decode: { interp, saved in
        guard let call = ConstructorCall(saved.reference(0)) else { throw PyException.valueError("the loss's constructor arguments were not restored") }
        return try call.call(try saved.scriptClass ?? MetricSessionCodec.classNamed(saved, in: "keras.losses", interp), interp)
    })
}

/// Stand-alone `keras.optimizers` objects (an optimizer a compiled model uses is saved with
/// the model): re-created from their config, with `iterations`, the learning rate and, for
/// the variables a script passed to `apply_gradients`, their slots.
enum OptimizerSessionCodec {
    static let codec = SessionCodecs.Codec(typeName: OptimizersModule.optimizerType.displayName, encode: { _, o in
        guard let object = o as? OptimizerObject, let optimizer = object.optimizer else {
            throw PyException.typeError("an optimizer whose __init__ did not run cannot be saved")
        }
        let config = compileConfigJSON(optimizer: optimizer, loss: .null)
        _ = try SavingBridge.run { try optimizerFromCompileConfig(config) }
        var variables = [optimizer.iterations, optimizer.learningRateVariable]
        var updated: [Value] = []
        var omissions: [String] = []
        let slots = Array(optimizer.variables.dropFirst())
        let recorded = object.updatedVariables.flatMap { optimizer.slots(for: $0) ?? [] }
        if !slots.isEmpty {
            if recorded.count == slots.count && zip(recorded, slots).allSatisfy({ $0 === $1 }) {
                variables += slots
                updated = object.updatedVariables.map(ArrayBridge.variable)
            } else {
                omissions.append("optimizer slots (for a model not in the session)")
            }
        }
        return VariableFile.blob(variables, metadata: ["config": config.text], references: [("updated variables", .object(PyList(updated)))],
                                 omissions: omissions)
    }, decode: { interp, saved in
        guard let text = saved.metadata["config"] else { throw PyException.valueError("the optimizer's config was not saved") }
        let optimizer = try SavingBridge.run { try optimizerFromCompileConfig(try KerasJSON.parse(text, source: "optimizer config")) }
        var updated: [Variable] = []
        if case .object(let o)? = saved.reference(0), let list = o as? PyList {
            updated = list.items.compactMap { ($0.object as? TFVariableObject)?.variable }
        }
        optimizer.build(updated)
        try VariableFile.restore([optimizer.iterations, optimizer.learningRateVariable] + Array(optimizer.variables.dropFirst()),
                                 from: saved.path, what: "optimizer \(optimizer.name)")
        let value = OptimizersModule.wrap(optimizer, interp)
        (value.object as? OptimizerObject)?.updatedVariables = updated
        return value
    }, identity: { o in (o as? OptimizerObject)?.optimizer.map(ObjectIdentifier.init) })
}

/// `History` objects (epochs, the history dict, params) as JSON, and script callbacks, made
/// again from their constructor arguments (their attributes come back with the workspace).
/// Built-in callbacks are made again from their arguments too; what a used one tracked (a
/// best value, a wait count) starts afresh, which the notice says.
enum HistorySessionCodec {
    static let codec = SessionCodecs.Codec(typeName: CallbacksModule.callbackType.displayName, encode: { _, o in
        guard let object = o as? CallbackObject, let callback = object.callback else {
            throw PyException.typeError("a callback whose __init__ did not run cannot be saved")
        }
        if let history = callback as? History {
            return SessionBlob(data: Data(json(history).utf8), fileExtension: "json", metadata: ["kind": "history"])
        }
        guard let call = object.constructorCall else { throw PyException.typeError("this callback cannot be saved") }
        let used = callback.params != nil
        let omissions = used && object.type.isNative && !(callback is ScriptCallback) ? ["its progress (the callback starts afresh)"] : []
        var blob = SessionBlob(contents: .none, fileExtension: "", metadata: ["class": object.type.name],
                               references: [("constructor arguments", call.value)], omissions: omissions)
        blob.referencesRequired = true
        return blob
    }, decode: { interp, saved in
        if saved.metadata["kind"] == "history" {
            guard let history = history(json: String(decoding: try saved.data(), as: UTF8.self)) else {
                throw PyException.valueError("a saved History cannot be read")
            }
            return CallbacksModule.wrap(history)
        }
        guard let call = ConstructorCall(saved.reference(0)) else { throw PyException.valueError("the callback's constructor arguments were not restored") }
        return try call.call(try saved.scriptClass ?? MetricSessionCodec.classNamed(saved, in: "keras.callbacks", interp), interp)
    }, identity: { o in (o as? CallbackObject)?.callback.map(ObjectIdentifier.init) })

    /// `{"epoch": [...], "history": [[key, [values as text], float32]], "params": {...}}`.
    static func json(_ history: History) -> String {
        var document: [String: Any] = [
            "epoch": history.epoch,
            "history": history.history.map { entry -> [Any] in
                [entry.key, entry.values.map { "\($0.value)" }, entry.values.allSatisfy(\.isNumPyFloat32) && !entry.values.isEmpty]
            },
        ]
        if let params = history.params {
            document["params"] = ["verbose": params.verbose, "epochs": params.epochs, "steps": params.steps as Any? ?? NSNull()]
        }
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    static func history(json: String) -> History? {
        guard let document = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any],
              let epoch = document["epoch"] as? [Int], let series = document["history"] as? [[Any]] else { return nil }
        var entries: [(key: String, values: [LogValue])] = []
        for item in series {
            guard item.count == 3, let key = item[0] as? String, let texts = item[1] as? [String], let float32 = item[2] as? Bool else { return nil }
            entries.append((key, texts.map { LogValue(Double($0) ?? .nan, isNumPyFloat32: float32) }))
        }
        let history = History(epoch: epoch, history: entries)
        if let params = document["params"] as? [String: Any], let verbose = params["verbose"] as? Int, let epochs = params["epochs"] as? Int {
            history.setParams(TrainingParams(verbose: verbose, epochs: epochs, steps: params["steps"] as? Int))
        }
        return history
    }
}
