import Foundation
import KTensor
import XCTest
@testable import Keras

/// A model stand-in recording what callbacks do to it.
final class StandInModel: TrainableModel {
    var stopTraining = false
    var trainingOptimizer: Optimizer?
    var weights: [Tensor] = [Tensor(scalar: 0.0, dtype: .float64)]
    var saved: [String] = []

    init() throws { trainingOptimizer = try SGD(learningRate: 0.1) }

    func weightValues() -> [Tensor] { weights }
    func setWeightValues(_ values: [Tensor]) throws { weights = values }
    func saveCheckpoint(to path: String, weightsOnly: Bool) throws { saved.append((path as NSString).lastPathComponent) }
}

/// `callbacks.json` (made by `make_callbacks.py`): the built-in callbacks decide as Keras 2.12
/// does on the same epoch logs.
final class CallbackTests: XCTestCase {
    private func drive(_ callback: Callback, epochs sequence: [[[Any]]]) throws -> (model: StandInModel, record: [(lr: Double, logs: Logs)], stdout: String) {
        let model = try StandInModel()
        callback.setModel(model)
        callback.setParams(TrainingParams(verbose: 0, epochs: sequence.count, steps: 1))
        var record: [(Double, Logs)] = []
        let stdout = try Console.shared.capture {
            try callback.onTrainBegin(logs: Logs())
            for (epoch, entries) in sequence.enumerated() {
                model.weights = [Tensor(scalar: Double(epoch), dtype: .float64)]
                try callback.onEpochBegin(epoch, logs: Logs())
                let logs = Logs()
                for pair in entries { logs[try XCTUnwrap(pair[0] as? String)] = LogValue(try XCTUnwrap(jsonDouble(pair[1]))) }
                try callback.onEpochEnd(epoch, logs: logs)
                record.append((model.trainingOptimizer?.learningRate ?? 0, logs))
                if model.stopTraining { break }
            }
            try callback.onTrainEnd(logs: Logs())
        }
        return (model, record, stdout)
    }

    func testCallbacksMatchKeras() throws {
        let fixture = try loadFixture("callbacks.json")
        let sequence = try XCTUnwrap(fixture["sequence"] as? [[[Any]]])
        let cases = try XCTUnwrap(fixture["cases"] as? [String: [String: Any]])
        let callbacks: [String: () throws -> Callback] = [
            "EarlyStopping(patience=2)": { EarlyStopping(patience: 2) },
            "EarlyStopping(patience=2, restore_best_weights=True, verbose=1)": { EarlyStopping(patience: 2, verbose: 1, restoreBestWeights: true) },
            "EarlyStopping(monitor='val_accuracy', patience=3, min_delta=0.005)": { EarlyStopping(monitor: "val_accuracy", minDelta: 0.005, patience: 3) },
            "EarlyStopping(patience=1, baseline=0.75)": { EarlyStopping(patience: 1, baseline: 0.75) },
            "EarlyStopping(patience=1, start_from_epoch=4)": { EarlyStopping(patience: 1, startFromEpoch: 4) },
            "ReduceLROnPlateau(factor=0.5, patience=1, verbose=1)": { try ReduceLROnPlateau(factor: 0.5, patience: 1, verbose: 1) },
            "ReduceLROnPlateau(factor=0.2, patience=2, cooldown=2, min_lr=0.01)": { try ReduceLROnPlateau(factor: 0.2, patience: 2, cooldown: 2, minLR: 0.01) },
            "ReduceLROnPlateau(monitor='accuracy', factor=0.5, patience=1, min_delta=0.02)": {
                try ReduceLROnPlateau(monitor: "accuracy", factor: 0.5, patience: 1, minDelta: 0.02)
            },
            "ModelCheckpoint('m.{epoch:02d}-{val_loss:.2f}.keras', save_best_only=True, verbose=1)": {
                ModelCheckpoint(filepath: "m.{epoch:02d}-{val_loss:.2f}.keras", verbose: 1, saveBestOnly: true)
            },
            "ModelCheckpoint('w{epoch}.h5', save_weights_only=True)": { ModelCheckpoint(filepath: "w{epoch}.h5", saveWeightsOnly: true) },
            "ModelCheckpoint('best.keras', monitor='val_accuracy', save_best_only=True)": {
                ModelCheckpoint(filepath: "best.keras", monitor: "val_accuracy", saveBestOnly: true)
            },
        ]
        XCTAssertEqual(Set(cases.keys), Set(callbacks.keys))
        for (name, make) in callbacks {
            let expected = try XCTUnwrap(cases[name])
            let epochs = name.hasPrefix("ModelCheckpoint('w{epoch}") ? Array(sequence.prefix(3)) : sequence
            let (model, record, stdout) = try drive(try make(), epochs: epochs)
            XCTAssertEqual(record.count, expected["epochs_run"] as? Int, name)
            let expectedRecord = try XCTUnwrap(expected["record"] as? [[String: Any]])
            for (mine, theirs) in zip(record, expectedRecord) {
                XCTAssertEqual(mine.lr, try XCTUnwrap(jsonDouble(try XCTUnwrap(theirs["lr"]))), name)
                let keys = try XCTUnwrap(theirs["logs"] as? [[Any]]).map { $0[0] as? String ?? "" }
                XCTAssertEqual(mine.logs.keys, keys, name)
                if let lr = mine.logs["lr"] { XCTAssertTrue(lr.isNumPyFloat32, name) }
            }
            XCTAssertEqual(model.weights[0].doubles(), flattenJSON(try XCTUnwrap(expected["weights"])).values, name)
            XCTAssertEqual(model.saved, expected["saved"] as? [String], name)
            XCTAssertEqual(stdout, expected["stdout"] as? String, name)
        }
    }

