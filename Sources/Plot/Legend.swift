import Foundation

/// How an artist is drawn in a legend (matplotlib's legend handlers).
enum LegendHandle {
    /// A line through the handle box, with its marker in the middle.
    case line(Line2D)
    /// A rectangle filling the handle box.
    case patch(PathStyle)
    /// One scatter marker of the given area.
    case markers(marker: MarkerStyle, area: Double, style: PathStyle)
}

/// Where a legend goes (`loc`): 'best' or one of the nine anchors, by name or code 0...10.
public enum LegendLocation: Int, CaseIterable {
    case best = 0, upperRight, upperLeft, lowerLeft, lowerRight, right, centerLeft, centerRight
    case lowerCenter, upperCenter, center

    static let names = ["best", "upper right", "upper left", "lower left", "lower right", "right",
                        "center left", "center right", "lower center", "upper center", "center"]

    public init(parsing name: String) throws {
        guard let i = LegendLocation.names.firstIndex(of: name), let loc = LegendLocation(rawValue: i) else {
            throw PlotError.value("'\(name)' is not a valid value for loc; supported values are "
                + LegendLocation.names.map { "'\($0)'" }.joined(separator: ", "))
        }
        self = loc
    }

    public init(code: Int) throws {
        guard let loc = LegendLocation(rawValue: code) else {
            throw PlotError.value("loc must be string, coordinate tuple, or an integer 0-10, not \(code)")
        }
        self = loc
    }

    public var name: String { LegendLocation.names[rawValue] }

    var anchor: Anchor {
        switch self {
        case .best, .upperRight: return .northEast
        case .upperLeft: return .northWest
        case .lowerLeft: return .southWest
        case .lowerRight: return .southEast
        case .right, .centerRight: return .east
        case .centerLeft: return .west
        case .lowerCenter: return .south
        case .upperCenter: return .north
        case .center: return .center
        }
    }
}

/// A legend of an Axes (matplotlib's `Legend`), with matplotlib's default layout parameters
/// (in multiples of the font size).
public final class Legend {
    struct Entry {
        let handle: LegendHandle
        let label: String
    }

    let entries: [Entry]
    public var loc: LegendLocation
    /// The box the legend is placed in, in axes coordinates: (x, y) or (x, y, width, height);
    /// nil for the axes.
    public var bboxToAnchor: [Double]?
    public var fontsize = 10.0
    public var ncols = 1
    public var frameon = true
    public var framealpha = 0.8
    public var facecolor = Color.white
    public var edgecolor = Color(red: 0.8, green: 0.8, blue: 0.8)
    public var fancybox = true
    public var title: String?
    /// nil: the default font size (matplotlib's `legend.title_fontsize` falls back to `font.size`, not to the entries' size).
    public var titleFontsize: Double?
    public var labelcolor: Color?
    public var markerscale = 1.0
    public var borderpad = 0.4
    public var labelspacing = 0.5
    public var handlelength = 2.0
    public var handleheight = 0.7
    public var handletextpad = 0.8
    public var borderaxespad = 0.5
    public var columnspacing = 2.0
    public var visible = true

    /// The entry labels, in order (`get_texts`).
    public var labels: [String] { entries.map(\.label) }

    init(entries: [Entry], loc: LegendLocation) {
        self.entries = entries
        self.loc = loc
    }

    /// The legend laid out with its bottom-left corner at the origin.
    struct Layout {
        struct Item {
            /// The handle box's origin: its left edge on the text baseline.
            let handleOrigin: Point
            let textOrigin: Point
            let text: TextLayout
        }

        let width: Double
        let height: Double
        let items: [Item]
        let title: (TextLayout, Point)?
    }

