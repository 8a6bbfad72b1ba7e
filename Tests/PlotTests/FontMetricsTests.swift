import XCTest
@testable import Plot

/// Text measurement against matplotlib's renderer (text_metrics.json).
final class FontMetricsTests: XCTestCase {
    private func cases() throws -> [[String: Any]] {
        try Fixtures.json("text_metrics.json")["cases"] as? [[String: Any]] ?? []
    }

    func testFontFileMetricsMatchMatplotlib() throws {
        let regular = FontMetrics.regular
        try XCTSkipUnless(regular.usesFontFile, "DejaVu Sans is not installed")
        for c in try cases() {
            let weight: FontWeight = c.string("weight") == "bold" ? .bold : .normal
            let e = FontMetrics.forWeight(weight).measure(c.string("text"), size: c.double("size"))
            assertClose([e.width, e.height, e.descent], [c.double("width"), c.double("height"), c.double("descent")],
                        rtol: 1e-9, atol: 1e-9, "\(c.string("text")) at \(c.double("size")) \(weight)")
        }
    }

    func testBuiltInTableMatchesMatplotlibForASCII() throws {
        let fallback = FontMetrics(path: "/nonexistent/font.ttf")
        XCTAssertFalse(fallback.usesFontFile)
        var checked = 0
        for c in try cases() where c.string("weight") == "normal" {
            let e = fallback.measure(c.string("text"), size: c.double("size"))
            assertClose([e.width, e.height, e.descent], [c.double("width"), c.double("height"), c.double("descent")],
                        rtol: 1e-9, atol: 1e-9, "fallback \(c.string("text"))")
            checked += 1
        }
        XCTAssertGreaterThan(checked, 400)
    }

    func testWideCharactersAreOneEmWide() {
        let e = FontMetrics.regular.measure("中文标题", size: 12)
        XCTAssertEqual(e.width, 48, accuracy: 0.01)
    }
}