    func testCSVLoggerWritesKerasText() throws {
        let fixture = try loadFixture("callbacks.json")
        let path = NSTemporaryDirectory() + "kscript-csvlogger-\(getpid()).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let logger = CSVLogger(path)
        logger.setModel(try StandInModel())
        try logger.onTrainBegin(logs: Logs())
        for (epoch, (loss, accuracy, lr)) in [(0.6931471824645996, 0.5, 0.001), (0.5108255743980408, 0.75, 0.0005)].enumerated() {
            let logs = Logs([("loss", loss), ("accuracy", accuracy)])
            logs["lr"] = LogValue(Double(Float(lr)), isNumPyFloat32: true)
            try logger.onEpochEnd(epoch, logs: logs)
        }
        try logger.onTrainEnd(logs: Logs())
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), fixture["csv"] as? String)
    }

    func testFilepathTemplate() throws {
        XCTAssertEqual(try FilepathTemplate.format("w.{epoch:02d}-{val_loss:.2f}{{x}}", ["epoch": .int(3), "val_loss": .float(0.4567)]), "w.03-0.46{x}")
        XCTAssertThrowsError(try FilepathTemplate.format("{missing}", [:]))
    }

    func testTerminateOnNaNStopsTraining() throws {
        let model = try StandInModel()
        let callback = TerminateOnNaN()
        callback.setModel(model)
        let text = try Console.shared.capture {
            try callback.onTrainBatchEnd(3, logs: Logs([("loss", 1.0)]))
            XCTAssertFalse(model.stopTraining)
            try callback.onTrainBatchEnd(4, logs: Logs([("loss", .nan)]))
        }
        XCTAssertTrue(model.stopTraining)
        XCTAssertEqual(text, "Batch 4: Invalid loss, terminating training\n")
    }

    /// Keras' order: the progress bar first, the user's callbacks, History last; `lr` added
    /// by a callback reaches History.
    func testCallbackListOrderAndSharedLogs() throws {
        let model = try StandInModel()
        let plateau = try ReduceLROnPlateau(monitor: "loss")
        let list = CallbackList([plateau], addHistory: true, addProgbar: true, model: model, params: TrainingParams(verbose: 0, epochs: 1, steps: 1))
        XCTAssertTrue(list.callbacks[0] is ProgbarLogger)
        XCTAssertTrue(list.callbacks[1] === plateau)
        let history = try XCTUnwrap(list.history)
        XCTAssertTrue(list.callbacks[2] === history)
        try list.trainBegin(Logs())
        try list.epochEnd(0, Logs([("loss", 0.5)]))
        XCTAssertEqual(history.keys, ["loss", "lr"])
        XCTAssertEqual(history.epoch, [0])
    }
}
