import XCTest
@testable import KTensor

/// Fused ops against TensorFlow 2.12 (fixture `tf_ops.json` from `make_tf_ops.py`).
final class TFOpsTests: XCTestCase {
    var ref: [String: Any] = [:]

    override func setUpWithError() throws {
        ref = try loadFixture("tf_ops.json")
    }

    func tensor(_ key: String, dtype: DType = .float32) throws -> Tensor {
        try tensorFromJSON(try XCTUnwrap(ref[key], key), dtype: dtype)
    }

    func values(_ any: Any?) throws -> [Double] {
        flattenJSON(try XCTUnwrap(any)).values
    }

    func testCrossEntropiesWithLogits() throws {
        var logits = try tensor("logits"), labels = try tensor("labels"), binary = try tensor("binary")
        let sparse = try tensor("sparse", dtype: .int64)
        let upstream = try tensor("upstream"), upstream2 = try tensor("upstream2")
        let tape = GradientTape(persistent: true)
        tape.startRecording()
        tape.watch(&logits)
        tape.watch(&labels)
        tape.watch(&binary)
        let ce = try Tensor.softmaxCrossEntropyWithLogits(logits: logits, labels: labels)
        let sce = try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: sparse)
        let bce = try Tensor.sigmoidCrossEntropyWithLogits(logits: logits, labels: binary)
        tape.stopRecording()
        assertClose(ce.doubles(), try values(ref["ce"]), rtol: 1e-6)
        assertClose(sce.doubles(), try values(ref["sce"]), rtol: 1e-6)
        assertClose(bce.doubles(), try values(ref["bce"]), rtol: 1e-6, atol: 1e-7)
        let ceGrads = try tape.gradient(of: [ce], withRespectTo: [.tensor(logits), .tensor(labels)], outputGradients: [upstream])
        assertClose(try XCTUnwrap(ceGrads[0]).doubles(), try values(ref["ce_grad_logits"]), rtol: 1e-5, atol: 1e-7)
        assertClose(try XCTUnwrap(ceGrads[1]).doubles(), try values(ref["ce_grad_labels"]), rtol: 1e-5, atol: 1e-7)
        let sceGrad = try tape.gradient(of: sce, withRespectTo: [logits], outputGradient: upstream)
        assertClose(try XCTUnwrap(sceGrad[0]).doubles(), try values(ref["sce_grad_logits"]), rtol: 1e-5, atol: 1e-7)
        let bceGrads = try tape.gradient(of: [bce], withRespectTo: [.tensor(logits), .tensor(binary)], outputGradients: [upstream2])
        assertClose(try XCTUnwrap(bceGrads[0]).doubles(), try values(ref["bce_grad_logits"]), rtol: 1e-5, atol: 1e-7)
        assertClose(try XCTUnwrap(bceGrads[1]).doubles(), try values(ref["bce_grad_labels"]), rtol: 1e-5, atol: 1e-7)
        XCTAssertThrowsError(try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: Tensor([Int64(0), 5, 1, 1])))
    }

    func testSoftmaxAlongAxesAndOneHot() throws {
        let x = try tensor("x3")
        assertClose(try x.softmax(axis: 1).doubles(), try values(ref["softmax_axis1"]), rtol: 1e-6)
        assertClose(try x.logSoftmax(axis: -1).doubles(), try values(ref["log_softmax_axis2"]), rtol: 1e-6, atol: 1e-7)
        let oneHot = try Tensor.oneHot(Tensor([[Int64(0), 3], [-1, 5]]), depth: 4, on: 2, off: -1)
        XCTAssertEqual(oneHot.shape, [2, 2, 4])
        XCTAssertEqual(oneHot.doubles(), try values(ref["one_hot"]))
    }

    /// `Dense(5, activation) → Dense(3, softmax)` with Keras' sparse categorical cross-entropy
    /// (which uses the logits attached to the softmax output): outputs, loss and gradients.
    func testDenseLayersMatchKeras() throws {
        let x = try tensor("dense_x")
        let y = try tensor("dense_y", dtype: .int64)
        let weights = try XCTUnwrap(ref["dense_weights"] as? [Any]).map { try tensorFromJSON($0) }
        let cases = try XCTUnwrap(ref["dense"] as? [String: Any])
        XCTAssertEqual(cases.count, 13)
        for (name, value) in cases {
            let expected = try XCTUnwrap(value as? [String: Any])
            let activation = try XCTUnwrap(Activation(kerasName: name))
            let variables = weights.map { Variable($0) }
            let tape = GradientTape()
            tape.startRecording()
            let hidden = try Tensor.dense(x, kernel: variables[0].value, bias: variables[1].value, activation: activation)
            let probs = try Tensor.dense(hidden, kernel: variables[2].value, bias: variables[3].value, activation: .softmax)
            let logits = try XCTUnwrap(probs.attachedLogits?.logits)
            let loss = try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: y).mean()
            tape.stopRecording()
            assertClose(hidden.doubles(), try values(expected["hidden"]), rtol: 2e-6, atol: 1e-7, name)
            assertClose(probs.doubles(), try values(expected["probs"]), rtol: 2e-6, atol: 1e-7, name)
            assertClose([try loss.scalarDouble()], [try XCTUnwrap(jsonDouble(expected["loss"] as Any))], rtol: 2e-6, name)
            let grads = try tape.gradient(of: loss, withRespectTo: variables)
            let expectedGrads = try XCTUnwrap(expected["grads"] as? [Any])
            for (g, e) in zip(grads, expectedGrads) {
                assertClose(try XCTUnwrap(g).doubles(), flattenJSON(e).values, rtol: 1e-5, atol: 2e-7, name)
            }
        }
    }
}
