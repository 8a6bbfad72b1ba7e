import KTensor

/// The training state of a compiled model and its step functions (what `compile` attaches to
/// a `Model`): optimizer, `compiled_loss`, `compiled_metrics`, `model.metrics`, and the
/// overridable `trainStep`/`testStep`/`predictStep` the loops in `fit`/`evaluate`/`predict`
/// call. A script subclass of `keras.Model` that overrides `train_step` gets a `Trainer`
/// subclass (from the language bridge) whose `trainStep` runs the script method.
open class Trainer {
    public unowned let model: Model
    public let configuration: CompileConfiguration
    public var optimizer: Optimizer { configuration.optimizer }
    public let compiledMetrics: CompiledMetrics
    /// Set by callbacks (or a step) to end `fit` after the current batch.
    public var stopTraining = false
    /// The `History` of the last `fit`.
    public internal(set) var history: History?
    /// Metrics tracked besides the compiled ones (a subclass's own trackers), after them in
    /// `metrics`.
    public var extraMetrics: [Metric] = []

    private var compiledLossStorage: CompiledLoss?

    public init(model: Model, configuration: CompileConfiguration) throws {
        self.model = model
        self.configuration = configuration
        let names = Trainer.knownOutputNames(model)
        compiledMetrics = try CompiledMetrics(outputNames: names ?? ["output_1"], metrics: configuration.metrics,
                                              weightedMetrics: configuration.weightedMetrics)
        if let names { compiledLossStorage = try makeCompiledLoss(names) }
    }

    // MARK: Names and metrics

    /// The output names Keras uses for loss/metric prefixes and dict targets: the graph's
    /// output layers, the last layer of a Sequential, or nil (subclassed: `output_1`, ...
    /// once the outputs are counted).
    static func knownOutputNames(_ model: Model) -> [String]? {
        if let functional = model as? Functional { return functional.outputNames }
        if let sequential = model as? Sequential, let last = sequential.layers.last { return [last.name] }
        return nil
    }

    /// The model's input names (dict inputs are read by these).
    var inputNames: [String] {
        if let functional = model as? Functional { return functional.inputNames }
        if let sequential = model as? Sequential { return sequential.inputs.map(\.layer.name) }
        return []
    }

    /// `model.compiled_loss`, built on first use for models whose outputs are counted then.
    public func compiledLoss(outputCount: Int) throws -> CompiledLoss {
        if let compiledLossStorage { return compiledLossStorage }
        let names = outputCount == 1 ? ["output_1"] : (1...outputCount).map { "output_\($0)" }
        let built = try makeCompiledLoss(names)
        compiledLossStorage = built
        return built
    }

    /// The compiled loss if it exists yet.
    public var compiledLossIfBuilt: CompiledLoss? { compiledLossStorage }

    private func makeCompiledLoss(_ names: [String]) throws -> CompiledLoss {
        let (losses, weights) = try configuration.lossesAndWeights(outputNames: names)
        return try CompiledLoss(outputNames: names, losses: losses, weights: weights)
    }

    /// `model.metrics`: the loss trackers first, then the compiled metrics, then extra ones.
    open var metrics: [Metric] {
        (compiledLossStorage?.metrics ?? []) + compiledMetrics.metrics + extraMetrics
    }

    /// `model.metrics_names`.
    public var metricsNames: [String] { metrics.map(\.name) }

    /// `model.reset_metrics()`.
    public func resetMetrics() throws {
        for metric in metrics { try metric.resetState() }
    }

    /// `{m.name: m.result() for m in self.metrics}`.
    public func metricLogs() throws -> Logs {
        let logs = Logs()
        for metric in metrics { logs[metric.name] = LogValue(try metric.resultValue()) }
        return logs
    }

    // MARK: Steps

    /// The inputs of a batch in model-input order.
    public func inputs(_ data: StepData) throws -> [Tensor] {
        try flattenByNames(data.x, names: inputNames, what: "input")
    }

    /// Targets (or sample weights) per output; a single tensor serves every output.
    public func perOutput(_ element: DatasetElement?, outputCount: Int) throws -> [Tensor?]? {
        guard let element else { return nil }
        let names = compiledLossStorage?.outputNames ?? Trainer.knownOutputNames(model) ?? []
        let tensors = try flattenByNames(element, names: names, what: "output")
        if tensors.count == 1 && outputCount > 1 { return Array(repeating: tensors[0], count: outputCount) }
        return tensors
    }

    /// Keras' default `train_step`: forward pass and loss on a tape, gradients of the
    /// trainable weights applied by the optimizer, compiled metrics updated with the
    /// predictions made before the update; returns the metric results. A Sequential stack of
    /// Dense layers under sparse cross-entropy skips the tape (`denseStackTrainStep`).
    open func trainStep(_ data: StepData) throws -> Logs {
        if let logs = try denseStackTrainStep(data) { return logs }
        let x = try inputs(data)
        let tape = GradientTape()
        tape.startRecording()
        let predictions: [Tensor]
        let loss: Tensor
        do {
            predictions = try model(x, inputWasList: x.count > 1, training: true)
            let compiled = try compiledLoss(outputCount: predictions.count)
            loss = try compiled(try perOutput(data.y, outputCount: predictions.count) ?? [], predictions,
                                sampleWeights: try perOutput(data.sampleWeight, outputCount: predictions.count),
                                regularization: try model.regularizationLosses())
        } catch {
            tape.stopRecording()
            throw error
        }
        tape.stopRecording()
        let variables = model.trainableWeights
        let gradients = try tape.sparseGradient(of: loss, withRespectTo: variables)
        try optimizer.applyGradients(zip(gradients, variables).map { ($0, $1) })
        try compiledMetrics.updateState(try perOutput(data.y, outputCount: predictions.count) ?? [], predictions,
                                        sampleWeights: try perOutput(data.sampleWeight, outputCount: predictions.count))
        return try metricLogs()
    }

    /// Keras' default `test_step`: forward pass in inference mode, loss and metrics updated.
    open func testStep(_ data: StepData) throws -> Logs {
        let predictions = try model(try inputs(data), training: false)
        let targets = try perOutput(data.y, outputCount: predictions.count) ?? []
        let weights = try perOutput(data.sampleWeight, outputCount: predictions.count)
        _ = try compiledLoss(outputCount: predictions.count)(targets, predictions, sampleWeights: weights,
                                                              regularization: try model.regularizationLosses())
        try compiledMetrics.updateState(targets, predictions, sampleWeights: weights)
        return try metricLogs()
    }

    /// Keras' default `predict_step`: the model's outputs in inference mode.
    open func predictStep(_ data: StepData) throws -> [Tensor] {
        try model(try inputs(data), training: false)
    }

    /// `metrics_names` order first, then any other keys sorted (Keras'
    /// `flatten_metrics_in_order`).
    public func flattenInOrder(_ logs: Logs) -> [Double] {
        let names = metricsNames
        var values = names.compactMap { logs.value($0) }
        for key in logs.keys.sorted() where !names.contains(key) {
            if let v = logs.value(key) { values.append(v) }
        }
        return values
    }
}
