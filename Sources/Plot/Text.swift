import Foundation

/// Text at a position in data, axes or figure coordinates (matplotlib's `Text`), as made by
/// `text`, `title`, `suptitle` and the axis labels.
public class Text: Artist {
    public var text: String
    public var x: Double
    public var y: Double
    public var style: TextStyle
    public var coordinates: Coordinates
    public var box: TextBox?

    init(x: Double, y: Double, text: String, style: TextStyle, coordinates: Coordinates = .data) {
        self.x = x
        self.y = y
        self.text = text
        self.style = style
        self.coordinates = coordinates
        super.init(zorder: 3)
        clipOn = false
    }

    override var svgGroupName: String { "text" }

    var effectiveStyle: TextStyle {
        var s = style
        s.color = s.color.withAlpha(alpha ?? s.color.alpha)
        return s
    }

    func position(_ context: DrawContext) -> Point {
        context.point(x, y, x: coordinates, y: coordinates)
    }

    func layout() -> TextLayout { TextLayout(text, style: effectiveStyle) }

    override func dataExtent() -> DataExtent { DataExtent() }

    override func windowExtent(_ context: DrawContext) -> Rect? {
        guard visible, !text.isEmpty else { return nil }
        let bounds = layout().boundingBox(at: position(context))
        if let box { return box.path(around: bounds, fontSize: style.fontSize).1 }
        return bounds
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        let p = position(context)
        guard !text.isEmpty, p.x.isFinite, p.y.isFinite else { return }
        let layout = self.layout()
        if let box {
            let (path, _) = box.path(around: layout.boundingBox(at: p), fontSize: style.fontSize)
            renderer.openGroup(id: renderer.nextID("patch"))
            renderer.drawPath(path, style: box.paintStyle(), clip: context.clip(clipOn))
            renderer.closeGroup()
        }
        renderer.comment(text)
        layout.draw(renderer, at: p, clip: context.clip(clipOn))
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        LegendObstacles(boxes: windowExtent(context).map { [$0] } ?? [])
    }
}
