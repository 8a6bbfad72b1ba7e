/// The callbacks of one `fit`/`evaluate`/`predict` call in Keras' order: the progress bar
/// first (when `verbose` is not 0 and none was given), the user's callbacks, then `History`
/// (for `fit`, when none was given).
public final class CallbackList {
    public private(set) var callbacks: [Callback]
    /// The `History` that `fit` returns.
    public private(set) var history: History?

    public init(_ callbacks: [Callback], addHistory: Bool, addProgbar: Bool, model: TrainableModel?, params: TrainingParams) {
        var list = callbacks
        history = list.lazy.compactMap { $0 as? History }.first
        if history == nil && addHistory {
            let created = History()
            list.append(created)
            history = created
        }
        if addProgbar && !list.contains(where: { $0 is ProgbarLogger }) {
            list.insert(ProgbarLogger(), at: 0)
        }
        self.callbacks = list
        for callback in list {
            if let model { callback.setModel(model) }
            callback.setParams(params)
        }
    }

    public func trainBegin(_ logs: Logs) throws { for c in callbacks { try c.onTrainBegin(logs: logs) } }
    public func trainEnd(_ logs: Logs) throws { for c in callbacks { try c.onTrainEnd(logs: logs) } }
    public func epochBegin(_ epoch: Int, _ logs: Logs) throws { for c in callbacks { try c.onEpochBegin(epoch, logs: logs) } }
    public func epochEnd(_ epoch: Int, _ logs: Logs) throws { for c in callbacks { try c.onEpochEnd(epoch, logs: logs) } }
    public func trainBatchBegin(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onTrainBatchBegin(batch, logs: logs) } }
    public func trainBatchEnd(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onTrainBatchEnd(batch, logs: logs) } }
    public func testBegin(_ logs: Logs) throws { for c in callbacks { try c.onTestBegin(logs: logs) } }
    public func testEnd(_ logs: Logs) throws { for c in callbacks { try c.onTestEnd(logs: logs) } }
    public func testBatchBegin(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchBegin(batch, logs: logs) } }
    public func testBatchEnd(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onTestBatchEnd(batch, logs: logs) } }
    public func predictBegin(_ logs: Logs) throws { for c in callbacks { try c.onPredictBegin(logs: logs) } }
    public func predictEnd(_ logs: Logs) throws { for c in callbacks { try c.onPredictEnd(logs: logs) } }
    public func predictBatchBegin(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onPredictBatchBegin(batch, logs: logs) } }
    public func predictBatchEnd(_ batch: Int, _ logs: Logs) throws { for c in callbacks { try c.onPredictBatchEnd(batch, logs: logs) } }
}
