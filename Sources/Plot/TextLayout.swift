import Foundation

/// A run of one line of text drawn at one size and height: `x` from the line start and
/// `rise` above the baseline (in units of the font size), `scale` relative to the font size.
struct TextRun: Equatable {
    var text: String
    var scale: Double = 1
    var rise: Double = 0
    var x: Double = 0

    var isPlain: Bool { scale == 1 && rise == 0 && x == 0 }
}

/// Text laid out as matplotlib's `Text._get_layout` does: lines stacked by the "lp" line
/// height and `lineSpacing`, the box rotated, then shifted so the alignment point sits at
/// the text's position. Coordinates are points relative to that position, y up.
struct TextLayout {
    struct Line {
        var runs: [TextRun]
        var width: Double
        /// Start of the line's baseline, relative to the position (rotation applied).
        var origin: Point
    }

    let lines: [Line]
    /// The (rotated) bounding box relative to the position.
    let bounds: Rect
    let descent: Double
    let style: TextStyle

    init(_ text: String, style: TextStyle) {
        self.style = style
        let metrics = FontMetrics.forWeight(style.weight)
        let size = style.fontSize
        let lp = metrics.measure("lp", size: size)
        let minDy = (lp.height - lp.descent) * style.lineSpacing
        var widths: [Double] = [], ys: [Double] = [], runLines: [[TextRun]] = []
        var thisY = 0.0, d = 0.0, baseline = 0.0
        let rawLines = text.components(separatedBy: "\n")
        for (i, raw) in rawLines.enumerated() {
            let rich = RichText.parse(raw, size: size, metrics: metrics)
            var w = rich.extent.width, h = rich.extent.height, lineDescent = rich.extent.descent
            if raw.isEmpty { w = 0; h = 0; lineDescent = 0 }
            h = max(h, lp.height)
            lineDescent = max(lineDescent, lp.descent)
            widths.append(w)
            runLines.append(rich.runs)
            baseline = (h - lineDescent) - thisY
            if i == 0 {
                thisY = -(h - lineDescent)
            } else {
                thisY -= max(minDy, (h - lineDescent) * style.lineSpacing)
            }
            ys.append(thisY)
            thisY -= lineDescent
            d = lineDescent
        }
        descent = d
        let width = widths.max() ?? 0
        let yMin = (ys.last ?? 0) - d
        let malign = style.multiAlignment ?? style.ha
        let offsets: [Point] = zip(widths, ys).map { w, y in
            switch malign {
            case .left: return Point(0, y)
            case .center: return Point(width / 2 - w / 2, y)
            case .right: return Point(width - w, y)
            }
        }
        let angle = style.rotation * .pi / 180
        let c = cos(angle), s = sin(angle)
        func rotate(_ p: Point) -> Point { Point(c * p.x - s * p.y, s * p.x + c * p.y) }
        let corners = [Point(0, yMin), Point(0, 0), Point(width, 0), Point(width, yMin)].map(rotate)
        let rxMin = corners.map(\.x).min() ?? 0, rxMax = corners.map(\.x).max() ?? 0
        let ryMin = corners.map(\.y).min() ?? 0, ryMax = corners.map(\.y).max() ?? 0
        var offset: Point
        if !style.rotateAroundAnchor {
            let ox: Double
            switch style.ha {
            case .center: ox = (rxMin + rxMax) / 2
            case .right: ox = rxMax
            case .left: ox = rxMin
            }
            let oy: Double
            switch style.va {
            case .center: oy = (ryMin + ryMax) / 2
            case .top: oy = ryMax
            case .baseline: oy = ryMin + d
            case .centerBaseline: oy = ryMin + (ryMax - ryMin) - baseline / 2
            case .bottom: oy = ryMin
            }
            offset = Point(ox, oy)
        } else {
            let ox: Double
            switch style.ha {
            case .center: ox = width / 2
            case .right: ox = width
            case .left: ox = 0
            }
            let oy: Double
            switch style.va {
            case .center: oy = yMin / 2
            case .top: oy = 0
            case .baseline: oy = -baseline
            case .centerBaseline: oy = -baseline / 2
            case .bottom: oy = yMin
            }
            offset = rotate(Point(ox, oy))
        }
        bounds = Rect(x0: rxMin - offset.x, y0: ryMin - offset.y, x1: rxMax - offset.x, y1: ryMax - offset.y)
        lines = zip(runLines, zip(widths, offsets)).map { runs, wo in
            let p = rotate(wo.1)
            return Line(runs: runs, width: wo.0, origin: Point(p.x - offset.x, p.y - offset.y))
        }
    }

    /// The bounding box in display coordinates when the text's position is `position`.
    func boundingBox(at position: Point) -> Rect {
        bounds.offsetBy(dx: position.x, dy: position.y)
    }

    /// Draws the text with its position at `position`.
    func draw(_ renderer: SVGRenderer, at position: Point, clip: Rect? = nil) {
        let angle = style.rotation * .pi / 180
        if lines.count == 1, let line = lines.first {
            // As matplotlib's SVG backend: anchor at the position, moved onto the baseline.
            let start = Point(position.x + line.origin.x, position.y + line.origin.y)
            let n = Point(-sin(angle), cos(angle))
            let v = (start.x - position.x) * n.x + (start.y - position.y) * n.y
            let anchor = Point(position.x + v * n.x, position.y + v * n.y)
            let plain = line.runs.count == 1 && line.runs[0].isPlain
            if plain {
                let textAnchor: String
                switch style.ha {
                case .left: textAnchor = "start"
                case .center: textAnchor = "middle"
                case .right: textAnchor = "end"
                }
                renderer.drawText(line.runs, anchor: anchor, textAnchor: textAnchor, rotation: style.rotation,
                                  size: style.fontSize, weight: style.weight, color: style.color, clip: clip)
                return
            }
            renderer.drawText(line.runs, anchor: start, textAnchor: "start", rotation: style.rotation,
                              size: style.fontSize, weight: style.weight, color: style.color, clip: clip)
            return
        }
        for line in lines {
            let start = Point(position.x + line.origin.x, position.y + line.origin.y)
            renderer.drawText(line.runs, anchor: start, textAnchor: "start", rotation: style.rotation,
                              size: style.fontSize, weight: style.weight, color: style.color, clip: clip)
        }
    }
}
