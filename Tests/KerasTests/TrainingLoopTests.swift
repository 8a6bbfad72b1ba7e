import KTensor
import XCTest
@testable import Keras

/// Loop behaviour that needs no reference numbers: Ctrl-C between batches, multi-output
/// loss/metric naming, callbacks stopping training.
final class TrainingLoopTests: XCTestCase {
    private func data() throws -> (Tensor, Tensor) {
        let generator = NumPyRandomState(seed: 3)
        let x = try generator.uniform(low: 0, high: 1, [64, 4]).cast(to: .float32)
        let y = try generator.randint(0, 3, [64])
        return (x, y)
    }

    private func model() throws -> Sequential {
        let m = try Sequential(layers: [try Dense(units: 8, activation: .relu), try Dense(units: 3, activation: .softmax)])
        try m.build(inputShape: [[nil, 4]])
        try m.compile(CompileConfiguration(optimizer: try SGD(learningRate: 0.1), loss: .single(try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")),
                                           metrics: .all([.name("accuracy")])))
        return m
    }

    /// A pending Ctrl-C stops `fit` after the batch in progress with `TrainingInterrupted`;
    /// the weights are those after that batch.
    func testInterruptStopsAfterTheCurrentBatch() throws {
        let (x, y) = try data()
        let m = try model()
        var options = FitOptions()
        options.verbose = 0
        options.batchSize = 16
        options.epochs = 3
        let before = m.getWeights()
        Interruption.request()
        XCTAssertThrowsError(try m.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options)) { error in
            XCTAssertTrue(error is TrainingInterrupted)
        }
        XCTAssertFalse(Interruption.requested)
        XCTAssertEqual(m.trainingOptimizer?.step, 1, "exactly one batch ran")
        XCTAssertNotEqual(m.getWeights()[0].doubles(), before[0].doubles())
    }

    /// Two outputs: `loss`, then `<output>_loss` per output (unweighted), then the metric on
    /// every output with its prefix; the total is the weighted sum.
    func testMultiOutputNamesAndWeightedTotal() throws {
        let (x, y) = try data()
        let input = Input(shape: [4])
        let hidden = try Dense(units: 8, activation: .relu).callSymbolic([input])
        let a = try Dense(units: 3, activation: .softmax, name: "classification").callSymbolic(hidden)
        let b = try Dense(units: 1, name: "regression").callSymbolic(hidden)
        let m = try Functional(inputs: [input], outputs: a + b)
        try m.compile(CompileConfiguration(
            optimizer: try Adam(),
            loss: .byName(["classification": try BuiltinLoss(kerasName: "sparse_categorical_crossentropy"), "regression": try BuiltinLoss(kerasName: "mse")]),
            lossWeights: .byName(["classification": 1, "regression": 0.5]), metrics: .all([.name("mae")])))
        let target = DatasetElement.dict([("classification", .tensor(y)), ("regression", .tensor(try x.mean(axes: [1], keepDims: true)))])
        let logs = try XCTUnwrap(m.trainer).testOnBatch(StepData(x: .tensor(x), y: target))
        XCTAssertEqual(logs.keys, ["loss", "classification_loss", "regression_loss", "classification_mae", "regression_mae"])
        let total = try XCTUnwrap(logs.value("loss")), first = try XCTUnwrap(logs.value("classification_loss")), second = try XCTUnwrap(logs.value("regression_loss"))
        XCTAssertEqual(total, first + 0.5 * second, accuracy: 1e-5)
        var options = FitOptions()
        options.verbose = 0
        options.epochs = 1
        let history = try m.fit(.arrays(x: .tensor(x), y: target, sampleWeight: nil), options: options)
        XCTAssertEqual(history.keys, ["loss", "classification_loss", "regression_loss", "classification_mae", "regression_mae"])
    }

    func testEarlyStoppingEndsFit() throws {
        let (x, y) = try data()
        let m = try model()
        var options = FitOptions()
        options.verbose = 0
        options.epochs = 50
        options.callbacks = [EarlyStopping(monitor: "loss", minDelta: 100, patience: 1)]
        let history = try m.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options)
        XCTAssertEqual(history.epoch, [0, 1])
    }

    func testUncompiledModelCannotFit() throws {
        let m = try Sequential(layers: [try Dense(units: 2)])
        XCTAssertThrowsError(try m.fit(.arrays(x: .tensor(Tensor(zeros: [2, 2])), y: nil, sampleWeight: nil)))
    }
}
