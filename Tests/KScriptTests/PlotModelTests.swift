import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import XCTest

/// `keras.utils.plot_model` run from scripts — the chapter's multi-input, residual and
/// shared-layer models and a set of other model kinds — against what Keras 2.12 hands
/// graphviz for the same calls (Fixtures/plot_model/plot_model.json, written by
/// make_plot_model.py): the same boxes with the same record fields, one arrow per Keras edge,
/// the flow and the record orientation graphviz gives each `rankdir`, well-formed SVG that
/// renders, PNG at the requested dpi.
final class PlotModelTests: XCTestCase {
    static let fixtures = LangConformanceTests.root.appendingPathComponent("Tests/KScriptTests/Fixtures/plot_model")
    static let chapter = URL(fileURLWithPath: ProcessInfo.processInfo.environment["KSCRIPT_CHAPTER_DIR"] ?? "/work/shared/chapter")
    /// Each case and the chapter example it runs after.
    static let cases: [(name: String, chapterFile: String?)] = [
        ("multi_input", "05_multi_input.kscript"), ("residual", "08_residual.kscript"),
        ("shared_layers", "07_shared_layers.kscript"), ("models", nil),
    ]

    /// One drawn box or arrow of a diagram: its `<title>`, texts with positions, and the
    /// outline (a box's first path).
    struct Group {
        var title = ""
        var texts: [(text: String, x: Double, y: Double)] = []
        var outline: [Double] = []
    }

    struct Diagram {
        var nodes: [String: Group] = [:]
        var edges: [String] = []
    }

    /// Reads the `class="node"` and `class="edge"` groups of a diagram.
    final class DiagramReader: NSObject, XMLParserDelegate {
        var diagram = Diagram()
        private var current: (kind: String, group: Group)?
        private var element = ""
        private var text = ""
        private var textPosition = (0.0, 0.0)

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            element = name
            text = ""
            if name == "g", let kind = attributes["class"], kind == "node" || kind == "edge" { current = (kind, Group()) }
            if name == "text" { textPosition = (Double(attributes["x"] ?? "") ?? .nan, Double(attributes["y"] ?? "") ?? .nan) }
            if name == "path", let d = attributes["d"], current?.kind == "node", current?.group.outline.isEmpty == true {
                current?.group.outline = d.split(separator: " ").compactMap { Double($0) }
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "title" { current?.group.title = text }
            if name == "text" { current?.group.texts.append((text, textPosition.0, textPosition.1)) }
            if name == "g", let (kind, group) = current {
                if kind == "node" { diagram.nodes[group.title] = group } else { diagram.edges.append(group.title) }
                current = nil
            }
        }
    }

    static func parseDiagram(_ path: URL) throws -> Diagram {
        let reader = DiagramReader()
        let parser = XMLParser(data: try Data(contentsOf: path))
        parser.delegate = reader
        guard parser.parse() else { throw FigureFileError("\(path.lastPathComponent) does not parse") }
        return reader.diagram
    }

    /// The texts of a graphviz record label (`{dense|Dense}|{input:|output:}|...`).
    static func fields(_ label: String) -> [String] {
        label.split(whereSeparator: { "{}|".contains($0) }).map(String.init)
    }

    /// The script of a case: the chapter example, then the case's plot_model calls.
    static func script(_ name: String, chapterFile: String?) throws -> String {
        let calls = try String(contentsOf: fixtures.appendingPathComponent(name + ".py"), encoding: .utf8)
        guard let chapterFile else { return calls }
        return try String(contentsOf: chapter.appendingPathComponent(chapterFile), encoding: .utf8) + "\n" + calls
    }

    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plot-model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func run(_ code: String, in dir: URL) throws -> (status: Int32, stdout: String, stderr: String) {
        let r = try FigureTools.run(LangConformanceTests.binary.path, ["-c", code], directory: dir)
        return (r.status, String(decoding: r.stdout, as: UTF8.self), r.stderr)
    }

    /// Centre of a box outline `M x0 y0 L x1 y0 L x1 y1 L x0 y1 z` (SVG coordinates, y down).
    static func centre(_ outline: [Double]) -> (x: Double, y: Double) {
        guard outline.count >= 8 else { return (.nan, .nan) }
        return ((outline[0] + outline[2]) / 2, (outline[1] + outline[5]) / 2)
    }

