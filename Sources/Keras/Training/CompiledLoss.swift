import KTensor

/// The loss of a compiled model (Keras' `LossesContainer`, `model.compiled_loss`): one loss
/// per output (or none), optional loss weights, and the trackers that become the `loss` and
/// — for several outputs — `<output>_loss` entries of the logs.
public final class CompiledLoss {
    public let outputNames: [String]
    /// Per output; nil where the output has no loss.
    public let losses: [Loss?]
    /// Per output; nil means unweighted.
    public let weights: [Double?]
    /// The total-loss tracker (`loss`).
    public let lossTracker: Mean
    /// Per-output trackers (`classification_loss` ...), only for multi-output models.
    public let outputTrackers: [Mean?]

    public init(outputNames: [String], losses: [Loss?], weights: [Double?]) throws {
        guard losses.count == outputNames.count, weights.count == outputNames.count else {
            throw KerasError.value("Expected \(outputNames.count) losses and loss weights (one per output), got \(losses.count) and \(weights.count).")
        }
        self.outputNames = outputNames
        self.losses = losses
        self.weights = weights
        lossTracker = Mean(name: "loss")
        outputTrackers = zip(outputNames, losses).map { name, loss in
            outputNames.count > 1 && loss != nil ? Mean(name: "\(name)_loss") : nil
        }
    }

    /// The trackers in Keras' order: `loss`, then each output's.
    public var metrics: [Metric] { [lossTracker] + outputTrackers.compactMap { $0 } }

    /// `compiled_loss(y_true, y_pred, sample_weight, regularization_losses)`: the weighted
    /// sum of the outputs' losses plus the regularization penalties; updates the trackers
    /// (per-output trackers get the unweighted loss, each weighted by the batch size).
    public func callAsFunction(_ yTrue: [Tensor?], _ yPred: [Tensor], sampleWeights: [Tensor?]? = nil,
                               regularization: [Tensor] = []) throws -> Tensor {
        guard yPred.count == losses.count else {
            throw KerasError.value("The model has \(losses.count) outputs, but the loss received \(yPred.count) predictions.")
        }
        var total: Tensor?
        var trackedTotal: Float = 0
        var batch: Float?
        var any = false
        for i in yPred.indices {
            guard i < yTrue.count, let target = yTrue[i], let loss = losses[i] else { continue }
            let (t, w) = try matchDTypeAndRank(target, yPred[i], sampleWeights.flatMap { i < $0.count ? $0[i] : nil })
            var value = try loss(t, yPred[i], sampleWeight: w)
            let size = Float(t.shape.first ?? 1)
            if batch == nil { batch = size }
            var tracked = try scalarOf(value)
            outputTrackers[i]?.update(value: tracked, weight: batch ?? size)
            if let weight = weights[i] {
                value = try value * Tensor(scalar: Float(weight))
                tracked *= Float(weight)
            }
            trackedTotal += tracked
            total = try total.map { try $0 + value } ?? value
            any = true
        }
        for penalty in regularization {
            let value = try penalty.cast(to: .float32)
            trackedTotal += try scalarOf(value)
            total = try total.map { try $0 + value } ?? value
            any = true
        }
        guard any, let result = total else { return Tensor(zeros: []) }
        lossTracker.update(value: trackedTotal, weight: batch ?? 1)
        return result
    }

    /// Tracks the total loss of a batch computed outside `callAsFunction` (a single output,
    /// unweighted, no regularization): the `loss` tracker's update for it.
    func trackTotal(_ value: Tensor, batchSize: Int) throws {
        lossTracker.update(value: try scalarOf(value), weight: Float(batchSize))
    }

    /// Zeroes every tracker.
    public func resetState() throws {
        for metric in metrics { try metric.resetState() }
    }

    private func scalarOf(_ value: Tensor) throws -> Float {
        guard value.count == 1 else {
            throw KerasError.value("A compiled loss must reduce to a scalar, got shape \(shapeText(value.shape)) (reduction 'none' is not supported in compile).")
        }
        return Float(value.doubleValue(atOffset: value.offset))
    }
}
