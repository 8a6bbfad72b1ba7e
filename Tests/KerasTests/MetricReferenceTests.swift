import KTensor
import XCTest
@testable import Keras

/// `numeric.json` `metrics`: accuracy resolution, streaming means, Precision/Recall/AUC.
final class MetricReferenceTests: XCTestCase {
    private func section() throws -> [String: Any] {
        try XCTUnwrap(try loadFixture("keras_numeric.json")["metrics"] as? [String: Any])
    }

    private func entry(_ key: String) throws -> [String: Any] {
        try XCTUnwrap(try section()[key] as? [String: Any])
    }

    func testSparseAccuracyResolvedFromShapesAndStreamed() throws {
        let e = try entry("accuracy_sparse")
        let yTrue = try tensorFromJSON(e["y_true"]).reshaped([-1, 1])
        let yPred = try tensorFromJSON(e["y_pred"])
        let function = try XCTUnwrap(MetricFunction(kerasName: "accuracy", labelShape: yTrue.shape, predictionShape: yPred.shape))
        XCTAssertEqual(function, .sparseCategoricalAccuracy)
        XCTAssertEqual(e["resolved_as"] as? String, "sparse_categorical_accuracy")
        let whole = MeanMetricWrapper(function, name: "accuracy")
        try whole.updateState(yTrue, yPred)
        assertClose(try whole.resultValue(), jsonDouble(try XCTUnwrap(e["result"])))
        let streamed = MeanMetricWrapper(function, name: "accuracy")
        try streamed.updateState(yTrue.slice(axis: 0, start: 0, length: 5), yPred.slice(axis: 0, start: 0, length: 5))
        try streamed.updateState(yTrue.slice(axis: 0, start: 5, length: 7), yPred.slice(axis: 0, start: 5, length: 7))
        assertClose(try streamed.resultValue(), jsonDouble(try XCTUnwrap(e["result_streamed_5_then_7"])))
        let viaCompile = try XCTUnwrap(e["evaluate_via_compile"] as? [String: Any])
        let loss = try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")
        assertClose(try loss(yTrue, yPred).scalarDouble(), jsonDouble(try XCTUnwrap(viaCompile["loss"])))
    }

    func testCategoricalAccuracy() throws {
        let e = try entry("categorical_accuracy")
        let yTrue = try tensorFromJSON(e["y_true"]), yPred = try tensorFromJSON(e["y_pred"])
        let function = try XCTUnwrap(MetricFunction(kerasName: "acc", labelShape: yTrue.shape, predictionShape: yPred.shape))
        XCTAssertEqual(function, .categoricalAccuracy)
        let metric = MeanMetricWrapper(function, name: "acc")
        try metric.updateState(yTrue, yPred)
        assertClose(try metric.resultValue(), jsonDouble(try XCTUnwrap(e["result"])))
    }

    func testBinaryMetricsStrictThresholdAndAUC() throws {
        let e = try entry("binary")
        let yTrue = try tensorFromJSON(e["y_true"]), yPred = try tensorFromJSON(e["y_pred"])
        let results = try XCTUnwrap(e["results"] as? [String: Any])
        let metrics: [(String, Metric)] = [
            ("Precision", try ThresholdMetric(.precision)), ("Recall", try ThresholdMetric(.recall)),
            ("AUC", try AUC()), ("AUC_PR", try AUC(curve: .pr)),
            ("BinaryAccuracy", MeanMetricWrapper(.binaryAccuracy(threshold: 0.5), name: "binary_accuracy")),
        ]
        for (key, metric) in metrics {
            try metric.updateState(yTrue, yPred)
            assertClose(try metric.resultValue(), jsonDouble(try XCTUnwrap(results[key])), key)
        }
        let auc = try XCTUnwrap(metrics[2].1 as? AUC)
        let confusion = try XCTUnwrap(e["auc_confusion"] as? [String: Any])
        assertClose(auc.thresholds.map(Double.init), flattenJSON(try XCTUnwrap(confusion["thresholds"])).values, rtol: 1e-7, "thresholds")
        for (key, variable) in [("true_positives", auc.truePositives), ("false_positives", auc.falsePositives),
                                ("true_negatives", auc.trueNegatives), ("false_negatives", auc.falseNegatives)] {
            assertClose(variable.valueWithoutWatching.doubles(), flattenJSON(try XCTUnwrap(confusion[key])).values, key)
        }
    }

    func testMeanAbsoluteErrorStreamed() throws {
        let e = try entry("mean_absolute_error")
        let yTrue = try tensorFromJSON(e["y_true"]), yPred = try tensorFromJSON(e["y_pred"])
        let metric = MeanMetricWrapper(try XCTUnwrap(MetricFunction(kerasName: "mae")), name: "mae")
        try metric.updateState(yTrue, yPred)
        assertClose(try metric.resultValue(), jsonDouble(try XCTUnwrap(e["result"])))
        try metric.resetState()
        XCTAssertEqual(try metric.resultValue(), 0)
        try metric.updateState(yTrue.slice(axis: 0, start: 0, length: 5), yPred.slice(axis: 0, start: 0, length: 5))
        try metric.updateState(yTrue.slice(axis: 0, start: 5, length: 7), yPred.slice(axis: 0, start: 5, length: 7))
        assertClose(try metric.resultValue(), jsonDouble(try XCTUnwrap(e["result_streamed_5_then_7"])), rtol: 1e-6)
    }

    /// Default names draw from per-process counters, as Keras' `Precision()`, `Precision()`
    /// give `precision`, `precision_1`.
    func testDefaultNamesCount() throws {
        Naming.clearSession()
        XCTAssertEqual(try ThresholdMetric(.precision).name, "precision")
        XCTAssertEqual(try ThresholdMetric(.precision).name, "precision_1")
        XCTAssertEqual(try ThresholdMetric(.recall).name, "recall")
        XCTAssertEqual(try AUC().name, "auc")
        XCTAssertEqual(try ThresholdMetric(.precision, name: "p").name, "p")
        XCTAssertEqual(try ThresholdMetric(.precision).name, "precision_2")
        Naming.clearSession()
    }

    func testMeanWithSampleWeights() throws {
        let mean = Mean()
        try mean.update(try Tensor(shape: [3], values: [Float(1), 2, 3]), sampleWeight: try Tensor(shape: [3], values: [Float(1), 0, 3]))
        XCTAssertEqual(try mean.resultValue(), 2.5)
        mean.update(value: 6, weight: 4)
        XCTAssertEqual(try mean.resultValue(), 34.0 / 8)
    }
}
