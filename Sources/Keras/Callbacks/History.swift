/// `keras.callbacks.History`: every epoch's logs, appended per key in first-seen order
/// (`history.history`), and the epoch numbers (`history.epoch`).
public final class History: Callback {
    public private(set) var epoch: [Int] = []
    public private(set) var keys: [String] = []
    private var series: [String: [LogValue]] = [:]

    /// `history.history[key]`.
    public func values(_ key: String) -> [LogValue]? { series[key] }

    /// `history.history` as ordered pairs.
    public var history: [(key: String, values: [LogValue])] { keys.map { ($0, series[$0] ?? []) } }

    public override init() {}

    /// A history with recorded epochs and series (a restored notebook session's).
    public init(epoch: [Int], history: [(key: String, values: [LogValue])]) {
        self.epoch = epoch
        keys = history.map(\.key)
        series = Dictionary(history.map { ($0.key, $0.values) }, uniquingKeysWith: { first, _ in first })
    }

    public override func onTrainBegin(logs: Logs) throws {
        epoch = []
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        self.epoch.append(epoch)
        for (key, value) in logs.entries {
            if series[key] == nil { keys.append(key) }
            series[key, default: []].append(value)
        }
    }
}
