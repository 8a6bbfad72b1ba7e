import Foundation

/// matplotlib's `MaxNLocator`: at most `nbins` intervals between "nice" ticks whose step is
/// one of `steps` (times a power of ten). `AutoLocator` is this with `nbins='auto'` and
/// steps [1, 2, 2.5, 5, 10]; 'auto' takes the bin count from the axis length.
public struct MaxNLocator: Equatable {
    /// `nil` means 'auto': the bin count comes from the axis' tick space, at most 9.
    public var nbins: Int?
    public var steps: [Double]
    public var integer: Bool
    public var minNTicks: Int
    public var prune: Prune?

    public enum Prune: String { case lower, upper, both }

    public init(nbins: Int? = nil, steps: [Double] = [1, 2, 2.5, 5, 10], integer: Bool = false,
                minNTicks: Int = 2, prune: Prune? = nil) throws {
        var s = steps
        guard !s.isEmpty, s.allSatisfy({ $0 >= 1 && $0 <= 10 }), zip(s, s.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw PlotError.value("steps argument must be an increasing sequence of numbers between 1 and 10 inclusive")
        }
        if s.first != 1 { s.insert(1, at: 0) }
        if s.last != 10 { s.append(10) }
        self.nbins = nbins
        self.steps = s
        self.integer = integer
        self.minNTicks = minNTicks
        self.prune = prune
    }

    /// matplotlib's default `AutoLocator`.
    public static let auto = MaxNLocator(validatedSteps: [1, 2, 2.5, 5, 10])

    private init(validatedSteps: [Double]) {
        nbins = nil
        steps = validatedSteps
        integer = false
        minNTicks = 2
        prune = nil
    }

    /// The steps of one decade below and one above (matplotlib's `_staircase`).
    private var extendedSteps: [Double] {
        steps.dropLast().map { 0.1 * $0 } + steps + [10 * steps[1]]
    }

    /// Tick locations for the interval; `tickSpace` is the axis' estimate of how many ticks
    /// fit (used when `nbins` is 'auto'; nil means no axis, i.e. 9 bins).
    public func tickValues(_ vmin: Double, _ vmax: Double, tickSpace: Int? = nil) -> [Double] {
        let (lo, hi) = nonsingular(vmin, vmax, expander: 1e-13, tiny: 1e-14)
        var locs = rawTicks(lo, hi, tickSpace: tickSpace)
        switch prune {
        case .lower: locs = Array(locs.dropFirst())
        case .upper: locs = Array(locs.dropLast())
        case .both: locs = Array(locs.dropFirst().dropLast())
        case nil: break
        }
        return locs
    }

    private func rawTicks(_ vmin: Double, _ vmax: Double, tickSpace: Int?) -> [Double] {
        let bins: Int
        if let nbins {
            bins = nbins
        } else if let tickSpace {
            bins = min(max(tickSpace, max(1, minNTicks - 1)), 9)
        } else {
            bins = 9
        }
        let (scale, offset) = scaleRange(vmin, vmax, bins)
        let lo = vmin - offset, hi = vmax - offset
        var candidates = extendedSteps.map { $0 * scale }
        if integer {
            candidates = candidates.filter { $0 < 1 || abs($0 - $0.rounded(.toNearestOrEven)) < 0.001 }
        }
        guard !candidates.isEmpty else { return [] }
        let rawStep = (hi - lo) / Double(bins)
        let firstLarge = candidates.firstIndex { $0 >= rawStep } ?? candidates.count - 1
        var ticks: [Double] = []
        for candidate in candidates[...firstLarge].reversed() {
            var step = candidate
            if integer && hi.rounded(.down) - lo.rounded(.up) >= Double(minNTicks - 1) {
                step = max(1, step)
            }
            let bestMin = PythonFloat.floorDiv(lo, step) * step
            let edge = EdgeInteger(step: step, offset: offset)
            let low = edge.le(lo - bestMin), high = edge.ge(hi - bestMin)
            // Degenerate (non-finite or float-exhausted) intervals give no ticks.
            guard high - low < 10000 else { return [] }
            ticks = []
            var k = low
            while k < high + 1 {
                ticks.append(k * step + bestMin)
                k += 1
            }
            let inside = ticks.filter { $0 <= hi && $0 >= lo }.count
            if inside >= minNTicks { break }
        }
        return ticks.map { $0 + offset }
    }

    /// matplotlib's `scale_range`: a power of ten near the step, and an offset for intervals
    /// far from zero.
    private func scaleRange(_ vmin: Double, _ vmax: Double, _ n: Int) -> (Double, Double) {
        let dv = abs(vmax - vmin)
        let meanv = (vmax + vmin) / 2
        var offset = 0.0
        if !(abs(meanv) / dv < 100) {
            offset = copysign(pow(10, PythonFloat.floorDiv(log10(abs(meanv)), 1)), meanv)
        }
        let scale = pow(10, PythonFloat.floorDiv(log10(dv / Double(n)), 1))
        return (scale, offset)
    }
}

/// Integer multiples of a step with a tolerance for floating-point error (matplotlib's
/// `_Edge_integer`).
struct EdgeInteger {
    let step: Double
    let offset: Double

    init(step: Double, offset: Double) {
        self.step = step
        self.offset = abs(offset)
    }

    private func closeTo(_ ms: Double, _ edge: Double) -> Bool {
        var tol = 1e-10
        if offset > 0 {
            let digits = log10(offset / step)
            tol = min(0.4999, max(1e-10, pow(10, digits - 12)))
        }
        return abs(ms - edge) < tol
    }

    func le(_ x: Double) -> Double {
        let (d, m) = PythonFloat.divmod(x, step)
        return closeTo(m / step, 1) ? d + 1 : d
    }

    func ge(_ x: Double) -> Double {
        let (d, m) = PythonFloat.divmod(x, step)
        return closeTo(m / step, 0) ? d : d + 1
    }
}

/// matplotlib's `transforms.nonsingular`: widens an empty or degenerate interval.
func nonsingular(_ v0: Double, _ v1: Double, expander: Double = 0.001, tiny: Double = 1e-15,
                 increasing: Bool = true) -> (Double, Double) {
    if !v0.isFinite || !v1.isFinite { return (-expander, expander) }
    var vmin = v0, vmax = v1
    var swapped = false
    if vmax < vmin {
        swap(&vmin, &vmax)
        swapped = true
    }
    let maxAbs = max(abs(vmin), abs(vmax))
    if maxAbs < (1e6 / tiny) * Double.leastNormalMagnitude {
        vmin = -expander
        vmax = expander
    } else if vmax - vmin <= maxAbs * tiny {
        if vmax == 0 && vmin == 0 {
            vmin = -expander
            vmax = expander
        } else {
            vmin -= expander * abs(vmin)
            vmax += expander * abs(vmax)
        }
    }
    if swapped && !increasing { swap(&vmin, &vmax) }
    return (vmin, vmax)
}
