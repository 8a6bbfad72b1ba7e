import Foundation
import KTensor

/// Keras 2.12's progress bar (`keras.utils.Progbar`) writing through `Console`.
///
/// `verbose` 1: a bar `12/50 [=====>........................] - ETA: 0s - loss: 0.7064`
/// redrawn in place (`\b`s and `\r`) at most every `interval` seconds when `dynamic`, or —
/// when output is not a terminal — only the final line of each bar. `verbose` 2: one line
/// at the end, `50/50 - 0s - loss: 0.7064 - 31ms/epoch - 626us/step`. Values are averaged
/// over steps unless their name is a stateful metric (the model's metrics are: they are
/// already running means); they print with `%.4f`, or `%.4e` when small.
public final class Progbar {
    public var target: Int?
    public let width: Int
    public let verbose: Int
    public let interval: Double
    public let unitName: String
    public var statefulMetrics: Set<String>
    /// True: redraw the line in place; false: print only finished bars.
    public let dynamic: Bool

    private let clock: () -> Double
    private var totalWidth = 0
    private var seenSoFar = 0
    private var order: [String] = []
    private var sums: [String: (total: Double, count: Double)] = [:]
    private var start: Double
    private var lastUpdate: Double = 0
    private var epochStart: Double
    private var epochEnd: Double?
    private var afterFirstStep: Double?

    /// A bar for `target` steps (nil when unknown). `clock` gives seconds (injectable for
    /// tests); `dynamic` defaults to whether standard output is a terminal.
    public init(target: Int?, width: Int = 30, verbose: Int = 1, interval: Double = 0.05, statefulMetrics: Set<String> = [],
                unitName: String = "step", dynamic: Bool = Progbar.standardOutputIsTerminal,
                clock: @escaping () -> Double = { Date().timeIntervalSince1970 }) {
        self.target = target
        self.width = width
        self.verbose = verbose
        self.interval = interval
        self.statefulMetrics = statefulMetrics
        self.unitName = unitName
        self.dynamic = dynamic
        self.clock = clock
        start = clock()
        epochStart = start
    }

    /// Shows progress `current` with this step's `values`; `finalize` defaults to reaching
    /// the target.
    public func update(_ current: Int, values: [(String, Double)] = [], finalize: Bool? = nil) {
        let final = finalize ?? (target.map { current >= $0 } ?? false)
        for (key, value) in values {
            if !order.contains(key) { order.append(key) }
            if statefulMetrics.contains(key) {
                sums[key] = (value, 1)
            } else {
                let base = Double(Swift.max(current - seenSoFar, 1))
                let old = sums[key] ?? (0, 0)
                sums[key] = (old.total + value * base, old.count + base)
            }
        }
        seenSoFar = current
        let now = clock()
        var info = " - " + PythonText.fixed(now - start, digits: 0) + "s"
        if current == target { epochEnd = now }
        if verbose == 1 {
            if now - lastUpdate < interval && !final { return }
            let previousWidth = totalWidth
            var message = dynamic ? String(repeating: "\u{8}", count: previousWidth) + "\r" : ""
            var bar: String
            if let target {
                let digits = Progbar.digits(target)
                bar = PythonText.padded(current, width: digits) + "/\(target) ["
                let progress = Double(current) / Double(Swift.max(target, 1))
                let progressWidth = Int(Double(width) * progress)
                if progressWidth > 0 {
                    bar += String(repeating: "=", count: progressWidth - 1)
                    bar += current < target ? ">" : "="
                }
                bar += String(repeating: ".", count: Swift.max(width - progressWidth, 0))
                bar += "]"
            } else {
                bar = PythonText.padded(current, width: 7) + "/Unknown"
            }
            totalWidth = bar.count
            message += bar
            let perUnit = stepDuration(current, now)
            if let target, !final {
                let eta = perUnit * Double(target - current)
                let etaText: String
                if eta > 3600 {
                    etaText = "\(Int(eta / 3600)):" + PythonText.padded(Int(eta.truncatingRemainder(dividingBy: 3600) / 60), width: 2, zero: true)
                        + ":" + PythonText.padded(Int(eta.truncatingRemainder(dividingBy: 60)), width: 2, zero: true)
                } else if eta > 60 {
                    etaText = "\(Int(eta / 60)):" + PythonText.padded(Int(eta.truncatingRemainder(dividingBy: 60)), width: 2, zero: true)
                } else {
                    etaText = "\(Int(eta))s"
                }
                info = " - ETA: " + etaText
            } else {
                info += Progbar.formatTime(perUnit, unitName)
            }
            for key in order {
                let average = mean(key)
                info += " - \(key): " + (Swift.abs(average) > 1e-3 ? PythonText.fixed(average, digits: 4) : PythonText.scientific(average, digits: 4))
            }
            totalWidth += info.count
            if previousWidth > totalWidth { info += String(repeating: " ", count: previousWidth - totalWidth) }
            if final { info += "\n" }
            message += info
            if dynamic || final { Console.shared.write(message) }
        } else if verbose == 2 && final {
            let targetValue = target ?? current
            var line = PythonText.padded(current, width: Progbar.digits(targetValue)) + "/\(targetValue)" + info
            for key in order {
                let average = mean(key)
                line += " - \(key): " + (average > 1e-3 ? PythonText.fixed(average, digits: 4) : PythonText.scientific(average, digits: 4))
            }
            if let end = epochEnd {
                let perEpoch = end - epochStart
                let perStep = perEpoch / Double(Swift.max(targetValue, 1))
                epochStart = now
                epochEnd = nil
                line += " -" + Progbar.formatTime(perEpoch, "epoch") + " -" + Progbar.formatTime(perStep, unitName) + "\n"
            }
            Console.shared.write(line)
        }
        lastUpdate = now
    }

