import Foundation
import XCTest
@testable import Plot

/// pyplot's state machine, saving, and errors.
final class PyPlotTests: XCTestCase {
    func testFigureNumbersAndCurrentAxes() throws {
        let plt = PyPlot()
        let a = try plt.figure()
        let b = try plt.figure(figsize: (3, 2))
        XCTAssertEqual([a.number, b.number], [1, 2])
        XCTAssertTrue(try plt.gcf() === b)
        XCTAssertTrue(try plt.figure(num: 1) === a)
        let ax1 = try plt.subplot(2, 1, 1)
        let ax2 = try plt.subplot(212)
        XCTAssertFalse(ax1 === ax2)
        XCTAssertTrue(try plt.subplot(2, 1, 1) === ax1, "subplot reuses the Axes at the same position")
        XCTAssertTrue(try plt.gca() === ax1)
        XCTAssertEqual(a.axes.count, 2)
        plt.close(number: 1)
        XCTAssertEqual(plt.fignums(), [2])
        XCTAssertTrue(try plt.gcf() === b)
        XCTAssertEqual(b.axes.count, 0)
        _ = try plt.gca()
        XCTAssertEqual(b.axes.count, 1, "gca creates an Axes")
        try plt.clf()
        XCTAssertEqual(b.axes.count, 0)
        plt.closeAll()
        XCTAssertEqual(plt.fignums(), [])
        XCTAssertThrowsError(try plt.subplot(2, 2, 5))
        XCTAssertThrowsError(try plt.subplot(1000))
    }

    func testSubplotsReturnsGridAndShowHandsOverFigures() throws {
        let plt = PyPlot()
        let (fig, axes) = try plt.subplots(nrows: 2, ncols: 3, figsize: (9, 4))
        XCTAssertEqual(axes.count, 2)
        XCTAssertEqual(axes[0].count, 3)
        XCTAssertEqual(fig.figsize.width, 9)
        // matplotlib: the last Axes subplots creates is current (plt.gca() is axs[-1, -1]).
        XCTAssertTrue(try plt.gca() === axes[1][2])
        try plt.figure()
        var shown: [Int] = []
        plt.showHandler = { shown.append($0.number) }
        try plt.show()
        XCTAssertEqual(shown, [1, 2])
        XCTAssertEqual(plt.fignums(), [])
    }

