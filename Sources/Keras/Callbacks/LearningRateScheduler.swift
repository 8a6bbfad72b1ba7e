import KTensor

/// `keras.callbacks.LearningRateScheduler(schedule, verbose=0)`: before each epoch sets the
/// learning rate to `schedule(epoch, lr)`; adds `lr` to each epoch's logs.
public final class LearningRateScheduler: Callback {
    /// `(epoch, current learning rate) -> new learning rate`.
    public let schedule: (Int, Double) throws -> Double
    public let verbose: Int

    public init(verbose: Int = 0, schedule: @escaping (Int, Double) throws -> Double) {
        self.schedule = schedule
        self.verbose = verbose
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.trainingOptimizer else {
            throw TensorError(.invalidArgument, "Optimizer must have a \"lr\" attribute.")
        }
        let rate = try schedule(epoch, Double(Float(optimizer.learningRate)))
        try optimizer.setLearningRate(rate)
        if verbose > 0 {
            Console.shared.write("\nEpoch \(epoch + 1): LearningRateScheduler setting learning rate to \(PythonFormat.repr(rate)).\n")
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        guard let optimizer = model?.trainingOptimizer else { return }
        logs["lr"] = LogValue(Double(Float(optimizer.learningRate)), isNumPyFloat32: true)
    }
}
