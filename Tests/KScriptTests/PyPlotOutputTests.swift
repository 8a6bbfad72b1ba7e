import Foundation
import KScript
import XCTest

/// Where figures go without a window: `plt.show()` saving into the plots directory
/// (`--plots-dir`, `KSCRIPT_PLOTS`, `./kscript_figures`) without overwriting, and the
/// `plot_model` diagram writer the keras bridge calls.
final class PyPlotOutputTests: XCTestCase {
    private func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pyplot-show-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    private func runCode(_ code: String, in dir: URL, arguments: [String] = [], environment: [String: String] = [:]) throws -> (Int32, String, String) {
        let r = try FigureTools.run(LangConformanceTests.binary.path, arguments + ["-c", code], directory: dir, environment: environment)
        return (r.status, String(decoding: r.stdout, as: UTF8.self), r.stderr)
    }

    private let twoFigures = """
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3])
        plt.figure(figsize=(4, 3))
        plt.bar([1, 2], [3, 4])
        plt.show()
        print(plt.get_fignums())
        plt.plot([0, 1])
        plt.show()
        """

    func testShowSavesEveryOpenFigureToTheDefaultDirectory() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (status, out, err) = try runCode(twoFigures, in: dir, environment: ["KSCRIPT_PLOTS": ""])
        XCTAssertEqual(status, 0, err)
        XCTAssertEqual(out, """
            Figure 1 saved to kscript_figures/figure_1.svg
            Figure 2 saved to kscript_figures/figure_2.svg
            []
            Figure 1 saved to kscript_figures/figure_3.svg

            """)
        let second = try SVGSummary.parse(String(contentsOf: dir.appendingPathComponent("kscript_figures/figure_2.svg"), encoding: .utf8))
        XCTAssertEqual(second.width, "288pt")
        XCTAssertEqual(second.height, "216pt")
        try FigureTools.assertWellFormed(dir.appendingPathComponent("kscript_figures/figure_3.svg").path)
    }

    func testShowNeverOverwritesAndHonoursPlotsDirSettings() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = dir.appendingPathComponent("from-env"), flag = dir.appendingPathComponent("from-flag")
        try FileManager.default.createDirectory(at: env, withIntermediateDirectories: true)
        try "keep".write(to: env.appendingPathComponent("figure_7.svg"), atomically: true, encoding: .utf8)
        let code = "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\n"
        let (_, out1, err1) = try runCode(code, in: dir, environment: ["KSCRIPT_PLOTS": env.path])
        XCTAssertEqual(out1, "Figure 1 saved to \(env.path)/figure_8.svg\n", err1)
        XCTAssertEqual(try String(contentsOf: env.appendingPathComponent("figure_7.svg"), encoding: .utf8), "keep")
        let (_, out2, err2) = try runCode(code, in: dir, arguments: ["--plots-dir", flag.path], environment: ["KSCRIPT_PLOTS": env.path])
        XCTAssertEqual(out2, "Figure 1 saved to \(flag.path)/figure_1.svg\n", err2)
    }

    /// The chapter's models (layers and connections as Keras 2.12 reports them, from
    /// Tests/PlotTests/Fixtures/graphs.json) drawn through `ModelDiagram`.
    func testPlotModelDrawsEveryLayerAndConnection() throws {
        let fixture = LangConformanceTests.root.appendingPathComponent("Tests/PlotTests/Fixtures/graphs.json")
        let graphs = try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: [String: Any]] ?? [:]
        XCTAssertFalse(graphs.isEmpty)
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["multi_input", "residual"] {
            let graph = graphs[name] ?? [:]
            let nodes = graph["nodes"] as? [[String: String]] ?? []
            let edges = (graph["edges"] as? [[String]] ?? []).map { ($0[0], $0[1]) }
            let diagram = ModelDiagram(layers: nodes.map {
                ModelDiagram.Layer(name: $0["name"] ?? "", className: $0["class"] ?? "", inputShape: $0["input"] ?? "", outputShape: $0["output"] ?? "")
            }, connections: edges)
            let path = dir.appendingPathComponent("\(name).svg").path
            try diagram.write(toFile: path, showShapes: true, showLayerNames: true, rankdir: "TB")
            let svg = try String(contentsOfFile: path, encoding: .utf8)
            let texts = Set(try SVGSummary.parse(svg).texts.map(\.text))
            for node in nodes {
                for label in [node["name"], node["class"], node["input"], node["output"]] {
                    XCTAssertTrue(texts.contains(label ?? "?"), "\(name): \(label ?? "?") drawn")
                }
            }
            let edgeGroups = svg.components(separatedBy: "<g id=\"edge_").count - 1
            XCTAssertEqual(edgeGroups, edges.count, "\(name): one arrow per connection")
            try FigureTools.assertWellFormed(path)
            XCTAssertGreaterThan(try FigureTools.render(path).inkFraction, 0.01, "\(name): rendering is blank")
        }
        let plain = try ModelDiagram(layers: [.init(name: "dense", className: "Dense", inputShape: "(None, 4)", outputShape: "(None, 2)")],
                                     connections: []).svg(showShapes: false, showLayerNames: false)
        let plainTexts = try SVGSummary.parse(plain).texts.map(\.text)
        XCTAssertEqual(plainTexts, ["Dense"])
        XCTAssertThrowsError(try ModelDiagram(layers: [], connections: []).svg(rankdir: "XY")) { error in
            XCTAssertEqual((error as? PyException).map { $0.type.name }, "ValueError")
        }
    }
}
