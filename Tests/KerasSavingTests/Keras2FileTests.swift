import XCTest
import KTensor
@testable import Keras

/// Models saved by TF 2.12 / Keras 2.12 (Keras 2's HDF5 format, which TF 2.12 writes even for
/// `.keras` names; Fixtures/keras2, made by make_keras2_fixtures.py) load, predict as Keras
/// 2.12 did, and train on from the restored optimizer as Keras 2.12 did.
final class Keras2FileTests: XCTestCase {
    func testKeras2FilesPredictAndTrainOnAsKeras2() throws {
        for (name, inputCount, optimizerType) in [("sequential_bn", 1, "Adam"), ("embedding_lstm", 2, "RMSprop")] {
            let path = fixturePath("keras2/\(name).keras")
            let model = try loadModelRestoringTrainingState(from: path)
            let x = try (0..<inputCount).map { try NPYFile.read(contentsOf: fixturePath("keras2/\(name)_x\($0).npy")) }
            let expected = try NPYFile.read(contentsOf: fixturePath("keras2/\(name)_pred.npy"))
            let predicted = try model(x, inputWasList: inputCount > 1, training: false)[0]
            XCTAssertLessThan(zip(doubles(predicted), doubles(expected)).map { abs($0 - $1) }.max() ?? .infinity, 1e-6, name)

            let trainer = try XCTUnwrap(model.trainer, name)
            XCTAssertEqual(String(describing: type(of: trainer.optimizer)), optimizerType)
            XCTAssertEqual(trainer.optimizer.step, 1, name)
            let y = try NPYFile.read(contentsOf: fixturePath("keras2/\(name)_ty.npy"))
            var options = FitOptions()
            options.batchSize = x[0].shape[0]
            options.verbose = 0
            options.shuffle = false
            let inputs: DatasetElement = inputCount > 1 ? .tuple(x.map { .tensor($0) }) : .tensor(x[0])
            _ = try model.fit(.arrays(x: inputs, y: .tensor(y), sampleWeight: nil), options: options)
            let next = try NPYFile.read(contentsOf: fixturePath("keras2/\(name)_next_pred.npy"))
            let after = try model(x, inputWasList: inputCount > 1, training: false)[0]
            XCTAssertLessThan(zip(doubles(after), doubles(next)).map { abs($0 - $1) }.max() ?? .infinity, 1e-5, name)
        }
    }

    func testKeras2FileSavedAgainInKeras3Format() throws {
        let model = try loadModelRestoringTrainingState(from: fixturePath("keras2/sequential_bn.keras"))
        let path = temporaryPath(self, "again.keras")
        try saveModelWithTrainingState(model, to: path)
        let copy = try loadModelRestoringTrainingState(from: path)
        XCTAssertEqual(copy.weights.map { rawBytes($0.valueWithoutWatching) }, model.weights.map { rawBytes($0.valueWithoutWatching) })
        XCTAssertEqual(try XCTUnwrap(copy.trainer).optimizer.variables.map { rawBytes($0.valueWithoutWatching) },
                       try XCTUnwrap(model.trainer).optimizer.variables.map { rawBytes($0.valueWithoutWatching) })
    }

    func testHDF5FilesThatAreNotKeras2Models() throws {
        XCTAssertThrowsError(try loadModel(from: fixturePath("h5/types.h5"))) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("an HDF5 file without a model config") == true, "\(error)")
        }
    }
}