    func testDiagramsMatchWhatKerasGivesGraphviz() throws {
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: Self.fixtures.appendingPathComponent("plot_model.json")))
            as? [String: [String: [String: Any]]] ?? [:]
        XCTAssertEqual(Set(expected.keys), Set(Self.cases.map(\.name)))
        for (name, chapterFile) in Self.cases {
            let dir = try temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let result = try run(try Self.script(name, chapterFile: chapterFile), in: dir)
            XCTAssertEqual(result.status, 0, "\(name): \(result.stderr)")
            let files = expected[name] ?? [:]
            XCTAssertFalse(files.isEmpty)
            for (file, graph) in files.sorted(by: { $0.key < $1.key }) {
                let path = dir.appendingPathComponent(file)
                if file.hasSuffix(".png") {
                    try checkPNG(path, graph: graph, svgTwin: dir.appendingPathComponent(file.replacingOccurrences(of: ".png", with: "_tb.svg")))
                    continue
                }
                let diagram = try Self.parseDiagram(path)
                let nodes = graph["nodes"] as? [[String: String]] ?? []
                XCTAssertEqual(Set(diagram.nodes.keys), Set(nodes.compactMap { $0["name"] }), "\(file): boxes")
                for node in nodes {
                    let name = node["name"] ?? "", label = node["label"] ?? ""
                    XCTAssertEqual(diagram.nodes[name]?.texts.map(\.text).sorted(), Self.fields(label).sorted(), "\(file): \(name) shows \(label)")
                }
                let edges = (graph["edges"] as? [[String]] ?? []).map { $0.joined(separator: "->") }
                XCTAssertEqual(diagram.edges.sorted(), edges.sorted(), "\(file): one arrow per connection")
                checkFlow(diagram, nodes: nodes, rankdir: graph["rankdir"] as? String ?? "TB", file: file)
                try FigureTools.assertWellFormed(path.path)
                XCTAssertGreaterThan(try FigureTools.render(path.path).inkFraction, 0.01, "\(file): rendering is blank")
            }
        }
    }

    /// Every arrow runs with the flow `rankdir` names (a layer applied to its own output
    /// loops back); records lie as graphviz lays them out: for Keras' `{name|Class}|...`
    /// (with shapes) and `name|Class` labels, the name is stacked over its class in the first
    /// and beside it in the second when the flow is 'TB' or 'BT', the other way round in 'LR'.
    private func checkFlow(_ diagram: Diagram, nodes: [[String: String]], rankdir: String, file: String) {
        for edge in diagram.edges {
            let ends = edge.components(separatedBy: "->")
            guard ends.count == 2, ends[0] != ends[1], let a = diagram.nodes[ends[0]], let b = diagram.nodes[ends[1]] else { continue }
            let (p, q) = (Self.centre(a.outline), Self.centre(b.outline))
            switch rankdir {
            case "TB": XCTAssertLessThan(p.y, q.y, "\(file): \(edge) runs down")
            case "BT": XCTAssertGreaterThan(p.y, q.y, "\(file): \(edge) runs up")
            case "LR": XCTAssertLessThan(p.x, q.x, "\(file): \(edge) runs right")
            default: XCTFail("\(file): unexpected rankdir \(rankdir)")
            }
        }
        for node in nodes {
            let name = node["name"] ?? "", label = node["label"] ?? ""
            guard let drawn = diagram.nodes[name], drawn.texts.count >= 2 else { continue }
            let grouped = label.hasPrefix("{\(name)|\(drawn.texts[1].text)}|"), plain = label == "\(name)|\(drawn.texts[1].text)"
            guard grouped || plain else { continue }
            let (first, second) = (drawn.texts[0], drawn.texts[1])
            if (rankdir == "LR") != grouped {
                XCTAssertEqual(first.x, second.x, accuracy: 1e-6, "\(file): \(name) stacked over its class")
                XCTAssertLessThan(first.y, second.y, "\(file): \(name) stacked over its class")
            } else {
                XCTAssertEqual(first.y, second.y, accuracy: 1e-6, "\(file): \(name) beside its class")
                XCTAssertLessThan(first.x, second.x, "\(file): \(name) beside its class")
            }
        }
    }

    /// A PNG written at `dpi` is the SVG of the same drawing at dpi/72 pixels per point.
    private func checkPNG(_ path: URL, graph: [String: Any], svgTwin: URL) throws {
        guard FigureTools.path("rsvg-convert") != nil else { throw XCTSkip("rsvg-convert (librsvg2-bin) is not installed") }
        let image = try RasterImage.decode(try Data(contentsOf: path))
        let twin = try SVGSummary.parse(try String(contentsOf: svgTwin, encoding: .utf8))
        let scale = (graph["dpi"] as? Double ?? 96) / 72
        XCTAssertEqual(Double(image.width), (Double(twin.width.dropLast(2)) ?? 0) * scale, accuracy: 1, "\(path.lastPathComponent) width")
        XCTAssertEqual(Double(image.height), (Double(twin.height.dropLast(2)) ?? 0) * scale, accuracy: 1, "\(path.lastPathComponent) height")
        XCTAssertGreaterThan(image.inkFraction, 0.01, "\(path.lastPathComponent) is blank")
    }

    func testErrorsNameTheProblem() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let code = """
            from tensorflow import keras
            from tensorflow.keras import layers
            unbuilt = keras.Sequential([layers.Dense(2)])
            built = keras.Sequential([layers.Dense(2, input_shape=(3,))])
            for call in [lambda: keras.utils.plot_model(unbuilt, 'a.svg'),
                         lambda: keras.utils.plot_model(built, 'a.jpg'),
                         lambda: keras.utils.plot_model(built, 'a.svg', rankdir='XY'),
                         lambda: keras.utils.plot_model(built, 'no/such/dir/a.svg'),
                         lambda: keras.utils.plot_model(built, 'a.svg', layer_range=['nothing', 'dense']),
                         lambda: keras.utils.plot_model(built, 'a.svg', layer_range=['dense'])]:
                try:
                    call()
                except Exception as e:
                    print(type(e).__name__ + ':', e)
            print(keras.utils.plot_model(built, 'model'))
            """
        let result = try run(code, in: dir)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, """
            ValueError: This model has not yet been built. Build the model first by calling `build()` or by calling the model on a batch of data.
            ValueError: Format 'jpg' is not supported (supported formats: pdf, png, svg)
            ValueError: rankdir must be 'TB', 'LR', 'BT' or 'RL', not 'XY'
            FileNotFoundError: [Errno 2] No such file or directory: 'no/such/dir/a.svg'
            ValueError: Passed layer_names do not match the layer names in the model. Received: ['nothing', 'dense']
            ValueError: layer_range must be a list or tuple of length 2. Received: layer_range = ['dense'] of length 1
            None

            """)
        // No extension means PNG, as in Keras.
        XCTAssertNoThrow(try RasterImage.decode(try Data(contentsOf: dir.appendingPathComponent("model"))))
    }
}
