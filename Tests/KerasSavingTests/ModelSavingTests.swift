import XCTest
import KTensor
@testable import Keras

/// Models through `.keras` files: Keras 3's fixtures load and predict as Keras 3 did, and
/// kscript → file → kscript round trips keep every weight bit.
final class ModelSavingTests: XCTestCase {
    static let fixtures: [(name: String, inputs: Int)] = [
        ("mlp", 1), ("multi_input", 2), ("batchnorm", 1), ("embedding_lstm", 2),
    ]

    private func inputs(_ name: String, count: Int) throws -> [Tensor] {
        try (0..<count).map { try NPYFile.read(contentsOf: fixturePath("keras3/\(name)_x\($0).npy")) }
    }

    private func predict(_ model: Model, _ inputs: [Tensor]) throws -> Tensor {
        try model(inputs, inputWasList: inputs.count > 1, training: false)[0]
    }

    func testKeras3FixturesPredictAsKeras3() throws {
        for (name, count) in ModelSavingTests.fixtures {
            let loaded = try loadModel(from: fixturePath("keras3/\(name).keras"))
            let expected = try NPYFile.read(contentsOf: fixturePath("keras3/\(name)_pred.npy"))
            let predicted = try predict(loaded.model, try inputs(name, count: count))
            XCTAssertEqual(predicted.shape, expected.shape, name)
            let difference = zip(doubles(predicted), doubles(expected)).map { abs($0 - $1) }.max() ?? .infinity
            XCTAssertLessThan(difference, 1e-6, name)
            XCTAssertEqual(loaded.compileConfig?["optimizer"]?["class_name"], .string("Adam"), name)
            XCTAssertNotNil(loaded.optimizer, name)
        }
    }

    func testKeras3FixturesRebuildTheirArchitecture() throws {
        let mlp = try loadModel(from: fixturePath("keras3/mlp.keras")).model
        XCTAssertTrue(mlp is Sequential)
        XCTAssertEqual(mlp.layers.map(\.name), ["dense", "dense_1", "dense_2"])
        XCTAssertEqual(mlp.layers.compactMap { ($0 as? Dense)?.units }, [64, 32, 10])
        XCTAssertEqual(try mlp.countParams(), 784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10)
        let multi = try XCTUnwrap(try loadModel(from: fixturePath("keras3/multi_input.keras")).model as? Functional)
        XCTAssertEqual(multi.inputNames, ["input_a", "input_b"])
        XCTAssertEqual(multi.layers.map(\.className), ["InputLayer", "InputLayer", "Dense", "Dense", "Dense", "Dense", "Concatenate", "Dense"])
        let lstm = try XCTUnwrap(try loadModel(from: fixturePath("keras3/embedding_lstm.keras")).model as? Functional)
        XCTAssertEqual(lstm.layers.map(\.className), ["InputLayer", "InputLayer", "Embedding", "LSTM", "LSTM", "Concatenate", "Dense"])
    }

    func testRoundTripOfKeras3ModelsKeepsWeightsAndPredictions() throws {
        for (name, count) in ModelSavingTests.fixtures {
            let original = try loadModel(from: fixturePath("keras3/\(name).keras"))
            let path = temporaryPath(self, "\(name).keras")
            try saveModel(original.model, to: path, compileConfig: original.compileConfig, optimizer: original.optimizer)
            let copy = try loadModel(from: path)
            XCTAssertEqual(copy.model.weights.map { rawBytes($0.valueWithoutWatching) },
                           original.model.weights.map { rawBytes($0.valueWithoutWatching) }, name)
            XCTAssertEqual(copy.optimizer?.variables.map(rawBytes), original.optimizer?.variables.map(rawBytes), name)
            XCTAssertEqual(copy.compileConfig, original.compileConfig, name)
            let x = try inputs(name, count: count)
            XCTAssertEqual(rawBytes(try predict(copy.model, x)), rawBytes(try predict(original.model, x)), name)
            try exportForKeras3Check(path, name: name, inputs: x, prediction: try predict(copy.model, x))
        }
    }

