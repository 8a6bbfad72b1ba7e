import KTensor

/// Whether a monitored quantity should decrease or increase (`mode='min'|'max'|'auto'`).
public enum MonitorMode: String, Sendable {
    case auto, min, max

    /// The mode an identifier names; unknown names fall back to `auto` with Keras' warning.
    public init(kerasName: String, callback: String) {
        if let mode = MonitorMode(rawValue: kerasName) {
            self = mode
        } else {
            KerasWarning.emit("\(callback) mode \(kerasName) is unknown, fallback to auto mode.")
            self = .auto
        }
    }
}

/// TensorFlow-style warnings on standard error (`WARNING:tensorflow:...`).
enum KerasWarning {
    static func emit(_ message: String) {
        Console.shared.write("WARNING:tensorflow:\(message)\n", to: .stderr)
    }
}
