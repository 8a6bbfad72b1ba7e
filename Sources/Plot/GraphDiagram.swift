import Foundation

/// A directed graph drawn as boxes and arrows in layers, top to bottom or left to right,
/// without graphviz: what `keras.utils.plot_model` draws. Each node is a record box
/// (graphviz's `shape=record`, see `RecordLabel`), e.g. the layer name over its class beside
/// "input:" / "output:" and the shapes.
public struct GraphDiagram {
    public struct Node {
        public var id: String
        /// What the box shows, laid out as a graphviz record.
        public var label: RecordLabel

        public init(id: String, label: RecordLabel) {
            self.id = id
            self.label = label
        }

        /// A box with `title` lines stacked in its first column and, beside them, a column
        /// of keys and a column of values (Keras' `{name|Class}|{input:|output:}|{{..}|{..}}`);
        /// a left-to-right graph turns the record, as graphviz does.
        public init(id: String, title: [String], rows: [(String, String)] = []) {
            let titleColumn = RecordLabel.fields(title.map(RecordLabel.text))
            guard !rows.isEmpty else {
                self.init(id: id, label: .fields([titleColumn]))
                return
            }
            self.init(id: id, label: .fields([titleColumn, .fields(rows.map { .text($0.0) }),
                                              .fields(rows.map { .fields([.text($0.1)]) })]))
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

    /// `rankdir`, as graphviz reads it: 'TB' (layers top to bottom), 'LR' (left to right),
    /// 'BT', 'RL'. Records lie across the flow: their top-level fields side by side in 'TB'
    /// and 'BT', stacked in 'LR' and 'RL'.
    public enum Direction: String {
        case topToBottom = "TB"
        case leftToRight = "LR"
        case bottomToTop = "BT"
        case rightToLeft = "RL"

        public init(parsing text: String) throws {
            guard let d = Direction(rawValue: text) else {
                throw PlotError.value("rankdir must be 'TB', 'LR', 'BT' or 'RL', not '\(text)'")
            }
            self = d
        }

        /// The unit vector of the flow in layout coordinates (y down).
        var flow: Point {
            switch self {
            case .topToBottom: return Point(0, 1)
            case .bottomToTop: return Point(0, -1)
            case .leftToRight: return Point(1, 0)
            case .rightToLeft: return Point(-1, 0)
            }
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

    /// The diagram as an SVG document (sized in points): a `<g id="node_ID">` per node and a
    /// `<g id="edge_N">` per edge, each with a `<title>` (the node id, `from->to`) as
    /// graphviz writes them.
    public func svg() -> String {
        let layout = GraphLayout(self)
        let margin = 4.0
        let width = layout.size.0 + 2 * margin, height = layout.size.1 + 2 * margin
        let renderer = SVGRenderer(width: width, height: height)
        renderer.openGroup(id: "graph")
        renderer.drawPath(PathData.rectangle(Rect(x0: 0, y0: 0, x1: width, y1: height)), style: PathStyle(fill: .white))
        // Layout coordinates are y down from the top-left; display coordinates are y up.
        func display(_ p: Point) -> Point { Point(p.x + margin, height - margin - p.y) }
        for (i, (edge, route)) in zip(edges, layout.routes).enumerated() {
            renderer.openGroup(id: "edge_\(i + 1)", attributes: " class=\"edge\"")
            renderer.title("\(edge.from)->\(edge.to)")
            let (curve, head) = edgeShapes(route, isLoop: layout.loops.contains(i), display: display)
            renderer.drawPath(curve, style: PathStyle(fill: nil, stroke: .black, lineWidth: 1))
            renderer.drawPath(head, style: PathStyle(fill: .black, stroke: .black, lineWidth: 1, lineJoin: .miter))
            renderer.closeGroup()
        }
        for (node, (box, record)) in zip(nodes, zip(layout.boxes, layout.records)) {
            renderer.openGroup(id: "node_\(node.id)", attributes: " class=\"node\"")
            renderer.title(node.id)
            drawNode(record, box: box, renderer: renderer, display: display)
            renderer.closeGroup()
        }
        renderer.closeGroup()
        return renderer.document()
    }

    /// Graphviz's normal arrowhead.
    static let arrowLength = 10.0
    static let arrowHalfWidth = 3.5

    /// An edge's curve and arrowhead: cubic pieces between the route's points that leave and
    /// reach each point along the flow (graphviz-like splines through the virtual nodes),
    /// the last one ending at the arrowhead's base. A loop bulges out of the box's side and
    /// comes back into it.
    private func edgeShapes(_ route: [Point], isLoop: Bool, display: (Point) -> Point) -> (PathData, PathData) {
        guard route.count >= 2 else { return (PathData(), PathData()) }
        let flow = direction.flow
        // The loop's way out of the box, and the direction its arrow points in.
        let out = Point(abs(flow.y), abs(flow.x))
        let heading = isLoop ? Point(-out.x, -out.y) : flow
        let tip = route[route.count - 1]
        let base = Point(tip.x - GraphDiagram.arrowLength * heading.x, tip.y - GraphDiagram.arrowLength * heading.y)
        var curve = PathData()
        curve.move(display(route[0]))
        if isLoop {
            // Both control points this far out make the curve reach `loopReach` at its middle.
            let reach = (8 * GraphLayout.loopReach - GraphDiagram.arrowLength) / 6
            let back = reach - GraphDiagram.arrowLength
            let c1 = Point(route[0].x + reach * out.x - 4 * flow.x, route[0].y + reach * out.y - 4 * flow.y)
            let c2 = Point(base.x + back * out.x + 4 * flow.x, base.y + back * out.y + 4 * flow.y)
            curve.cubic(display(c1), display(c2), display(base))
        } else {
            let points = Array(route.dropLast()) + [base]
            for k in 1..<points.count {
                let a = points[k - 1], b = points[k]
                let d = ((b.x - a.x) * flow.x + (b.y - a.y) * flow.y) / 2
                curve.cubic(display(Point(a.x + d * flow.x, a.y + d * flow.y)), display(Point(b.x - d * flow.x, b.y - d * flow.y)),
                            display(b))
            }
        }
        let w = GraphDiagram.arrowHalfWidth
        let head = [tip, Point(base.x + w * heading.y, base.y + w * heading.x), Point(base.x - w * heading.y, base.y - w * heading.x)]
        return (curve, PathData.polyline(head.map(display), closed: true))
    }

    /// Draws a record box: white with a black outline, lines between fields, centred texts.
    private func drawNode(_ record: RecordLayout, box: Rect, renderer: SVGRenderer, display: (Point) -> Point) {
        func displayRect(_ r: Rect) -> Rect {
            let a = display(Point(r.x0, r.y1)), b = display(Point(r.x1, r.y0))
            return Rect(x0: a.x, y0: a.y, x1: b.x, y1: b.y)
        }
        renderer.drawPath(PathData.rectangle(displayRect(box)), style: PathStyle(fill: .white, stroke: .black, lineWidth: 1, lineJoin: .miter))
        let line = PathStyle(fill: nil, stroke: .black, lineWidth: 1)
        for (a, b) in record.separators {
            renderer.drawPath(PathData.polyline([display(Point(box.x0 + a.x, box.y0 + a.y)), display(Point(box.x0 + b.x, box.y0 + b.y))]),
                              style: line)
        }
        // Every text sits on the baseline that centres a line of "lp" in its field, so the
        // texts of neighbouring fields line up whatever their descenders.
        let textStyle = TextStyle(fontSize: fontSize, ha: .center, va: .baseline)
        let lp = FontMetrics.regular.measure("lp", size: fontSize)
        let baselineBelowMiddle = lp.height / 2 - lp.descent
        for (text, field) in record.texts where !text.isEmpty {
            renderer.comment(text)
            TextLayout(text, style: textStyle).draw(renderer, at: display(Point(box.x0 + field.midX, box.y0 + field.midY + baselineBelowMiddle)))
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