    func testRoundTripOfModelsBuiltHere() throws {
        setRandomSeed(3)
        let sequential = try Sequential(layers: [
            Dense(units: 8, activation: .relu), BatchNormalization(), try Dropout(rate: 0.3), Dense(units: 3, activation: .softmax),
        ])
        try sequential.build(inputShape: [[nil, 5]])
        let left = Input(shape: [4])
        let right = Input(shape: [4])
        let shared = try Dense(units: 6, activation: .tanh)
        let a = try shared.callSymbolic([left])
        let b = try shared.callSymbolic([right])
        let merged = try Merge(.add).callSymbolic(a + b, inputWasList: true)
        let functional = try Functional(inputs: [left, right], outputs: try Dense(units: 2).callSymbolic(merged))
        let inner = try Sequential(layers: [try Dense(units: 4, activation: .relu), try Dense(units: 2)])
        try inner.build(inputShape: [[nil, 4]])
        let outer = Input(shape: [4])
        let nested = try Functional(inputs: [outer], outputs: try Dense(units: 1).callSymbolic(try inner.callSymbolic([outer])))
        // Keras 3's layout for a Sequential inside a Functional model.
        XCTAssertEqual(Keras3WeightLayout.slots(of: nested).map(\.path),
                       ["", "layers/input_layer", "layers/sequential", "layers/sequential/layers/dense",
                        "layers/sequential/layers/dense_1", "layers/dense"])
        for (index, model) in [sequential as Model, functional, nested].enumerated() {
            let path = temporaryPath(self, "built.keras")
            try saveModel(model, to: path)
            let copy = try loadModel(from: path).model
            XCTAssertEqual(copy.className, model.className)
            XCTAssertEqual(copy.layers.map(\.name), model.layers.map(\.name))
            XCTAssertEqual(copy.weights.map { rawBytes($0.valueWithoutWatching) }, model.weights.map { rawBytes($0.valueWithoutWatching) })
            let width = model is Sequential ? 5 : 4
            let x = try Tensor(shape: [2, width], values: (0..<(2 * width)).map { Float($0) / 7 })
            let arguments = index == 1 ? [x, try x * 2] : [x]
            XCTAssertEqual(rawBytes(try predict(copy, arguments)), rawBytes(try predict(model, arguments)))
            try exportForKeras3Check(path, name: "built_\(index)", inputs: arguments, prediction: try predict(model, arguments))
        }
    }

    func testRoundTripOfWrapperLayers() throws {
        setRandomSeed(5)
        let given = try GRU(units: 2, activation: .relu, goBackwards: true)
        let model = try Sequential(layers: [
            TimeDistributed(layer: try Dense(units: 3, activation: .tanh)),
            try Bidirectional(layer: try LSTM(units: 2, returnSequences: true)),
            try Bidirectional(layer: try GRU(units: 2), mergeMode: .sum, backwardLayer: given),
        ])
        try model.build(inputShape: [[nil, 4, 2]])
        // Keras 3 keeps wrapped layers under the wrapper's attributes, recurrent cells under `cell`.
        XCTAssertEqual(Keras3WeightLayout.slots(of: model).map(\.path), [
            "", "layers/time_distributed", "layers/time_distributed/layer",
            "layers/bidirectional", "layers/bidirectional/backward_layer", "layers/bidirectional/backward_layer/cell",
            "layers/bidirectional/forward_layer", "layers/bidirectional/forward_layer/cell",
            "layers/bidirectional_1", "layers/bidirectional_1/backward_layer", "layers/bidirectional_1/backward_layer/cell",
            "layers/bidirectional_1/forward_layer", "layers/bidirectional_1/forward_layer/cell",
        ])
        let path = temporaryPath(self, "wrappers.keras")
        try saveModel(model, to: path)
        let copy = try loadModel(from: path).model
        XCTAssertEqual(copy.layers.map(\.name), model.layers.map(\.name))
        XCTAssertEqual(copy.layers.map { $0.getConfig() }, model.layers.map { $0.getConfig() })
        XCTAssertEqual(copy.weights.map { rawBytes($0.valueWithoutWatching) }, model.weights.map { rawBytes($0.valueWithoutWatching) })
        let x = try Tensor(shape: [2, 4, 2], values: (0..<16).map { Float($0) / 9 - 0.8 })
        XCTAssertEqual(rawBytes(try predict(copy, [x])), rawBytes(try predict(model, [x])))
        try exportForKeras3Check(path, name: "wrappers", inputs: [x], prediction: try predict(model, [x]))
    }

