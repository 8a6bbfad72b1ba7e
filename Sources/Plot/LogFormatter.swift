import Foundation

/// matplotlib's `LogFormatterSciNotation`: labels powers of the base as `10^k` (math text),
/// and, when the axis spans few decades, some or all other ticks as `2\times10^k`.
public struct LogFormatter: Equatable {
    public var base: Double
    public var labelOnlyBase: Bool
    /// (subset, all): label a subset of non-decade ticks when the axis spans at most
    /// `subset` decades, all of them at most `all` decades.
    public var minorThresholds: (Double, Double)

    public init(base: Double = 10, labelOnlyBase: Bool = false, minorThresholds: (Double, Double) = (1, 0.4)) {
        self.base = base
        self.labelOnlyBase = labelOnlyBase
        self.minorThresholds = minorThresholds
    }

    public static func == (a: LogFormatter, b: LogFormatter) -> Bool {
        a.base == b.base && a.labelOnlyBase == b.labelOnlyBase && a.minorThresholds == b.minorThresholds
    }

    /// Labels for the tick locations (empty strings for unlabelled ticks).
    public func format(_ locs: [Double], viewInterval: (Double, Double)) -> [String] {
        let sublabels = self.sublabels(viewInterval)
        return locs.map { label($0, sublabels: sublabels) }
    }

    /// The mantissas that get labels; nil means all.
    private func sublabels(_ view: (Double, Double)) -> Set<Double>? {
        if minorThresholds.0.isInfinite { return nil }
        let vmin = min(view.0, view.1), vmax = max(view.0, view.1)
        if vmin <= 0 { return [1] }
        let numdec = abs(log(vmax) / log(base) - log(vmin) / log(base))
        if numdec > minorThresholds.0 { return [1] }
        if numdec > minorThresholds.1 {
            // np.geomspace(1, b, int(b)//2 + 1), rounded.
            let n = Int(base) / 2 + 1
            var set = Set<Double>()
            for i in 0..<n {
                let v = n == 1 ? 1 : pow(base, Double(i) / Double(n - 1))
                set.insert(v.rounded(.toNearestOrEven))
            }
            return set
        }
        return Set(stride(from: 1.0, through: base, by: 1))
    }

    private func label(_ value: Double, sublabels: Set<Double>?) -> String {
        if value == 0 { return "$\\mathdefault{0}$" }
        let sign = value < 0 ? "-" : ""
        let x = abs(value)
        let fx = log(x) / log(base)
        let isDecade = isCloseToInt(fx)
        let exponent = isDecade ? fx.rounded(.toNearestOrEven) : fx.rounded(.down)
        let coeff = pow(base, fx - exponent).rounded(.toNearestOrEven)
        if labelOnlyBase && !isDecade { return "" }
        if let sublabels, !sublabels.contains(coeff) { return "" }
        let baseText = base.truncatingRemainder(dividingBy: 1) == 0 ? String(Int(base)) : PythonFloat.formatG(base)
        if isDecade {
            return "$\\mathdefault{\(sign)\(baseText)^{\(PythonFloat.int(fx.rounded(.toNearestOrEven)))}}$"
        }
        let e = fx.rounded(.down)
        var c = pow(base, fx - e)
        if isCloseToInt(c) { c = c.rounded(.toNearestOrEven) }
        return "$\\mathdefault{\(sign)\(PythonFloat.formatG(c))\\times\(baseText)^{\(PythonFloat.int(e))}}$"
    }

    /// Python's `math.isclose(x, round(x))` (relative tolerance 1e-9).
    private func isCloseToInt(_ x: Double) -> Bool {
        let r = x.rounded(.toNearestOrEven)
        return abs(x - r) <= 1e-9 * max(abs(x), abs(r))
    }
}
