/// How a path is painted (matplotlib's graphics context): fill and stroke colours (nil for
/// none), stroke width in points, dash pattern in points, caps and joins.
struct PathStyle {
    var fill: Color?
    var stroke: Color?
    var lineWidth: Double = 1
    var dashes: [Double]? = nil
    var dashOffset: Double = 0
    var lineCap: LineCap = .butt
    var lineJoin: LineJoin = .round

    enum LineCap: String { case butt, round, square }
    enum LineJoin: String { case miter, round, bevel }

    /// The CSS declarations, in the order matplotlib's SVG backend writes them.
    var css: String {
        var parts: [String] = []
        if let fill, fill.alpha > 0 {
            parts.append("fill: \(fill.hexRGB)")
            if fill.alpha < 1 { parts.append("fill-opacity: \(SVGRenderer.number(fill.alpha))") }
        } else {
            parts.append("fill: none")
        }
        if let stroke, stroke.alpha > 0, lineWidth > 0 {
            if let dashes, !dashes.isEmpty {
                parts.append("stroke-dasharray: " + dashes.map(SVGRenderer.number).joined(separator: ","))
                parts.append("stroke-dashoffset: \(SVGRenderer.number(dashOffset))")
            }
            parts.append("stroke: \(stroke.hexRGB)")
            if stroke.alpha < 1 { parts.append("stroke-opacity: \(SVGRenderer.number(stroke.alpha))") }
            parts.append("stroke-width: \(SVGRenderer.number(lineWidth))")
            if lineJoin != .round { parts.append("stroke-linejoin: \(lineJoin.rawValue)") }
            if lineCap != .butt { parts.append("stroke-linecap: \(lineCap.rawValue)") }
        }
        return parts.joined(separator: "; ")
    }
}
