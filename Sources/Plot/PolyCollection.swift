/// Filled polygons in data coordinates (matplotlib's `FillBetweenPolyCollection`), as made
/// by `fill_between`.
public final class PolyCollection: Artist {
    public var polygons: [[Point]]
    public var facecolor: Color
    /// nil: no edge.
    public var edgecolor: Color?
    public var linewidth: Double
    /// Whether each polygon's outline returns to its start (false for step outlines).
    public var closed = true
    var stickyX: [Double] = []
    var stickyY: [Double] = []

    init(polygons: [[Point]], facecolor: Color) {
        self.polygons = polygons
        self.facecolor = facecolor
        linewidth = 1
        super.init(zorder: 1)
    }

    override var svgGroupName: String { "FillBetweenPolyCollection" }

    override func dataExtent() -> DataExtent {
        var e = DataExtent()
        for polygon in polygons {
            for p in polygon {
                e.x.add(p.x)
                e.y.add(p.y)
            }
        }
        e.stickyX = stickyX
        e.stickyY = stickyY
        return e
    }

    func style() -> PathStyle {
        PathStyle(fill: facecolor.withAlpha(alpha), stroke: edgecolor?.withAlpha(alpha), lineWidth: linewidth)
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        for polygon in polygons where polygon.count > 1 {
            let points = polygon.map { context.point($0.x, $0.y) }
            renderer.drawPath(PathData.polyline(points, closed: closed), style: style(), clip: context.clip(clipOn))
        }
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        LegendObstacles(paths: polygons.map { $0.map { context.point($0.x, $0.y) } })
    }

    override var legendHandle: LegendHandle? { .patch(style()) }
}