    func layout() -> Layout {
        let fs = fontsize
        let handleWidth = handlelength * fs, handleHeight = handleheight * fs
        let handleDescent = 0.35 * fs * (handleheight - 0.7)
        let textStyle = TextStyle(fontSize: fs, color: labelcolor ?? .black)
        struct Row { let text: TextLayout; let width: Double; let ascent: Double; let descent: Double }
        let rows = entries.map { entry -> Row in
            let text = TextLayout(entry.label, style: textStyle)
            let textHeight = text.bounds.height, textDescent = text.descent
            let ascent = max(handleHeight - handleDescent, textHeight - textDescent)
            let descent = max(handleDescent, textDescent)
            return Row(text: text, width: handleWidth + handletextpad * fs + text.bounds.width, ascent: ascent, descent: descent)
        }
        // np.array_split: the first n % ncols columns get one more entry.
        let columnsCount = max(1, min(ncols, max(rows.count, 1)))
        var columns: [[Int]] = []
        var next = 0
        for c in 0..<columnsCount {
            let n = rows.count / columnsCount + (c < rows.count % columnsCount ? 1 : 0)
            if n > 0 { columns.append(Array(next..<(next + n))) }
            next += n
        }
        let sep = labelspacing * fs
        // Lay out each column from its top (y = 0 at the first row's top, going down).
        var columnWidths: [Double] = [], columnHeights: [Double] = []
        var baselines = [Double](repeating: 0, count: rows.count)
        for column in columns {
            var y = 0.0
            for (k, i) in column.enumerated() {
                if k > 0 { y -= sep }
                y -= rows[i].ascent
                baselines[i] = y
                y -= rows[i].descent
            }
            columnHeights.append(-y)
            columnWidths.append(column.map { rows[$0].width }.max() ?? 0)
        }
        let handlesWidth = columnWidths.reduce(0, +) + columnspacing * fs * Double(max(columns.count - 1, 0))
        let handlesHeight = columnHeights.max() ?? 0
        let pad = borderpad * fs
        var titleLayout: TextLayout?
        var titleHeight = 0.0
        if let title, !title.isEmpty {
            let t = TextLayout(title, style: TextStyle(fontSize: titleFontsize ?? FontSize.defaultSize))
            titleLayout = t
            titleHeight = t.bounds.height + (entries.isEmpty ? 0 : sep)
        }
        let innerWidth = max(handlesWidth, titleLayout?.bounds.width ?? 0)
        let width = innerWidth + 2 * pad
        let height = handlesHeight + titleHeight + 2 * pad
        let handlesTop = height - pad - titleHeight
        let handlesLeft = pad + (innerWidth - handlesWidth) / 2
        var items: [Layout.Item] = []
        var x = handlesLeft
        var columnOf = [Int](repeating: 0, count: rows.count)
        var columnX = [Double](repeating: 0, count: columns.count)
        for (c, column) in columns.enumerated() {
            columnX[c] = x
            for i in column { columnOf[i] = c }
            x += columnWidths[c] + columnspacing * fs
        }
        for (i, row) in rows.enumerated() {
            let left = columnX[columnOf[i]], baseline = handlesTop + baselines[i]
            items.append(Layout.Item(handleOrigin: Point(left, baseline),
                                     textOrigin: Point(left + handleWidth + handletextpad * fs, baseline), text: row.text))
        }
        var titlePlacement: (TextLayout, Point)?
        if let t = titleLayout {
            // Centred over the entries, its top at the inner top edge.
            let origin = Point(pad + (innerWidth - t.bounds.width) / 2 - t.bounds.x0, height - pad - t.bounds.y1)
            titlePlacement = (t, origin)
        }
        return Layout(width: width, height: height, items: items, title: titlePlacement)
    }

    /// The box legends are anchored in, in display coordinates.
    private func anchorBox(_ context: DrawContext) -> Rect {
        guard let b = bboxToAnchor, b.count == 2 || b.count == 4 else { return context.axesBox }
        let p0 = context.point(b[0], b[1], x: .axes, y: .axes)
        if b.count == 2 { return Rect(x0: p0.x, y0: p0.y, x1: p0.x, y1: p0.y) }
        let p1 = context.point(b[0] + b[2], b[1] + b[3], x: .axes, y: .axes)
        return Rect(x0: p0.x, y0: p0.y, x1: p1.x, y1: p1.y)
    }

    private func anchored(_ loc: LegendLocation, width: Double, height: Double, in parent: Rect) -> Rect {
        let pad = borderaxespad * fontsize
        let container = Rect(x0: parent.x0 + pad, y0: parent.y0 + pad, x1: parent.x1 - pad, y1: parent.y1 - pad)
        return Rect(x: 0, y: 0, width: width, height: height).anchored(loc.anchor, in: container)
    }

