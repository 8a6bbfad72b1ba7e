import Foundation

/// A cell range of a subplot grid (matplotlib's `SubplotSpec`): rows and columns inclusive,
/// counted from the top-left.
public struct SubplotSpec: Equatable {
    public let nrows: Int
    public let ncols: Int
    public let rows: ClosedRange<Int>
    public let columns: ClosedRange<Int>

    /// The cells from 1-based `first` to `last` in row-major order, as `subplot(nrows, ncols,
    /// index)` numbers them.
    public init(nrows: Int, ncols: Int, first: Int, last: Int? = nil) throws {
        let last = last ?? first
        guard nrows > 0, ncols > 0 else {
            throw PlotError.value("Number of rows and columns must be > 0, not \(nrows) and \(ncols)")
        }
        guard first >= 1, last >= first, last <= nrows * ncols else {
            throw PlotError.value("num must be an integer with 1 <= num <= \(nrows * ncols), not \(first == last ? first : last)")
        }
        self.nrows = nrows
        self.ncols = ncols
        let a = first - 1, b = last - 1
        rows = min(a / ncols, b / ncols)...max(a / ncols, b / ncols)
        columns = min(a % ncols, b % ncols)...max(a % ncols, b % ncols)
    }
}

/// How the axes box relates to the data scales (`set_aspect`).
public enum Aspect: Equatable {
    case auto
    /// One data unit has the same length on both axes.
    case equal
    /// A y unit is this many times as long as an x unit.
    case ratio(Double)

    public init(parsing text: String) throws {
        switch text {
        case "auto": self = .auto
        case "equal": self = .equal
        default:
            guard let v = Double(text), v > 0 else { throw PlotError.value("aspect must be finite and positive ") }
            self = .ratio(v)
        }
    }
}

/// What gives way when the aspect is fixed (`adjustable`): the axes box shrinks, or the data
/// limits widen.
public enum Adjustable: String {
    case box, datalim
}

/// Where a title goes above the axes (`loc`).
public enum TitleLocation: String, CaseIterable {
    case left, center, right
}

/// Axes that share an axis (`sharex`/`sharey`): autoscaled together, limits set together.
final class SharedAxisGroup {
    private var members: [WeakAxes] = []

    private struct WeakAxes {
        weak var axes: Axes?
    }

    func add(_ axes: Axes) { members.append(WeakAxes(axes: axes)) }
    var axes: [Axes] { members.compactMap(\.axes) }
}

/// One plotting area of a figure (matplotlib's `Axes`): its artists, two axes, titles,
/// legend and frame. Methods mirror matplotlib's `Axes` methods in camelCase
/// (`set_xlim` → `setXlim`), with matplotlib's keyword names and defaults.
public final class Axes {
    public internal(set) weak var figure: Figure?
    /// The grid cell, for subplots.
    public internal(set) var subplotSpec: SubplotSpec?
    /// The position in figure fractions (left, bottom, width, height), for `add_axes`.
    var explicitRect: Rect?
    public let xaxis = Axis(direction: .x)
    public let yaxis = Axis(direction: .y)
    public private(set) var children: [Artist] = []
    public private(set) var containers: [BarContainer] = []
    var titles: [TitleLocation: Text] = [:]
    /// Points between the axes top and the titles' baseline.
    public var titlePad = 6.0
    public internal(set) var legend: Legend?
    public var facecolor = Color.white
    public var aspect = Aspect.auto
    public var adjustable = Adjustable.box
    public var anchor = Anchor.center
    /// `axis('off')` hides the frame, ticks, labels and background.
    public var axisOn = true
    public var frameOn = true
    public let spines: [String: Spine] = ["left": Spine(), "right": Spine(), "bottom": Spine(), "top": Spine()]
    public var xmargin = 0.05
    public var ymargin = 0.05
    public var useStickyEdges = true
    var lineCycleIndex = 0
    var patchCycleIndex = 0
    var sharedX: SharedAxisGroup?
    var sharedY: SharedAxisGroup?

    init(figure: Figure) {
        self.figure = figure
    }

    /// Removes all artists, titles, labels and the legend and resets the axes (`cla`).
    public func clear() {
        children = []
        containers = []
        titles = [:]
        titlePad = 6
        legend = nil
        lineCycleIndex = 0
        patchCycleIndex = 0
        for axis in [xaxis, yaxis] {
            axis.reset()
        }
        aspect = .auto
        adjustable = .box
        anchor = .center
        axisOn = true
        frameOn = true
        facecolor = .white
        xmargin = 0.05
        ymargin = 0.05
        for spine in spines.values {
            spine.visible = true
            spine.color = .black
            spine.linewidth = 0.8
        }
    }

    // MARK: Adding artists

    func add(_ artist: Artist, autoscaleX: Bool = true, autoscaleY: Bool = true) {
        if artist.label == nil { artist.label = "_child\(children.count)" }
        children.append(artist)
        if autoscaleX { xaxis.autoscaleRequested = true }
        if autoscaleY { yaxis.autoscaleRequested = true }
    }

