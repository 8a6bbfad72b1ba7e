import KTensor

/// `model.save('x.keras')`: writes `model` in Keras 3's `.keras` format (config, weights and,
/// when `compileConfig` is given, the compile state). `optimizer` adds the optimizer's
/// variables under `optimizer/vars` as Keras 3 stores them.
public func saveModel(_ model: Model, to path: String, compileConfig: KerasJSON? = nil,
                      optimizer: SavedOptimizerState? = nil) throws {
    guard path.hasSuffix(".keras") else {
        throw SavingError("Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if you want to export a SavedModel for use with TFLite/TFServing/etc. Received: filepath=\(path).")
    }
    var config = try Keras3Config.serialize(model: model)
    if let compileConfig, case .object(var entries) = config {
        entries.append(("compile_config", compileConfig))
        config = .object(entries)
    }
    let weights = Keras3WeightLayout.tree(of: model)
    if let optimizer {
        let node = Keras3WeightLayout.node(at: "optimizer", in: weights)
        node.name = optimizer.name
        node.variables = optimizer.variables
    }
    try KerasArchive(metadata: KerasArchive.currentMetadata(), config: config, weights: weights).write(to: path)
}

/// The optimizer variables of a saved model, in Keras 3's order (`iterations`,
/// `learning_rate`, then the slots per trainable variable) and the optimizer's name.
public struct SavedOptimizerState {
    /// Keras 3's order (`iterations`, `learning_rate`, slots) or Keras 2's (`iteration`, then
    /// the slots as kscript's `optimizer.variables` lists them).
    public enum Order: Sendable {
        case keras3
        case keras2
    }

    public var name: String
    public var variables: [Tensor]
    public var order: Order

    public init(name: String, variables: [Tensor], order: Order = .keras3) {
        self.name = name
        self.variables = variables
        self.order = order
    }
}

/// A model read from a `.keras` file with what the training code needs to compile it again.
public struct LoadedModel {
    public let model: Model
    /// `compile_config` (Keras 3 form), when the file has one.
    public let compileConfig: KerasJSON?
    /// The optimizer's stored variables, when the file has them.
    public let optimizer: SavedOptimizerState?
}

/// `keras.models.load_model(path, custom_objects, compile, safe_mode)`: re-creates the model
/// from the file's config (a Keras 3 `.keras` file, or Keras 2's HDF5 format as TF 2.12 writes
/// for `.h5` and `.keras`) (classes the engine lacks come from `customObjects`, by class name)
/// and loads its weights. `safeMode` refuses `Lambda` layers; without it, kscript runs those
/// whose function it saved as source text (not Python bytecode). The caller compiles the model
/// from `compileConfig` when `compile`.
public func loadModel(from path: String, customObjects: [String: LayerRegistry.Factory] = [:], compile: Bool = true,
                      safeMode: Bool = true) throws -> LoadedModel {
    if Keras2H5File.isHDF5(path) {
        let legacy = try Keras2H5File.load(from: path, customObjects: customObjects, safeMode: safeMode)
        let optimizer = legacy.optimizerVariables.map { SavedOptimizerState(name: "optimizer", variables: $0, order: .keras2) }
        return LoadedModel(model: legacy.model, compileConfig: compile ? legacy.compileConfig : nil, optimizer: compile ? optimizer : nil)
    }
    let archive = try KerasArchive.read(from: path)
    let model = try modelFromKeras3Config(archive.config, customObjects: customObjects, safeMode: safeMode, source: path)
    try Keras3WeightLayout.assign(archive.weights, to: model, source: path)
    var optimizer: SavedOptimizerState?
    if let node = archive.weights.child("optimizer"), let variables = node.variables, !variables.isEmpty {
        optimizer = SavedOptimizerState(name: node.name ?? "optimizer", variables: variables)
    }
    let compileConfig = archive.config["compile_config"].flatMap { $0.isNull ? nil : $0 }
    return LoadedModel(model: model, compileConfig: compile ? compileConfig : nil, optimizer: compile ? optimizer : nil)
}

