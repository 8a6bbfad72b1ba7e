/// One logged value: a Python float holding a float32 (metrics, losses), or a NumPy float32
/// scalar (the `lr` that `ReduceLROnPlateau`/`LearningRateScheduler` add), which prints
/// differently (`0.001` instead of `0.0010000000474974513`).
public struct LogValue: Equatable, Sendable {
    public var value: Double
    public var isNumPyFloat32: Bool

    public init(_ value: Double, isNumPyFloat32: Bool = false) {
        self.value = value
        self.isNumPyFloat32 = isNumPyFloat32
    }
}

/// The `logs` dict callbacks receive: names to values in insertion order, shared by
/// reference (a callback adding `lr` is seen by the callbacks after it, as in Keras).
public final class Logs {
    public private(set) var keys: [String] = []
    private var values: [String: LogValue] = [:]

    public init() {}

    /// Logs holding `entries` in order.
    public init(_ entries: [(String, Double)]) {
        for (key, value) in entries { self[key] = LogValue(value) }
    }

    public subscript(key: String) -> LogValue? {
        get { values[key] }
        set {
            if let newValue {
                if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if values.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// The value of `key` as a Double.
    public func value(_ key: String) -> Double? { values[key]?.value }

    /// Entries in insertion order.
    public var entries: [(key: String, value: LogValue)] {
        keys.compactMap { key in values[key].map { (key, $0) } }
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// A copy (a new dict with the same entries).
    public func copy() -> Logs {
        let result = Logs()
        for key in keys { result[key] = values[key] }
        return result
    }

    /// Removes every entry.
    public func removeAll() {
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }
}
