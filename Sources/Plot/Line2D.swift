/// A line through data points with optional markers (matplotlib's `Line2D`), as made by
/// `plot`, `axhline` and `axvline`.
public final class Line2D: Artist {
    public var xdata: [Double]
    public var ydata: [Double]
    public var color: Color
    public var linestyle: LineStyle
    public var linewidth: Double
    public var marker: MarkerStyle
    public var markersize: Double
    /// nil: the line colour.
    public var markerfacecolor: Color?
    /// nil: the line colour.
    public var markeredgecolor: Color?
    public var markeredgewidth: Double
    /// The coordinate systems of x and y (axhline's x is in axes fractions).
    let coordinates: (x: Coordinates, y: Coordinates)

    init(x: [Double], y: [Double], color: Color, linestyle: LineStyle = .solid, linewidth: Double = 1.5,
         marker: MarkerStyle = .none, markersize: Double = 6, coordinates: (x: Coordinates, y: Coordinates) = (.data, .data)) {
        xdata = x
        ydata = y
        self.color = color
        self.linestyle = linestyle
        self.linewidth = linewidth
        self.marker = marker
        self.markersize = markersize
        markeredgewidth = 1
        self.coordinates = coordinates
        super.init(zorder: 2)
    }

    override var svgGroupName: String { "line2d" }

    var effectiveColor: Color { color.withAlpha(alpha) }

    override func dataExtent() -> DataExtent {
        var e = DataExtent()
        if coordinates.x == .data { xdata.forEach { e.x.add($0) } }
        if coordinates.y == .data { ydata.forEach { e.y.add($0) } }
        return e
    }

    func displayPoints(_ context: DrawContext) -> [Point] {
        zip(xdata, ydata).map { context.point($0, $1, x: coordinates.x, y: coordinates.y) }
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        let points = displayPoints(context)
        let clip = context.clip(clipOn)
        if linestyle.isVisible && linewidth > 0 && points.count > 1 {
            renderer.drawPath(PathData.polyline(Line2D.thinned(points)), style: lineStyle(), clip: clip)
        }
        if marker != .none {
            renderer.drawMarkers(marker.path(size: markersize), at: points, style: markerStyle(), clip: clip)
        }
    }

    /// The points without those closer than 0.05 pt (in x and y) to the previous point kept,
    /// the last one always kept: dense lines draw the same with far smaller SVG.
    static func thinned(_ points: [Point]) -> [Point] {
        guard points.count > 2 else { return points }
        var out: [Point] = []
        out.reserveCapacity(points.count)
        for (i, p) in points.enumerated() {
            if let last = out.last, last.x.isFinite, last.y.isFinite, p.x.isFinite, p.y.isFinite, i != points.count - 1,
               abs(p.x - last.x) < 0.05, abs(p.y - last.y) < 0.05 {
                continue
            }
            out.append(p)
        }
        return out
    }

    func lineStyle() -> PathStyle {
        var style = PathStyle(fill: nil, stroke: effectiveColor, lineWidth: linewidth)
        if let dashes = linestyle.dashes(lineWidth: linewidth) {
            style.dashes = dashes.pattern
            style.dashOffset = dashes.offset
            style.lineCap = .butt
        } else {
            style.lineCap = .square
        }
        return style
    }

    func markerStyle() -> PathStyle {
        let edge = (markeredgecolor ?? color).withAlpha(alpha)
        let face = marker.isFilled ? (markerfacecolor ?? color).withAlpha(alpha) : nil
        return PathStyle(fill: face, stroke: edge, lineWidth: markeredgewidth)
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        LegendObstacles(paths: [displayPoints(context)])
    }

    override var legendHandle: LegendHandle? { .line(self) }
}
