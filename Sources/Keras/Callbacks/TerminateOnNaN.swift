import KTensor

/// `keras.callbacks.TerminateOnNaN()`: stops training when a batch's loss is NaN or infinite.
public final class TerminateOnNaN: Callback {
    public override init() {}

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let loss = logs.value("loss"), !loss.isFinite else { return }
        Console.shared.write("Batch \(batch): Invalid loss, terminating training\n")
        model?.stopTraining = true
    }
}
