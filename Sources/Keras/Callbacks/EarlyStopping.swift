import KTensor

/// `keras.callbacks.EarlyStopping(monitor='val_loss', min_delta=0, patience=0, verbose=0,
/// mode='auto', baseline=None, restore_best_weights=False, start_from_epoch=0)`.
///
/// Stops when the monitored value has not improved by more than `minDelta` for `patience`
/// epochs (never after the first epoch); in `auto` mode names ending in `acc`, `accuracy` or
/// `auc` should increase. Restores the best epoch's weights only when it stops.
public final class EarlyStopping: Callback {
    public let monitor: String
    public let patience: Int
    public let verbose: Int
    public let baseline: Double?
    public let restoreBestWeights: Bool
    public let startFromEpoch: Int
    /// Signed as Keras keeps it: positive when maximising, negative when minimising.
    public let minDelta: Double
    public let increasing: Bool

    public private(set) var wait = 0
    public private(set) var stoppedEpoch = 0
    public private(set) var best = Double.infinity
    public private(set) var bestEpoch = 0
    private var bestWeights: [Tensor]?

    public init(monitor: String = "val_loss", minDelta: Double = 0, patience: Int = 0, verbose: Int = 0, mode: MonitorMode = .auto,
                baseline: Double? = nil, restoreBestWeights: Bool = false, startFromEpoch: Int = 0) {
        self.monitor = monitor
        self.patience = patience
        self.verbose = verbose
        self.baseline = baseline
        self.restoreBestWeights = restoreBestWeights
        self.startFromEpoch = startFromEpoch
        switch mode {
        case .min: increasing = false
        case .max: increasing = true
        case .auto: increasing = monitor.hasSuffix("acc") || monitor.hasSuffix("accuracy") || monitor.hasSuffix("auc")
        }
        self.minDelta = increasing ? Swift.abs(minDelta) : -Swift.abs(minDelta)
    }

    public override func onTrainBegin(logs: Logs) throws {
        wait = 0
        stoppedEpoch = 0
        best = increasing ? -.infinity : .infinity
        bestWeights = nil
        bestEpoch = 0
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let current = logs.value(monitor) else {
            KerasWarning.emit("Early stopping conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.joined(separator: ","))")
            return
        }
        if epoch < startFromEpoch { return }
        if restoreBestWeights && bestWeights == nil { bestWeights = model?.weightValues() }
        wait += 1
        if isImprovement(current, best) {
            best = current
            bestEpoch = epoch
            if restoreBestWeights { bestWeights = model?.weightValues() }
            if baseline.map({ isImprovement(current, $0) }) ?? true { wait = 0 }
            return
        }
        if wait >= patience && epoch > 0 {
            stoppedEpoch = epoch
            model?.stopTraining = true
            if restoreBestWeights, let bestWeights {
                if verbose > 0 { Console.shared.write("Restoring model weights from the end of the best epoch: \(bestEpoch + 1).\n") }
                try model?.setWeightValues(bestWeights)
            }
        }
    }

    public override func onTrainEnd(logs: Logs) throws {
        if stoppedEpoch > 0 && verbose > 0 { Console.shared.write("Epoch \(stoppedEpoch + 1): early stopping\n") }
    }

    private func isImprovement(_ value: Double, _ reference: Double) -> Bool {
        increasing ? value - minDelta > reference : value - minDelta < reference
    }
}
