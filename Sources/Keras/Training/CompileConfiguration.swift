/// The losses argument of `compile`.
public enum CompileLoss {
    /// One loss for every output.
    case single(Loss)
    /// By output name (outputs without an entry have no loss).
    case byName([String: Loss])
    /// One per output, in output order.
    case byPosition([Loss?])
}

/// The `loss_weights` argument of `compile`.
public enum CompileLossWeights {
    case byName([String: Double])
    case byPosition([Double])
}

/// Everything `compile` was given.
public struct CompileConfiguration {
    public var optimizer: Optimizer
    public var loss: CompileLoss?
    public var lossWeights: CompileLossWeights?
    public var metrics: CompileMetrics?
    public var weightedMetrics: CompileMetrics?

    public init(optimizer: Optimizer, loss: CompileLoss? = nil, lossWeights: CompileLossWeights? = nil,
                metrics: CompileMetrics? = nil, weightedMetrics: CompileMetrics? = nil) {
        self.optimizer = optimizer
        self.loss = loss
        self.lossWeights = lossWeights
        self.metrics = metrics
        self.weightedMetrics = weightedMetrics
    }

    /// Per-output losses and weights for a model with these output names.
    func lossesAndWeights(outputNames: [String]) throws -> ([Loss?], [Double?]) {
        let losses: [Loss?]
        switch loss {
        case nil: losses = outputNames.map { _ in nil }
        case .single(let l): losses = outputNames.map { _ in l }
        case .byName(let table):
            for key in table.keys where !outputNames.contains(key) {
                throw KerasError.value("Found unexpected losses or metrics that do not correspond to any Model output: dict_keys(['\(key)']). Valid mode output names: \(outputNames). Received struct is: \(table.keys.sorted()).")
            }
            losses = outputNames.map { table[$0] }
        case .byPosition(let list):
            guard list.count == outputNames.count else {
                throw KerasError.value("When passing a list as loss, it should have one entry per model outputs. The model has \(outputNames.count) outputs, but you passed loss=\(list.count) losses.")
            }
            losses = list
        }
        let weights: [Double?]
        switch lossWeights {
        case nil: weights = outputNames.map { _ in nil }
        case .byName(let table):
            for key in table.keys where !outputNames.contains(key) {
                throw KerasError.value("Unknown entries in loss_weights dictionary: ['\(key)']. Only expected following keys: \(outputNames)")
            }
            weights = outputNames.map { table[$0] }
        case .byPosition(let list):
            guard list.count == outputNames.count else {
                throw KerasError.value("When passing a list as loss_weights, it should have one entry per model output. The model has \(outputNames.count) outputs, but you passed loss_weights=\(list.count) values.")
            }
            weights = list
        }
        return (losses, weights)
    }
}
