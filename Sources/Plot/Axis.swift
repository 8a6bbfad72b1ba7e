import Foundation

/// The x or y axis of an Axes: scale, view interval, locators, formatters, tick styles,
/// label and grid (matplotlib's `XAxis`/`YAxis`).
public final class Axis {
    public enum Direction { case x, y }

    public let direction: Direction
    public internal(set) var scale: AxisScale = .linear
    /// The view interval (reversed when the axis is inverted).
    var view: (Double, Double) = (0, 1)
    var autoscaleOn = true
    /// Set once data was added that this axis should autoscale to.
    var autoscaleRequested = false
    public var majorLocator: TickLocator = .auto
    public var majorFormatter: TickFormatter = .scalar(ScalarFormatter())
    public var minorLocator: TickLocator = .null
    public var minorFormatter: TickFormatter = .null
    public var majorStyle = TickStyle.major
    public var minorStyle = TickStyle.minor
    /// The axis label (`set_xlabel`); its position is computed at draw time.
    public let label: Text
    /// Points between the tick labels and the axis label.
    public var labelpad = 4.0
    /// Major/minor grid lines; nil when off.
    public var majorGrid: GridStyle?
    public var minorGrid: GridStyle?
    /// Category names of a categorical axis (strings plotted as data), in order of first use.
    public private(set) var categories: [String] = []

    init(direction: Direction) {
        self.direction = direction
        var style = TextStyle(fontSize: 10)
        if direction == .x {
            style.ha = .center
            style.va = .top
        } else {
            style.ha = .center
            style.va = .bottom
            style.rotation = 90
            style.rotateAroundAnchor = true
        }
        label = Text(x: 0.5, y: 0.5, text: "", style: style, coordinates: .axes)
    }

    var inverted: Bool { view.0 > view.1 }

    /// Back to a fresh linear axis (`cla`).
    func reset() {
        setScale(.linear)
        view = (0, 1)
        autoscaleOn = true
        autoscaleRequested = false
        majorStyle = .major
        minorStyle = .minor
        label.text = ""
        label.style = Axis(direction: direction).label.style
        labelpad = 4
        majorGrid = nil
        minorGrid = nil
        categories = []
    }

    /// Sets the scale and its default locators and formatters (as matplotlib does).
    func setScale(_ newScale: AxisScale) {
        scale = newScale
        switch newScale {
        case .linear:
            majorLocator = .auto
            majorFormatter = .scalar(ScalarFormatter())
            minorLocator = .null
            minorFormatter = .null
        case .log(let base):
            majorLocator = .log(LogLocator(base: base))
            majorFormatter = .log(LogFormatter(base: base))
            minorLocator = .log(LogLocator(base: base, subs: .auto))
            minorFormatter = .log(LogFormatter(base: base))
        }
    }

    /// Positions for category names, adding new ones (matplotlib's string category units):
    /// the axis then ticks and labels each category.
    public func categoryPositions(_ names: [String]) -> [Double] {
        for name in names where !categories.contains(name) { categories.append(name) }
        majorLocator = .fixed(categories.indices.map(Double.init))
        majorFormatter = .fixed(categories)
        return names.map { name in Double(categories.firstIndex(of: name) ?? 0) }
    }

    /// The number of ticks that fit on an axis `length` points long (matplotlib's heuristic).
    func tickSpace(length: Double) -> Int {
        let size = majorStyle.labelsize * (direction == .x ? 3 : 2)
        return size > 0 ? PythonFloat.int((length / size).rounded(.down)) : Int(Int32.max)
    }

    private func locations(_ locator: TickLocator, length: Double, minPositive: Double) -> [Double] {
        let (v0, v1) = (min(view.0, view.1), max(view.0, view.1))
        switch locator {
        case .auto:
            if case .log(let base) = scale {
                return LogLocator(base: base).tickValues(v0, v1, tickSpace: tickSpace(length: length), minPositive: minPositive)
            }
            return MaxNLocator.auto.tickValues(v0, v1, tickSpace: tickSpace(length: length))
        case .maxN(let l): return l.tickValues(v0, v1, tickSpace: tickSpace(length: length))
        case .log(let l): return l.tickValues(v0, v1, tickSpace: tickSpace(length: length), minPositive: minPositive)
        case .fixed(let values): return values
        case .multiple(let base):
            guard base > 0, (v1 - v0) / base < 10000 else { return [] }
            let lo = EdgeInteger(step: base, offset: 0).le(v0 - base * 0.001) * base
            var out: [Double] = []
            var k = 0.0
            while lo + k * base <= v1 + 0.001 * base {
                out.append(lo + k * base)
                k += 1
            }
            return out
        case .null: return []
        }
    }

    private func labels(_ formatter: TickFormatter, _ locs: [Double]) -> (labels: [String], offset: String) {
        switch formatter {
        case .scalar(let f):
            let (labels, offset) = f.format(locs, viewInterval: view)
            return (labels, offset)
        case .log(let f): return (f.format(locs, viewInterval: view), "")
        case .fixed(let names): return (locs.indices.map { $0 < names.count ? names[$0] : "" }, "")
        case .function(let f): return (locs.enumerated().map { f($1, $0) }, "")
        case .null: return (locs.map { _ in "" }, "")
        }
    }

    /// The ticks inside the view interval, with labels and display positions, and the offset
    /// text. `mapping` maps values to display coordinates along the axis.
    func placedTicks(mapping: AxisMapping, length: Double, minPositive: Double) -> (ticks: [PlacedTick], offsetText: String) {
        let majorLocs = locations(majorLocator, length: length, minPositive: minPositive)
        let (majorLabels, offsetText) = labels(majorFormatter, majorLocs)
        var minorLocs = locations(minorLocator, length: length, minPositive: minPositive)
        let t0 = scale.forward(view.0), t1 = scale.forward(view.1)
        let tol = abs(t1 - t0) * 1e-5
        let majorT = majorLocs.map(scale.forward)
        minorLocs = minorLocs.filter { v in
            let t = scale.forward(v)
            return !majorT.contains { abs($0 - t) <= tol }
        }
        let minorLabels = labels(minorFormatter, minorLocs).labels
        let lo = min(t0, t1), hi = max(t0, t1), slack = (hi - lo) * 1e-10
        var ticks: [PlacedTick] = []
        for (values, names, major) in [(majorLocs, majorLabels, true), (minorLocs, minorLabels, false)] {
            for (v, name) in zip(values, names) {
                let t = scale.forward(v)
                guard t >= lo - slack && t <= hi + slack else { continue }
                ticks.append(PlacedTick(value: v, position: mapping(v), label: name, major: major))
            }
        }
        return (ticks, offsetText)
    }

    /// The major tick locations for the current view (`get_xticks`).
    func majorTickLocations(length: Double, minPositive: Double) -> [Double] {
        locations(majorLocator, length: length, minPositive: minPositive)
    }
}