    /// The displayed value of `key`: the running mean, or the value itself when stateful.
    private func mean(_ key: String) -> Double {
        guard let entry = sums[key] else { return 0 }
        return entry.total / Swift.max(1, entry.count)
    }

    /// Seconds per step, ignoring the first step once there are more.
    private func stepDuration(_ current: Int, _ now: Double) -> Double {
        guard current > 0 else { return 0 }
        let perUnit: Double
        if let first = afterFirstStep, current > 1 {
            perUnit = (now - first) / Double(current - 1)
        } else {
            perUnit = (now - start) / Double(current)
        }
        if current == 1 { afterFirstStep = now }
        return perUnit
    }

    /// True when the process's standard output is a terminal.
    public static var standardOutputIsTerminal: Bool { isatty(STDOUT_FILENO) != 0 }

    /// `int(log10(target)) + 1`.
    static func digits(_ target: Int) -> Int {
        target <= 0 ? 1 : String(target).count
    }

    /// ` 2ms/step`, ` 626us/step`, ` 1s/epoch` (Keras' `_format_time`).
    static func formatTime(_ perUnit: Double, _ unit: String) -> String {
        if perUnit >= 1 || perUnit == 0 { return " " + PythonText.fixed(perUnit, digits: 0) + "s/\(unit)" }
        if perUnit >= 1e-3 { return " " + PythonText.fixed(perUnit * 1000, digits: 0) + "ms/\(unit)" }
        return " " + PythonText.fixed(perUnit * 1_000_000, digits: 0) + "us/\(unit)"
    }
}

/// Python's number formatting for the progress bar and callbacks.
enum PythonText {
    /// `f"{value:.{digits}f}"`.
    static func fixed(_ value: Double, digits: Int) -> String {
        (try? PythonFormat.format(value, spec: ".\(digits)f")) ?? String(value)
    }

    /// `f"{value:.{digits}e}"`.
    static func scientific(_ value: Double, digits: Int) -> String {
        (try? PythonFormat.format(value, spec: ".\(digits)e")) ?? String(value)
    }

    /// `"%{width}d" % value` (or `%0{width}d`).
    static func padded(_ value: Int, width: Int, zero: Bool = false) -> String {
        let text = String(value)
        if text.count >= width { return text }
        if zero && value < 0 { return "-" + String(repeating: "0", count: width - text.count) + text.dropFirst() }
        return String(repeating: zero ? "0" : " ", count: width - text.count) + text
    }
}
