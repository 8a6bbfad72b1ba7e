import Foundation

/// A box drawn behind text (`bbox=dict(boxstyle=..., facecolor=..., ...)`).
public struct TextBox {
    public enum Style: String { case square, round }

    public var style: Style
    /// Padding around the text, in multiples of the font size.
    public var pad: Double
    public var facecolor: Color
    /// nil: no edge.
    public var edgecolor: Color?
    public var linewidth: Double
    public var alpha: Double?

    public init(style: Style = .square, pad: Double = 0.3, facecolor: Color = Color.tab10[0],
                edgecolor: Color? = .black, linewidth: Double = 1, alpha: Double? = nil) {
        self.style = style
        self.pad = pad
        self.facecolor = facecolor
        self.edgecolor = edgecolor
        self.linewidth = linewidth
        self.alpha = alpha
    }

    /// The box path around a text box with padding in points; `round` corners have a radius
    /// of the padding, as matplotlib's `round` box style.
    func path(around r: Rect, fontSize: Double) -> (PathData, Rect) {
        let p = pad * fontSize
        let box = r.padded(p)
        switch style {
        case .square: return (PathData.rectangle(box), box)
        case .round: return (roundedRectangle(box, radius: p), box)
        }
    }

    func paintStyle() -> PathStyle {
        PathStyle(fill: facecolor.withAlpha(alpha), stroke: edgecolor?.withAlpha(alpha), lineWidth: linewidth, lineJoin: .miter)
    }
}

/// A rectangle with quadratic rounded corners (matplotlib's `round` box style).
func roundedRectangle(_ r: Rect, radius: Double) -> PathData {
    let d = min(radius, r.width / 2, r.height / 2)
    var path = PathData()
    path.move(Point(r.x0 + d, r.y0))
    path.line(Point(r.x1 - d, r.y0))
    path.quad(Point(r.x1, r.y0), Point(r.x1, r.y0 + d))
    path.line(Point(r.x1, r.y1 - d))
    path.quad(Point(r.x1, r.y1), Point(r.x1 - d, r.y1))
    path.line(Point(r.x0 + d, r.y1))
    path.quad(Point(r.x0, r.y1), Point(r.x0, r.y1 - d))
    path.line(Point(r.x0, r.y0 + d))
    path.quad(Point(r.x0, r.y0), Point(r.x0 + d, r.y0))
    path.close()
    return path
}

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

/// Where an annotation's text sits (`textcoords`) or what its point refers to (`xycoords`).
public enum AnnotationCoordinates: String {
    case data
    case axesFraction = "axes fraction"
    case figureFraction = "figure fraction"
    case offsetPoints = "offset points"
    case offsetPixels = "offset pixels"
}

/// The arrow of an annotation (`arrowprops`). With an `arrowstyle` ('->', '-|>', '<->', '-',
/// 'simple', 'fancy', 'wedge', ...) matplotlib draws a `FancyArrowPatch`; without one, a
/// filled arrow of `width`, `headwidth` and `headlength` points shrunk by `shrink`.
public struct ArrowProperties {
    public var arrowstyle: String?
    public var facecolor: Color?
    public var edgecolor: Color?
    public var linewidth: Double?
    public var linestyle: LineStyle
    public var shrink: Double
    public var width: Double
    public var headwidth: Double
    public var headlength: Double
    public var shrinkA: Double
    public var shrinkB: Double

    public init(arrowstyle: String? = nil, color: Color? = nil, facecolor: Color? = nil, edgecolor: Color? = nil,
                linewidth: Double? = nil, linestyle: LineStyle = .solid, shrink: Double = 0, width: Double = 4,
                headwidth: Double = 12, headlength: Double = 12, shrinkA: Double = 2, shrinkB: Double = 2) throws {
        let known = ["-", "->", "-[", "<-", "<->", "-|>", "<|-", "<|-|>", "]-", "]-[", "|-|", "simple", "fancy", "wedge"]
        if let arrowstyle, !known.contains(arrowstyle) {
            throw PlotError.value("Unknown style: '\(arrowstyle)'")
        }
        self.arrowstyle = arrowstyle
        self.facecolor = facecolor ?? color
        self.edgecolor = edgecolor ?? color
        self.linewidth = linewidth
        self.linestyle = linestyle
        self.shrink = shrink
        self.width = width
        self.headwidth = headwidth
        self.headlength = headlength
        self.shrinkA = shrinkA
        self.shrinkB = shrinkB
    }
}

/// Text with an optional arrow pointing at `xy` (matplotlib's `Annotation`).
public final class Annotation: Text {
    public var xy: (Double, Double)
    public var xycoords: AnnotationCoordinates
    public var textcoords: AnnotationCoordinates
    public var arrow: ArrowProperties?

    init(text: String, xy: (Double, Double), xytext: (Double, Double), xycoords: AnnotationCoordinates,
         textcoords: AnnotationCoordinates, arrow: ArrowProperties?, style: TextStyle) {
        self.xy = xy
        self.xycoords = xycoords
        self.textcoords = textcoords
        self.arrow = arrow
        super.init(x: xytext.0, y: xytext.1, text: text, style: style)
    }

    private func resolve(_ p: (Double, Double), _ coords: AnnotationCoordinates, _ context: DrawContext) -> Point {
        switch coords {
        case .data: return context.point(p.0, p.1)
        case .axesFraction: return context.point(p.0, p.1, x: .axes, y: .axes)
        case .figureFraction: return context.point(p.0, p.1, x: .figure, y: .figure)
        case .offsetPoints, .offsetPixels:
            let scale = coords == .offsetPoints ? 1 : 72 / context.dpi
            let anchor = resolve(xy, xycoords == .offsetPoints || xycoords == .offsetPixels ? .data : xycoords, context)
            return Point(anchor.x + p.0 * scale, anchor.y + p.1 * scale)
        }
    }

    override func position(_ context: DrawContext) -> Point { resolve((x, y), textcoords, context) }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        if let arrow {
            let target = resolve(xy, xycoords, context)
            let bounds = layout().boundingBox(at: position(context))
            AnnotationArrow(properties: arrow, textBounds: bounds, hasText: !text.isEmpty, target: target,
                            mutationScale: style.fontSize).draw(renderer)
        }
        super.draw(renderer, context)
    }
}
