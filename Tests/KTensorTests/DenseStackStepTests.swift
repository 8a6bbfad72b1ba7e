import XCTest
@testable import KTensor

/// `DenseStackStep` against the same step on the tape (`Tensor.dense`, then the sparse
/// softmax cross-entropy of the last logits, averaged): outputs, per-sample losses and every
/// gradient equal bit for bit, in float32 and float64.
final class DenseStackStepTests: XCTestCase {
    private func check(_ dtype: DType, activations: [Activation], bias: Bool, file: StaticString = #filePath, line: UInt = #line) throws {
        var values = TestValues(seed: 11)
        let widths = [7, 6, 5, 4, 3]
        let x = values.tensor([9, widths[0]], dtype: dtype)
        let labels: [Int64] = (0..<9).map { Int64($0 % 3) }
        let layers = activations.indices.map { i in
            DenseStackStep.Layer(kernel: values.tensor([widths[i], widths[i + 1]], dtype: dtype, scale: 0.8),
                                 bias: bias ? values.tensor([widths[i + 1]], dtype: dtype, scale: 0.1) : nil,
                                 activation: activations[i])
        }
        let scale = try Tensor.ones([], dtype: dtype) / Tensor(scalar: 9.0, dtype: dtype)
        let fused = try DenseStackStep.run(x, labels: labels, layers: layers, lossScale: scale)

        let variables = layers.flatMap { [Variable($0.kernel)] + ($0.bias.map { [Variable($0)] } ?? []) }
        let tape = GradientTape()
        let (output, losses) = try tape.record { () throws -> (Tensor, Tensor) in
            var h = x, k = 0
            for layer in layers {
                let kernel = variables[k].value
                let bias = layer.bias == nil ? nil : variables[k + 1].value
                k += layer.bias == nil ? 1 : 2
                h = try Tensor.dense(h, kernel: kernel, bias: bias, activation: layer.activation)
            }
            let logits = h.attachedLogits?.logits ?? h
            return (h, try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: Tensor(labels)))
        }
        let mean = try tape.record { try losses.sum() / Tensor(scalar: 9.0, dtype: dtype) }
        let taped = try tape.gradient(of: mean, withRespectTo: variables)

        func bits(_ t: Tensor?) -> [UInt64] { t?.doubles().map(\.bitPattern) ?? [] }
        XCTAssertEqual(bits(fused.output), bits(output), file: file, line: line)
        XCTAssertEqual(bits(fused.losses), bits(losses), file: file, line: line)
        XCTAssertEqual(fused.gradients.count, taped.count, file: file, line: line)
        for (a, b) in zip(fused.gradients, taped) { XCTAssertEqual(bits(a), bits(b), file: file, line: line) }
        XCTAssertEqual(fused.output.attachedLogits != nil, activations.last == .softmax, file: file, line: line)
    }

    func testSoftmaxStackMatchesTheTapeInBothFloatTypes() throws {
        try check(.float32, activations: [.relu, .tanh, .softmax], bias: true)
        try check(.float64, activations: [.relu, .tanh, .softmax], bias: true)
    }

    func testLinearLogitsAndHiddenActivationsThatKeepTheirInputs() throws {
        try check(.float32, activations: [.elu(alpha: 1), .softplus, .sigmoid, .linear], bias: false)
        try check(.float64, activations: [.gelu(approximate: false), .softmax, .linear], bias: true)
    }

    func testBadInputsAreErrors() throws {
        var values = TestValues(seed: 3)
        let layer = DenseStackStep.Layer(kernel: values.tensor([4, 3], dtype: .float32), bias: nil, activation: .softmax)
        let x = values.tensor([2, 4], dtype: .float32), scale = Tensor(scalar: 0.5, dtype: .float32)
        XCTAssertThrowsError(try DenseStackStep.run(x, labels: [0, 3], layers: [layer], lossScale: scale)) { error in
            XCTAssertTrue("\(error)".contains("Received a label value of 3 which is outside the valid range of [0, 3)"), "\(error)")
        }
        XCTAssertThrowsError(try DenseStackStep.run(x, labels: [0], layers: [layer], lossScale: scale))
        XCTAssertThrowsError(try DenseStackStep.run(values.tensor([2, 5], dtype: .float32), labels: [0, 1], layers: [layer], lossScale: scale))
        XCTAssertThrowsError(try DenseStackStep.run(x, labels: [0, 1], layers: [DenseStackStep.Layer(kernel: layer.kernel, bias: nil, activation: .relu)], lossScale: scale))
        XCTAssertThrowsError(try DenseStackStep.run(x.cast(to: .float64), labels: [0, 1], layers: [layer], lossScale: scale))
    }
}
