import KTensor
import XCTest

/// Training's floating-point mode: denormal results flush to zero inside, IEEE behaviour
/// returns outside.
final class FloatModeTests: XCTestCase {
    private func halfOfSmallestNormal() throws -> Float {
        let t = try Tensor(shape: [1], values: [Float.leastNormalMagnitude]) * Tensor(shape: [1], values: [Float(0.5)])
        return Float(t.doubles()[0])
    }

    func testDenormalsFlushInsideAndNotOutside() throws {
        XCTAssertEqual(try halfOfSmallestNormal(), Float.leastNormalMagnitude / 2)
        let inside = try FloatMode.flushingDenormals { try halfOfSmallestNormal() }
        #if arch(x86_64)
        XCTAssertEqual(inside, 0)
        #endif
        XCTAssertEqual(try halfOfSmallestNormal(), Float.leastNormalMagnitude / 2, "the mode is restored")
    }
}
