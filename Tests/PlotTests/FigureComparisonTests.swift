import Foundation
import XCTest
@testable import Plot

/// Figures from figures.json built with Plot and compared with matplotlib's layout of the
/// same operations: Axes boxes, limits, tick locations and labels, text boxes, legend boxes
/// (including where 'best' puts them), tight_layout parameters, colours; and the SVG checked
/// with xmllint and rendered with rsvg-convert.
final class FigureComparisonTests: XCTestCase {
    private func cases() throws -> [[String: Any]] {
        try Fixtures.json("figures.json")["figures"] as? [[String: Any]] ?? []
    }

    private func assertBox(_ mine: Rect?, _ expected: [Double], _ tol: Double, _ what: String,
                           file: StaticString = #filePath, line: UInt = #line) {
        guard let mine else {
            XCTFail("\(what): missing", file: file, line: line)
            return
        }
        assertClose([mine.x0, mine.y0, mine.x1, mine.y1], expected, rtol: 0, atol: tol, what, file: file, line: line)
    }

    func testLayoutMatchesMatplotlib() throws {
        for c in try cases() {
            let name = c.string("name")
            let fig = try FigureSpecs.build(c.dict("spec"))
            let expected = c["axes"] as? [[String: Any]] ?? []
            let layouts = fig.axesLayouts()
            XCTAssertEqual(layouts.count, expected.count, name)
            assertClose([fig.subplotParams.left, fig.subplotParams.bottom, fig.subplotParams.right, fig.subplotParams.top,
                         fig.subplotParams.wspace, fig.subplotParams.hspace], c.doubles("subplotpars"),
                        rtol: 0, atol: 1e-4, "\(name) subplot params")
            for (i, (ax, layout)) in zip(fig.axes, layouts).enumerated() {
                let e = expected[i]
                let what = "\(name) axes \(i)"
                assertBox(layout.context.axesBox, e.doubles("bbox"), 0.01, "\(what) box")
                assertClose([ax.xaxis.view.0, ax.xaxis.view.1], e.doubles("xlim"), rtol: 1e-9, atol: 1e-12, "\(what) xlim")
                assertClose([ax.yaxis.view.0, ax.yaxis.view.1], e.doubles("ylim"), rtol: 1e-9, atol: 1e-12, "\(what) ylim")
                for (axisName, axisLayout, axis) in [("x", layout.x, ax.xaxis), ("y", layout.y, ax.yaxis)] {
                    let rec = e.dict(axisName)
                    let ticks = rec["ticks"] as? [[String: Any]] ?? []
                    XCTAssertEqual(axisLayout.items.map { $0.labels.isEmpty ? "" : $0.tick.label }, ticks.map { $0.string("label") },
                                   "\(what) \(axisName) labels")
                    assertClose(axisLayout.items.map(\.tick.position), ticks.map { $0.double("pos") }, rtol: 0, atol: 0.01,
                                "\(what) \(axisName) tick positions")
                    for (item, t) in zip(axisLayout.items, ticks) {
                        guard let (text, at) = item.labels.first, let box = t["label_bbox"] as? [Any],
                              !item.tick.label.contains("$") else { continue }
                        assertBox(text.boundingBox(at: at), box.compactMap { ($0 as? NSNumber)?.doubleValue }, 0.02,
                                  "\(what) \(axisName) tick label \(item.tick.label)")
                    }
                    let offset = axisLayout.offsetText.map { $0.0.lines.map { $0.runs.map(\.text).joined() }.joined() } ?? ""
                    XCTAssertEqual(offset, rec.string("offset"), "\(what) \(axisName) offset text")
                    XCTAssertEqual(axis.label.text, rec.string("label"), "\(what) \(axisName) label")
                    if let box = rec["label_bbox"] as? [Any] {
                        assertBox(axisLayout.label.map { $0.0.boundingBox(at: $0.1) },
                                  box.compactMap { ($0 as? NSNumber)?.doubleValue }, 0.05, "\(what) \(axisName) label box")
                    }
                }
                // CJK text is measured one em per character (as a CJK font draws it); matplotlib
                // measures DejaVu Sans' missing-glyph boxes, so those boxes are not compared.
                let wide = e.string("title").unicodeScalars.contains { FontMetrics.isWide($0.value) }
                if let box = e["title_bbox"] as? [Any], !wide {
                    assertBox(layout.titles.first.map { $0.1.boundingBox(at: $0.2) },
                              box.compactMap { ($0 as? NSNumber)?.doubleValue }, 0.05, "\(what) title box")
                }
                if let legend = e["legend"] as? [String: Any] {
                    assertBox(layout.legendFrame, legend.doubles("bbox"), 0.05, "\(what) legend box")
                    XCTAssertEqual(ax.legend?.labels, legend.strings("texts"), "\(what) legend texts")
                } else {
                    XCTAssertNil(layout.legendFrame, "\(what) has no legend")
                }
                let lines = ax.children.compactMap { $0 as? Line2D }
                XCTAssertEqual(lines.map { $0.color.hexRGB }, e.strings("lines"), "\(what) line colours")
                let images = ax.children.filter { $0 is AxesImage }.count
                XCTAssertEqual(images, e.int("images"), "\(what) images")
                XCTAssertEqual(ax.children.count - lines.count - images - ax.children.filter { $0 is Text }.count,
                               e.int("patches") + e.int("collections"), "\(what) patches and collections")
                let hasMath = layout.x.items.contains { $0.tick.label.contains("$") } || layout.y.items.contains { $0.tick.label.contains("$") }
                if !wide {
                    assertBox(layout.tightBounds(forLayout: false, children: ax.children), e.doubles("tight"), hasMath ? 0.5 : 0.1,
                              "\(what) tight box")
                }
            }
        }
    }

