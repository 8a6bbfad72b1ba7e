import Foundation
import XCTest
@testable import Plot

/// plot_model-style diagrams of the chapter's models (graphs.json, from Keras 2.12): every
/// layer's name, class and shapes are drawn, every connection has an arrow, boxes do not
/// overlap and arrows run from a layer to the next.
final class GraphDiagramTests: XCTestCase {
    private func diagram(_ name: String, direction: GraphDiagram.Direction = .topToBottom) throws -> (GraphDiagram, [String: Any]) {
        let graph = try Fixtures.json("graphs.json").dict(name)
        let nodes = (graph["nodes"] as? [[String: Any]] ?? []).map {
            GraphDiagram.Node(id: $0.string("id"), title: [$0.string("name"), $0.string("class")],
                              rows: [("input:", $0.string("input")), ("output:", $0.string("output"))])
        }
        let edges = (graph["edges"] as? [[String]] ?? []).map { GraphDiagram.Edge(from: $0[0], to: $0[1]) }
        return (try GraphDiagram(nodes: nodes, edges: edges, direction: direction), graph)
    }

    func testEveryLayerAndConnectionIsDrawn() throws {
        for name in ["sequential", "multi_input", "multi_output", "shared_layers", "residual"] {
            for direction in [GraphDiagram.Direction.topToBottom, .leftToRight] {
                let (d, graph) = try diagram(name, direction: direction)
                let svg = d.svg()
                let root = try SVGTest.parse(svg)
                let texts = SVGTest.texts(root).map(\.text)
                for node in graph["nodes"] as? [[String: Any]] ?? [] {
                    XCTAssertNotNil(root.element(id: "node_" + node.string("id")), "\(name): node \(node.string("id"))")
                    for label in [node.string("name"), node.string("class"), node.string("input"), node.string("output")] {
                        XCTAssertTrue(texts.contains(label), "\(name): \(label) drawn")
                    }
                }
                let edgeGroups = root.groups("edge")
                XCTAssertEqual(edgeGroups.count, (graph["edges"] as? [Any])?.count, "\(name): one arrow per connection")
                for g in edgeGroups {
                    XCTAssertEqual(g.elements("path").count, 2, "\(name): a line and an arrowhead")
                }
                let layout = GraphLayout(d)
                for i in layout.boxes.indices {
                    for j in layout.boxes.indices where j > i {
                        XCTAssertFalse(layout.boxes[i].overlaps(layout.boxes[j]), "\(name): boxes \(i) and \(j) overlap")
                    }
                }
                let index = Dictionary(uniqueKeysWithValues: d.nodes.enumerated().map { ($1.id, $0) })
                for (edge, route) in zip(d.edges, layout.routes) {
                    guard let a = index[edge.from], let b = index[edge.to], let first = route.first, let last = route.last else {
                        XCTFail("\(name): bad route")
                        continue
                    }
                    let source = layout.boxes[a], target = layout.boxes[b]
                    if direction == .topToBottom {
                        XCTAssertEqual(first.y, source.y1, accuracy: 1e-9)
                        XCTAssertEqual(last.y, target.y0, accuracy: 1e-9)
                        XCTAssertLessThan(first.y, last.y, "\(name): \(edge.from) -> \(edge.to) runs downwards")
                    } else {
                        XCTAssertEqual(first.x, source.x1, accuracy: 1e-9)
                        XCTAssertEqual(last.x, target.x0, accuracy: 1e-9)
                        XCTAssertLessThan(first.x, last.x, "\(name): \(edge.from) -> \(edge.to) runs rightwards")
                    }
                }
                try SVGTest.assertWellFormed(svg)
                SVGTest.assertNotBlank(try SVGTest.render(svg, zoom: 0.5), minimumInkFraction: 0.01)
            }
        }
    }

    func testRejectsUnknownNodes() {
        XCTAssertThrowsError(try GraphDiagram(nodes: [GraphDiagram.Node(id: "a", title: ["a"])],
                                              edges: [GraphDiagram.Edge(from: "a", to: "b")]))
        XCTAssertThrowsError(try GraphDiagram(nodes: [GraphDiagram.Node(id: "a", title: ["a"]), GraphDiagram.Node(id: "a", title: ["b"])],
                                              edges: []))
        XCTAssertThrowsError(try GraphDiagram.Direction(parsing: "XY"))
    }

    func testWritesSVGFile() throws {
        let (d, _) = try diagram("residual")
        let path = NSTemporaryDirectory() + "plot-graph-\(UUID().uuidString).svg"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try d.save(path)
        XCTAssertTrue(try String(contentsOfFile: path, encoding: .utf8).contains("dense_2"))
    }
}
