import Foundation
import XCTest
@testable import Keras

/// The recurrent kernels' activations: eight lanes at once give the bits of one element at a
/// time, and tanh and sigmoid agree with libm in double precision.
final class RecurrentActivationTests: XCTestCase {
    static let inputs: [Float] = (0..<200).map { Float($0 - 100) / 9 }
        + [0, -0, 1e-5, -3e-4, 4e-4, 30, -30, 100, -100, .nan, .infinity, -.infinity, 0.2, 1, 0.999, -2.5, 2.5]

    func testEightLanesGiveTheBitsOfOneElementAtATime() {
        var inputs = Self.inputs
        while inputs.count % 8 != 0 { inputs.append(0.25) }
        for activation in [RecurrentActivation.tanh, .sigmoid, .relu, .linear, .hardSigmoid] {
            for start in stride(from: 0, to: inputs.count, by: 8) {
                let x = SIMD8<Float>(inputs[start..<start + 8])
                let y = activation.apply(x), slope = activation.derivative(output: x)
                for k in 0..<8 {
                    assertSame(y[k], activation.apply(x[k]), "\(activation) at \(x[k])")
                    assertSame(slope[k], activation.derivative(output: x[k]), "\(activation)' at \(x[k])")
                }
            }
        }
    }

    func testTheDefaultGatesAreTheirActivations() {
        var inputs = Self.inputs
        while inputs.count % 8 != 0 { inputs.append(0.25) }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let x = SIMD8<Float>(inputs[start..<start + 8])
            for k in 0..<8 {
                assertSame(TanhGate().apply(x)[k], RecurrentActivation.tanh.apply(x)[k], "tanh at \(x[k])")
                assertSame(SigmoidGate().apply(x)[k], RecurrentActivation.sigmoid.apply(x)[k], "sigmoid at \(x[k])")
                assertSame(TanhGate().derivative(output: x)[k], RecurrentActivation.tanh.derivative(output: x)[k], "tanh' at \(x[k])")
                assertSame(SigmoidGate().derivative(output: x)[k], RecurrentActivation.sigmoid.derivative(output: x)[k], "sigmoid' at \(x[k])")
            }
        }
    }

    func testTanhAndSigmoidAgreeWithLibm() {
        for activation in [RecurrentActivation.sigmoid, .tanh] {
            for x in Self.inputs where x.isFinite {
                let exact = activation == .sigmoid ? 1 / (1 + Foundation.exp(-Double(x))) : Foundation.tanh(Double(x))
                XCTAssertEqual(Double(activation.apply(x)), exact, accuracy: 2e-7, "\(activation) at \(x)")
            }
            XCTAssertTrue(activation.apply(Float.nan).isNaN)
        }
    }

    func testPartialLanesLoadAndStoreOnlyTheirElements() {
        let source: [Float] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        var target = [Float](repeating: -1, count: 11)
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                store(lanes(s.baseAddress!, 0, 8), t.baseAddress!, 0, 8)
                let tail = lanes(s.baseAddress!, 8, 3)
                XCTAssertEqual(tail, SIMD8<Float>(9, 10, 11, 0, 0, 0, 0, 0))
                store(tail * 2, t.baseAddress!, 8, 2)
            }
        }
        XCTAssertEqual(target, [1, 2, 3, 4, 5, 6, 7, 8, 18, 20, -1])
    }

    /// The same bits, or both NaN (a NaN's sign bit may differ between the two).
    func assertSame(_ a: Float, _ b: Float, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        if b.isNaN {
            XCTAssertTrue(a.isNaN, what, file: file, line: line)
        } else {
            XCTAssertEqual(a.bitPattern, b.bitPattern, what, file: file, line: line)
        }
    }
}