/// `model.save(path)` and `ModelCheckpoint`: `saveModel` with the compile state of the
/// model's `Trainer`, when it was compiled.
public func saveModelWithTrainingState(_ model: Model, to path: String) throws {
    let state = TrainingStateSaving.state(of: model)
    try saveModel(model, to: path, compileConfig: state?.compileConfig, optimizer: state?.optimizer)
}

/// `model.save_weights(path)`: `saveWeights` with the optimizer state of a compiled model.
public func saveWeightsWithTrainingState(_ model: Model, to path: String) throws {
    try saveWeights(model, to: path, optimizer: (TrainingStateSaving.state(of: model))?.optimizer)
}

/// `model.load_weights(path)`: `loadWeights`, then the optimizer state stored with the weights
/// restored into a compiled model's optimizer, as Keras 3 does.
public func loadWeightsWithTrainingState(_ model: Model, from path: String) throws {
    let state = try loadWeights(model, from: path)
    if let state, let optimizer = model.trainer?.optimizer {
        try state.restore(into: optimizer, trainableVariables: model.trainableWeights)
    }
}

/// Makes `ModelCheckpoint` write `.keras` files (and `.weights.h5` files for
/// `save_weights_only`) with the compile state.
public func installKerasFileCheckpoints() {
    Model.checkpointWriter = { model, path, weightsOnly in
        if weightsOnly {
            try saveWeightsWithTrainingState(model, to: path)
        } else {
            try saveModelWithTrainingState(model, to: path)
        }
    }
}

/// `keras.models.load_model`: `loadModel`, then (when `compile` and the file has a
/// `compile_config`) the model compiled and its optimizer restored (by
/// `SavingHooks.restoreTrainingState` when a host installed one).
public func loadModelRestoringTrainingState(from path: String, customObjects: [String: LayerRegistry.Factory] = [:],
                                            compile: Bool = true, safeMode: Bool = true) throws -> Model {
    let loaded = try loadModel(from: path, customObjects: customObjects, compile: compile, safeMode: safeMode)
    if compile, let config = loaded.compileConfig {
        if let restore = SavingHooks.restoreTrainingState {
            try restore(loaded.model, config, loaded.optimizer)
        } else {
            try TrainingStateSaving.restore(loaded.model, config: config, optimizerState: loaded.optimizer)
        }
    }
    return loaded.model
}

/// A model re-created from a Keras 3 (or Keras 2.12) serialized model config.
func modelFromKeras3Config(_ config: KerasJSON, customObjects: [String: LayerRegistry.Factory], safeMode: Bool,
                           source: String) throws -> Model {
    try withCustomObjects(customObjects) {
        try modelFromEngineConfig(config, safeMode: safeMode, source: source)
    }
}

