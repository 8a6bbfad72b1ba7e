import Foundation
import KScript
import XCTest

/// The matplotlib bridge end to end: each tests/pyplot/*.kscript runs with the built
/// kscript binary and is compared with what CPython + matplotlib 3.10 made of the same file
/// (tests/pyplot/expected/*.json, written by tests/pyplot/make_expected.py): standard
/// output, warnings, and for every saved SVG its size, `<text>` elements (content, position,
/// anchor, size), colours and element counts. Every SVG must pass `xmllint --noout` and
/// render non-blank with rsvg-convert; the chapter's history figure must match matplotlib's
/// PNG rendering pixel for pixel but for a few anti-aliasing differences.
final class PyPlotBridgeTests: XCTestCase {
    static var casesDirectory: URL { LangConformanceTests.root.appendingPathComponent("tests/pyplot") }

    /// Runs `script` (a file under tests/pyplot) in a fresh directory; returns the outcome
    /// and the directory.
    static func run(_ script: String, arguments: [String] = [], environment: [String: String] = [:]) throws
        -> (status: Int32, stdout: String, stderr: String, directory: URL) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("pyplot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: casesDirectory.appendingPathComponent(script), to: work.appendingPathComponent(script))
        let result = try FigureTools.run(LangConformanceTests.binary.path, arguments + [script], directory: work, environment: environment)
        return (result.status, String(decoding: result.stdout, as: UTF8.self), result.stderr, work)
    }

    static func withoutAddresses(_ s: String) -> String {
        s.replacingOccurrences(of: #"\b0x[0-9a-f]+"#, with: "0x0", options: .regularExpression)
    }

    private func rgb(_ hex: String) -> [Int] {
        let v = Int(hex.dropFirst(), radix: 16) ?? -1
        return [v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff]
    }

    /// Colours match when each expected one has a counterpart within 1/255 per channel
    /// (Plot's colormap tables hold matplotlib's truncated bytes; matplotlib rounds floats
    /// for scatter colours).
    private func assertColoursMatch(_ mine: Set<String>, _ expected: [String], _ what: String) {
        XCTAssertEqual(mine.count, expected.count, "\(what): colours \(mine.sorted()) vs \(expected)")
        for e in expected {
            let target = rgb(e)
            XCTAssertTrue(mine.contains { zip(rgb($0), target).allSatisfy { abs($0 - $1) <= 1 } }, "\(what): colour \(e) missing")
        }
    }

    private func compareFigure(_ path: URL, _ expected: [String: Any], _ what: String) throws {
        let svg = try String(contentsOf: path, encoding: .utf8)
        let mine = try SVGSummary.parse(svg)
        XCTAssertEqual(mine.width, expected["width"] as? String, what)
        XCTAssertEqual(mine.height, expected["height"] as? String, what)
        XCTAssertEqual(mine.counts, expected["counts"] as? [String: Int], "\(what): element counts")
        assertColoursMatch(mine.colours, expected["colours"] as? [String] ?? [], what)
        let texts = expected["texts"] as? [[String: Any]] ?? []
        func squeezed(_ s: String) -> String { s.filter { !$0.isWhitespace } }
        XCTAssertEqual(mine.texts.map { squeezed($0.text) }, texts.map { squeezed($0["text"] as? String ?? "") }, "\(what): texts")
        guard mine.texts.count == texts.count else { return }
        for (m, e) in zip(mine.texts, texts) where e["x"] is NSNumber {
            XCTAssertEqual(m.x, (e["x"] as? NSNumber)?.doubleValue ?? .nan, accuracy: 0.05, "\(what): x of '\(m.text)'")
            XCTAssertEqual(m.y, (e["y"] as? NSNumber)?.doubleValue ?? .nan, accuracy: 0.05, "\(what): y of '\(m.text)'")
            XCTAssertEqual(m.anchor, e["anchor"] as? String, "\(what): anchor of '\(m.text)'")
            XCTAssertEqual(m.size ?? .nan, (e["size"] as? NSNumber)?.doubleValue ?? .nan, accuracy: 0.01, "\(what): size of '\(m.text)'")
        }
        try FigureTools.assertWellFormed(path.path)
        XCTAssertGreaterThan(try FigureTools.render(path.path).inkFraction, 0.005, "\(what): rendering is blank")
    }

    private func check(_ name: String) throws {
        let expectedURL = Self.casesDirectory.appendingPathComponent("expected/\(name).json")
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: expectedURL)) as? [String: Any] ?? [:]
        let outcome = try Self.run(name + ".kscript")
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        XCTAssertEqual(outcome.status, Int32((expected["status"] as? Int) ?? -1), "\(name): exit status; stderr: \(outcome.stderr)")
        XCTAssertEqual(Self.withoutAddresses(outcome.stdout), expected["stdout"] as? String, "\(name): standard output")
        XCTAssertEqual(outcome.stderr, expected["stderr"] as? String, "\(name): warnings")
        let figures = expected["figures"] as? [String: [String: Any]] ?? [:]
        for (file, summary) in figures.sorted(by: { $0.key < $1.key }) {
            let path = outcome.directory.appendingPathComponent(file)
            guard FileManager.default.fileExists(atPath: path.path) else {
                XCTFail("\(name): \(file) was not written")
                continue
            }
            try compareFigure(path, summary, "\(name)/\(file)")
        }
    }

    func testLinePlotsAndLegends() throws { try check("lines") }
    func testScatterBarsHistogramsAndText() throws { try check("charts") }
    func testImagesLogScalesAndSubplotGrids() throws { try check("images_scales") }
    func testErrorsAreMatplotlibsExceptions() throws { try check("errors") }
    func testChapterHistoryFigure() throws { try check("history_plot") }
    func testNumPyArraysAsData() throws { try check("arrays") }

    /// The history figure rendered by rsvg-convert against matplotlib's own PNG of it.
    func testChapterHistoryFigureLooksLikeMatplotlibs() throws {
        let referencePath = "/work/shared/reference/plots/history_matplotlib.png"
        guard let referenceData = FileManager.default.contents(atPath: referencePath) else {
            throw XCTSkip("reference PNG not available")
        }
        let outcome = try Self.run("history_plot.kscript")
        defer { try? FileManager.default.removeItem(at: outcome.directory) }
        let mine = try FigureTools.render(outcome.directory.appendingPathComponent("history.svg").path)
        let reference = try RasterImage.decode(referenceData)
        XCTAssertEqual(mine.width, reference.width)
        XCTAssertEqual(mine.height, reference.height)
        guard mine.width == reference.width, mine.height == reference.height else { return }
        var different = 0
        for y in 0..<mine.height {
            for x in 0..<mine.width {
                let a = mine.onWhite(x, y), b = reference.onWhite(x, y)
                if max(abs(a.0 - b.0), abs(a.1 - b.1), abs(a.2 - b.2)) > 0.25 { different += 1 }
            }
        }
        XCTAssertLessThan(different, mine.width * mine.height / 1000, "pixels differing from matplotlib's rendering")
    }
}
