/// A Keras callback (`keras.callbacks.Callback`): every hook does nothing by default;
/// built-in callbacks and script subclasses (through the language bridge) override them.
/// Hooks receive the shared `Logs` and may add to them.
open class Callback {
    /// The model being trained, evaluated or used for prediction.
    public var model: TrainableModel?
    /// `self.params`, set by `fit`/`evaluate`/`predict`.
    public var params: TrainingParams?
    /// The script object standing for this callback (set by the language bridge).
    public weak var host: AnyObject?

    public init() {}

    open func setParams(_ params: TrainingParams) { self.params = params }
    open func setModel(_ model: TrainableModel) { self.model = model }

    open func onTrainBegin(logs: Logs) throws {}
    open func onTrainEnd(logs: Logs) throws {}
    open func onEpochBegin(_ epoch: Int, logs: Logs) throws {}
    open func onEpochEnd(_ epoch: Int, logs: Logs) throws {}
    open func onTrainBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onTestBegin(logs: Logs) throws {}
    open func onTestEnd(logs: Logs) throws {}
    open func onTestBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onTestBatchEnd(_ batch: Int, logs: Logs) throws {}
    open func onPredictBegin(logs: Logs) throws {}
    open func onPredictEnd(logs: Logs) throws {}
    open func onPredictBatchBegin(_ batch: Int, logs: Logs) throws {}
    open func onPredictBatchEnd(_ batch: Int, logs: Logs) throws {}
}