    /// The legend's box in display coordinates; `obstacles` are the axes' artists for 'best'.
    func frame(_ context: DrawContext, obstacles: () -> LegendObstacles) -> Rect {
        let l = layout()
        let parent = anchorBox(context)
        guard loc == .best else { return anchored(loc, width: l.width, height: l.height, in: parent) }
        let avoid = obstacles()
        var best: (badness: Int, box: Rect)?
        for candidate in LegendLocation.allCases.dropFirst() {
            let box = anchored(candidate, width: l.width, height: l.height, in: parent)
            var badness = 0
            for path in avoid.paths {
                badness += path.filter { box.strictlyContains($0) }.count
            }
            badness += avoid.offsets.filter { box.strictlyContains($0) }.count
            badness += avoid.boxes.filter { box.overlaps($0) }.count
            for path in avoid.paths where pathIntersects(path, box) { badness += 1 }
            if badness == 0 { return box }
            if badness < (best?.badness ?? Int.max) { best = (badness, box) }
        }
        return best?.box ?? anchored(.upperRight, width: l.width, height: l.height, in: parent)
    }

    private func pathIntersects(_ path: [Point], _ box: Rect) -> Bool {
        var previous: Point?
        for p in path {
            guard p.x.isFinite && p.y.isFinite else {
                previous = nil
                continue
            }
            if let a = previous, box.intersectsSegment(a, p) { return true }
            previous = p
        }
        return false
    }

    func draw(_ renderer: SVGRenderer, frame box: Rect) {
        let l = layout()
        let origin = Point(box.x0, box.y0)
        renderer.openGroup(id: renderer.nextID("legend"))
        if frameon {
            let path = fancybox ? roundedRectangle(box, radius: 0.2 * fontsize) : PathData.rectangle(box)
            let style = PathStyle(fill: facecolor.withAlpha(framealpha * facecolor.alpha),
                                  stroke: edgecolor.withAlpha(framealpha * edgecolor.alpha), lineWidth: 1, lineJoin: .miter)
            renderer.openGroup(id: renderer.nextID("patch"))
            renderer.drawPath(path, style: style)
            renderer.closeGroup()
        }
        if let (title, at) = l.title {
            renderer.openGroup(id: renderer.nextID("text"))
            renderer.comment(title.lines.map { $0.runs.map(\.text).joined() }.joined(separator: "\n"))
            title.draw(renderer, at: Point(origin.x + at.x, origin.y + at.y))
            renderer.closeGroup()
        }
        let fs = fontsize
        let width = handlelength * fs, height = handleheight * fs
        let descent = 0.35 * fs * (handleheight - 0.7)
        for (entry, item) in zip(entries, l.items) {
            let o = Point(origin.x + item.handleOrigin.x, origin.y + item.handleOrigin.y)
            switch entry.handle {
            case .line(let line):
                renderer.openGroup(id: renderer.nextID("line2d"))
                let y = o.y + (height - descent) / 2
                if line.linestyle.isVisible {
                    renderer.drawPath(PathData.polyline([Point(o.x, y), Point(o.x + width / 2, y), Point(o.x + width, y)]),
                                      style: line.lineStyle())
                }
                if line.marker != .none {
                    renderer.drawMarkers(line.marker.path(size: line.markersize * markerscale), at: [Point(o.x + width / 2, y)],
                                         style: line.markerStyle(), clip: nil)
                }
                renderer.closeGroup()
            case .patch(let style):
                renderer.openGroup(id: renderer.nextID("patch"))
                renderer.drawPath(PathData.rectangle(Rect(x: o.x, y: o.y - descent, width: width, height: height)), style: style)
                renderer.closeGroup()
            case .markers(let marker, let area, let style):
                renderer.openGroup(id: renderer.nextID("PathCollection"))
                // matplotlib's default scatteryoffsets: the first marker sits at 0.375 of the height.
                let p = Point(o.x + width / 2, o.y - descent + height * 0.375)
                renderer.drawMarkers(marker.path(size: (area * markerscale * markerscale).squareRoot()), at: [p], style: style, clip: nil)
                renderer.closeGroup()
            }
            renderer.openGroup(id: renderer.nextID("text"))
            renderer.comment(entry.label)
            item.text.draw(renderer, at: Point(origin.x + item.textOrigin.x, origin.y + item.textOrigin.y))
            renderer.closeGroup()
        }
        renderer.closeGroup()
    }
}
