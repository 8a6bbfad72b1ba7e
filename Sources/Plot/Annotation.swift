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
