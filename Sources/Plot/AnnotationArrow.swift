import Foundation

/// The geometry of an annotation arrow, from the text's box to the annotated point, as
/// matplotlib's `FancyArrowPatch` with a straight connection: the path starts where it leaves
/// the text box (padded by 2 points), both ends are shrunk, then the arrow style is drawn.
struct AnnotationArrow {
    let properties: ArrowProperties
    let textBounds: Rect
    let hasText: Bool
    let target: Point
    /// The scale of head sizes (the text's font size).
    let mutationScale: Double

    func draw(_ renderer: SVGRenderer) {
        var begin: Point
        var shrinkA = properties.shrinkA, shrinkB = properties.shrinkB
        let simple = properties.arrowstyle == nil
        if simple {
            // Start from the corner or edge midpoint of the text box nearest the target.
            let xs = [textBounds.x0, textBounds.midX, textBounds.x1], ys = [textBounds.y0, textBounds.midY, textBounds.y1]
            let bx = xs.min { abs($0 - target.x) < abs($1 - target.x) } ?? textBounds.midX
            let by = ys.min { abs($0 - target.y) < abs($1 - target.y) } ?? textBounds.midY
            begin = Point(bx, by)
            let r = hypot(by - target.y, bx - target.x)
            shrinkA = properties.shrink * r
            shrinkB = shrinkA
        } else {
            begin = Point(textBounds.midX, textBounds.midY)
        }
        if hasText {
            begin = exitPoint(from: begin, to: target, box: textBounds.padded(2)) ?? begin
        }
        let dx = target.x - begin.x, dy = target.y - begin.y
        let length = hypot(dx, dy)
        guard length > shrinkA + shrinkB, length > 0 else { return }
        let u = Point(dx / length, dy / length)
        let start = Point(begin.x + u.x * shrinkA, begin.y + u.y * shrinkA)
        let end = Point(target.x - u.x * shrinkB, target.y - u.y * shrinkB)
        let edge = properties.edgecolor ?? .black
        let face = properties.facecolor ?? Color.tab10[0]
        let lineWidth = properties.linewidth ?? 1
        renderer.openGroup(id: renderer.nextID("patch"))
        defer { renderer.closeGroup() }
        let style = properties.arrowstyle ?? "simple"
        switch style {
        case "simple", "fancy", "wedge":
            let scale = simple ? 1 : mutationScale
            let tail = simple ? properties.width : (style == "wedge" ? 0.3 : 0.5) * scale
            let headWidth = simple ? properties.headwidth : (style == "wedge" ? 0 : 2 * 0.5) * scale
            let headLength = simple ? properties.headlength : (style == "wedge" ? 0 : 0.5) * scale
            let path = style == "wedge" ? wedge(start, end, width: tail) : filledArrow(start, end, tail: tail, headWidth: headWidth, headLength: headLength)
            renderer.drawPath(path, style: PathStyle(fill: face, stroke: edge, lineWidth: lineWidth, lineJoin: .miter))
        default:
            let headLength = 0.4 * mutationScale, headWidth = 0.2 * mutationScale
            let startHead = style.hasPrefix("<"), endHead = style.hasSuffix(">")
            let filled = style.contains("|>") || style.contains("<|")
            var strokeStyle = PathStyle(fill: nil, stroke: edge, lineWidth: lineWidth)
            if let dashes = properties.linestyle.dashes(lineWidth: lineWidth) {
                strokeStyle.dashes = dashes.pattern
                strokeStyle.dashOffset = dashes.offset
            }
            var lineStart = start, lineEnd = end
            if filled && endHead { lineEnd = Point(end.x - u.x * headLength, end.y - u.y * headLength) }
            if filled && startHead { lineStart = Point(start.x + u.x * headLength, start.y + u.y * headLength) }
            renderer.drawPath(PathData.polyline([lineStart, lineEnd]), style: strokeStyle)
            let headStyle = filled
                ? PathStyle(fill: edge, stroke: edge, lineWidth: lineWidth, lineJoin: .miter)
                : PathStyle(fill: nil, stroke: edge, lineWidth: lineWidth)
            if endHead { renderer.drawPath(head(tip: end, direction: u, length: headLength, width: headWidth, closed: filled), style: headStyle) }
            if startHead {
                renderer.drawPath(head(tip: start, direction: Point(-u.x, -u.y), length: headLength, width: headWidth, closed: filled), style: headStyle)
            }
        }
    }

    /// Where the segment from `a` (inside `box`) towards `b` leaves the box; nil if `b` is
    /// inside too.
    private func exitPoint(from a: Point, to b: Point, box: Rect) -> Point? {
        guard box.strictlyContains(a) || (a.x >= box.x0 && a.x <= box.x1 && a.y >= box.y0 && a.y <= box.y1) else { return nil }
        if b.x >= box.x0 && b.x <= box.x1 && b.y >= box.y0 && b.y <= box.y1 { return nil }
        var t = 1.0
        let dx = b.x - a.x, dy = b.y - a.y
        if dx > 0 { t = min(t, (box.x1 - a.x) / dx) }
        if dx < 0 { t = min(t, (box.x0 - a.x) / dx) }
        if dy > 0 { t = min(t, (box.y1 - a.y) / dy) }
        if dy < 0 { t = min(t, (box.y0 - a.y) / dy) }
        return Point(a.x + t * dx, a.y + t * dy)
    }

    private func head(tip: Point, direction u: Point, length: Double, width: Double, closed: Bool) -> PathData {
        let n = Point(-u.y, u.x)
        let base = Point(tip.x - u.x * length, tip.y - u.y * length)
        let left = Point(base.x + n.x * width, base.y + n.y * width)
        let right = Point(base.x - n.x * width, base.y - n.y * width)
        return PathData.polyline([left, tip, right], closed: closed)
    }

    /// A filled arrow: a tail of width `tail`, a head `headWidth` wide and `headLength` long.
    private func filledArrow(_ a: Point, _ b: Point, tail: Double, headWidth: Double, headLength: Double) -> PathData {
        let length = hypot(b.x - a.x, b.y - a.y)
        let u = Point((b.x - a.x) / length, (b.y - a.y) / length), n = Point(-u.y, u.x)
        let hl = min(headLength, length)
        let base = Point(b.x - u.x * hl, b.y - u.y * hl)
        func off(_ p: Point, _ d: Double) -> Point { Point(p.x + n.x * d, p.y + n.y * d) }
        return PathData.polyline([off(a, tail / 2), off(base, tail / 2), off(base, headWidth / 2), b,
                                  off(base, -headWidth / 2), off(base, -tail / 2), off(a, -tail / 2)], closed: true)
    }

    private func wedge(_ a: Point, _ b: Point, width: Double) -> PathData {
        let length = hypot(b.x - a.x, b.y - a.y)
        let n = Point(-(b.y - a.y) / length, (b.x - a.x) / length)
        return PathData.polyline([Point(a.x + n.x * width / 2, a.y + n.y * width / 2), b,
                                  Point(a.x - n.x * width / 2, a.y - n.y * width / 2)], closed: true)
    }
}
