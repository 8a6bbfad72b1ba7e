import Foundation
import XCTest
@testable import Plot

/// Colours, format strings, colormaps, image colours, histogram counts and scatter colours
/// against matplotlib's (values.json).
final class ValueTests: XCTestCase {
    private var values: [String: Any] { (try? Fixtures.json("values.json")) ?? [:] }

    func testColorSpecsMatchMatplotlib() throws {
        let v = values
        let colors = v.dict("colors")
        XCTAssertGreaterThan(colors.count, 20)
        for (spec, _) in colors {
            let c = try Color(parsing: spec)
            assertClose([c.red, c.green, c.blue, c.alpha], colors.doubles(spec), rtol: 0, atol: 1e-12, spec)
        }
        for bad in v.strings("bad_colors") {
            XCTAssertThrowsError(try Color(parsing: bad), bad) { error in
                XCTAssertEqual((error as? PlotError)?.kind, .valueError)
            }
        }
        XCTAssertEqual(try Color(components: [0.1, 0.2, 0.3]), Color(red: 0.1, green: 0.2, blue: 0.3))
        XCTAssertThrowsError(try Color(components: [0.1, 2]))
    }

    func testFormatStringsMatchMatplotlib() throws {
        let v = values
        for (fmt, expected) in v.dict("formats") {
            let e = expected as? [String: Any] ?? [:]
            let f = try FormatString(parsing: fmt)
            XCTAssertEqual(f.color?.hexRGB, e["color"] as? String, fmt)
            XCTAssertEqual(f.linestyle?.shortName, e["linestyle"] as? String, fmt)
            XCTAssertEqual(f.marker?.rawValue, e["marker"] as? String, fmt)
        }
        for bad in v.strings("bad_formats") {
            XCTAssertThrowsError(try FormatString(parsing: bad), bad)
        }
    }

    /// Colormaps hold matplotlib's 8-bit tables, so colours come out within 1/255 of
    /// matplotlib's float lookups (which `to_hex` rounds instead of truncating).
    private func assertNear(_ mine: [String], _ expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(mine.count, expected.count, what, file: file, line: line)
        func channels(_ h: String) -> [Int] {
            let v = Int(h.dropFirst(), radix: 16) ?? -1
            return [v >> 16 & 0xff, v >> 8 & 0xff, v & 0xff]
        }
        for (a, b) in zip(mine, expected) where zip(channels(a), channels(b)).contains(where: { abs($0 - $1) > 1 }) {
            XCTFail("\(what): \(a) vs \(b)", file: file, line: line)
        }
    }

    func testColormapLookupsMatchMatplotlib() throws {
        let v = values
        let samples = v.doubles("colormap_samples")
        for (name, hexes) in v.dict("colormaps") {
            let cmap = try Colormap(named: name)
            assertNear(samples.map { cmap.color(at: $0).hexRGB }, hexes as? [String] ?? [], name)
        }
        XCTAssertThrowsError(try Colormap(named: "nonexistent"))
    }

    /// The pixels of the PNG embedded for imshow are matplotlib's `cmap(norm(X), bytes=True)`.
    func testImshowPixelsMatchMatplotlib() throws {
        let v = values
        let rows = (v["image"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
        for (name, caseValue) in v.dict("image_bytes") {
            let c = caseValue as? [String: Any] ?? [:]
            let fig = try Figure(figsize: (4, 3))
            let ax = try fig.addSubplot(111)
            let vmin = (c["vmin"] as? NSNumber)?.doubleValue, vmax = (c["vmax"] as? NSNumber)?.doubleValue
            let image = try ax.imshow(ImageData(rows: rows), cmap: Colormap(named: name), vmin: vmin, vmax: vmax)
            let expected = (c["rgba"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
            XCTAssertEqual(image.rgbaBytes().map(Int.init), expected, name)
            // The same pixels come out of the SVG (upscaled in blocks).
            let root = try SVGTest.parse(try fig.svg())
            guard let href = root.elements("image").first?.attributes["xlink:href"],
                  let data = Data(base64Encoded: String(href.dropFirst("data:image/png;base64,".count))) else {
                XCTFail("no embedded image")
                continue
            }
            let png = try DecodedImage.decode(data)
            let k = png.width / rows[0].count
            XCTAssertEqual(png.height, rows.count * k)
            for r in rows.indices {
                for col in rows[r].indices {
                    let (pr, pg, pb, pa) = png.pixel(col * k + k / 2, r * k + k / 2)
                    let i = 4 * (r * rows[r].count + col)
                    XCTAssertEqual([Int(pr), Int(pg), Int(pb), Int(pa)], Array(expected[i..<(i + 4)]), "\(name) pixel \(r),\(col)")
                }
            }
        }
    }

    func testHistogramCountsMatchNumPy() throws {
        for c in values["hist"] as? [[String: Any]] ?? [] {
            let data = c.doubles("data")
            let bins: HistBins = c["bins"] is [Any] ? .edges(c.doubles("bins")) : .count(c.int("bins"))
            let fig = try Figure()
            let result = try fig.addSubplot(111).hist([data], bins: bins, density: c["density"] as? Bool ?? false)
            assertClose(result.bins, c.doubles("edges"), rtol: 1e-12, atol: 1e-12, "edges")
            assertClose(result.n[0], c.doubles("n"), rtol: 1e-12, atol: 1e-12, "counts")
        }
    }

    func testScatterColormapMatchesMatplotlib() throws {
        let s = values.dict("scatter")
        let vals = s.doubles("values")
        let fig = try Figure()
        let pc = try fig.addSubplot(111).scatter(vals.indices.map(Double.init), vals.indices.map(Double.init), c: .values(vals))
        assertNear(pc.facecolors.map(\.hexRGB), s.strings("facecolors"), "scatter colours")
    }
}
