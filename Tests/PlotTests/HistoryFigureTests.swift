import Foundation
import XCTest
@testable import Plot

/// The chapter's history figure (two subplots of loss/accuracy curves) against matplotlib's
/// rendering of the same data (Fixtures/history_matplotlib.svg, text as <text>).
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

    func testWritesSVG() throws {
        let fig = try Self.makeFigure()
        let svg = try fig.svg()
        try svg.write(toFile: NSTemporaryDirectory() + "history_kscript.svg", atomically: true, encoding: .utf8)
        XCTAssertTrue(svg.contains("width=\"864pt\" height=\"288pt\""))
    }
}