    func addContainer(_ container: BarContainer) {
        containers.append(container)
    }

    /// The next colour of the lines' property cycle (used by `plot`, `hist`).
    func nextLineColor() -> Color {
        defer { lineCycleIndex += 1 }
        return Color.tab10[lineCycleIndex % Color.tab10.count]
    }

    /// The next colour of the patches' property cycle (used by `scatter`, `bar`, `fill_between`).
    func nextPatchColor() -> Color {
        defer { patchCycleIndex += 1 }
        return Color.tab10[patchCycleIndex % Color.tab10.count]
    }

    // MARK: Limits

    private func siblings(_ axis: Axis) -> [Axes] {
        let group = axis === xaxis ? sharedX : sharedY
        return group?.axes ?? [self]
    }

    private func axisOf(_ axes: Axes, like axis: Axis) -> Axis {
        axis.direction == .x ? axes.xaxis : axes.yaxis
    }

    /// Runs matplotlib's `autoscale_view` for an axis whose limits follow the data.
    func autoscale(_ axis: Axis) {
        guard axis.autoscaleOn else { return }
        let group = siblings(axis)
        guard group.contains(where: { axisOf($0, like: axis).autoscaleRequested }) else { return }
        var interval = DataInterval()
        var stickies: [Double] = []
        let margin = axis.direction == .x ? xmargin : ymargin
        for member in group {
            for artist in member.children where artist.visible {
                let e = artist.dataExtent()
                interval.add(axis.direction == .x ? e.x : e.y)
                if useStickyEdges && margin != 0 { stickies += axis.direction == .x ? e.stickyX : e.stickyY }
            }
        }
        if axis.scale.isLog { stickies = stickies.filter { $0 > 0 } }
        stickies.sort()
        var x0: Double, x1: Double
        if !interval.isEmpty {
            (x0, x1) = (interval.min, interval.max)
        } else {
            (x0, x1) = (-Double.infinity, Double.infinity)
        }
        let minPositive = interval.minPositive
        if case .log(let base) = axis.scale {
            (x0, x1) = LogLocator(base: base).nonsingularLimits(x0, x1, minPositive: minPositive)
        } else {
            (x0, x1) = nonsingular(x0, x1, expander: 0.05)
        }
        let tol = 1e-5 * abs(x1 - x0)
        let lowerBound = stickies.last { $0 < x0 + tol }
        let upperBound = stickies.first { $0 >= x1 - tol }
        if axis.scale.isLog {
            let mp = minPositive.isFinite ? minPositive : 1e-300
            if x0 <= 0 { x0 = mp }
            if x1 <= 0 { x1 = mp }
        }
        let t0 = axis.scale.forward(x0), t1 = axis.scale.forward(x1)
        var delta = (t1 - t0) * margin
        if !delta.isFinite { delta = 0 }
        x0 = axis.scale.inverse(t0 - delta)
        x1 = axis.scale.inverse(t1 + delta)
        if let lowerBound { x0 = max(x0, lowerBound) }
        if let upperBound { x1 = min(x1, upperBound) }
        if case .log(let base) = axis.scale {
            (x0, x1) = LogLocator(base: base).nonsingularLimits(x0, x1, minPositive: minPositive)
        } else {
            (x0, x1) = nonsingular(x0, x1)
        }
        for member in group {
            let a = axisOf(member, like: axis)
            a.view = a.inverted ? (x1, x0) : (x0, x1)
        }
    }

    /// The smallest positive data value along an axis (for log scales).
    func minPositive(_ axis: Axis) -> Double {
        var interval = DataInterval()
        for member in siblings(axis) {
            for artist in member.children {
                let e = artist.dataExtent()
                interval.add(axis.direction == .x ? e.x : e.y)
            }
        }
        return interval.minPositive
    }

    /// Autoscales both axes if needed.
    func updateLimits() {
        autoscale(xaxis)
        autoscale(yaxis)
    }

    private func setLimits(_ axis: Axis, _ left: Double?, _ right: Double?) throws {
        updateLimits()
        var (a, b) = axis.view
        if let left { a = left }
        if let right { b = right }
        guard a.isFinite, b.isFinite else {
            throw PlotError.value("Axis limits cannot be NaN or Inf")
        }
        if axis.scale.isLog {
            if a <= 0 { a = axis.view.0 }
            if b <= 0 { b = axis.view.1 }
        }
        let reversed = a > b
        var (lo, hi): (Double, Double)
        if case .log(let base) = axis.scale {
            (lo, hi) = LogLocator(base: base).nonsingularLimits(a, b, minPositive: minPositive(axis))
        } else {
            (lo, hi) = nonsingular(a, b, expander: 0.05)
        }
        for member in siblings(axis) {
            let m = axisOf(member, like: axis)
            m.view = reversed ? (hi, lo) : (lo, hi)
            m.autoscaleOn = false
        }
    }

