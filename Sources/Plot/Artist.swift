/// The coordinate system a position is given in: data, axes fractions (0...1 across the
/// axes) or figure fractions (matplotlib's `transData`, `transAxes`, `transFigure`).
public enum Coordinates: String {
    case data, axes, figure
}

/// Everything an artist needs to map its coordinates to display points.
struct DrawContext {
    let axesBox: Rect
    let x: AxisMapping
    let y: AxisMapping
    let figureBox: Rect
    /// The figure's dots per inch (for offsets given in pixels).
    let dpi: Double

    func point(_ px: Double, _ py: Double, x cx: Coordinates = .data, y cy: Coordinates = .data) -> Point {
        Point(map(px, cx, axis: x, lo: axesBox.x0, hi: axesBox.x1, figLo: figureBox.x0, figHi: figureBox.x1),
              map(py, cy, axis: y, lo: axesBox.y0, hi: axesBox.y1, figLo: figureBox.y0, figHi: figureBox.y1))
    }

    private func map(_ v: Double, _ c: Coordinates, axis: AxisMapping, lo: Double, hi: Double, figLo: Double, figHi: Double) -> Double {
        switch c {
        case .data: return axis(v)
        case .axes: return lo + v * (hi - lo)
        case .figure: return figLo + v * (figHi - figLo)
        }
    }

    /// The clip rectangle for artists clipped to the axes.
    func clip(_ clipOn: Bool) -> Rect? { clipOn ? axesBox : nil }
}

/// The finite values seen along one axis: their range and smallest positive value.
struct DataInterval: Equatable {
    var min = Double.infinity
    var max = -Double.infinity
    var minPositive = Double.infinity

    var isEmpty: Bool { min > max }

    mutating func add(_ v: Double) {
        guard v.isFinite else { return }
        if v < min { min = v }
        if v > max { max = v }
        if v > 0 && v < minPositive { minPositive = v }
    }

    mutating func add(_ other: DataInterval) {
        if !other.isEmpty {
            add(other.min)
            add(other.max)
        }
        minPositive = Swift.min(minPositive, other.minPositive)
    }
}

/// What an artist contributes to autoscaling: the data it covers and its sticky edges
/// (limits the margins may not cross, as a bar's baseline).
struct DataExtent {
    var x = DataInterval()
    var y = DataInterval()
    var stickyX: [Double] = []
    var stickyY: [Double] = []
}

/// What the legend's 'best' placement must avoid, in display coordinates.
struct LegendObstacles {
    var paths: [[Point]] = []
    var boxes: [Rect] = []
    var offsets: [Point] = []
}

/// A drawable element of an Axes (matplotlib's `Artist`): a line, marker collection,
/// patch, image or text.
public class Artist {
    /// The legend label; nil or a label starting with `_` keeps it out of the legend.
    public var label: String?
    public var zorder: Double
    public var visible = true
    /// Replaces the alpha of the artist's colours when set.
    public var alpha: Double?
    /// Whether drawing is clipped to the axes.
    public var clipOn = true

    init(zorder: Double) {
        self.zorder = zorder
    }

    /// The group id prefix matplotlib's SVG backend uses for this kind of artist.
    var svgGroupName: String { "artist" }

    func dataExtent() -> DataExtent { DataExtent() }

    func draw(_ renderer: SVGRenderer, _ context: DrawContext) {}

    func legendObstacles(_ context: DrawContext) -> LegendObstacles { LegendObstacles() }

    /// How the artist appears in a legend; nil if it cannot be shown there.
    var legendHandle: LegendHandle? { nil }

    /// The display box of artists that may extend outside the axes (text); nil otherwise.
    func windowExtent(_ context: DrawContext) -> Rect? { nil }

    var hasLegendLabel: Bool {
        guard let label, !label.isEmpty else { return false }
        return !label.hasPrefix("_")
    }
}
