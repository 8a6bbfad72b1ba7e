import XCTest
@testable import KTensor

/// Numbers from the real TensorFlow/Keras 2.12 (fixtures made by the scripts beside them).
final class ReferenceTests: XCTestCase {
    /// `numeric.json` `activations`: every Keras activation on the reference inputs, float32,
    /// relative error <= 1e-6.
    func testKerasActivationsMatchReference() throws {
        let json = try loadFixture("numeric.json")
        let section = try XCTUnwrap(json["activations"] as? [String: Any])
        let input = try tensorFromJSON(try XCTUnwrap(section["input"]))
        let outputs = try XCTUnwrap(section["outputs"] as? [String: Any])
        let names: [String: Activation] = [
            "relu": .relu, "sigmoid": .sigmoid, "tanh": .tanh, "linear": .linear, "elu": .elu(alpha: 1),
            "selu": .selu, "gelu": .gelu(approximate: false), "swish": .swish, "softplus": .softplus,
            "softsign": .softsign, "exponential": .exponential, "hard_sigmoid": .hardSigmoid,
            "gelu_approximate_true": .gelu(approximate: true),
        ]
        XCTAssertEqual(Set(outputs.keys), Set(names.keys), "every reference activation is checked")
        for (name, expected) in outputs {
            let activation = try XCTUnwrap(names[name])
            let y = try input.activation(activation)
            XCTAssertEqual(y.dtype, .float32)
            assertClose(y.doubles(), flattenJSON(expected).values, rtol: 1e-6, atol: 1e-12, name)
        }
        let softmax = try XCTUnwrap(section["softmax"] as? [String: Any])
        let logits = try tensorFromJSON(try XCTUnwrap(softmax["input"]))
        let probabilities = try logits.activation(.softmax)
        assertClose(probabilities.doubles(), flattenJSON(try XCTUnwrap(softmax["output"])).values, rtol: 1e-6, "softmax")
    }

    /// The two-matrix example of `make_tf_two_matrix.py`: forward values and tape gradients.
    func testTwoMatrixExampleMatchesTensorFlow() throws {
        let ref = try loadFixture("tf_two_matrix.json")
        let x = try tensorFromJSON(try XCTUnwrap(ref["x"]))
        let w1 = Variable(try tensorFromJSON(try XCTUnwrap(ref["w1"])), name: "w1")
        let w2 = Variable(try tensorFromJSON(try XCTUnwrap(ref["w2"])), name: "w2")
        let b = Variable(try tensorFromJSON(try XCTUnwrap(ref["b"])), name: "b")
        let target = try tensorFromJSON(try XCTUnwrap(ref["target"]))

        let tape = GradientTape(persistent: true)
        var xWatched = x
        tape.startRecording()
        tape.watch(&xWatched)
        let hidden = try Tensor.matmul(xWatched, w1.value).relu()
        let logits = try Tensor.matmul(hidden, w2.value) + b.value
        let probs = try logits.softmax()
        let loss = try (probs - target).square().mean()
        let total = try (hidden * 0.5).sum() + loss
        tape.stopRecording()

        assertClose(hidden.doubles(), flattenJSON(ref["hidden"]!).values, rtol: 1e-6)
        assertClose(logits.doubles(), flattenJSON(ref["logits"]!).values, rtol: 1e-6)
        assertClose(probs.doubles(), flattenJSON(ref["probs"]!).values, rtol: 1e-6)
        assertClose([try loss.scalarDouble()], [try XCTUnwrap(jsonDouble(ref["loss"] as Any))], rtol: 1e-6)
        assertClose([try total.scalarDouble()], [try XCTUnwrap(jsonDouble(ref["total"] as Any))], rtol: 1e-6)

        let grads = try tape.gradient(of: loss, withRespectTo: [w1, w2, b])
        let expected = try XCTUnwrap(ref["grad_loss"] as? [Any])
        for (g, e) in zip(grads, expected) {
            assertClose(try XCTUnwrap(g).doubles(), flattenJSON(e).values, rtol: 1e-5, atol: 1e-8)
        }
        let totalGrads = try tape.gradient(of: [total], withRespectTo: [.variable(w1), .variable(w2), .variable(b), .tensor(xWatched)])
        let expectedTotal = try XCTUnwrap(ref["grad_total"] as? [Any])
        for (g, e) in zip(totalGrads, expectedTotal) {
            assertClose(try XCTUnwrap(g).doubles(), flattenJSON(e).values, rtol: 1e-5, atol: 1e-8)
        }
    }
}
