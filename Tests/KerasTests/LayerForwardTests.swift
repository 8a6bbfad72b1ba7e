import KTensor
import XCTest
@testable import Keras

/// Forward passes with fixed weights against the `layers` section of numeric.json (real
/// Keras 2.12 outputs), to 1e-5.
final class LayerForwardTests: XCTestCase {
    func assertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Double = 1e-5, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.shape, expected.shape, file: file, line: line)
        let a = actual.doubles(), e = expected.doubles()
        guard a.count == e.count else { return }
        for (x, y) in zip(a, e) where abs(x - y) > tolerance * max(1, abs(y)) {
            XCTFail("\(x) != \(y) (tolerance \(tolerance))", file: file, line: line)
            return
        }
    }

    func testDenseRelu() throws {
        let c = ReferenceData.layerCase("dense_relu")
        let weights = try XCTUnwrap(c["weights"] as? [String: Any])
        let layer = try Dense(units: 3, activation: .relu)
        let x = try ReferenceData.tensor(c["input"])
        try layer.buildIfNeeded([x.shape.map { $0 }])
        try layer.setWeights([try ReferenceData.tensor(weights["kernel"]), try ReferenceData.tensor(weights["bias"])])
        assertClose(try layer([x])[0], try ReferenceData.tensor(c["output"]))
    }

    func testBatchNormalizationBothModes() throws {
        let c = ReferenceData.layerCase("batch_normalization")
        let w = try XCTUnwrap(c["weights"] as? [String: Any])
        let x = try ReferenceData.tensor(c["input"])
        for mode in ["training_true", "training_false"] {
            let expected = try XCTUnwrap(c[mode] as? [String: Any])
            let layer = try BatchNormalization()
            try layer.buildIfNeeded([x.shape.map { $0 }])
            try layer.setWeights(try ["gamma", "beta", "moving_mean", "moving_variance"].map { try ReferenceData.tensor(w[$0]) })
            let y = try layer([x], training: mode == "training_true")[0]
            assertClose(y, try ReferenceData.tensor(expected["output"]))
            assertClose(layer.movingMean!.valueWithoutWatching, try ReferenceData.tensor(expected["moving_mean_after"]))
            assertClose(layer.movingVariance!.valueWithoutWatching, try ReferenceData.tensor(expected["moving_variance_after"]))
        }
    }

    func testBatchNormalizationRank4UsesUnbiasedMovingVariance() throws {
        let c = ReferenceData.layerCase("batch_normalization_4d_fused")
        let w = try XCTUnwrap(c["weights"] as? [String: Any])
        let x = try ReferenceData.tensor(c["input"])
        let expected = try XCTUnwrap(c["training_true"] as? [String: Any])
        let layer = try BatchNormalization()
        try layer.buildIfNeeded([x.shape.map { $0 }])
        try layer.setWeights(try ["gamma", "beta", "moving_mean", "moving_variance"].map { try ReferenceData.tensor(w[$0]) })
        assertClose(try layer([x], training: true)[0], try ReferenceData.tensor(expected["output"]))
        assertClose(layer.movingMean!.valueWithoutWatching, try ReferenceData.tensor(expected["moving_mean_after"]))
        assertClose(layer.movingVariance!.valueWithoutWatching, try ReferenceData.tensor(expected["moving_variance_after"]))
    }

    func testEmbedding() throws {
        let c = ReferenceData.layerCase("embedding")
        let w = try XCTUnwrap(c["weights"] as? [String: Any])
        let layer = try Embedding(inputDim: 10, outputDim: 4)
        let ids = try ReferenceData.tensor(c["input"], dtype: .int64)
        try layer.buildIfNeeded([ids.shape.map { $0 }])
        try layer.setWeights([try ReferenceData.tensor(w["embeddings"])])
        assertClose(try layer([ids])[0], try ReferenceData.tensor(c["output"]))
        XCTAssertThrowsError(try layer([try Tensor(shape: [1, 1], values: [Int64(10)])]))
    }

    func testLSTMLastOutputSequenceAndStates() throws {
        let c = ReferenceData.layerCase("lstm")
        let w = try XCTUnwrap(c["weights"] as? [String: Any])
        let x = try ReferenceData.tensor(c["input"])
        let weights = try ["kernel", "recurrent_kernel", "bias"].map { try ReferenceData.tensor(w[$0]) }
        let plain = try LSTM(units: 3)
        try plain.buildIfNeeded([x.shape.map { $0 }])
        try plain.setWeights(weights)
        assertClose(try plain([x])[0], try ReferenceData.tensor(c["output"]))

        let full = try LSTM(units: 3, returnSequences: true, returnState: true)
        try full.buildIfNeeded([x.shape.map { $0 }])
        try full.setWeights(weights)
        let outputs = try full([x])
        XCTAssertEqual(outputs.count, 3)
        assertClose(outputs[0], try ReferenceData.tensor(c["return_sequences_output"]))
        assertClose(outputs[1], try ReferenceData.tensor(c["final_h"]))
        assertClose(outputs[2], try ReferenceData.tensor(c["final_c"]))
    }

    func testMergeReshapeFlatten() throws {
        let cat = ReferenceData.layerCase("concatenate")
        let catInputs = try XCTUnwrap(cat["inputs"] as? [Any]).map { try ReferenceData.tensor($0) }
        assertClose(try Concatenate()(catInputs, inputWasList: true)[0], try ReferenceData.tensor(cat["output"]))
        let add = ReferenceData.layerCase("add")
        let addInputs = try XCTUnwrap(add["inputs"] as? [Any]).map { try ReferenceData.tensor($0) }
        assertClose(try Merge(.add)(addInputs, inputWasList: true)[0], try ReferenceData.tensor(add["output"]))
        let reshape = ReferenceData.layerCase("reshape")
        assertClose(try Reshape(targetShape: [2, 3])([try ReferenceData.tensor(reshape["input"])])[0], try ReferenceData.tensor(reshape["output"]))
        let flatten = ReferenceData.layerCase("flatten")
        assertClose(try Flatten()([try ReferenceData.tensor(flatten["input"])])[0], try ReferenceData.tensor(flatten["output"]))
    }
}