    /// With `KSCRIPT_SAVING_OUTPUT=DIR`, keeps a kscript-written file with its inputs and
    /// kscript's prediction for Fixtures/check_kscript_files_in_keras3.py (run by hand).
    private func exportForKeras3Check(_ path: String, name: String, inputs: [Tensor], prediction: Tensor) throws {
        guard let directory = ProcessInfo.processInfo.environment["KSCRIPT_SAVING_OUTPUT"] else { return }
        try? FileManager.default.removeItem(atPath: directory + "/\(name).keras")
        try FileManager.default.copyItem(atPath: path, toPath: directory + "/\(name).keras")
        for (index, input) in inputs.enumerated() { try NPYFile.write(input, to: directory + "/\(name)_x\(index).npy") }
        try NPYFile.write(prediction, to: directory + "/\(name)_kscript_pred.npy")
    }

    func testWeightsFilesRoundTripAndCheckShapes() throws {
        let source = try loadModel(from: fixturePath("keras3/batchnorm.keras"))
        let path = temporaryPath(self, "bn.weights.h5")
        try saveWeights(source.model, to: path, optimizer: source.optimizer)
        let fresh = try cloneModel(source.model)
        XCTAssertNotEqual(fresh.weights.map { rawBytes($0.valueWithoutWatching) }, source.model.weights.map { rawBytes($0.valueWithoutWatching) })
        let optimizer = try loadWeights(fresh, from: path)
        XCTAssertEqual(fresh.weights.map { rawBytes($0.valueWithoutWatching) }, source.model.weights.map { rawBytes($0.valueWithoutWatching) })
        XCTAssertEqual(optimizer?.variables.map(rawBytes), source.optimizer?.variables.map(rawBytes))

        let other = try loadModel(from: fixturePath("keras3/mlp.keras")).model
        let before = other.weights.map { rawBytes($0.valueWithoutWatching) }
        XCTAssertThrowsError(try loadWeights(other, from: path)) { error in
            XCTAssertEqual((error as? SavingError)?.message,
                           "\(path): the value of 'dense/kernel' has shape (20, 16) in the file, but the variable has shape (784, 64)")
        }
        XCTAssertEqual(other.weights.map { rawBytes($0.valueWithoutWatching) }, before, "a failed load changes nothing")
        XCTAssertThrowsError(try saveWeights(other, to: temporaryPath(self, "w.h5")))
    }

    func testJSONRoundTripAndClone() throws {
        let model = try loadModel(from: fixturePath("keras3/multi_input.keras")).model
        let json = modelToJSON(model)
        XCTAssertTrue(json.hasPrefix(#"{"class_name": "Functional", "config": {"name": ""#), json)
        XCTAssertTrue(json.hasSuffix(#""keras_version": "2.12.0", "backend": "tensorflow"}"#))
        let rebuilt = try modelFromJSON(json)
        XCTAssertEqual(rebuilt.layers.map(\.name), model.layers.map(\.name))
        XCTAssertEqual(modelToJSON(rebuilt), json)
        let clone = try cloneModel(model)
        XCTAssertEqual(clone.weights.map(\.shape), model.weights.map(\.shape))
        XCTAssertFalse(clone.weights.first === model.weights.first)
    }

    func testLambdaAndUnknownClassesAreRefused() throws {
        let lambda = KerasJSON.object([("class_name", .string("Sequential")), ("config", .object([("name", .string("s")), ("layers", .array([
            .object([("module", .string("keras.layers")), ("class_name", .string("Lambda")), ("config", .object([("name", .string("l"))])), ("registered_name", .null)]),
        ]))]))])
        XCTAssertThrowsError(try modelFromJSON(lambda.text)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("pass `safe_mode=False`") == true, "\(error)")
        }
        XCTAssertThrowsError(try modelFromKeras3Config(lambda, customObjects: [:], safeMode: false, source: "f")) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("kscript cannot load `Lambda` layers") == true, "\(error)")
        }
        let custom = KerasJSON.object([("module", .null), ("class_name", .string("MyModel")), ("config", .object([("name", .string("my_model"))])),
                                       ("registered_name", .string("MyModel"))])
        XCTAssertThrowsError(try modelFromJSON(custom.text)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("Unknown layer: 'MyModel'") == true, "\(error)")
        }
    }
}