    func testSVGIsWellFormedAndRenders() throws {
        for c in try cases() {
            let name = c.string("name")
            let fig = try FigureSpecs.build(c.dict("spec"))
            let svg = try fig.svg()
            let root = try SVGTest.parse(svg)
            let texts = Set(SVGTest.texts(root).map(\.text))
            for ax in c["axes"] as? [[String: Any]] ?? [] {
                for axisName in ["x", "y"] {
                    for t in ax.dict(axisName)["ticks"] as? [[String: Any]] ?? [] where !t.string("label").contains("$") {
                        let label = t.string("label")
                        if !label.isEmpty { XCTAssertTrue(texts.contains(label), "\(name): tick label \(label) in the SVG") }
                    }
                }
                let title = ax.string("title")
                if !title.isEmpty { XCTAssertTrue(texts.contains(title), "\(name): title in the SVG") }
            }
            try SVGTest.assertWellFormed(svg)
            SVGTest.assertNotBlank(try SVGTest.render(svg, zoom: 0.5), minimumInkFraction: 0.002)
        }
    }
}

/// The SVG itself against matplotlib's SVG of the same figure (svg.fonttype 'none'): every
/// plain `<text>` with its anchor point and alignment, and every marker `<use>` position
/// (tick marks, line markers, scatter points, legend markers).
final class SVGComparisonTests: XCTestCase {
    func testTextAndMarkersMatchMatplotlibSVG() throws {
        for c in try Fixtures.json("figures.json")["figures"] as? [[String: Any]] ?? [] {
            let name = c.string("name")
            let root = try SVGTest.parse(try FigureSpecs.build(c.dict("spec")).svg())
            let expectedTexts = (c["svg_texts"] as? [[Any]] ?? [])
            let mine = SVGTest.texts(root).filter { $0.element.children.isEmpty }
            XCTAssertEqual(mine.map(\.text), expectedTexts.map { $0[0] as? String ?? "" }, "\(name) texts")
            let wide = mine.contains { $0.text.unicodeScalars.contains { FontMetrics.isWide($0.value) } }
            for (m, e) in zip(mine, expectedTexts) where !wide {
                let ex = (e[1] as? NSNumber)?.doubleValue ?? .nan, ey = (e[2] as? NSNumber)?.doubleValue ?? .nan
                XCTAssertEqual(m.x, ex, accuracy: 0.02, "\(name): x of \(m.text)")
                XCTAssertEqual(m.y, ey, accuracy: 0.02, "\(name): y of \(m.text)")
                XCTAssertEqual(m.element.style("text-anchor") ?? "start", e[3] as? String, "\(name): anchor of \(m.text)")
            }
            let uses = root.elements("use").map { [$0.number("x"), $0.number("y")] }
            let expectedUses = (c["svg_uses"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
            XCTAssertEqual(uses.count, expectedUses.count, "\(name) marker count")
            for (m, e) in zip(uses, expectedUses) {
                assertClose(m, e, rtol: 0, atol: 0.01, "\(name) marker position")
            }
        }
    }
}
