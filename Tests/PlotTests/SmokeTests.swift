import XCTest
@testable import Plot

final class PlotSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
