import XCTest
import KTensor
@testable import Keras

/// Compiled models through `.keras` files: the compile state comes back, and training goes on
/// exactly as it would have without the round trip; `ModelCheckpoint` keeps the best model.
final class TrainingStateTests: XCTestCase {
    private func data(_ count: Int, seed: UInt64) throws -> (x: Tensor, y: Tensor) {
        var generator = SplitMix(seed: seed)
        let x = try Tensor(shape: [count, 6], values: (0..<(count * 6)).map { _ in Float(generator.next() % 1000) / 1000 })
        let y = try Tensor(shape: [count], values: (0..<count).map { _ in Int64(generator.next() % 3) })
        return (x, y)
    }

    private func compiledModel() throws -> Sequential {
        setRandomSeed(11)
        let model = try Sequential(layers: [try Dense(units: 8, activation: .relu), try Dense(units: 3, activation: .softmax)])
        try model.build(inputShape: [[nil, 6]])
        try model.compile(CompileConfiguration(optimizer: try Adam(learningRate: 0.01), loss: .single(try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")),
                                               metrics: .all([.name("accuracy")])))
        return model
    }

    private func options(epochs: Int = 1) -> FitOptions {
        var options = FitOptions()
        options.batchSize = 8
        options.epochs = epochs
        options.verbose = 0
        options.shuffle = false
        return options
    }

    func testFitContinuesBitForBitAfterARoundTrip() throws {
        let (x, y) = try data(32, seed: 1)
        let model = try compiledModel()
        _ = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options())
        let path = temporaryPath(self, "trained.keras")
        try saveModelWithTrainingState(model, to: path)

        let archive = try KerasArchive.read(from: path)
        XCTAssertEqual(archive.config["compile_config"]?["loss"], .string("sparse_categorical_crossentropy"))
        XCTAssertEqual(archive.config["compile_config"]?["metrics"], .array([.string("accuracy")]))
        XCTAssertEqual(archive.config["compile_config"]?["optimizer"]?["config"]?["learning_rate"], .double(Double(Float(0.01))))

        let loaded = try loadModelRestoringTrainingState(from: path)
        let trainer = try XCTUnwrap(loaded.trainer)
        XCTAssertTrue(trainer.optimizer is Adam)
        XCTAssertEqual(trainer.optimizer.step, 4)
        XCTAssertEqual(trainer.optimizer.variables.map { rawBytes($0.valueWithoutWatching) },
                       try XCTUnwrap(model.trainer).optimizer.variables.map { rawBytes($0.valueWithoutWatching) })

        let continued = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options(epochs: 2))
        let resumed = try loaded.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options(epochs: 2))
        XCTAssertEqual(loaded.weights.map { rawBytes($0.valueWithoutWatching) }, model.weights.map { rawBytes($0.valueWithoutWatching) })
        XCTAssertEqual(resumed.values("loss"), continued.values("loss"))
        XCTAssertEqual(resumed.values("accuracy"), continued.values("accuracy"))

        let uncompiled = try loadModelRestoringTrainingState(from: path, compile: false)
        XCTAssertNil(uncompiled.trainer)
    }

    func testWeightsFileRestoresTheOptimizerOfACompiledModel() throws {
        let (x, y) = try data(16, seed: 4)
        let model = try compiledModel()
        _ = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options())
        let path = temporaryPath(self, "w.weights.h5")
        try saveWeightsWithTrainingState(model, to: path)
        let other = try compiledModel()
        try loadWeightsWithTrainingState(other, from: path)
        XCTAssertEqual(other.weights.map { rawBytes($0.valueWithoutWatching) }, model.weights.map { rawBytes($0.valueWithoutWatching) })
        XCTAssertEqual(try XCTUnwrap(other.trainer).optimizer.variables.map { rawBytes($0.valueWithoutWatching) },
                       try XCTUnwrap(model.trainer).optimizer.variables.map { rawBytes($0.valueWithoutWatching) })
    }

    func testModelCheckpointKeepsTheBestModel() throws {
        let previousWriter = Model.checkpointWriter
        installKerasFileCheckpoints()
        defer { Model.checkpointWriter = previousWriter }
        let (x, y) = try data(48, seed: 2)
        let (vx, vy) = try data(16, seed: 3)
        let model = try compiledModel()
        let path = temporaryPath(self, "best_model.keras")
        var fit = options(epochs: 6)
        fit.validationData = .arrays(x: .tensor(vx), y: .tensor(vy), sampleWeight: nil)
        fit.callbacks = [ModelCheckpoint(filepath: path, saveBestOnly: true)]
        let history = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: fit)
        let best = try loadModelRestoringTrainingState(from: path)
        let logs = try best.evaluate(.arrays(x: .tensor(vx), y: .tensor(vy), sampleWeight: nil), batchSize: 8, verbose: 0)
        let bestLoss = try XCTUnwrap(history.values("val_loss")?.map(\.value).min())
        XCTAssertEqual(try XCTUnwrap(logs.value("loss")), bestLoss, accuracy: 1e-6)
    }

    func testLossObjectsAndUnsupportedMetricsInCompileConfig() throws {
        let model = try compiledModel()
        try model.compile(CompileConfiguration(optimizer: try SGD(momentum: 0.9),
                                               loss: .single(BuiltinLoss(.sparseCategoricalCrossentropy(fromLogits: true))),
                                               metrics: .all([.metric(Mean(name: "m"))])))
        let path = temporaryPath(self, "m.keras")
        try saveModelWithTrainingState(model, to: path)
        let config = try XCTUnwrap(KerasArchive.read(from: path).config["compile_config"])
        XCTAssertEqual(config["loss"]?["class_name"], .string("SparseCategoricalCrossentropy"))
        XCTAssertEqual(config["loss"]?["config"]?["from_logits"], .bool(true))
        XCTAssertThrowsError(try loadModelRestoringTrainingState(from: path)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("the metric Mean cannot be re-created from the file. Load it with compile=False") == true, "\(error)")
        }
        XCTAssertNil(try loadModelRestoringTrainingState(from: path, compile: false).trainer)
    }
}
