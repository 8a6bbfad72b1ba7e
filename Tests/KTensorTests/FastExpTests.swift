import Foundation
import XCTest
@testable import KTensor

/// The engine's own float32 exponential (recurrent gates, softmax and cross-entropy kernels)
/// against libm in double precision, and the softmax kernels built on it.
final class FastExpTests: XCTestCase {
    func testFastExpIsWithinTwoUlpsOverTheWholeRange() {
        var x: Float = -87
        var worst = 0.0
        while x < 88 {
            let exact = Foundation.exp(Double(x))
            let ulp = Double(Float(exact).ulp)
            worst = max(worst, abs(Double(Float.fastExp(x)) - exact) / ulp)
            x += 0.00731
        }
        XCTAssertLessThanOrEqual(worst, 2)
        XCTAssertEqual(Float.fastExp(0), 1)
    }

    func testFastExpClampsAndKeepsNaN() {
        XCTAssertTrue(Float.fastExp(.nan).isNaN)
        XCTAssertTrue(Float.fastExp(1000).isFinite)
        XCTAssertGreaterThan(Float.fastExp(1000), 1e38)
        XCTAssertLessThan(Float.fastExp(-1000), 1.2e-38)
        XCTAssertGreaterThanOrEqual(Float.fastExp(-1000), 0)
    }

    func testEightLanesGiveTheBitsOfOneLaneAtATime() {
        var inputs: [Float] = stride(from: Float(-100), through: 100, by: 0.37).map { $0 }
        inputs += [0, -0, .nan, .infinity, -.infinity, -87.33654, 88.37626, -87.34, 88.38, 1e-8, -1e-8]
        while inputs.count % 8 != 0 { inputs.append(0.5) }
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let lanes = SIMD8<Float>(inputs[start..<start + 8]).fastExp()
            for k in 0..<8 {
                let one = Float.fastExp(inputs[start + k])
                if one.isNaN {
                    XCTAssertTrue(lanes[k].isNaN)
                } else {
                    XCTAssertEqual(lanes[k].bitPattern, one.bitPattern, "at \(inputs[start + k])")
                }
            }
        }
    }

    func testKernelExpIsZeroBelowTheNormalRange() {
        XCTAssertEqual(Float.kernelExp(-.infinity), 0)
        XCTAssertEqual(Float.kernelExp(-1e9), 0)
        XCTAssertEqual(Float.kernelExp(-87.3), Float.fastExp(-87.3))
        XCTAssertTrue(Float.kernelExp(.nan).isNaN)
    }

    func testSoftmaxAndLogSoftmaxAgreeWithLibm() throws {
        let values: [Float] = (0..<60).map { Float(($0 * 37) % 23) / 3 - 4 }
        let logits = try Tensor(shape: [6, 10], values: values)
        let probabilities = try logits.softmax().floats()
        let logProbabilities = logits.softmaxValue(axis: 1, log: true).floats()
        for row in 0..<6 {
            let z = values[(row * 10)..<(row * 10 + 10)].map(Double.init)
            let m = z.max() ?? 0
            let total = z.map { Foundation.exp($0 - m) }.reduce(0, +)
            for j in 0..<10 {
                let exact = Foundation.exp(z[j] - m) / total
                XCTAssertEqual(Double(probabilities[row * 10 + j]), exact, accuracy: 1e-6 * max(exact, 1e-3))
                XCTAssertEqual(Double(logProbabilities[row * 10 + j]), (z[j] - m) - Foundation.log(total), accuracy: 1e-6)
            }
        }
    }

    func testARowWithNaNIsAllNaN() throws {
        let logits = try Tensor(shape: [2, 3], values: [Float(1), .nan, 2, 0, 1, 2])
        let probabilities = try logits.softmax().floats()
        XCTAssertTrue(probabilities[0..<3].allSatisfy(\.isNaN))
        XCTAssertFalse(probabilities[3..<6].contains(where: \.isNaN))
    }

    func testMaskedLogitsGetProbabilityZero() throws {
        let logits = try Tensor(shape: [1, 3], values: [Float(1), -.infinity, -1e9])
        XCTAssertEqual(try logits.softmax().floats(), [1, 0, 0])
    }

    func testSparseCrossEntropyGradientIsSoftmaxMinusOneHot() throws {
        var logits = try Tensor(shape: [2, 3], values: [Float(1), 2, 3, 0.5, -1, 0])
        let labels = try Tensor(shape: [2], values: [Int64(2), 0])
        let tape = GradientTape()
        tape.watch(&logits)
        let loss = try tape.record { try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: labels).sum() }
        let gradient = try XCTUnwrap(try tape.gradient(of: loss, withRespectTo: [logits])[0]).floats()
        let probabilities = try logits.softmax().floats()
        let expected = probabilities.enumerated().map { i, p in p - ((i == 2 || i == 3) ? 1 : 0) }
        for (g, e) in zip(gradient, expected) { XCTAssertEqual(g, e, accuracy: 1e-6) }
    }
}
