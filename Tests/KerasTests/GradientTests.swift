import KTensor
import XCTest
@testable import Keras

/// The fused ops' hand-written backward passes agree with central finite differences of
/// their own forward passes (in float32, so the tolerance is loose but catches any wrong term).
final class GradientTests: XCTestCase {
    /// `sum(outputs · fixed weights)` of a layer's outputs as a function of its input and weights.
    func check(_ layer: Layer, input: Tensor, training: Bool? = nil, mask: Tensor? = nil, file: StaticString = #filePath, line: UInt = #line) throws {
        try layer.buildIfNeeded([input.shape.map { $0 }])
        let weights = layer.trainableWeights
        let probe = try layer([input], training: training, masks: [mask])
        let projections = probe.enumerated().map { Tensor.randomUniform($0.element.shape, min: -1, max: 1, using: NumPyRandomState(seed: UInt32(7 + $0.offset))) }
        func loss(_ x: Tensor) throws -> Tensor {
            var total = Tensor(scalar: Float(0))
            for (out, p) in zip(try layer([x], training: training, masks: [mask]), projections) { total = try total + (try out * p).sum() }
            return total
        }
        var x = input
        let tape = GradientTape()
        tape.watch(&x)
        let value = try tape.record { try loss(x) }
        let grads = try tape.gradient(of: [value], withRespectTo: [.tensor(x)] + weights.map { .variable($0) })
        let eps: Float = 1e-2
        // Input gradient.
        let analytic = try XCTUnwrap(grads[0], file: file, line: line).floats()
        var values = input.floats()
        for i in stride(from: 0, to: values.count, by: max(1, values.count / 7)) {
            let saved = values[i]
            values[i] = saved + eps
            let up = try loss(try Tensor(shape: input.shape, values: values).cast(to: input.dtype)).scalarDouble()
            values[i] = saved - eps
            let down = try loss(try Tensor(shape: input.shape, values: values).cast(to: input.dtype)).scalarDouble()
            values[i] = saved
            XCTAssertEqual(Double(analytic[i]), (up - down) / Double(2 * eps), accuracy: 2e-2 * max(1, abs(Double(analytic[i]))), "input[\(i)]", file: file, line: line)
        }
        // Weight gradients.
        for (k, variable) in weights.enumerated() {
            let g = try XCTUnwrap(grads[k + 1], "\(variable.name)", file: file, line: line).floats()
            var w = variable.valueWithoutWatching.floats()
            for i in stride(from: 0, to: w.count, by: max(1, w.count / 5)) {
                let saved = w[i]
                w[i] = saved + eps
                try variable.assign(try Tensor(shape: variable.shape, values: w))
                let up = try loss(input).scalarDouble()
                w[i] = saved - eps
                try variable.assign(try Tensor(shape: variable.shape, values: w))
                let down = try loss(input).scalarDouble()
                w[i] = saved
                try variable.assign(try Tensor(shape: variable.shape, values: w))
                XCTAssertEqual(Double(g[i]), (up - down) / Double(2 * eps), accuracy: 2e-2 * max(1, abs(Double(g[i]))), "\(variable.name)[\(i)]", file: file, line: line)
            }
        }
    }

    func sequenceInput() -> Tensor { Tensor.randomUniform([2, 4, 3], min: -1, max: 1, using: NumPyRandomState(seed: 3)) }

    func testLSTMGradients() throws {
        try check(try LSTM(units: 3, returnSequences: true), input: sequenceInput())
        try check(try LSTM(units: 2, returnState: true, goBackwards: true), input: sequenceInput())
    }

    func testGRUGradients() throws {
        try check(try GRU(units: 3, returnSequences: true), input: sequenceInput())
        try check(try GRU(units: 2, goBackwards: true), input: sequenceInput())
    }

    func testMaskedRecurrentGradients() throws {
        let mask = try Tensor(shape: [2, 4], bools: [true, true, false, true, false, true, true, false])
        try check(try LSTM(units: 3, returnSequences: true), input: sequenceInput(), mask: mask)
        try check(try LSTM(units: 2, returnState: true, goBackwards: true), input: sequenceInput(), mask: mask)
        try check(try GRU(units: 3, returnSequences: true), input: sequenceInput(), mask: mask)
        try check(try SimpleRNN(units: 2, goBackwards: true), input: sequenceInput(), mask: mask)
    }

    func testSimpleRNNGradients() throws {
        try check(try SimpleRNN(units: 3, returnSequences: true), input: sequenceInput())
    }

    func testBatchNormalizationGradients() throws {
        let x = Tensor.randomUniform([5, 3], min: -2, max: 2, using: NumPyRandomState(seed: 5))
        let training = try BatchNormalization()
        try check(training, input: x, training: true)
        try check(try BatchNormalization(), input: x, training: false)
    }
}
