import KTensor
import XCTest
@testable import Keras

/// The chapter's models built through the Swift API print what Keras 2.12 printed for the
/// same models (`summaries/*.txt`), byte for byte.
final class SummaryTests: XCTestCase {
    override func setUp() { Naming.clearSession() }

    func expected(_ name: String) throws -> String {
        try String(contentsOf: ReferenceData.directory.appendingPathComponent("summaries/\(name).txt"), encoding: .utf8)
    }

    func text(_ model: Model) throws -> String {
        try ModelSummary().lines(for: model).map { $0 + "\n" }.joined()
    }

    func testSequentialBasic() throws {
        let model = try Sequential(layers: [
            { let d = try Dense(units: 64, activation: .relu); d.batchInputShape = [nil, 784]; return d }(),
            try Dense(units: 32, activation: .relu), try Dense(units: 10, activation: .softmax),
        ])
        XCTAssertEqual(try text(model), try expected("01_sequential_basic"))
    }

    func testSequentialAddWithBatchNormalization() throws {
        let model = try Sequential()
        let first = try Dense(units: 64, activation: .relu)
        first.batchInputShape = [nil, 784]
        try model.add(first)
        try model.add(try Dropout(rate: 0.5))
        try model.add(try Dense(units: 32, activation: .relu))
        try model.add(try BatchNormalization())
        try model.add(try Dense(units: 10, activation: .softmax))
        XCTAssertEqual(try text(model), try expected("02_sequential_add"))
    }

    func testFunctionalChainOfCommonLayers() throws {
        let inputs = Input(shape: [28, 28, 1])
        var x = try Flatten().callSymbolic([inputs])
        x = try Reshape(targetShape: [784]).callSymbolic(x)
        XCTAssertEqual(formatShape(x[0].shape), "(None, 784)")
        x = try Dense(units: 64, activation: .relu).callSymbolic(x)
        x = try Dropout(rate: 0.5).callSymbolic(x)
        x = try BatchNormalization().callSymbolic(x)
        x = try ActivationLayer(.relu).callSymbolic(x)
        let model = try Functional(inputs: [inputs], outputs: x)
        XCTAssertEqual(try text(model), try expected("03_common_layers"))
    }

    func testMultiInputOrdersLayersByDepth() throws {
        let a = Input(shape: [100], name: "input_a"), b = Input(shape: [100], name: "input_b")
        var xa = try Dense(units: 64, activation: .relu).callSymbolic([a])
        xa = try Dense(units: 32, activation: .relu).callSymbolic(xa)
        var xb = try Dense(units: 64, activation: .relu).callSymbolic([b])
        xb = try Dense(units: 32, activation: .relu).callSymbolic(xb)
        let merged = try Concatenate().callSymbolic(xa + xb, inputWasList: true)
        let out = try Dense(units: 10, activation: .softmax).callSymbolic(merged)
        let model = try Functional(inputs: [a, b], outputs: out)
        XCTAssertEqual(try text(model), try expected("05_multi_input"))
        XCTAssertEqual(model.layers.map(\.name), ["input_a", "input_b", "dense", "dense_2", "dense_1", "dense_3", "concatenate", "dense_4"])
    }

    func testSharedEmbeddingCitesSecondNode() throws {
        let shared = try Embedding(inputDim: 1000, outputDim: 64)
        let a = Input(shape: [10]), b = Input(shape: [10])
        let ea = try shared.callSymbolic([a]), eb = try shared.callSymbolic([b])
        let xa = try LSTM(units: 32).callSymbolic(ea), xb = try LSTM(units: 32).callSymbolic(eb)
        let merged = try Concatenate().callSymbolic(xa + xb, inputWasList: true)
        let out = try Dense(units: 1, activation: .sigmoid).callSymbolic(merged)
        let model = try Functional(inputs: [a, b], outputs: out)
        XCTAssertEqual(try text(model), try expected("07_shared_layers"))
        XCTAssertEqual(model.weights.map(\.name).prefix(4), ["embedding/embeddings", "lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"])
    }

