import XCTest
@testable import KScript

final class KScriptSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
