import Foundation
import XCTest
@testable import Keras

/// The recurrent kernels' activations against libm in double precision.
final class RecurrentActivationTests: XCTestCase {
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