/// Makes `objects` known to `LayerRegistry` while `body` runs, as Keras'
/// `custom_object_scope` does; afterwards their names are unknown again. Names of the
/// engine's own classes are not replaced.
func withCustomObjects<T>(_ objects: [String: LayerRegistry.Factory], _ body: () throws -> T) throws -> T {
    let engineClasses = Keras3Config.builtInLayerClasses.union(["Sequential", "Functional", "Model"])
    let added = objects.filter { !engineClasses.contains($0.key) }
    for (name, factory) in added { LayerRegistry.register(name, factory) }
    defer {
        for name in added.keys {
            LayerRegistry.register(name) { _ in
                throw KerasError(.value, "Unknown layer: '\(name)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
            }
        }
    }
    return try body()
}

/// The model of a serialized config, with the classes `LayerRegistry` knows.
private func modelFromEngineConfig(_ config: KerasJSON, safeMode: Bool, source: String) throws -> Model {
    let entry: (className: String, config: Config)
    do {
        entry = try Keras3Config.engineEntry(config, safeMode: safeMode)
    } catch let error as SavingError {
        throw SavingError("\(source): \(error.message)")
    }
    let layer: Layer
    do {
        layer = try LayerRegistry.layer(className: entry.className, config: entry.config)
    } catch let error as KerasError {
        throw SavingError("\(source): cannot re-create the model: \(error.message)")
    }
    guard let model = layer as? Model else {
        throw SavingError("\(source): the file holds a '\(entry.className)' layer, not a model")
    }
    if let sequential = model as? Sequential, !sequential.isGraphNetwork, !sequential.stack.isEmpty {
        let shape = entry.config["build_input_shape"]?.shapeValue
            ?? config["build_config"]?["input_shape"]?.configValue.shapeValue
        if let shape { try sequential.build(inputShape: [shape]) }
    } else if !(model is Sequential || model is Functional), !model.built,
              let shape = config["build_config"]?["input_shape"]?.configValue.shapeValue {
        try model.build(inputShape: [shape])
    }
    return model
}

/// `model.save_weights('x.weights.h5')`: the weights (and `optimizer`'s variables, when
/// given) in Keras 3's layout, as a bare HDF5 file.
public func saveWeights(_ model: Model, to path: String, optimizer: SavedOptimizerState? = nil) throws {
    guard path.hasSuffix(".weights.h5") else {
        throw SavingError("The filename must end in `.weights.h5`. Received: filepath=\(path)")
    }
    let tree = Keras3WeightLayout.tree(of: model)
    if let optimizer {
        let node = Keras3WeightLayout.node(at: "optimizer", in: tree)
        node.name = optimizer.name
        node.variables = optimizer.variables
    }
    let bytes: [UInt8]
    do {
        bytes = try tree.hdf5Image(name: path)
    } catch let error as HDF5Error {
        throw SavingError(error.message, kind: .io)
    }
    try writeFileAtomically(bytes, to: path)
}

/// `model.load_weights('x.weights.h5')`: assigns the file's weights (every count and shape is
/// checked before any is assigned). Returns the optimizer variables stored with them, if any.
@discardableResult
public func loadWeights(_ model: Model, from path: String) throws -> SavedOptimizerState? {
    let tree: WeightTree
    do {
        tree = try WeightTree.read(from: HDF5File(readingAt: path).root())
    } catch let error as HDF5Error {
        throw SavingError(error.message)
    }
    try Keras3WeightLayout.assign(tree, to: model, source: path)
    guard let node = tree.child("optimizer"), let variables = node.variables, !variables.isEmpty else { return nil }
    return SavedOptimizerState(name: node.name ?? "optimizer", variables: variables)
}

/// `model.load_weights('x.keras')`: the weights inside a `.keras` file.
public func loadWeights(_ model: Model, fromModelFile path: String) throws {
    let archive = try KerasArchive.read(from: path)
    try Keras3WeightLayout.assign(archive.weights, to: model, source: path)
}

/// `model.to_json()`: Keras 2.12's JSON (`class_name`, `config`, `keras_version`, `backend`).
public func modelToJSON(_ model: Model) -> String {
    KerasJSON.object([
        ("class_name", .string(model.className)), ("config", KerasJSON(model.getConfig())),
        ("keras_version", .string("2.12.0")), ("backend", .string("tensorflow")),
    ]).text
}

/// `keras.models.model_from_json(text, custom_objects)`: a new model (fresh weights) from the
/// JSON of `to_json()` — Keras 2.12's or Keras 3's.
public func modelFromJSON(_ text: String, customObjects: [String: LayerRegistry.Factory] = [:]) throws -> Model {
    let json = try KerasJSONParser.parse(Array(text.utf8), source: "the model JSON")
    return try modelFromKeras3Config(json, customObjects: customObjects, safeMode: true, source: "model_from_json")
}

/// `keras.models.clone_model(model)`: a new model of the same architecture with new layers
/// and freshly initialised weights. Subclassed models cannot be cloned (as in Keras 2.12).
public func cloneModel(_ model: Model) throws -> Model {
    guard model is Sequential || model is Functional else {
        throw SavingError("Expected `model` argument to be a functional `Model` instance, but got a subclassed model instead: \(model.className)")
    }
    let layer: Layer
    do {
        layer = try LayerRegistry.layer(className: model.className, config: model.getConfig())
    } catch let error as KerasError {
        throw SavingError("cannot clone the model: \(error.message)")
    }
    guard let clone = layer as? Model else { throw SavingError("cannot clone the model: it did not re-create a model") }
    if let sequential = clone as? Sequential, !sequential.isGraphNetwork, let shapes = model.builtInputShapes, model.built {
        try sequential.build(inputShape: shapes)
    }
    return clone
}
