import Foundation

/// matplotlib's default tick formatter: fixed-point labels with just enough decimals to tell
/// the ticks apart, an offset (`+1e3`) for ticks crowded far from zero, scientific notation
/// (`1e6`) outside the power limits (-5, 6), and U+2212 minus signs.
public struct ScalarFormatter: Equatable {
    public var useOffset: Bool
    public var offsetThreshold: Int
    public var scientific: Bool
    public var powerLimits: (Int, Int)
    public var unicodeMinus: Bool

    public init(useOffset: Bool = true, offsetThreshold: Int = 4, scientific: Bool = true,
                powerLimits: (Int, Int) = (-5, 6), unicodeMinus: Bool = true) {
        self.useOffset = useOffset
        self.offsetThreshold = offsetThreshold
        self.scientific = scientific
        self.powerLimits = powerLimits
        self.unicodeMinus = unicodeMinus
    }

    public static func == (a: ScalarFormatter, b: ScalarFormatter) -> Bool {
        a.useOffset == b.useOffset && a.offsetThreshold == b.offsetThreshold && a.scientific == b.scientific
            && a.powerLimits == b.powerLimits && a.unicodeMinus == b.unicodeMinus
    }

    /// The labels of all tick locations and the offset text, for the axis' view interval.
    public func format(_ locs: [Double], viewInterval: (Double, Double)) -> (labels: [String], offsetText: String) {
        guard !locs.isEmpty else { return ([], "") }
        let vmin = min(viewInterval.0, viewInterval.1), vmax = max(viewInterval.0, viewInterval.1)
        let visible = locs.filter { vmin <= $0 && $0 <= vmax }
        let offset = useOffset ? computeOffset(visible) : 0
        let oom = orderOfMagnitude(visible, offset: offset, vmin: vmin, vmax: vmax)
        let fmt = formatString(locs, offset: offset, oom: oom, viewInterval: viewInterval)
        let labels = locs.map { x -> String in
            var xp = (x - offset) / pow(10, Double(oom))
            if abs(xp) < 1e-8 { xp = 0 }
            return fixMinus(PythonFloat.format(fmt, xp))
        }
        return (labels, offsetText(offset: offset, oom: oom))
    }

    private func fixMinus(_ s: String) -> String {
        unicodeMinus ? s.replacingOccurrences(of: "-", with: "\u{2212}") : s
    }

    private func computeOffset(_ locs: [Double]) -> Double {
        guard let lmin = locs.min(), let lmax = locs.max() else { return 0 }
        if lmin == lmax || (lmin <= 0 && 0 <= lmax) { return 0 }
        let absMin = min(abs(lmin), abs(lmax)), absMax = max(abs(lmin), abs(lmax))
        let sign: Double = lmin < 0 ? -1 : 1
        let oomMax = log10(absMax).rounded(.up)
        var oom = oomMax
        // The loops end: the values differ, so some power of ten separates them (the floor
        // on `oom` guards against non-finite input).
        while PythonFloat.floorDiv(absMin, pow(10, oom)) == PythonFloat.floorDiv(absMax, pow(10, oom)), oom > -400 {
            oom -= 1
        }
        oom += 1
        if (absMax - absMin) / pow(10, oom) <= 1e-2 {
            oom = oomMax
            while !(PythonFloat.floorDiv(absMax, pow(10, oom)) - PythonFloat.floorDiv(absMin, pow(10, oom)) > 1), oom > -400 {
                oom -= 1
            }
            oom += 1
        }
        let n = Double(offsetThreshold - 1)
        let lead = PythonFloat.floorDiv(absMax, pow(10, oom))
        return lead >= pow(10, n) ? sign * lead * pow(10, oom) : 0
    }

    private func orderOfMagnitude(_ visible: [Double], offset: Double, vmin: Double, vmax: Double) -> Int {
        guard scientific else { return 0 }
        if powerLimits.0 == powerLimits.1 && powerLimits.0 != 0 { return powerLimits.0 }
        guard !visible.isEmpty else { return 0 }
        let oom: Int
        if offset != 0 {
            oom = PythonFloat.int(log10(vmax - vmin).rounded(.down))
        } else {
            let val = visible.map(abs).max() ?? 0
            oom = val == 0 ? 0 : PythonFloat.int(log10(val).rounded(.down))
        }
        if oom <= powerLimits.0 || oom >= powerLimits.1 { return oom }
        return 0
    }

    private func formatString(_ allLocs: [Double], offset: Double, oom: Int, viewInterval: (Double, Double)) -> String {
        var raw = allLocs
        if allLocs.count < 2 { raw += [viewInterval.0, viewInterval.1] }
        var locs = raw.map { ($0 - offset) / pow(10, Double(oom)) }
        var range = (locs.max() ?? 0) - (locs.min() ?? 0)
        if range == 0 { range = locs.map(abs).max() ?? 0 }
        if range == 0 { range = 1 }
        if allLocs.count < 2 { locs.removeLast(2) }
        let rangeOom = PythonFloat.int(log10(range).rounded(.down))
        var sigfigs = max(0, 3 - rangeOom)
        let thresh = 1e-3 * pow(10, Double(rangeOom))
        while sigfigs >= 0 {
            let worst = locs.map { abs($0 - PythonFloat.round($0, decimals: sigfigs)) }.max() ?? 0
            if worst < thresh { sigfigs -= 1 } else { break }
        }
        sigfigs += 1
        return "%1.\(sigfigs)f"
    }

    private func offsetText(offset: Double, oom: Int) -> String {
        guard oom != 0 || offset != 0 else { return "" }
        var offsetString = ""
        if offset != 0 {
            offsetString = formatData(offset)
            if offset > 0 { offsetString = "+" + offsetString }
        }
        let sci = oom != 0 ? "1e\(oom)" : ""
        return fixMinus(sci + offsetString)
    }

    /// matplotlib's `ScalarFormatter.format_data`: `1.5e3`, `2e-7`, `12`.
    private func formatData(_ value: Double) -> String {
        let e = PythonFloat.int(log10(abs(value)).rounded(.down))
        let s = PythonFloat.round(value / pow(10, Double(e)), decimals: 10)
        let significand = s.truncatingRemainder(dividingBy: 1) == 0 ? String(format: "%d", Int(s)) : String(format: "%1.10g", s)
        if e == 0 { return fixMinus(significand) }
        return fixMinus("\(significand)e\(e)")
    }
}
