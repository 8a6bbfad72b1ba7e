import KTensor

/// Keras' default `train_step` for the commonest compiled model — a `Sequential` stack of
/// `Dense` layers under sparse categorical cross-entropy — run by `DenseStackStep` instead of
/// the tape (what `tf.function` tracing buys Keras). Everything around the forward and
/// backward pass is the default step's own: the compiled loss's tracker, the optimizer, the
/// compiled metrics and the logs, and the numbers are the taped step's bit for bit. Any
/// other model, loss or batch — or a step run while a script's tape records — takes the
/// taped step.
extension Trainer {
    /// The step's logs, or nil when this step is not one `DenseStackStep` runs.
    func denseStackTrainStep(_ data: StepData) throws -> Logs? {
        guard let plan = try DenseStackPlan(trainer: self, data: data) else { return nil }
        // The kernels are read for this call only: held while the optimizer runs, they would
        // make it copy each variable before updating it in place.
        let result = try DenseStackStep.run(plan.x, labels: plan.labels, layers: plan.stepLayers(), lossScale: plan.lossScale)
        let value = try plan.loss.reduction.reduce(result.losses)
        try plan.compiledLoss.trackTotal(value, batchSize: plan.labels.count)
        try optimizer.applyGradients(zip(result.gradients, plan.variables).map { ($0, $1) })
        try compiledMetrics.updateState([plan.y], [result.output], sampleWeights: nil)
        return try metricLogs()
    }
}

/// What a dense-stack step needs, found only when every condition for it holds.
private struct DenseStackPlan {
    let x: Tensor
    let y: Tensor
    let labels: [Int64]
    let layers: [(kernel: Variable, bias: Variable?, activation: Activation)]
    /// Kernel then bias of each layer: `model.trainable_weights` in order.
    let variables: [Variable]
    let loss: BuiltinLoss
    let compiledLoss: CompiledLoss
    /// The upstream gradient of each per-sample loss, as the reduction's backward gives it.
    let lossScale: Tensor

    init?(trainer: Trainer, data: StepData) throws {
        guard !Autodiff.isRecording, data.sampleWeight == nil,
              case .tensor(let x) = data.x, case .tensor(let y)? = data.y,
              let model = trainer.model as? Sequential, type(of: model) == Sequential.self, model.trainable,
              model.ownTrainableWeights.isEmpty, let inputLayer = model.inputLayer,
              x.rank == 2, x.dtype == inputLayer.dtype, x.shape[0] > 0, inputLayer.batchShape.count == 2,
              inputLayer.batchShape[0].map({ $0 == x.shape[0] }) ?? true else { return nil }
        var layers: [(kernel: Variable, bias: Variable?, activation: Activation)] = []
        var variables: [Variable] = []
        var width = x.shape[1]
        for layer in model.stack {
            guard let dense = layer as? Dense, type(of: dense) == Dense.self, dense.trainable,
                  dense.kernelRegularizer == nil, dense.biasRegularizer == nil,
                  let kernel = dense.kernel, kernel.dtype == x.dtype, kernel.shape[0] == width,
                  dense.ownTrainableWeights.count == (dense.bias == nil ? 1 : 2),
                  !variables.contains(where: { $0 === kernel }) else { return nil }
            layers.append((kernel, dense.bias, dense.activation))
            variables.append(kernel)
            if let bias = dense.bias { variables.append(bias) }
            width = kernel.shape[1]
        }
        guard let last = model.stack.last as? Dense, try model.regularizationLosses().isEmpty,
              let compiledLoss = trainer.compiledLossIfBuilt, compiledLoss.losses.count == 1, compiledLoss.weights[0] == nil,
              let loss = compiledLoss.losses[0] as? BuiltinLoss,
              case .sparseCategoricalCrossentropy(let fromLogits) = loss.function,
              last.activation == .softmax || (fromLogits && last.activation == .linear) else { return nil }
        // The labels as the sparse cross-entropy reads them: float labels take the
        // predictions' dtype first (`match_dtype_and_rank`), then become int64.
        guard y.count == x.shape[0], y.rank == 1 || (y.rank == 2 && y.shape[1] == 1) else { return nil }
        let targets = y.dtype.isFloatingPoint ? try y.cast(to: x.dtype) : y
        let scale: Tensor
        switch loss.reduction {
        case .auto, .sumOverBatchSize: scale = try Tensor.ones([], dtype: x.dtype) / Tensor(scalar: Double(y.count), dtype: x.dtype)
        case .sum: scale = Tensor.ones([], dtype: x.dtype)
        case .none: return nil
        }
        self.x = x
        self.y = y
        self.labels = try targets.cast(to: .int64).int64s()
        self.layers = layers
        self.variables = variables
        self.loss = loss
        self.compiledLoss = compiledLoss
        self.lossScale = scale
    }

    /// The layers' current weights, as the step reads them.
    func stepLayers() -> [DenseStackStep.Layer] {
        layers.map { DenseStackStep.Layer(kernel: $0.kernel.value, bias: $0.bias?.value, activation: $0.activation) }
    }
}
