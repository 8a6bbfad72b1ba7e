import XCTest
@testable import Plot

/// Tick locations and labels against matplotlib's for the view intervals in ticks.json.
final class TickerTests: XCTestCase {
    func testLinearTicksAndLabelsMatchMatplotlib() throws {
        let cases = try Fixtures.json("ticks.json")["cases"] as? [[String: Any]] ?? []
        var checked = 0
        for c in cases where c.string("scale") == "linear" {
            for axisName in ["x", "y"] {
                let rec = c.dict(axisName)
                let view = rec.doubles("view")
                let locs = MaxNLocator.auto.tickValues(view[0], view[1], tickSpace: rec.int("tick_space"))
                assertClose(locs, rec.doubles("locs"), "locations for \(view)")
                let (labels, offset) = ScalarFormatter().format(locs, viewInterval: (view[0], view[1]))
                XCTAssertEqual(labels, rec.strings("labels"), "labels for \(view)")
                XCTAssertEqual(offset, rec.string("offset"), "offset for \(view)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }

    func testLogTicksAndLabelsMatchMatplotlib() throws {
        let cases = try Fixtures.json("ticks.json")["cases"] as? [[String: Any]] ?? []
        var checked = 0
        for c in cases where c.string("scale") == "log" {
            for axisName in ["x", "y"] {
                let rec = c.dict(axisName)
                let view = rec.doubles("view")
                let space = rec.int("tick_space")
                let major = LogLocator().tickValues(view[0], view[1], tickSpace: space)
                assertClose(major, rec.doubles("locs"), "major locations for \(view)")
                XCTAssertEqual(LogFormatter().format(major, viewInterval: (view[0], view[1])), rec.strings("labels"),
                               "major labels for \(view)")
                let minor = LogLocator(subs: .auto).tickValues(view[0], view[1], tickSpace: space)
                assertClose(minor, rec.doubles("minor_locs"), "minor locations for \(view)")
                XCTAssertEqual(LogFormatter().format(minor, viewInterval: (view[0], view[1])), rec.strings("minor_labels"),
                               "minor labels for \(view)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 80)
    }
}