    func testSavefigFormats() throws {
        let fig = try Figure(figsize: (4, 3), dpi: 50)
        try fig.addSubplot(111).plot(nil, [1, 2, 3])
        let dir = NSTemporaryDirectory() + "plot-save-\(UUID().uuidString)/"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try fig.savefig(dir + "a.svg")
        let svg = try String(contentsOfFile: dir + "a.svg", encoding: .utf8)
        XCTAssertTrue(svg.contains("width=\"288pt\" height=\"216pt\" viewBox=\"0 0 288 216\""))
        XCTAssertThrowsError(try fig.savefig(dir + "a.gif")) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .valueError)
        }
        XCTAssertThrowsError(try fig.savefig(dir + "missing/dir/a.svg")) { error in
            XCTAssertEqual((error as? PlotError)?.kind, .osError)
        }
        guard Figure.findExecutable("rsvg-convert") != nil else { throw XCTSkip("rsvg-convert is not installed") }
        try fig.savefig(dir + "a.png")
        let png = try DecodedImage.decode(Data(contentsOf: URL(fileURLWithPath: dir + "a.png")))
        XCTAssertEqual([png.width, png.height], [200, 150], "4x3 inches at the figure's 50 dpi")
        try fig.savefig(dir + "b.png", dpi: 100)
        let big = try DecodedImage.decode(Data(contentsOf: URL(fileURLWithPath: dir + "b.png")))
        XCTAssertEqual([big.width, big.height], [400, 300])
    }

    /// bbox_inches='tight' crops to matplotlib's tight bounding box plus 0.1 inch.
    func testTightBoundingBoxMatchesMatplotlib() throws {
        for c in try Fixtures.json("figures.json")["figures"] as? [[String: Any]] ?? [] {
            let name = c.string("name")
            guard !name.hasPrefix("log") && !name.contains("semilog") && name != "chinese_title" else { continue }
            let fig = try FigureSpecs.build(c.dict("spec"))
            let expected = c.doubles("tight_bbox").map { $0 * 72 }
            let box = fig.tightBoundingBox()
            assertClose([box.x0, box.y0, box.x1, box.y1], expected, rtol: 0, atol: 0.1, "\(name) tight box")
            let root = try SVGTest.parse(try fig.svg(bboxInches: "tight"))
            let width = Double((root.attributes["width"] ?? "").dropLast(2)) ?? 0
            XCTAssertEqual(width, box.width + 14.4, accuracy: 1e-4, name)
        }
    }

    func testArgumentErrors() throws {
        let fig = try Figure()
        let ax = try fig.addSubplot(111)
        XCTAssertThrowsError(try ax.plot([1, 2], [1, 2, 3]))
        XCTAssertThrowsError(try ax.plot(nil, [1, 2], "zz"))
        XCTAssertThrowsError(try ax.scatter([1], [1, 2]))
        XCTAssertThrowsError(try ax.bar([1, 2, 3], [1, 2]))
        XCTAssertThrowsError(try ax.setXscale("symlog"))
        XCTAssertThrowsError(try ax.setXlim(Double.nan, 1))
        XCTAssertThrowsError(try ax.legend(bboxToAnchor: [1, 2, 3]))
        XCTAssertThrowsError(try LegendLocation(parsing: "top"))
        XCTAssertThrowsError(try LegendLocation(code: 11))
        XCTAssertEqual(try LegendLocation(parsing: "upper left"), .upperLeft)
        XCTAssertEqual(try LegendLocation(code: 3), .lowerLeft)
        XCTAssertThrowsError(try ax.imshow(ImageData(height: 2, width: 2, values: [1, 2, 3])))
        XCTAssertThrowsError(try ax.hist([[1, 2]], bins: .count(0)))
        XCTAssertThrowsError(try ax.hist([[1, 2]], bins: .edges([3, 1])))
        XCTAssertThrowsError(try Figure(figsize: (0, 3)))
        XCTAssertThrowsError(try ax.axis("sideways"))
        XCTAssertThrowsError(try ax.grid(which: "all"))
        XCTAssertThrowsError(try FontSize.points("huge"))
        XCTAssertEqual(try FontSize.points("large"), 12)
    }

    func testTextIsEscapedAndChineseHasFallbackFonts() throws {
        let fig = try Figure()
        let ax = try fig.addSubplot(111)
        try ax.plot(nil, [1, 2], label: "a < b & \"c\"")
        ax.setTitle("训练曲线")
        try ax.legend()
        let svg = try fig.svg()
        try SVGTest.assertWellFormed(svg)
        let texts = SVGTest.texts(try SVGTest.parse(svg))
        XCTAssertTrue(texts.contains { $0.text == "a < b & \"c\"" })
        let title = try XCTUnwrap(texts.first { $0.text == "训练曲线" })
        XCTAssertTrue(title.element.style("font-family")?.contains("Noto Sans CJK SC") ?? false)
    }

    func testLogAxisLabelsAreSuperscripts() throws {
        let fig = try Figure()
        let ax = try fig.addSubplot(111)
        try ax.semilogy(nil, [1, 10, 100, 1000])
        let root = try SVGTest.parse(try fig.svg())
        let labels = SVGTest.texts(root).map(\.text)
        for k in 0...3 { XCTAssertTrue(labels.contains("10\(k)"), "10^\(k) label") }
        let tspans = root.elements("tspan").filter { $0.style("font-size") == "7px" }
        XCTAssertFalse(tspans.isEmpty, "exponents at 0.7 of the size")
    }
}

final class FormattingTests: XCTestCase {
    /// SVG numbers are written as matplotlib's `short_float_fmt` ('%f' without trailing zeros).
    func testNumbersAsMatplotlibWritesThem() {
        let cases: [(Double, String)] = [(0, "0"), (-0.0, "0"), (1, "1"), (108, "108"), (412.3636363636, "412.363636"),
                                         (-3.5, "-3.5"), (0.1, "0.1"), (1e-7, "0"), (-1e-7, "0"), (2.0000004, "2"),
                                         (2.0000005, "2.000001"), (123456789.125, "123456789.125"), (.nan, "0")]
        for (v, s) in cases {
            XCTAssertEqual(SVGRenderer.number(v), s, "\(v)")
        }
    }

    func testFontWeights() throws {
        XCTAssertEqual(try FontWeight(parsing: "bold"), .bold)
        XCTAssertEqual(try FontWeight(parsing: "700"), .bold)
        XCTAssertEqual(try FontWeight(parsing: "light"), .normal)
        XCTAssertThrowsError(try FontWeight(parsing: "fat"))
    }
}
