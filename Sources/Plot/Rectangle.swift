/// A rectangle in data coordinates (matplotlib's `Rectangle` patch), as made by `bar`,
/// `barh` and `hist`.
public final class Rectangle: Artist {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double
    public var facecolor: Color
    /// nil: no edge.
    public var edgecolor: Color?
    public var linewidth: Double
    var stickyX: [Double] = []
    var stickyY: [Double] = []

    init(x: Double, y: Double, width: Double, height: Double, facecolor: Color) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.facecolor = facecolor
        linewidth = 1
        super.init(zorder: 1)
    }

    override var svgGroupName: String { "patch" }

    override func dataExtent() -> DataExtent {
        var e = DataExtent()
        guard width != 0 || height != 0 else { return e }
        e.x.add(x)
        e.x.add(x + width)
        e.y.add(y)
        e.y.add(y + height)
        e.stickyX = stickyX
        e.stickyY = stickyY
        return e
    }

    func style() -> PathStyle {
        PathStyle(fill: facecolor.withAlpha(alpha), stroke: edgecolor?.withAlpha(alpha), lineWidth: linewidth, lineJoin: .miter)
    }

    func displayBox(_ context: DrawContext) -> Rect {
        let a = context.point(x, y), b = context.point(x + width, y + height)
        return Rect(x0: min(a.x, b.x), y0: min(a.y, b.y), x1: max(a.x, b.x), y1: max(a.y, b.y))
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        let a = context.point(x, y), b = context.point(x + width, y + height)
        var path = PathData()
        path.move(a)
        path.line(Point(b.x, a.y))
        path.line(b)
        path.line(Point(a.x, b.y))
        path.close()
        renderer.drawPath(path, style: style(), clip: context.clip(clipOn))
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        LegendObstacles(boxes: [displayBox(context)])
    }

    override var legendHandle: LegendHandle? { .patch(style()) }
}

/// The rectangles of one `bar`/`barh`/`hist` call, labelled as one legend entry
/// (matplotlib's `BarContainer`).
public final class BarContainer {
    public let patches: [Rectangle]
    public var label: String?
    /// The bar orientation: true for `bar`, false for `barh`.
    public let vertical: Bool

    init(patches: [Rectangle], label: String?, vertical: Bool) {
        self.patches = patches
        self.label = label
        self.vertical = vertical
    }
}