    func testResidualAndMultiOutput() throws {
        let inputs = Input(shape: [64])
        var x = try Dense(units: 64, activation: .relu).callSymbolic([inputs])
        x = try Dense(units: 64, activation: .relu).callSymbolic(x)
        let residual = try Dense(units: 64).callSymbolic([inputs])
        let out = try Merge(.add).callSymbolic(x + residual, inputWasList: true)
        XCTAssertEqual(try text(try Functional(inputs: [inputs], outputs: out)), try expected("08_residual"))

        Naming.clearSession()
        let i2 = Input(shape: [784])
        var h = try Dense(units: 128, activation: .relu).callSymbolic([i2])
        h = try Dense(units: 64, activation: .relu).callSymbolic(h)
        let a = try Dense(units: 10, activation: .softmax, name: "classification").callSymbolic(h)
        let b = try Dense(units: 1, name: "regression").callSymbolic(h)
        let model = try Functional(inputs: [i2], outputs: a + b)
        XCTAssertEqual(try text(model), try expected("06_multi_output"))
        XCTAssertEqual(model.outputNames, ["classification", "regression"])
    }

    func testSubclassedModelShowsMultiple() throws {
        final class MyModel: Model {
            let d1: Dense, d2: Dense, out: Dense
            init(hidden: Int) throws {
                d1 = try Dense(units: hidden, activation: .relu)
                d2 = try Dense(units: hidden, activation: .relu)
                out = try Dense(units: 10, activation: .softmax)
                super.init()
                track(d1)
                track(d2)
                track(out)
            }
            override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
                try out(try d2(try d1(inputs)))
            }
        }
        let model = try MyModel(hidden: 64)
        XCTAssertThrowsError(try text(model)) { XCTAssertEqual(($0 as? KerasError)?.message, Model.notBuiltError.message) }
        try model.build(inputShape: [[nil, 784]])
        XCTAssertEqual(model.name, "my_model")
        XCTAssertEqual(try text(model), try expected("09_subclass_basic"))
        XCTAssertEqual(model.weights.first?.name, "dense/kernel")
        _ = try model([Tensor.zeros([2, 784])])
        XCTAssertEqual(model.weights.first?.name, "dense/kernel")
    }

    func testShapeMismatchUsesKerasWording() throws {
        let model = try Sequential(layers: [{ let d = try Dense(units: 64); d.batchInputShape = [nil, 784]; return d }(), try Dense(units: 10)])
        XCTAssertThrowsError(try model.layers[1].callSymbolic([Input(shape: [32])])) {
            XCTAssertEqual(($0 as? KerasError)?.message,
                           "Input 0 of layer \"dense_1\" is incompatible with the layer: expected axis -1 of input shape to have value 64, but received input with shape (None, 32)")
        }
        XCTAssertThrowsError(try model([Tensor.zeros([5, 3])])) {
            XCTAssertEqual(($0 as? KerasError)?.message,
                           "Input 0 of layer \"sequential\" is incompatible with the layer: expected shape=(None, 784), found shape=(5, 3)")
        }
    }

    func testNamingCountersAndSnakeCase() {
        XCTAssertEqual(Naming.snakeCase("HTTPModel2"), "http_model2")
        XCTAssertEqual(Naming.snakeCase("BatchNormalization"), "batch_normalization")
        XCTAssertEqual(Naming.snakeCase("CustomModel"), "custom_model")
        XCTAssertEqual(Naming.snakeCase("SimpleRNN"), "simple_rnn")
        XCTAssertEqual([Input(shape: [1]).name, Input(shape: [1]).name], ["input_1", "input_2"])
        XCTAssertEqual(try [Dense(units: 1).name, Dense(units: 1).name, Dense(units: 1, name: "x").name, Dense(units: 1).name], ["dense", "dense_1", "x", "dense_2"])
        Naming.clearSession()
        XCTAssertEqual(try Dense(units: 1).name, "dense")
    }
}
