import KTensor

/// `keras.callbacks.ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=10,
/// verbose=0, mode='auto', min_delta=1e-4, cooldown=0, min_lr=0)`: multiplies the learning
/// rate by `factor` after `patience` epochs without improvement, then waits `cooldown`
/// epochs. Adds the current learning rate to the logs as `lr` every epoch.
public final class ReduceLROnPlateau: Callback {
    public let monitor: String
    public let factor: Double
    public let patience: Int
    public let verbose: Int
    public let minDelta: Double
    public let cooldown: Int
    public let minLR: Double
    public let increasing: Bool

    public private(set) var wait = 0
    public private(set) var cooldownCounter = 0
    public private(set) var best = Double.infinity

    public init(monitor: String = "val_loss", factor: Double = 0.1, patience: Int = 10, verbose: Int = 0, mode: MonitorMode = .auto,
                minDelta: Double = 1e-4, cooldown: Int = 0, minLR: Double = 0) throws {
        guard factor < 1 else {
            throw TensorError(.invalidArgument, "ReduceLROnPlateau does not support a factor >= 1.0. Got \(PythonFormat.repr(factor))")
        }
        self.monitor = monitor
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.minDelta = minDelta
        self.cooldown = cooldown
        self.minLR = minLR
        increasing = mode == .max || (mode == .auto && monitor.contains("acc"))
        super.init()
        reset()
    }

    private func reset() {
        best = increasing ? -.infinity : .infinity
        cooldownCounter = 0
        wait = 0
    }

    public override func onTrainBegin(logs: Logs) throws { reset() }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.trainingOptimizer else { return }
        logs["lr"] = LogValue(Double(Float(optimizer.learningRate)), isNumPyFloat32: true)
        guard let current = logs.value(monitor) else {
            KerasWarning.emit("Learning rate reduction is conditioned on metric `\(monitor)` which is not available. Available metrics are: \(logs.keys.joined(separator: ","))")
            return
        }
        if cooldownCounter > 0 {
            cooldownCounter -= 1
            wait = 0
        }
        let improved = increasing ? current > best + minDelta : current < best - minDelta
        if improved {
            best = current
            wait = 0
        } else if cooldownCounter <= 0 {
            wait += 1
            if wait >= patience {
                let old = Float(optimizer.learningRate)
                if old > Float(minLR) {
                    let reduced = Swift.max(Double(old) * factor, minLR)
                    try optimizer.setLearningRate(reduced)
                    if verbose > 0 {
                        Console.shared.write("\nEpoch \(epoch + 1): ReduceLROnPlateau reducing learning rate to \(PythonFormat.repr(reduced)).\n")
                    }
                    cooldownCounter = cooldown
                    wait = 0
                }
            }
        }
    }
}
