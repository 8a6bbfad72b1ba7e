import KTensor

/// `keras.callbacks.ProgbarLogger` as `fit`/`evaluate`/`predict` add it (count mode
/// "steps"): `Epoch 1/10` before each epoch when there are several, a bar per epoch, and
/// for a standalone `evaluate`/`predict` a bar of its own. Inside `fit`, validation shows no
/// bar; its results appear on the epoch line.
public final class ProgbarLogger: Callback {
    /// Whether bars redraw in place (nil: whether standard output is a terminal).
    public var dynamic: Bool?
    /// The clock the bars use (injectable for tests).
    public var clock: (() -> Double)?
    /// Names displayed as-is rather than averaged (the model's metric names).
    public var statefulMetrics: Set<String> = []
    /// Supplies further stateful names when a bar updates (the model's metrics, known only
    /// once the first batch has built them).
    public var statefulMetricNames: (() -> [String])?

    private var progbar: Progbar?
    private var target: Int?
    private var seen = 0
    private var verbose = 1
    private var epochs = 1
    private var calledInFit = false

    public override init() {}

    public override func setParams(_ params: TrainingParams) {
        super.setParams(params)
        verbose = params.verbose
        epochs = params.epochs
        target = params.steps
    }

    public override func onTrainBegin(logs: Logs) throws { calledInFit = true }

    public override func onTestBegin(logs: Logs) throws {
        if !calledInFit { resetProgbar() }
    }

    public override func onPredictBegin(logs: Logs) throws { resetProgbar() }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws {
        resetProgbar()
        if verbose != 0 && epochs > 1 { Console.shared.write("Epoch \(epoch + 1)/\(epochs)\n") }
    }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws { batchUpdate(batch, logs) }

    public override func onTestBatchEnd(_ batch: Int, logs: Logs) throws {
        if !calledInFit { batchUpdate(batch, logs) }
    }

    public override func onPredictBatchEnd(_ batch: Int, logs: Logs) throws { batchUpdate(batch, nil) }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws { finalize(logs) }

    public override func onTestEnd(logs: Logs) throws {
        if !calledInFit { finalize(logs) }
    }

    public override func onPredictEnd(logs: Logs) throws { finalize(logs) }

    private func resetProgbar() {
        seen = 0
        progbar = nil
    }

    private func bar() -> Progbar {
        if let progbar { return progbar }
        let created: Progbar
        if let clock {
            created = Progbar(target: target, verbose: verbose, statefulMetrics: statefulMetrics,
                              dynamic: dynamic ?? Progbar.standardOutputIsTerminal, clock: clock)
        } else {
            created = Progbar(target: target, verbose: verbose, statefulMetrics: statefulMetrics,
                              dynamic: dynamic ?? Progbar.standardOutputIsTerminal)
        }
        progbar = created
        return created
    }

    private func batchUpdate(_ batch: Int, _ logs: Logs?) {
        let bar = bar()
        refreshStateful(bar)
        seen = batch + 1
        if verbose == 1 {
            bar.update(seen, values: logs.map(Self.pairs) ?? [], finalize: false)
        }
    }

    private func finalize(_ logs: Logs) {
        let bar = bar()
        refreshStateful(bar)
        if target == nil {
            target = seen
            bar.target = seen
        }
        bar.update(target ?? seen, values: Self.pairs(logs), finalize: true)
    }

    private func refreshStateful(_ bar: Progbar) {
        guard let names = statefulMetricNames?() else { return }
        statefulMetrics.formUnion(names)
        bar.statefulMetrics.formUnion(names)
    }

    private static func pairs(_ logs: Logs) -> [(String, Double)] {
        logs.entries.map { ($0.key, $0.value.value) }
    }
}
