import Foundation
import KScript
import XCTest
@testable import Notebook

/// nbformat 4.5's JSON schema (the fixture fetched from the nbformat project).
enum NotebookSchema {
    static func load() throws -> JSONSchemaValidator {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/nbformat.v4.5.schema.json")
        let root = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(contentsOf: path)) as? [String: Any])
        return JSONSchemaValidator(root: root)
    }
}

/// Notebook and Markdown export, validated against nbformat's own JSON schema.
final class ExportTests: XCTestCase {
    private var directory = ""

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "kscript-export-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func schema() throws -> JSONSchemaValidator { try NotebookSchema.load() }

    private func sampleCells() throws -> [CellRecord] {
        let figure = directory + "/figures/figure_1.svg"
        try FileManager.default.createDirectory(atPath: directory + "/figures", withIntermediateDirectories: true)
        try Data("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n".utf8).write(to: URL(fileURLWithPath: figure))
        let interpreter = Interpreter(argv: [""], scriptDirectory: directory)
        let executor = CellExecutor(interpreter: interpreter, module: interpreter.makeMainModule(filename: "<stdin>"), echo: false)
        executor.execute("xs = [1, 2, 3]\nprint('sum', sum(xs))\nxs")
        executor.execute("import sys\nprint('warn', file=sys.stderr)")
        executor.execute("1 / 0")
        executor.execute("from kscript_test_figures import show")
        var cells = executor.cells
        cells[3].outputs = [.figure(path: figure)]
        return cells
    }

