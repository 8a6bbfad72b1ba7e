import KTensor

/// `.keras` files for hosts that re-create an object themselves and only need its state
/// back (a notebook session re-runs a script class's constructor, then loads its weights),
/// and for layers saved on their own. A layer's file has the same layout as a model's: its
/// Keras 3 serialization with a `build_config` in `config.json`, its variables (and its
/// sublayers') in `model.weights.h5`.

/// The `config.json` text `saveModelWithTrainingState` writes for `model` (architecture,
/// build shape and compile state): what changes when anything but the weights changes.
public func savedModelConfigText(_ model: Model) throws -> String {
    var config = try Keras3Config.serialize(model: model)
    if let state = TrainingStateSaving.state(of: model), case .object(var entries) = config {
        entries.append(("compile_config", state.compileConfig))
        config = .object(entries)
    }
    return config.text
}

/// Loads a model file's state into `model`, a model re-created by its own class: names its
/// layers as the file does, builds it from the file's `build_config` when it is not built
/// (`buildByCall`: by calling it on zeros,
/// which names its weights inside the model's scope as training does, instead of `build`),
/// then assigns the weights. The compile config and optimizer state are returned for the
/// caller to compile with.
public func loadModelState(into model: Model, from path: String, buildByCall: Bool) throws -> LoadedModel {
    let archive = try KerasArchive.read(from: path)
    if !model.built { Keras3WeightLayout.rename(model, from: archive.weights) }
    if !model.built, let shapes = buildShapes(archive.config["build_config"]?["input_shape"]) {
        if buildByCall {
            let zeros = try shapes.map { shape -> Tensor in
                try Tensor.checkShape(shape.concrete(), dtype: model.dtype)
                return Tensor(zeros: shape.concrete(), dtype: model.dtype)
            }
            _ = try CallContext.with(training: false) { try model(zeros, inputWasList: zeros.count > 1, training: false) }
            model.builtInputShapes = shapes
            model.built = true
        } else {
            try model.build(inputShape: shapes)
        }
    }
    try Keras3WeightLayout.assign(archive.weights, to: model, source: path)
    var optimizer: SavedOptimizerState?
    if let node = archive.weights.child("optimizer"), let variables = node.variables, !variables.isEmpty {
        optimizer = SavedOptimizerState(name: node.name ?? "optimizer", variables: variables)
    }
    let compileConfig = archive.config["compile_config"].flatMap { $0.isNull ? nil : $0 }
    return LoadedModel(model: model, compileConfig: compileConfig, optimizer: optimizer)
}

/// Writes `layer` (not a model) to a `.keras`-layout file: its serialization, the shapes it
/// was built for, and its variables.
public func saveLayer(_ layer: Layer, to path: String) throws {
    var entries = try Keras3Config.serializedEntries(layer: layer)
    if let shapes = layer.buildInputShapes {
        let shape: KerasJSON = shapes.count == 1 ? Keras3Config.shapeJSON(shapes[0]) : .array(shapes.map(Keras3Config.shapeJSON))
        entries.append(("build_config", .object([("input_shape", shape)])))
    }
    try KerasArchive(metadata: KerasArchive.currentMetadata(), config: .object(entries), weights: Keras3WeightLayout.tree(of: layer)).write(to: path)
}

/// The digest text of what `saveLayer` writes apart from the variables.
public func savedLayerConfigText(_ layer: Layer) throws -> String {
    KerasJSON.object(try Keras3Config.serializedEntries(layer: layer)).text + "\n" + (layer.buildInputShapes.map { "\($0)" } ?? "unbuilt")
}

/// A layer re-created from a file `saveLayer` wrote (classes the engine lacks come from
/// `customObjects`), built and with its weights; `safeMode` as for `loadModel`.
public func loadLayer(from path: String, customObjects: [String: LayerRegistry.Factory] = [:], safeMode: Bool = true) throws -> Layer {
    let archive = try KerasArchive.read(from: path)
    let layer: Layer = try withCustomObjects(customObjects) {
        let entry = try Keras3Config.engineEntry(archive.config, safeMode: safeMode)
        do {
            return try LayerRegistry.layer(className: entry.className, config: entry.config)
        } catch let error as KerasError {
            throw SavingError("\(path): cannot re-create the layer: \(error.message)")
        }
    }
    try loadLayerState(into: layer, archive: archive, source: path)
    return layer
}

/// Loads a layer file's state into `layer`, a layer re-created by its own class: builds it
/// for the saved shapes when it is not built, then assigns the weights.
public func loadLayerState(into layer: Layer, from path: String) throws {
    try loadLayerState(into: layer, archive: try KerasArchive.read(from: path), source: path)
}

private func loadLayerState(into layer: Layer, archive: KerasArchive, source: String) throws {
    if !layer.built { Keras3WeightLayout.rename(layer, from: archive.weights) }
    if !layer.built, let shapes = buildShapes(archive.config["build_config"]?["input_shape"]) {
        try layer.buildIfNeeded(shapes)
    }
    try Keras3WeightLayout.assign(archive.weights, to: layer, source: source)
}

/// A `build_config` input shape: one shape (`[null, 4]`) or a list of them.
private func buildShapes(_ json: KerasJSON?) -> [TensorShape]? {
    guard let json, let items = json.arrayValue else { return nil }
    if items.contains(where: { $0.arrayValue != nil }) {
        let shapes = items.compactMap { $0.configValue.shapeValue }
        return shapes.count == items.count ? shapes : nil
    }
    return json.configValue.shapeValue.map { [$0] }
}

/// Compiles `model` from a `compile_config` alone (a fresh optimizer of the config's kind;
/// losses and metrics the config names), as `load_model` does.
public func compileModel(_ model: Model, fromCompileConfig config: KerasJSON) throws {
    try TrainingStateSaving.restore(model, config: config, optimizerState: nil)
}

/// Makes `history` the model's `history` (a restored notebook session's last `fit`).
public func attachHistory(_ history: History, to model: Model) {
    model.trainer?.history = history
    history.setModel(model)
}
