import Foundation

/// matplotlib's `LogLocator`: ticks at `subs[j] * base**i`. Major ticks use subs (1,); the
/// minor locator of a log axis uses 'auto' (2...base-1 between the powers).
public struct LogLocator: Equatable {
    public enum Subs: Equatable {
        case values([Double])
        /// Ticks between the powers only (2 ... base-1).
        case auto
        /// Ticks between and at the powers (1 ... base-1).
        case all
    }

    public var base: Double
    public var subs: Subs
    /// nil: 'auto', from the axis' tick space, clipped to 2...9.
    public var numticks: Int?

    public init(base: Double = 10, subs: Subs = .values([1]), numticks: Int? = nil) {
        self.base = base
        self.subs = subs
        self.numticks = numticks
    }

    /// Tick locations for the view interval; `minPositive` replaces a non-positive `vmin`.
    public func tickValues(_ vmin: Double, _ vmax: Double, tickSpace: Int? = nil, minPositive: Double = .infinity) -> [Double] {
        let n = numticks ?? (tickSpace.map { min(max($0, 2), 9) } ?? 9)
        var lo = vmin, hi = vmax
        if lo <= 0 { lo = minPositive }
        guard lo > 0, lo.isFinite, hi.isFinite else { return [] }
        if hi < lo { swap(&lo, &hi) }
        let logMin = log(lo) / log(base), logMax = log(hi) / log(base)
        let numdec = PythonFloat.int(logMax.rounded(.down)) - PythonFloat.int(logMin.rounded(.up))
        var s: [Double]
        switch subs {
        case .auto, .all:
            if numdec > 10 || base < 3 {
                if subs == .auto { return [] }
                s = [1]
            } else {
                let first = subs == .auto ? 2.0 : 1.0
                s = Array(stride(from: first, to: base, by: 1))
            }
        case .values(let v):
            s = v
        }
        var strideCount = numdec / n + 1
        if strideCount >= numdec { strideCount = max(1, numdec - 1) }
        let haveSubs = s.count > 1 || (s.count == 1 && s[0] != 1)
        var decades: [Double] = []
        var d = PythonFloat.int(logMin.rounded(.down)) - strideCount
        let end = PythonFloat.int(logMax.rounded(.up)) + 2 * strideCount
        while d < end {
            decades.append(Double(d))
            d += strideCount
        }
        var ticks: [Double] = []
        if haveSubs {
            if strideCount == 1 {
                for decade in decades {
                    let start = pow(base, decade)
                    ticks += s.map { $0 * start }
                }
            }
        } else {
            ticks = decades.map { pow(base, $0) }
        }
        if s.count > 1 && strideCount == 1 && ticks.filter({ $0 >= lo && $0 <= hi }).count <= 1 {
            return MaxNLocator.auto.tickValues(lo, hi)
        }
        return ticks
    }

    /// matplotlib's `LogLocator.nonsingular`: a usable positive interval for autoscaling.
    func nonsingularLimits(_ v0: Double, _ v1: Double, minPositive: Double) -> (Double, Double) {
        var vmin = min(v0, v1), vmax = max(v0, v1)
        if !vmin.isFinite || !vmax.isFinite { return (1, 10) }
        if vmax <= 0 { return (1, 10) }
        let minpos = minPositive.isFinite ? minPositive : 1e-300
        if vmin <= 0 { vmin = minpos }
        if vmin == vmax {
            vmin = decadeLess(vmin)
            vmax = decadeGreater(vmax)
        }
        return (vmin, vmax)
    }

    /// The largest power of the base strictly less than x (x > 0).
    private func decadeLess(_ x: Double) -> Double {
        var e = (log(x) / log(base)).rounded(.down)
        if pow(base, e) >= x { e -= 1 }
        return pow(base, e)
    }

    /// The smallest power of the base strictly greater than x (x > 0).
    private func decadeGreater(_ x: Double) -> Double {
        var e = (log(x) / log(base)).rounded(.up)
        if pow(base, e) <= x { e += 1 }
        return pow(base, e)
    }
}
