/// A path in display coordinates: move/line/quadratic/cubic segments and closes.
struct PathData {
    enum Segment {
        case move(Point)
        case line(Point)
        case quad(Point, Point)
        case cubic(Point, Point, Point)
        case close
    }

    var segments: [Segment] = []

    mutating func move(_ p: Point) { segments.append(.move(p)) }
    mutating func line(_ p: Point) { segments.append(.line(p)) }
    mutating func quad(_ c: Point, _ p: Point) { segments.append(.quad(c, p)) }
    mutating func cubic(_ c1: Point, _ c2: Point, _ p: Point) { segments.append(.cubic(c1, c2, p)) }
    mutating func close() { segments.append(.close) }

    /// A polyline through the points; NaN points break it into separate runs.
    static func polyline(_ points: [Point], closed: Bool = false) -> PathData {
        var path = PathData()
        var penDown = false
        for p in points {
            guard p.x.isFinite && p.y.isFinite else {
                penDown = false
                continue
            }
            if penDown { path.line(p) } else { path.move(p) }
            penDown = true
        }
        if closed && !path.segments.isEmpty { path.close() }
        return path
    }

    static func rectangle(_ r: Rect) -> PathData {
        var path = PathData()
        path.move(Point(r.x0, r.y0))
        path.line(Point(r.x1, r.y0))
        path.line(Point(r.x1, r.y1))
        path.line(Point(r.x0, r.y1))
        path.close()
        return path
    }

    /// The path moved and scaled: each point becomes `origin + scale * p`.
    func transformed(scale: Double, origin: Point) -> PathData {
        func t(_ p: Point) -> Point { Point(origin.x + scale * p.x, origin.y + scale * p.y) }
        var out = PathData()
        out.segments = segments.map {
            switch $0 {
            case .move(let p): return .move(t(p))
            case .line(let p): return .line(t(p))
            case .quad(let c, let p): return .quad(t(c), t(p))
            case .cubic(let a, let b, let p): return .cubic(t(a), t(b), t(p))
            case .close: return .close
            }
        }
        return out
    }
}
