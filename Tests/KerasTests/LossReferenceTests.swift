import KTensor
import XCTest
@testable import Keras

/// `numeric.json` `losses`: every case's per-sample values and mean (relative error <= 1e-5).
final class LossReferenceTests: XCTestCase {
    private func section() throws -> [String: Any] {
        try XCTUnwrap(try loadFixture("keras_numeric.json")["losses"] as? [String: Any])
    }

    private func function(for key: String, _ entry: [String: Any]) throws -> LossFunction {
        let fromLogits = entry["from_logits"] as? Bool ?? false
        switch key {
        case "sparse_categorical_crossentropy", "sparse_categorical_crossentropy_from_logits", "edge_sparse_categorical_crossentropy_clipping":
            return .sparseCategoricalCrossentropy(fromLogits: fromLogits)
        case "categorical_crossentropy", "categorical_crossentropy_from_logits", "edge_categorical_crossentropy_clipping":
            return .categoricalCrossentropy(fromLogits: fromLogits, labelSmoothing: 0)
        case "binary_crossentropy", "binary_crossentropy_from_logits", "edge_binary_crossentropy_clipping":
            return .binaryCrossentropy(fromLogits: fromLogits, labelSmoothing: 0)
        case "mse": return .meanSquaredError
        case "mae": return .meanAbsoluteError
        case "huber": return try XCTUnwrap(LossFunction(kerasName: "huber_loss"))
        default: throw TensorError(.invalidArgument, "unknown case \(key)")
        }
    }

    func testEveryLossCaseMatchesKeras() throws {
        let losses = try section()
        XCTAssertEqual(losses.count, 12)
        for (key, value) in losses {
            let entry = try XCTUnwrap(value as? [String: Any])
            let yTrue = try tensorFromJSON(entry["y_true"], dtype: key.contains("sparse") ? .int64 : .float32)
            let yPred = try tensorFromJSON(entry["y_pred"])
            let loss = BuiltinLoss(try function(for: key, entry))
            let perSample = try loss.call(yTrue, yPred)
            assertClose(perSample.doubles(), flattenJSON(try XCTUnwrap(entry["per_sample"])).values, atol: 1e-12, "\(key) per sample")
            let mean = try loss(yTrue, yPred)
            XCTAssertEqual(mean.shape, [])
            assertClose(try mean.scalarDouble(), jsonDouble(try XCTUnwrap(entry["mean"])), key)
        }
    }

    /// The logits shortcut: probabilities carrying their softmax logits are scored from the
    /// logits (no clipping), so saturated logits give 120, not the clipped 16.118.
    func testAttachedLogitsBypassClipping() throws {
        let logits = try Tensor(shape: [1, 2], values: [Float(-60), 60])
        let probabilities = try logits.activation(.softmax)
        let labels = try Tensor(shape: [1], values: [Int64(0)])
        let loss = try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")
        XCTAssertEqual(try loss(labels, probabilities).scalarDouble(), 120, accuracy: 1e-4)
        let plain = try Tensor(shape: [1, 2], values: probabilities.floats())
        XCTAssertEqual(try loss(labels, plain).scalarDouble(), 16.118095, accuracy: 1e-4)
    }

    /// `numeric.json` `gradients`: d loss / d weights of Dense(5, relu) → Dense(3, softmax) with
    /// sparse categorical cross-entropy, through the tape.
    func testGradientsOfDenseModelMatchKeras() throws {
        let g = try XCTUnwrap(try loadFixture("keras_numeric.json")["gradients"] as? [String: Any])
        let x = try tensorFromJSON(g["x"])
        let y = try tensorFromJSON(g["y"], dtype: .int64)
        let weights = try XCTUnwrap(g["weights"] as? [Any]).map { Variable(try tensorFromJSON($0)) }
        let loss = BuiltinLoss(.sparseCategoricalCrossentropy(fromLogits: false))
        let tape = GradientTape()
        let value = try tape.record {
            let hidden = try Tensor.dense(x, kernel: weights[0].value, bias: weights[1].value, activation: .relu)
            let probabilities = try Tensor.dense(hidden, kernel: weights[2].value, bias: weights[3].value, activation: .softmax)
            assertClose(probabilities.doubles(), flattenJSON(try XCTUnwrap(g["probs"])).values, "probs")
            return try loss(y, probabilities)
        }
        assertClose(try value.scalarDouble(), jsonDouble(try XCTUnwrap(g["loss"])), "loss")
        let gradients = try tape.gradient(of: value, withRespectTo: weights)
        let expected = try XCTUnwrap(g["gradients"] as? [Any])
        for (k, gradient) in gradients.enumerated() {
            assertClose(try XCTUnwrap(gradient).doubles(), flattenJSON(expected[k]).values, atol: 1e-7, "gradient \(k)")
        }
    }

    func testReductionsAndSampleWeights() throws {
        let yTrue = try Tensor(shape: [2, 2], values: [Float(0), 1, 1, 1])
        let yPred = try Tensor(shape: [2, 2], values: [Float(1), 1, 1, 3])
        let weights = try Tensor(shape: [2], values: [Float(2), 0.5])
        XCTAssertEqual(try BuiltinLoss(.meanSquaredError)(yTrue, yPred, sampleWeight: weights).scalarDouble(), (0.5 * 2 + 2 * 0.5) / 2)
        XCTAssertEqual(try BuiltinLoss(.meanSquaredError, reduction: .sum)(yTrue, yPred).scalarDouble(), 2.5)
        XCTAssertEqual(try BuiltinLoss(.meanSquaredError, reduction: .none)(yTrue, yPred).doubles(), [0.5, 2])
        XCTAssertThrowsError(try BuiltinLoss(kerasName: "nope"))
    }
}
