import Foundation
import XCTest
@testable import Keras

/// The recurrent kernels' own exponential and activations against libm in double precision.
final class RecurrentActivationTests: XCTestCase {
    func testFastExpIsWithinTwoUlpsOverTheWholeRange() {
        var x: Float = -87
        var worst = 0.0
        while x < 88 {
            let exact = Foundation.exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worst = max(worst, abs(Double(RecurrentActivation.fastExp(x)) - exact) / ulp)
            x += 0.00731
        }
        XCTAssertLessThanOrEqual(worst, 2)
        XCTAssertEqual(RecurrentActivation.fastExp(0), 1)
    }

    func testFastExpClampsAndKeepsNaN() {
        XCTAssertTrue(RecurrentActivation.fastExp(.nan).isNaN)
        XCTAssertTrue(RecurrentActivation.fastExp(1000).isFinite)
        XCTAssertGreaterThan(RecurrentActivation.fastExp(1000), 1e38)
        XCTAssertLessThan(RecurrentActivation.fastExp(-1000), 1.2e-38)
        XCTAssertGreaterThanOrEqual(RecurrentActivation.fastExp(-1000), 0)
    }

    func testInPlaceAndSeparateApplicationAgreeWithLibm() {
        let inputs: [Float] = (0..<200).map { Float($0 - 100) / 9 } + [0, 1e-5, -3e-4, 30, -30]
        for activation in [RecurrentActivation.sigmoid, .tanh] {
            var inPlace = inputs
            var separate = [Float](repeating: 0, count: inputs.count)
            inPlace.withUnsafeMutableBufferPointer { activation.apply($0.baseAddress!, to: $0.baseAddress!, count: inputs.count) }
            inputs.withUnsafeBufferPointer { x in
                separate.withUnsafeMutableBufferPointer { activation.apply(x.baseAddress!, to: $0.baseAddress!, count: inputs.count) }
            }
            XCTAssertEqual(inPlace, separate)
            for (x, y) in zip(inputs, inPlace) {
                let exact = activation == .sigmoid ? 1 / (1 + Foundation.exp(-Double(x))) : Foundation.tanh(Double(x))
                XCTAssertEqual(Double(y), exact, accuracy: 2e-7, "\(activation) at \(x)")
            }
        }
    }
}