    func testNotebookIsValidNbformat45WithStreamsResultsErrorsAndFigures() throws {
        let path = directory + "/out.ipynb"
        let cells = try sampleCells()
        try NotebookExporter.writeNotebook(cells: cells, to: path)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
        XCTAssertEqual(try schema().validate(document), [])
        let notebook = try XCTUnwrap(document as? [String: Any])
        XCTAssertEqual(notebook["nbformat"] as? Int, 4)
        XCTAssertEqual(notebook["nbformat_minor"] as? Int, 5)
        let jupyterCells = try XCTUnwrap(notebook["cells"] as? [[String: Any]])
        XCTAssertEqual(jupyterCells.count, 4)
        let first = try XCTUnwrap(jupyterCells[0]["outputs"] as? [[String: Any]])
        XCTAssertEqual(first[0]["text"] as? [String], ["sum 6\n"])
        XCTAssertEqual((first[1]["data"] as? [String: Any])?["text/plain"] as? [String], ["[1, 2, 3]"])
        XCTAssertEqual(jupyterCells[0]["source"] as? [String], ["xs = [1, 2, 3]\n", "print('sum', sum(xs))\n", "xs"])
        let second = try XCTUnwrap(jupyterCells[1]["outputs"] as? [[String: Any]])
        XCTAssertEqual(second[0]["name"] as? String, "stderr")
        let error = try XCTUnwrap((jupyterCells[2]["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(error["ename"] as? String, "ZeroDivisionError")
        XCTAssertEqual(error["evalue"] as? String, "division by zero")
        let figure = try XCTUnwrap((jupyterCells[3]["outputs"] as? [[String: Any]])?.first)
        XCTAssertEqual(figure["output_type"] as? String, "display_data")
        XCTAssertEqual(((figure["data"] as? [String: Any])?["image/svg+xml"] as? [String])?.first, "<svg xmlns=\"http://www.w3.org/2000/svg\">\n")
    }

    func testValidatorRejectsMalformedNotebooks() throws {
        let validator = try schema()
        var notebook = NotebookExporter.notebook(cells: [CellRecord(number: 1, source: "x", outputs: [.result(text: "1")])])
        XCTAssertEqual(validator.validate(notebook), [])
        notebook["nbformat"] = "4"
        XCTAssertFalse(validator.validate(notebook).isEmpty)
        notebook = NotebookExporter.notebook(cells: [CellRecord(number: 1, source: "x", outputs: [.stream(name: "stdout", text: "x")])])
        var cells = try XCTUnwrap(notebook["cells"] as? [[String: Any]])
        cells[0]["outputs"] = [["output_type": "stream", "name": "stdout"]]
        notebook["cells"] = cells
        XCTAssertFalse(validator.validate(notebook).isEmpty, "a stream output needs its text")
        cells[0]["outputs"] = [[String: Any]]()
        cells[0]["collapsed"] = true
        notebook["cells"] = cells
        XCTAssertFalse(validator.validate(notebook).isEmpty, "code cells take no unknown properties")
        cells[0]["collapsed"] = nil
        cells[0]["id"] = "bad id!"
        notebook["cells"] = cells
        XCTAssertFalse(validator.validate(notebook).isEmpty, "cell ids follow the schema's pattern")
    }

    func testMarkdownLinksFiguresRelativeToTheFile() throws {
        let path = directory + "/notes.md"
        try NotebookExporter.writeMarkdown(cells: try sampleCells(), to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("**In [1]:**\n\n```python\nxs = [1, 2, 3]\nprint('sum', sum(xs))\nxs\n```\n\n```\nsum 6\nOut[1]: [1, 2, 3]\n```\n"), text)
        XCTAssertTrue(text.contains("![figure](figures/figure_1.svg)"), text)
        XCTAssertTrue(text.contains("ZeroDivisionError: division by zero"), text)
    }

    func testScriptBlocksFollowBlankLinesAtTheMargin() {
        let source = """
        import math
        x = 1

        # a helper
        def f(a):
            b = a

            return b
        else_value = 2

        if x:
            pass

        else:
            pass
        data = [
            1,

            2]
        print(f(x))
        """
        XCTAssertEqual(NotebookExporter.blocks(of: source), [
            "import math\nx = 1",
            "# a helper\ndef f(a):\n    b = a\n\n    return b\nelse_value = 2",
            "if x:\n    pass\n\nelse:\n    pass\ndata = [\n    1,\n\n    2]\nprint(f(x))",
        ])
    }

    func testExportIpynbCommandRunsTheScriptBlockByBlock() throws {
        let script = directory + "/demo.kscript"
        try Data("total = 0\nfor i in range(4):\n    total += i\n\nprint('total', total)\n\ntotal * 10\n\nraise ValueError('stop')\n\nprint('never')\n".utf8)
            .write(to: URL(fileURLWithPath: script))
        let output = directory + "/demo.ipynb"
        let status = NotebookExporter.exportScript(path: script, output: output, arguments: [])
        XCTAssertEqual(status, 1, "a failing block makes the exit status 1")
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
        XCTAssertEqual(try schema().validate(document), [])
        let cells = try XCTUnwrap((document as? [String: Any])?["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.count, 5)
        XCTAssertEqual(cells.map { $0["execution_count"] as? Int }, [1, 2, 3, 4, nil])
        XCTAssertEqual(((cells[1]["outputs"] as? [[String: Any]])?.first?["text"]) as? [String], ["total 6\n"])
        XCTAssertEqual((((cells[2]["outputs"] as? [[String: Any]])?.first?["data"]) as? [String: Any])?["text/plain"] as? [String], ["60"])
        XCTAssertEqual(((cells[3]["outputs"] as? [[String: Any]])?.first?["ename"]) as? String, "ValueError")
        XCTAssertEqual((cells[4]["outputs"] as? [Any])?.count, 0)
    }

    func testExportIpynbThroughTheExecutable() throws {
        let script = directory + "/small.kscript"
        try Data("print('hi')\n\n2 + 3\n".utf8).write(to: URL(fileURLWithPath: script))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PseudoTerminal.executable)
        process.arguments = ["--export-ipynb", script, directory + "/small.ipynb"]
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/small.ipynb")))
        XCTAssertEqual(try schema().validate(document), [])
        let cells = try XCTUnwrap((document as? [String: Any])?["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.map { $0["source"] as? [String] ?? [] }, [["print('hi')"], ["2 + 3"]])
    }

    func testExportIpynbOfAScriptWithAPlotAttachesTheFigure() throws {
        let script = directory + "/plot.kscript"
        try Data("import matplotlib.pyplot as plt\n\nplt.bar(['a', 'b'], [3, 5])\nplt.ylabel('count')\nplt.show()\n\nprint('done')\n".utf8)
            .write(to: URL(fileURLWithPath: script))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PseudoTerminal.executable)
        process.arguments = ["--export-ipynb", script, directory + "/plot.ipynb"]
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        try process.run()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let document = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/plot.ipynb")))
        XCTAssertEqual(try schema().validate(document), [])
        let cells = try XCTUnwrap((document as? [String: Any])?["cells"] as? [[String: Any]])
        XCTAssertEqual(cells.count, 3)
        let outputs = try XCTUnwrap(cells[1]["outputs"] as? [[String: Any]])
        let figure = try XCTUnwrap(outputs.first { $0["output_type"] as? String == "display_data" })
        let svg = ((figure["data"] as? [String: Any])?["image/svg+xml"] as? [String] ?? []).joined()
        XCTAssertTrue(svg.contains("<svg") && svg.contains("count"), svg)
        XCTAssertEqual(((cells[2]["outputs"] as? [[String: Any]])?.first?["text"]) as? [String], ["done\n"])
    }
}
