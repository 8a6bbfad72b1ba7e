import XCTest
@testable import Plot

/// Odd data must give a figure (or a clear error), never a crash.
final class DegenerateDataTests: XCTestCase {
    func testOddDataStillRenders() throws {
        let cases: [(String, (Axes) throws -> Void)] = [
            ("empty plot", { try $0.plot(nil, []) }),
            ("all NaN", { try $0.plot(nil, [.nan, .nan]) }),
            ("infinities", { try $0.plot([0, 1, 2], [1, .infinity, -.infinity]) }),
            ("extreme range", { try $0.plot(nil, [-1e308, 1e308]) }),
            ("tiny values", { try $0.plot(nil, [Double.leastNonzeroMagnitude, 2 * Double.leastNonzeroMagnitude]) }),
            ("constant zero", { try $0.plot(nil, [0, 0, 0]) }),
            ("empty scatter", { try $0.scatter([], []) }),
            ("empty bar", { try $0.bar([], []) }),
            ("empty hist", { try $0.hist([[]]) }),
            ("hist of NaN", { try $0.hist([[.nan, 1, 2]]) }),
            ("NaN image", { try $0.imshow(ImageData(rows: [[.nan, 1], [2, .nan]])) }),
            ("log of non-positive", { ax in try ax.plot(nil, [-1, 0, 5]); try ax.setYscale("log") }),
            ("log without positive data", { ax in try ax.plot(nil, [-1, -2]); try ax.setYscale("log") }),
            ("equal limits", { ax in try ax.plot(nil, [1, 2]); try ax.setXlim(5, 5) }),
            ("inverted limits", { ax in try ax.plot(nil, [1, 2]); try ax.setYlim(3, -3) }),
            ("fill with NaN", { try $0.fillBetween([0, 1, 2], [1, .nan, 2]) }),
            ("legend of nothing", { try $0.legend() }),
            ("empty fixed ticks", { ax in try ax.plot(nil, [1, 2]); try ax.setXticks([]) }),
            ("huge tight layout", { ax in ax.setTitle(String(repeating: "W", count: 400)); ax.figure?.tightLayout() }),
        ]
        for (name, build) in cases {
            let fig = try Figure(figsize: (4, 3))
            let ax = try fig.addSubplot(111)
            try build(ax)
            let svg = try fig.svg()
            XCTAssertNoThrow(try SVGTest.parse(svg), name)
            _ = try fig.svg(bboxInches: "tight")
        }
    }
}

final class DenseDataTests: XCTestCase {
    /// A line far denser than the drawing keeps only points at least 0.05 pt apart, and its
    /// ends.
    func testDenseLinesAreThinned() throws {
        let n = 50_000
        let fig = try Figure()
        let ax = try fig.addSubplot(111)
        let xs = (0..<n).map(Double.init)
        try ax.plot(xs, xs.map { $0 / Double(n) })
        let root = try SVGTest.parse(try fig.svg())
        let path = try XCTUnwrap(root.elements("path").first { $0.attributes["clip-path"] != nil })
        let d = path.attributes["d"] ?? ""
        let vertices = d.split(separator: " ").filter { $0 == "M" || $0 == "L" }.count
        XCTAssertLessThan(vertices, n / 5)
        XCTAssertGreaterThan(vertices, 100)
        let layout = fig.axesLayouts()[0]
        let first = layout.context.point(0, 0), last = layout.context.point(Double(n - 1), Double(n - 1) / Double(n))
        XCTAssertTrue(d.hasPrefix("M \(SVGRenderer.number(first.x)) "))
        XCTAssertTrue(d.hasSuffix("\(SVGRenderer.number(last.x)) \(SVGRenderer.number(fig.sizeInPoints.1 - last.y))"))
    }
}
