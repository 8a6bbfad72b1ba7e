import XCTest
@testable import KTensor

/// Finite-difference checks (float64, central differences) of every differentiable op.
final class GradientTests: XCTestCase {
    var values = TestValues(seed: 7)

    func testArithmeticWithBroadcasting() throws {
        let a = values.tensor([2, 3, 4]), b = values.tensor([3, 1]), c = values.tensor([4])
        try checkGradient([a, b]) { try $0[0] + $0[1] }
        try checkGradient([a, c]) { try $0[0] - $0[1] }
        try checkGradient([a, b]) { try $0[0] * $0[1] }
        try checkGradient([a, values.tensor([1, 3, 1], offset: 2.5)]) { try $0[0] / $0[1] }
        try checkGradient([values.tensor([2, 3], scale: 0.5, offset: 1.5), values.tensor([3], scale: 0.5, offset: 1)]) { try Tensor.pow($0[0], $0[1]) }
        try checkGradient([a, values.tensor([4], scale: 0.3, offset: 2)]) { try Tensor.remainder($0[0], $0[1]) }
        try checkGradient([a, c]) { try Tensor.maximum($0[0], $0[1]) }
        try checkGradient([a, b]) { try Tensor.minimum($0[0], $0[1]) }
        try checkGradient([a]) { try $0[0] * 3.0 - 1.0 / ($0[0] + 4.0) }
    }

    func testUnaryMath() throws {
        let x = values.tensor([3, 4])
        let positive = values.tensor([3, 4], scale: 0.5, offset: 1.5)
        try checkGradient([x]) { $0[0].negative() }
        try checkGradient([x]) { $0[0].abs() }
        try checkGradient([x]) { $0[0].square() }
        try checkGradient([x]) { $0[0].exp() }
        try checkGradient([x]) { $0[0].expm1() }
        try checkGradient([positive]) { $0[0].log() }
        try checkGradient([positive]) { $0[0].log1p() }
        try checkGradient([positive]) { $0[0].sqrt() }
        try checkGradient([positive]) { $0[0].rsqrt() }
        try checkGradient([positive]) { $0[0].reciprocal() }
        try checkGradient([x]) { $0[0].erf() }
        try checkGradient([x]) { try $0[0].clipped(min: -0.5, max: 0.5) }
        try checkGradient([x]) { try Tensor.where(Tensor.greater($0[0], Tensor(scalar: 0.0)), $0[0].square(), $0[0] * 2.0) }
    }

    func testCastPassesGradientBetweenFloatTypes() throws {
        var x = try Tensor(shape: [2], values: [1.5, -2.0])
        let tape = GradientTape()
        let y = try tape.record { () -> Tensor in
            tape.watch(&x)
            return try (x.cast(to: .float32) * Tensor(shape: [2], values: [Float(3), 4])).sum()
        }
        let g = try XCTUnwrap(tape.gradient(of: y, withRespectTo: [x])[0])
        XCTAssertEqual(g.dtype, .float64)
        assertTensor(g, shape: [2], [3, 4])
        // Casting to an integer stops the gradient.
        let tape2 = GradientTape()
        let z = try tape2.record { () -> Tensor in
            tape2.watch(&x)
            return try x.cast(to: .int32).cast(to: .float64).sum()
        }
        XCTAssertNil(try tape2.gradient(of: z, withRespectTo: [x])[0])
    }

    func testActivations() throws {
        // Inputs away from the kinks of relu-like functions.
        let x = try Tensor(shape: [2, 5], values: [-2.4, -1.2, -0.7, -0.3, 0.4, 0.9, 1.6, 2.2, 3.1, 7.5])
        let all: [Activation] = [.linear, .relu, .relu6, .sigmoid, .hardSigmoid, .tanh, .softmax, .elu(alpha: 1), .elu(alpha: 0.5),
                                 .selu, .gelu(approximate: false), .gelu(approximate: true), .swish, .softplus, .softsign,
                                 .exponential, .leakyRelu(alpha: 0.3), .logSoftmax]
        for act in all {
            try checkGradient([x]) { try $0[0].activation(act) }
        }
        try checkGradient([x]) { try $0[0].softmax(axis: 0) }
        try checkGradient([x]) { try $0[0].logSoftmax(axis: 1) }
        try checkGradient([values.tensor([2, 3, 4])]) { try $0[0].softmax(axis: 1) }
    }

