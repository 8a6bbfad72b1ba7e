import Foundation

/// A directed graph drawn as boxes and arrows in layers, top to bottom or left to right,
/// without graphviz: what `keras.utils.plot_model` draws. Each node is a record box with a
/// title column (e.g. the layer name over its class) and an optional two-column table
/// (e.g. "input:" / "output:" with shapes).
public struct GraphDiagram {
    public struct Node {
        public var id: String
        /// Lines stacked in the box's first column.
        public var title: [String]
        /// (key, value) rows of the table beside the title.
        public var rows: [(String, String)]

        public init(id: String, title: [String], rows: [(String, String)] = []) {
            self.id = id
            self.title = title
            self.rows = rows
        }
    }

    public struct Edge: Equatable {
        public var from: String
        public var to: String

        public init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    /// `rankdir`: 'TB' (layers top to bottom) or 'LR' (left to right).
    public enum Direction: String {
        case topToBottom = "TB"
        case leftToRight = "LR"

        public init(parsing text: String) throws {
            guard let d = Direction(rawValue: text) else {
                throw PlotError.value("rankdir must be 'TB' or 'LR', not '\(text)'")
            }
            self = d
        }
    }

    public let nodes: [Node]
    public let edges: [Edge]
    public let direction: Direction
    public var fontSize = 11.0

    /// Fails when node ids repeat or an edge names an unknown node.
    public init(nodes: [Node], edges: [Edge], direction: Direction = .topToBottom) throws {
        var seen = Set<String>()
        for n in nodes {
            guard seen.insert(n.id).inserted else { throw PlotError.value("duplicate node id '\(n.id)'") }
        }
        for e in edges {
            guard seen.contains(e.from), seen.contains(e.to) else {
                throw PlotError.value("edge \(e.from) -> \(e.to) refers to an unknown node")
            }
        }
        self.nodes = nodes
        self.edges = edges
        self.direction = direction
    }

    /// The diagram as an SVG document (sized in points).
    public func svg() -> String {
        let layout = GraphLayout(self)
        let margin = 8.0
        let width = layout.size.0 + 2 * margin, height = layout.size.1 + 2 * margin
        let renderer = SVGRenderer(width: width, height: height)
        renderer.openGroup(id: "graph")
        renderer.drawPath(PathData.rectangle(Rect(x0: 0, y0: 0, x1: width, y1: height)), style: PathStyle(fill: .white))
        // Layout coordinates are y down from the top-left; display coordinates are y up.
        func display(_ p: Point) -> Point { Point(p.x + margin, height - margin - p.y) }
        for (i, route) in layout.routes.enumerated() {
            renderer.openGroup(id: "edge_\(i + 1)")
            let points = route.map(display)
            renderer.drawPath(PathData.polyline(points), style: PathStyle(fill: nil, stroke: .black, lineWidth: 1))
            if points.count >= 2 {
                renderer.drawPath(arrowhead(tip: points[points.count - 1], from: points[points.count - 2]),
                                  style: PathStyle(fill: .black, stroke: .black, lineWidth: 1, lineJoin: .miter))
            }
            renderer.closeGroup()
        }
        for (node, box) in zip(nodes, layout.boxes) {
            renderer.openGroup(id: "node_\(node.id)")
            drawNode(node, box: box, renderer: renderer, display: display)
            renderer.closeGroup()
        }
        renderer.closeGroup()
        return renderer.document()
    }

    private func arrowhead(tip: Point, from: Point) -> PathData {
        let dx = tip.x - from.x, dy = tip.y - from.y
        let length = max(hypot(dx, dy), 1e-9)
        let u = Point(dx / length, dy / length), n = Point(-u.y, u.x)
        let base = Point(tip.x - 9 * u.x, tip.y - 9 * u.y)
        return PathData.polyline([tip, Point(base.x + 3.5 * n.x, base.y + 3.5 * n.y), Point(base.x - 3.5 * n.x, base.y - 3.5 * n.y)],
                                 closed: true)
    }

