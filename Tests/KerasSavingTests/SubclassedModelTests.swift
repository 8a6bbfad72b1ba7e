import XCTest
import KTensor
@testable import Keras

/// The chapter's subclassed `MyModel`, written in Swift as the language bridge would define a
/// script class: it loads from Keras 3's file only when its class is supplied, with the
/// attribute names the bridge reports through `SavingHooks.layerAttributes`.
final class SubclassedModelTests: XCTestCase {
    final class MyModel: Model {
        let hiddenUnits: Int
        let dense1: Dense
        let dense2: Dense
        let outputLayer: Dense

        init(hiddenUnits: Int, name: String? = nil) throws {
            self.hiddenUnits = hiddenUnits
            dense1 = try Dense(units: hiddenUnits, activation: .relu)
            dense2 = try Dense(units: hiddenUnits, activation: .relu)
            outputLayer = try Dense(units: 10, activation: .softmax)
            super.init(name: name)
            for layer in [dense1, dense2, outputLayer] { track(layer) }
        }

        override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
            try outputLayer(dense2(dense1(inputs, training: training), training: training), training: training)
        }

        override func getConfig() -> Config {
            var config = super.getConfig()
            config["hidden_units"] = .int(hiddenUnits)
            return config
        }

        static func fromConfig(_ config: Config) throws -> Layer {
            try MyModel(hiddenUnits: config["hidden_units"]?.intValue ?? 64, name: config["name"]?.stringValue)
        }
    }

    private var previousHook: ((Layer) -> [(name: String, layer: Layer)])?

    override func setUp() {
        previousHook = SavingHooks.layerAttributes
        SavingHooks.layerAttributes = { model in
            guard let model = model as? MyModel else { return [] }
            return [("dense1", model.dense1), ("dense2", model.dense2), ("output_layer", model.outputLayer)]
        }
    }

    override func tearDown() {
        SavingHooks.layerAttributes = previousHook
    }

    func testLoadsKeras3SubclassedModelWithItsClass() throws {
        let path = fixturePath("keras3/subclassed.keras")
        XCTAssertThrowsError(try loadModel(from: path)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("Unknown layer: 'MyModel'") == true, "\(error)")
        }
        let loaded = try loadModel(from: path, customObjects: ["MyModel": MyModel.fromConfig])
        let model = try XCTUnwrap(loaded.model as? MyModel)
        XCTAssertEqual(model.hiddenUnits, 8)
        let x = try NPYFile.read(contentsOf: fixturePath("keras3/subclassed_x0.npy"))
        let expected = try NPYFile.read(contentsOf: fixturePath("keras3/subclassed_pred.npy"))
        let predicted = try model([x], training: false)[0]
        XCTAssertLessThan(zip(doubles(predicted), doubles(expected)).map { abs($0 - $1) }.max() ?? .infinity, 1e-6)
        // Keras 3's layout: attributes by name, `layers` among them (output_layer was first
        // reached there, as the third Dense).
        let slots = Keras3WeightLayout.slots(of: model).map(\.path)
        XCTAssertEqual(slots, ["", "dense1", "dense2", "layers/dense_2"])
    }

    func testSubclassedRoundTripKeepsWeights() throws {
        let loaded = try loadModel(from: fixturePath("keras3/subclassed.keras"), customObjects: ["MyModel": MyModel.fromConfig])
        let path = temporaryPath(self, "sub.keras")
        try saveModel(loaded.model, to: path, compileConfig: loaded.compileConfig, optimizer: loaded.optimizer)
        let archive = try KerasArchive.read(from: path)
        XCTAssertEqual(archive.config["class_name"], .string("MyModel"))
        XCTAssertEqual(archive.config["build_config"]?["input_shape"], .array([.int(4), .int(5)]), "as Keras 3 recorded it")
        let copy = try loadModel(from: path, customObjects: ["MyModel": MyModel.fromConfig])
        XCTAssertEqual(copy.model.weights.map { rawBytes($0.valueWithoutWatching) },
                       loaded.model.weights.map { rawBytes($0.valueWithoutWatching) })
        let x = try NPYFile.read(contentsOf: fixturePath("keras3/subclassed_x0.npy"))
        try exportSubclassed(path, x: x, prediction: try copy.model([x], training: false)[0])
    }

    /// With `KSCRIPT_SAVING_OUTPUT=DIR`, keeps the file for check_kscript_files_in_keras3.py.
    private func exportSubclassed(_ path: String, x: Tensor, prediction: Tensor) throws {
        guard let directory = ProcessInfo.processInfo.environment["KSCRIPT_SAVING_OUTPUT"] else { return }
        try? FileManager.default.removeItem(atPath: directory + "/subclassed.keras")
        try FileManager.default.copyItem(atPath: path, toPath: directory + "/subclassed.keras")
        try NPYFile.write(x, to: directory + "/subclassed_x0.npy")
        try NPYFile.write(prediction, to: directory + "/subclassed_kscript_pred.npy")
    }
}
