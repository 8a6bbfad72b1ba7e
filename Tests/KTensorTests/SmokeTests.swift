import XCTest
@testable import KTensor

final class KTensorSmokeTests: XCTestCase {
    func testModuleLoads() {}
}
