import Foundation
import KTensor
import XCTest
@testable import Keras

/// `training.json` (made by `make_training.py`): the chapter MLP trained by real Keras 2.12 on
/// the first 512 Fashion-MNIST images from the same initial weights and batches. Loss
/// histories agree to 1e-3 relative, accuracies within one sample.
final class TrainingReferenceTests: XCTestCase {
    private var runs: [String: [String: Any]] = [:]
    private var x = Tensor(zeros: [0])
    private var y = Tensor(zeros: [0])

    override func setUpWithError() throws {
        guard let split = try? KerasDatasets.fashionMNIST() else {
            throw XCTSkip("Fashion-MNIST is not installed (/usr/share/datasets/fashion-mnist or ~/.keras/datasets)")
        }
        x = try (split.train.x.slice(axis: 0, start: 0, length: 512).reshaped([512, 784]).cast(to: .float32) / 255.0)
        y = try split.train.y.slice(axis: 0, start: 0, length: 512).cast(to: .int64)
        runs = try XCTUnwrap(try loadFixture("training.json")["runs"] as? [String: [String: Any]])
    }

    /// The chapter MLP with weights from `np.random.RandomState(0)` as the generator draws them.
    private func makeModel(_ optimizer: Optimizer, metrics: [MetricSpec] = [.name("accuracy")]) throws -> Sequential {
        let model = try Sequential(layers: [try Dense(units: 64, activation: .relu), try Dense(units: 32, activation: .relu),
                                            try Dense(units: 10, activation: .softmax)])
        try model.build(inputShape: [[nil, 784]])
        let generator = NumPyRandomState(seed: 0)
        var weights: [Tensor] = []
        for (fanIn, fanOut) in [(784, 64), (64, 32), (32, 10)] {
            let limit = (6.0 / Double(fanIn + fanOut)).squareRoot()
            weights.append(try generator.uniform(low: -limit, high: limit, [fanIn, fanOut]).cast(to: .float32))
            weights.append(Tensor(zeros: [fanOut]))
        }
        try model.setWeights(weights)
        try model.compile(CompileConfiguration(optimizer: optimizer, loss: .single(try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")),
                                               metrics: .all(metrics)))
        return model
    }

    private func assertHistory(_ history: History, _ run: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let expected = try XCTUnwrap(runs[run]?["history"] as? [String: [Double]])
        if let keys = runs[run]?["keys"] as? [String] { XCTAssertEqual(history.keys, keys, run, file: file, line: line) }
        for (key, values) in expected {
            let mine = try XCTUnwrap(history.values(key), "\(run) \(key)").map(\.value)
            if key.hasSuffix("accuracy") {
                let samples = key.hasPrefix("val_") ? 128.0 : (run == "adam_validation_split" ? 384.0 : 512.0)
                assertClose(mine, values, rtol: 0, atol: 1.01 / samples, "\(run) \(key)", file: file, line: line)
            } else {
                assertClose(mine, values, rtol: 1e-3, "\(run) \(key)", file: file, line: line)
            }
        }
    }

    private func fitOptions(epochs: Int = 2) -> FitOptions {
        var options = FitOptions()
        options.batchSize = 32
        options.epochs = epochs
        options.shuffle = false
        options.verbose = 0
        return options
    }

    func testFitEvaluatePredictMatchKeras() throws {
        let optimizers: [(String, () throws -> Optimizer)] = [
            ("sgd_momentum", { try SGD(learningRate: 0.01, momentum: 0.9) }),
            ("adam", { try Adam(learningRate: 0.001) }),
            ("rmsprop", { try RMSprop(learningRate: 0.001) }),
        ]
        for (run, make) in optimizers {
            let model = try makeModel(try make())
            let history = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: fitOptions())
            try assertHistory(history, run)
            XCTAssertEqual(history.epoch, [0, 1])
            XCTAssertEqual(history.params, TrainingParams(verbose: 0, epochs: 2, steps: 16))
            let logs = try model.evaluate(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), batchSize: 64, verbose: 0)
            let evaluation = try XCTUnwrap(runs[run]?["evaluate"] as? [Double])
            let flat = try XCTUnwrap(model.trainer).flattenInOrder(logs)
            assertClose([flat[0]], [evaluation[0]], rtol: 1e-3, "\(run) evaluate loss")
            assertClose([flat[1]], [evaluation[1]], rtol: 0, atol: 1.01 / 512, "\(run) evaluate accuracy")
            let predictions = try model.predict(.arrays(x: .tensor(try x.slice(axis: 0, start: 0, length: 4)), y: nil, sampleWeight: nil), verbose: 0)
            XCTAssertEqual(predictions.count, 1)
            assertClose(predictions[0].doubles(), flattenJSON(try XCTUnwrap(runs[run]?["predict_first4"])).values, rtol: 1e-3, atol: 1e-5, "\(run) predict")
        }
    }

    func testValidationSplitTakesTheLastFraction() throws {
        let model = try makeModel(try Adam(learningRate: 0.001))
        var options = fitOptions()
        options.validationSplit = 0.25
        let history = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options)
        try assertHistory(history, "adam_validation_split")
        XCTAssertEqual(history.params?.steps, 12)
    }

    func testSampleAndClassWeights() throws {
        let weighted = try makeModel(try Adam(learningRate: 0.001))
        let weights = try Tensor.linspace(start: 0.5, stop: 1.5, count: 512, dtype: .float64).cast(to: .float32)
        try assertHistory(try weighted.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: .tensor(weights)), options: fitOptions(epochs: 1)),
                          "adam_sample_weight")
        let classWeighted = try makeModel(try Adam(learningRate: 0.001))
        var options = fitOptions(epochs: 1)
        options.classWeight = Dictionary(uniqueKeysWithValues: (0..<10).map { ($0, 0.5 + 0.1 * Double($0)) })
        try assertHistory(try classWeighted.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options), "adam_class_weight")
    }

    func testTrainAndTestOnBatch() throws {
        let model = try makeModel(try Adam(learningRate: 0.001))
        let trainer = try XCTUnwrap(model.trainer)
        func batch(_ start: Int, _ length: Int) throws -> StepData {
            StepData(x: .tensor(try x.slice(axis: 0, start: start, length: length)), y: .tensor(try y.slice(axis: 0, start: start, length: length)))
        }
        let results = [
            trainer.flattenInOrder(try trainer.trainOnBatch(try batch(0, 32))),
            trainer.flattenInOrder(try trainer.trainOnBatch(try batch(32, 32), resetMetrics: false)),
            trainer.flattenInOrder(try trainer.testOnBatch(try batch(64, 64))),
        ]
        let expected = try XCTUnwrap(runs["on_batch"]?["results"] as? [[Double]])
        for (mine, theirs) in zip(results, expected) {
            assertClose([mine[0]], [theirs[0]], rtol: 1e-4, "on_batch loss")
            assertClose([mine[1]], [theirs[1]], rtol: 0, atol: 1e-6, "on_batch accuracy")
        }
    }
}