    func testReductions() throws {
        let x = values.tensor([2, 3, 4])
        try checkGradient([x]) { try $0[0].sum() }
        try checkGradient([x]) { try $0[0].sum(axes: [1]) }
        try checkGradient([x]) { try $0[0].sum(axes: [0, 2], keepDims: true) }
        try checkGradient([x]) { try $0[0].mean(axes: [-1]) }
        try checkGradient([x]) { try $0[0].max(axes: [1]) }
        try checkGradient([x]) { try $0[0].min() }
        try checkGradient([x]) { try $0[0].prod(axes: [2]) }
        try checkGradient([x]) { try $0[0].variance(axes: [0, 1]) }
        try checkGradient([x]) { try $0[0].standardDeviation(axes: [2], ddof: 1) }
        try checkGradient([x]) { try $0[0].cumsum(axis: 1) }
        try checkGradient([values.tensor([2, 5], scale: 0.5, offset: 1.5)]) { try $0[0].cumprod(axis: 1) }
        // Ties share the gradient of max equally, as in TF.
        var t = try Tensor(shape: [3], values: [1.0, 3.0, 3.0])
        let tape = GradientTape()
        let y = try tape.record { tape.watch(&t); return try t.max() }
        assertTensor(try XCTUnwrap(tape.gradient(of: y, withRespectTo: [t])[0]), shape: [3], [0, 0.5, 0.5])
    }

    func testMatrixProducts() throws {
        try checkGradient([values.tensor([3, 4]), values.tensor([4, 2])]) { try Tensor.matmul($0[0], $0[1]) }
        try checkGradient([values.tensor([2, 3, 4]), values.tensor([4, 5])]) { try Tensor.matmul($0[0], $0[1]) }
        try checkGradient([values.tensor([2, 1, 3, 4]), values.tensor([3, 4, 2])]) { try Tensor.matmul($0[0], $0[1]) }
        try checkGradient([values.tensor([4]), values.tensor([4, 3])]) { try Tensor.matmul($0[0], $0[1]) }
        try checkGradient([values.tensor([3, 4]), values.tensor([4])]) { try Tensor.matmul($0[0], $0[1]) }
        try checkGradient([values.tensor([4, 3]), values.tensor([2, 4])]) { try Tensor.matmul($0[0], $0[1], transposeA: true, transposeB: true) }
        try checkGradient([values.tensor([4]), values.tensor([4])]) { try Tensor.dot($0[0], $0[1]) }
        try checkGradient([values.tensor([3]), values.tensor([2])]) { try Tensor.outer($0[0], $0[1]) }
        try checkGradient([values.tensor([2, 3, 4]), values.tensor([4, 3, 2])]) { try Tensor.tensordot($0[0], $0[1], axes: ([1, 2], [1, 0])) }
    }

