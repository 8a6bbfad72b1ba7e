import XCTest
@testable import Keras

final class KerasSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
