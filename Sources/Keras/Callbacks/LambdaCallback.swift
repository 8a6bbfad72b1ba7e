/// `keras.callbacks.LambdaCallback(on_epoch_begin=..., on_epoch_end=..., on_batch_begin=...,
/// on_batch_end=..., on_train_begin=..., on_train_end=...)`: closures for the common hooks
/// (`on_batch_*` are the training-batch hooks).
public final class LambdaCallback: Callback {
    public var epochBegin: ((Int, Logs) throws -> Void)?
    public var epochEnd: ((Int, Logs) throws -> Void)?
    public var batchBegin: ((Int, Logs) throws -> Void)?
    public var batchEnd: ((Int, Logs) throws -> Void)?
    public var trainBegin: ((Logs) throws -> Void)?
    public var trainEnd: ((Logs) throws -> Void)?

    public override init() {}

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { try epochBegin?(epoch, logs) }
    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { try epochEnd?(epoch, logs) }
    public override func onTrainBatchBegin(_ batch: Int, logs: Logs) throws { try batchBegin?(batch, logs) }
    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { try batchEnd?(batch, logs) }
    public override func onTrainBegin(logs: Logs) throws { try trainBegin?(logs) }
    public override func onTrainEnd(logs: Logs) throws { try trainEnd?(logs) }
}