    func testShapeOps() throws {
        let x = values.tensor([2, 3, 4])
        try checkGradient([x]) { try $0[0].reshaped([4, -1]) }
        try checkGradient([x]) { try $0[0].transposed([2, 0, 1]) * 1.5 }
        try checkGradient([x]) { try $0[0].transposed().reshaped([-1]) }
        try checkGradient([x]) { try $0[0].expandingDims(at: 1).squeezed() }
        try checkGradient([x]) { try $0[0].broadcast(to: [3, 2, 3, 4]) }
        try checkGradient([x]) { try $0[0].flipped(axes: [1]) }
        try checkGradient([x]) { try $0[0].tiled([2, 1, 2]) }
        try checkGradient([x]) { try $0[0].repeated(2, axis: 1) }
        try checkGradient([x]) { try $0[0].repeated([1, 0, 3], axis: 1) }
        try checkGradient([x]) { try $0[0].padded([(1, 0), (0, 2), (1, 1)], value: 0.5) }
        try checkGradient([x, values.tensor([2, 1, 4])]) { try Tensor.concat([$0[0], $0[1]], axis: 1) }
        try checkGradient([x, values.tensor([2, 3, 4])]) { try Tensor.stack([$0[0], $0[1]], axis: 2) }
        try checkGradient([x]) { xs in
            let parts = try xs[0].split(sizes: [1, -1], axis: 1)
            return try parts[0] * parts[1]
        }
        try checkGradient([x]) { try $0[0].movingAxis(0, to: -1) }
    }

    func testIndexing() throws {
        let x = values.tensor([4, 5])
        try checkGradient([x]) { try $0[0].indexed([.slice(start: 1, stop: nil, step: 2), .slice(start: nil, stop: nil, step: -2)]) }
        try checkGradient([x]) { try $0[0].indexed([.index(-1), .newAxis, .ellipsis]) }
        try checkGradient([x]) { try $0[0].take(Tensor([Int64(3), 0, 3, -1]), axis: 1) }
        try checkGradient([x]) { try $0[0].take(Tensor([[Int64(1), 2], [2, 2]]), axis: 0) }
        let mask = try Tensor.greater(x, Tensor(scalar: 0.0))
        try checkGradient([x]) { try $0[0].masked(mask) }
    }

    func testFusedDense() throws {
        let x = values.tensor([3, 4]), w = values.tensor([4, 5]), b = values.tensor([5])
        let acts: [Activation] = [.linear, .relu, .sigmoid, .tanh, .softmax, .elu(alpha: 1), .selu, .gelu(approximate: false),
                                  .swish, .softplus, .softsign, .exponential, .leakyRelu(alpha: 0.2), .hardSigmoid, .relu6, .logSoftmax]
        for act in acts {
            try checkGradient([x, w, b]) { try Tensor.dense($0[0], kernel: $0[1], bias: $0[2], activation: act) }
        }
        try checkGradient([values.tensor([2, 3, 4]), w]) { try Tensor.dense($0[0], kernel: $0[1], bias: nil, activation: .tanh) }
        // Transposed views go to BLAS as flags.
        try checkGradient([values.tensor([4, 3]), values.tensor([5, 4])]) {
            try Tensor.dense($0[0].transposed(), kernel: $0[1].transposed(), bias: nil, activation: .relu)
        }
        // The logits attached to a softmax output are differentiable into kernel and bias.
        try checkGradient([x, w, b]) { xs in
            let y = try Tensor.dense(xs[0], kernel: xs[1], bias: xs[2], activation: .softmax)
            return try XCTUnwrap(y.attachedLogits?.logits) * 2.0
        }
        try checkGradient([x, w, b]) { xs in
            let y = try Tensor.dense(xs[0], kernel: xs[1], bias: xs[2], activation: .sigmoid)
            return try y + XCTUnwrap(y.attachedLogits?.logits)
        }
    }

    func testFusedCrossEntropies() throws {
        let logits = values.tensor([4, 5], scale: 3)
        let labels = values.tensor([4, 5], offset: 1.2).abs()
        let normalized = try labels / labels.sum(axes: [1], keepDims: true)
        try checkGradient([logits, normalized]) { try Tensor.softmaxCrossEntropyWithLogits(logits: $0[0], labels: $0[1]) }
        try checkGradient([logits]) { try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: $0[0], labels: Tensor([Int64(0), 4, 2, 2])) }
        let targets = try Tensor(shape: [4, 5], values: (0..<20).map { Double($0 % 3) / 2 })
        try checkGradient([logits, targets]) { try Tensor.sigmoidCrossEntropyWithLogits(logits: $0[0], labels: $0[1]) }
    }
}
