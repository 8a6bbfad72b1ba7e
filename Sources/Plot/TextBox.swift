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
