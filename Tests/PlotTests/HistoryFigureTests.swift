import Foundation
import XCTest
@testable import Plot

/// The chapter's history figure (two subplots of loss/accuracy curves) against matplotlib's
/// rendering of the same data: Fixtures/history_matplotlib.svg (matplotlib 3.10, text as
/// <text>) and the reference PNG /work/shared/reference/plots/history_matplotlib.png.
final class HistoryFigureTests: XCTestCase {
    static func makeFigure() throws -> Figure {
        let history = try Fixtures.json("history_data.json")
        let plt = PyPlot()
        try plt.figure(figsize: (12, 4))
        try plt.subplot(1, 2, 1)
        try plt.gca().plot(nil, history.doubles("loss"), label: "train")
        try plt.gca().plot(nil, history.doubles("val_loss"), label: "val")
        try plt.gca().setTitle("Loss")
        try plt.gca().legend()
        try plt.subplot(1, 2, 2)
        try plt.gca().plot(nil, history.doubles("accuracy"), label: "train")
        try plt.gca().plot(nil, history.doubles("val_accuracy"), label: "val")
        try plt.gca().setTitle("Accuracy")
        try plt.gca().legend()
        return try plt.gcf()
    }

    private func numbers(_ d: String) -> [Double] {
        d.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
    }

    func testTextMatchesMatplotlib() throws {
        let mine = try SVGTest.parse(try Self.makeFigure().svg())
        let reference = try SVGTest.parse(try Fixtures.text("history_matplotlib.svg"))
        let a = SVGTest.texts(mine), b = SVGTest.texts(reference)
        XCTAssertEqual(a.map(\.text), b.map(\.text))
        for (m, r) in zip(a, b) {
            XCTAssertEqual(m.x, r.x, accuracy: 0.01, "x of \(m.text)")
            XCTAssertEqual(m.y, r.y, accuracy: 0.01, "y of \(m.text)")
            XCTAssertEqual(m.element.style("text-anchor") ?? "start", r.element.style("text-anchor") ?? "start", m.text)
            XCTAssertEqual(m.element.style("font-size"), r.element.style("font-size"), m.text)
        }
    }

    func testLinesTicksAndLegendFramesMatchMatplotlib() throws {
        let mine = try SVGTest.parse(try Self.makeFigure().svg())
        let reference = try SVGTest.parse(try Fixtures.text("history_matplotlib.svg"))
        // Data lines: the clipped paths, in drawing order, with their colours.
        func dataLines(_ root: SVGElement) -> [SVGElement] {
            root.elements("path").filter { $0.attributes["clip-path"] != nil }
        }
        let ml = dataLines(mine), rl = dataLines(reference)
        XCTAssertEqual(ml.count, 4)
        XCTAssertEqual(ml.map { $0.style("stroke") }, rl.map { $0.style("stroke") })
        XCTAssertEqual(ml.map { $0.style("stroke") }, ["#1f77b4", "#ff7f0e", "#1f77b4", "#ff7f0e"])
        for (m, r) in zip(ml, rl) {
            assertClose(numbers(m.attributes["d"] ?? ""), numbers(r.attributes["d"] ?? ""), rtol: 0, atol: 0.002, "line path")
        }
        // Tick marks.
        let mu = mine.elements("use").filter { $0.parent?.parent?.attributes["id"]?.hasPrefix("line2d") ?? false }
        let ru = reference.elements("use").filter { $0.parent?.parent?.attributes["id"]?.hasPrefix("line2d") ?? false }
        XCTAssertEqual(mu.count, ru.count)
        for (m, r) in zip(mu, ru) {
            XCTAssertEqual(m.number("x"), r.number("x"), accuracy: 0.002)
            XCTAssertEqual(m.number("y"), r.number("y"), accuracy: 0.002)
        }
        // Legend frames and handles.
        let mLegends = mine.groups("legend"), rLegends = reference.groups("legend")
        XCTAssertEqual(mLegends.count, 2)
        for (m, r) in zip(mLegends, rLegends) {
            let mp = m.elements("path"), rp = r.elements("path")
            XCTAssertEqual(mp.count, rp.count)
            for (a, b) in zip(mp, rp) {
                assertClose(numbers(a.attributes["d"] ?? ""), numbers(b.attributes["d"] ?? ""), rtol: 0, atol: 0.002, "legend path")
            }
        }
    }

    func testRenderingMatchesReferencePNG() throws {
        let referencePath = "/work/shared/reference/plots/history_matplotlib.png"
        guard let referenceData = FileManager.default.contents(atPath: referencePath) else {
            throw XCTSkip("reference PNG not available")
        }
        let svg = try Self.makeFigure().svg()
        try SVGTest.assertWellFormed(svg)
        let mine = try SVGTest.render(svg)
        let reference = try DecodedImage.decode(referenceData)
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
        SVGTest.assertNotBlank(mine)
    }
}