    /// `set_xlim(left, right)`: either may be nil to keep the current value.
    public func setXlim(_ left: Double? = nil, _ right: Double? = nil) throws { try setLimits(xaxis, left, right) }

    /// `set_ylim(bottom, top)`: either may be nil to keep the current value.
    public func setYlim(_ bottom: Double? = nil, _ top: Double? = nil) throws { try setLimits(yaxis, bottom, top) }

    /// `get_xlim()`: the view interval, autoscaled to the data first.
    public func getXlim() -> (Double, Double) {
        updateLimits()
        return xaxis.view
    }

    public func getYlim() -> (Double, Double) {
        updateLimits()
        return yaxis.view
    }

    /// `set_xscale('linear' | 'log', base=10)`.
    public func setXscale(_ scale: String, base: Double = 10) throws {
        try setScale(xaxis, AxisScale(parsing: scale, base: base))
    }

    public func setYscale(_ scale: String, base: Double = 10) throws {
        try setScale(yaxis, AxisScale(parsing: scale, base: base))
    }

    private func setScale(_ axis: Axis, _ scale: AxisScale) throws {
        for member in siblings(axis) {
            axisOf(member, like: axis).setScale(scale)
        }
        if !axis.autoscaleOn, case .log = scale {
            let (a, b) = axis.view
            if a <= 0 || b <= 0 {
                try setLimits(axis, a > 0 ? a : nil, b > 0 ? b : nil)
            }
        }
    }

    public func getXscale() -> String { xaxis.scale.name }
    public func getYscale() -> String { yaxis.scale.name }

    /// `invert_xaxis()`.
    public func invertXaxis() {
        updateLimits()
        xaxis.view = (xaxis.view.1, xaxis.view.0)
    }

    public func invertYaxis() {
        updateLimits()
        yaxis.view = (yaxis.view.1, yaxis.view.0)
    }

    /// `autoscale(enable=True, axis='both', tight=None)`.
    public func autoscale(enable: Bool = true, axis: String = "both", tight: Bool? = nil) throws {
        guard ["both", "x", "y"].contains(axis) else {
            throw PlotError.value("'\(axis)' is not a valid value for axis; supported values are 'both', 'x', 'y'")
        }
        if axis != "y" {
            xaxis.autoscaleOn = enable
            if tight == true { xmargin = 0 }
        }
        if axis != "x" {
            yaxis.autoscaleOn = enable
            if tight == true { ymargin = 0 }
        }
    }

    /// `margins(x, y)`: the fraction of the data range added on each side when autoscaling.
    public func margins(x: Double? = nil, y: Double? = nil) throws {
        for v in [x, y].compactMap({ $0 }) where v <= -0.5 {
            throw PlotError.value("margin must be greater than -0.5")
        }
        if let x { xmargin = x }
        if let y { ymargin = y }
    }

    /// `set_aspect(aspect, adjustable=None)`.
    public func setAspect(_ aspect: Aspect, adjustable: Adjustable? = nil) {
        self.aspect = aspect
        if let adjustable { self.adjustable = adjustable }
    }

    /// `axis(option)`: 'off', 'on', 'equal', 'scaled', 'tight', 'auto', 'image', 'square',
    /// as matplotlib defines them.
    public func axis(_ option: String) throws {
        switch option {
        case "off": axisOn = false
        case "on": axisOn = true
        case "equal":
            setAspect(.equal, adjustable: .datalim)
        case "scaled":
            setAspect(.equal, adjustable: .box)
            anchor = .center
            freezeLimits()
        case "tight", "image":
            freezeLimits()
            if option == "image" {
                setAspect(.equal, adjustable: .box)
                anchor = .center
            }
        case "auto":
            aspect = .auto
            xaxis.autoscaleOn = true
            yaxis.autoscaleOn = true
        case "square":
            setAspect(.equal, adjustable: .box)
            anchor = .center
            freezeLimits()
            let (x0, x1) = xaxis.view, (y0, y1) = yaxis.view
            let edge = max(abs(x1 - x0), abs(y1 - y0))
            xaxis.view = (x0, x0 + (x1 >= x0 ? edge : -edge))
            yaxis.view = (y0, y0 + (y1 >= y0 ? edge : -edge))
        default:
            throw PlotError.value("Unrecognized string '\(option)' to axis; try 'on' or 'off'")
        }
    }

    /// Autoscales now, then keeps the limits.
    private func freezeLimits() {
        updateLimits()
        xaxis.autoscaleOn = false
        yaxis.autoscaleOn = false
    }

    /// `axis([xmin, xmax, ymin, ymax])`.
    public func axis(limits: [Double]) throws {
        guard limits.count == 4 else {
            throw PlotError(.typeError, "The first argument to axis() must be an iterable of the form [xmin, xmax, ymin, ymax]")
        }
        try setXlim(limits[0], limits[1])
        try setYlim(limits[2], limits[3])
    }
}