    /// Column widths and the row height of a node's record box.
    func cellMetrics(_ node: Node) -> (title: Double, key: Double, value: Double, rowHeight: Double, rows: Int) {
        let m = FontMetrics.regular
        let pad = 2 * GraphLayout.cellPadding
        let title = (node.title.map { m.measure($0, size: fontSize).width }.max() ?? 0) + pad
        let key = node.rows.isEmpty ? 0 : (node.rows.map { m.measure($0.0, size: fontSize).width }.max() ?? 0) + pad
        let value = node.rows.isEmpty ? 0 : (node.rows.map { m.measure($0.1, size: fontSize).width }.max() ?? 0) + pad
        let rowHeight = fontSize * 1.2 + 2 * GraphLayout.cellPadding / 2
        return (title, key, value, rowHeight, max(node.title.count, node.rows.count, 1))
    }

    private func drawNode(_ node: Node, box: Rect, renderer: SVGRenderer, display: (Point) -> Point) {
        let c = cellMetrics(node)
        let outline = Rect(x0: display(Point(box.x0, box.y1)).x, y0: display(Point(box.x0, box.y1)).y,
                           x1: display(Point(box.x1, box.y0)).x, y1: display(Point(box.x1, box.y0)).y)
        let line = PathStyle(fill: nil, stroke: .black, lineWidth: 1)
        renderer.drawPath(PathData.rectangle(outline), style: PathStyle(fill: .white, stroke: .black, lineWidth: 1, lineJoin: .miter))
        let textStyle = TextStyle(fontSize: fontSize, ha: .center, va: .center)
        // Title lines share the first column's height equally.
        let titleX = box.x0 + c.title / 2
        for (i, text) in node.title.enumerated() {
            let h = box.height / Double(node.title.count)
            let p = display(Point(titleX, box.y0 + h * (Double(i) + 0.5)))
            renderer.comment(text)
            TextLayout(text, style: textStyle).draw(renderer, at: p)
            if i > 0 {
                renderer.drawPath(PathData.polyline([display(Point(box.x0, box.y0 + h * Double(i))),
                                                     display(Point(box.x0 + c.title, box.y0 + h * Double(i)))]), style: line)
            }
        }
        guard !node.rows.isEmpty else { return }
        let keyX0 = box.x0 + c.title, valueX0 = keyX0 + c.key
        renderer.drawPath(PathData.polyline([display(Point(keyX0, box.y0)), display(Point(keyX0, box.y1))]), style: line)
        renderer.drawPath(PathData.polyline([display(Point(valueX0, box.y0)), display(Point(valueX0, box.y1))]), style: line)
        let h = box.height / Double(node.rows.count)
        for (i, row) in node.rows.enumerated() {
            let y = box.y0 + h * (Double(i) + 0.5)
            renderer.comment(row.0 + " " + row.1)
            TextLayout(row.0, style: textStyle).draw(renderer, at: display(Point(keyX0 + c.key / 2, y)))
            TextLayout(row.1, style: textStyle).draw(renderer, at: display(Point(valueX0 + c.value / 2, y)))
            if i > 0 {
                renderer.drawPath(PathData.polyline([display(Point(keyX0, box.y0 + h * Double(i))),
                                                     display(Point(box.x1, box.y0 + h * Double(i)))]), style: line)
            }
        }
    }

    /// Writes the diagram: SVG directly, PNG or PDF through rsvg-convert (`dpi` for PNG).
    public func save(_ path: String, format: String? = nil, dpi: Double = 96) throws {
        let ext = (path as NSString).pathExtension
        let fmt = try FigureFormat(parsing: format ?? (ext.isEmpty ? "png" : ext))
        let document = svg()
        let data: Data
        switch fmt {
        case .svg:
            data = Data(document.utf8)
        case .png, .pdf:
            guard let converter = Figure.findExecutable("rsvg-convert") else {
                throw PlotError.value("Format '\(fmt.rawValue)' needs rsvg-convert (librsvg2-bin), which is not installed; save as .svg instead")
            }
            data = try Figure.run(converter, ["-f", fmt.rawValue, "-d", String(dpi), "-p", String(dpi)], input: Data(document.utf8))
        }
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw PlotError(.osError, "[Errno 2] No such file or directory: '\(path)'")
        }
    }
}
