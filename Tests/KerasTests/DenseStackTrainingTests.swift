import KTensor
import XCTest
@testable import Keras

/// The tape-free default step of Sequential Dense stacks (`denseStackTrainStep`): which steps
/// take it, and that it gives the taped step's numbers bit for bit. A step run while a tape
/// records takes the taped path, which gives the reference.
final class DenseStackTrainingTests: XCTestCase {
    private func data(rows: Int = 40, classes: Int = 5) throws -> (Tensor, Tensor) {
        let generator = NumPyRandomState(seed: 7)
        let x = try generator.uniform(low: -1, high: 1, [rows, 6]).cast(to: .float32)
        let y = try generator.randint(0, Int64(classes), [rows])
        return (x, y)
    }

    private func model(_ activations: [KTensor.Activation], bias: Bool = true, loss: Loss,
                       optimizer: () throws -> Optimizer, seed: Int = 1) throws -> Sequential {
        let units = [9, 7, 6, 5]
        var layers: [Layer] = []
        for (i, activation) in activations.enumerated() {
            let last = i == activations.count - 1
            layers.append(try Dense(units: last ? 5 : units[i], activation: activation, useBias: bias || last,
                                    kernelInitializer: .glorotUniform(seed: seed + i), biasInitializer: .randomNormal(mean: 0, standardDeviation: 0.1, seed: seed + 10 + i)))
        }
        let m = try Sequential(layers: layers)
        try m.build(inputShape: [[nil, 6]])
        try m.compile(CompileConfiguration(optimizer: try optimizer(), loss: .single(loss),
                                           metrics: .all([.name("accuracy"), .name("sparse_categorical_crossentropy")])))
        return m
    }

    /// Fits a fresh model twice, once as is and once under a recording tape, and compares the
    /// histories and the weights bit for bit.
    private func assertSameAsTaped(_ activations: [KTensor.Activation], bias: Bool = true, loss: () throws -> Loss,
                                   optimizer: () throws -> Optimizer, labels: (Tensor) throws -> Tensor = { $0 },
                                   file: StaticString = #filePath, line: UInt = #line) throws {
        let (x, y) = try data()
        let fast = try model(activations, bias: bias, loss: try loss(), optimizer: optimizer)
        let taped = try model(activations, bias: bias, loss: try loss(), optimizer: optimizer)
        let batch = StepData(x: .tensor(try x.slice(axis: 0, start: 0, length: 16)), y: .tensor(try labels(try y.slice(axis: 0, start: 0, length: 16))))
        XCTAssertNotNil(try XCTUnwrap(fast.trainer).denseStackTrainStep(batch), "the step skips the tape", file: file, line: line)
        try XCTUnwrap(taped.trainer).trainStep(batch)
        var options = FitOptions()
        options.verbose = 0
        options.batchSize = 12
        options.epochs = 3
        options.shuffle = false
        let data = TrainingData.arrays(x: .tensor(x), y: .tensor(try labels(y)), sampleWeight: nil)
        let fastHistory = try fast.fit(data, options: options)
        let tape = GradientTape()
        let tapedHistory = try tape.record { try taped.fit(data, options: options) }
        XCTAssertEqual(fastHistory.keys, tapedHistory.keys, file: file, line: line)
        for key in fastHistory.keys {
            XCTAssertEqual(fastHistory.values(key)?.map(\.value.bitPattern), tapedHistory.values(key)?.map(\.value.bitPattern), key, file: file, line: line)
        }
        for (a, b) in zip(fast.getWeights(), taped.getWeights()) {
            XCTAssertEqual(a.doubles().map(\.bitPattern), b.doubles().map(\.bitPattern), file: file, line: line)
        }
    }

    func testSoftmaxStackWithAdamMatchesTheTapedStep() throws {
        try assertSameAsTaped([.relu, .relu, .softmax], loss: { try BuiltinLoss(kerasName: "sparse_categorical_crossentropy") },
                              optimizer: { try Adam(learningRate: 0.01) })
    }

    func testLinearLogitsWithSGDMomentumMatchTheTapedStep() throws {
        try assertSameAsTaped([.tanh, .linear], loss: { BuiltinLoss(.sparseCategoricalCrossentropy(fromLogits: true)) },
                              optimizer: { try SGD(learningRate: 0.1, momentum: 0.9) })
    }

    /// Hidden activations whose gradients read the pre-activation (elu), the output (sigmoid),
    /// or a whole row (softmax); layers without bias; a summed loss; labels of shape (n, 1).
    func testOtherActivationsBiaslessLayersSumReductionAndColumnLabels() throws {
        try assertSameAsTaped([.elu(alpha: 1), .sigmoid, .softmax, .softmax], bias: false,
                              loss: { BuiltinLoss(.sparseCategoricalCrossentropy(fromLogits: false), reduction: .sum) },
                              optimizer: { try RMSprop(learningRate: 0.01) }, labels: { try $0.reshaped([-1, 1]) })
    }

    /// Float labels become integers as the sparse cross-entropy reads them.
    func testFloatLabelsMatchTheTapedStep() throws {
        try assertSameAsTaped([.relu, .softmax], loss: { try BuiltinLoss(kerasName: "sparse_categorical_crossentropy") },
                              optimizer: { try Adam() }, labels: { try $0.cast(to: .float64) })
    }

    /// Everything the tape-free step does not cover takes the taped step.
    func testOtherModelsLossesAndBatchesTakeTheTapedStep() throws {
        let (x, y) = try data(rows: 8)
        let batch = StepData(x: .tensor(x), y: .tensor(y))
        let scce = { try BuiltinLoss(kerasName: "sparse_categorical_crossentropy") }
        func taped(_ m: Sequential, _ message: String, _ data: StepData = batch) throws {
            XCTAssertNil(try XCTUnwrap(m.trainer).denseStackTrainStep(data), message)
        }
        let plain = try model([.relu, .softmax], loss: try scce(), optimizer: { try Adam() })
        XCTAssertNotNil(try XCTUnwrap(plain.trainer).denseStackTrainStep(batch))
        try taped(plain, "sample weights", StepData(x: .tensor(x), y: .tensor(y), sampleWeight: .tensor(Tensor.ones([8]))))
        try taped(plain, "labels of another shape", StepData(x: .tensor(x), y: .tensor(try y.cast(to: .float32).reshaped([4, 2]))))
        try taped(plain, "inputs of another dtype", StepData(x: .tensor(try x.cast(to: .float64)), y: .tensor(y)))
        try taped(try model([.relu, .sigmoid], loss: try scce(), optimizer: { try Adam() }), "a sigmoid output")
        try taped(try model([.relu, .linear], loss: try scce(), optimizer: { try Adam() }), "probabilities from a linear layer")
        try taped(try model([.relu, .softmax], loss: try BuiltinLoss(kerasName: "categorical_crossentropy"), optimizer: { try Adam() }), "another loss")
        let frozen = try model([.relu, .softmax], loss: try scce(), optimizer: { try Adam() })
        frozen.layers[0].trainable = false
        try taped(frozen, "a frozen layer")
        let regularized = try Sequential(layers: [try Dense(units: 4, activation: .relu, kernelRegularizer: Regularizer(l2: 0.01)),
                                                  try Dense(units: 5, activation: .softmax)])
        try regularized.build(inputShape: [[nil, 6]])
        try regularized.compile(CompileConfiguration(optimizer: try Adam(), loss: .single(try scce())))
        try taped(regularized, "a regularized layer")
        let withDropout = try Sequential(layers: [try Dense(units: 4, activation: .relu), try Dropout(rate: 0.5),
                                                  try Dense(units: 5, activation: .softmax)])
        try withDropout.build(inputShape: [[nil, 6]])
        try withDropout.compile(CompileConfiguration(optimizer: try Adam(), loss: .single(try scce())))
        try taped(withDropout, "a layer other than Dense")
    }

    /// The optimizer updates each variable in its own storage: the step holds no reference to
    /// a kernel by the time it runs (one would make the update copy the variable first).
    func testWeightsAreUpdatedInPlace() throws {
        let (x, y) = try data(rows: 16)
        let m = try model([.relu, .softmax], loss: try BuiltinLoss(kerasName: "sparse_categorical_crossentropy"), optimizer: { try Adam() })
        let trainer = try XCTUnwrap(m.trainer)
        let batch = StepData(x: .tensor(x), y: .tensor(y))
        try trainer.trainStep(batch)
        let storages = m.trainableWeights.map { ObjectIdentifier($0.valueWithoutWatching.storage) }
        let before = m.getWeights()
        for _ in 0..<3 { XCTAssertNotNil(try trainer.denseStackTrainStep(batch)) }
        XCTAssertEqual(m.trainableWeights.map { ObjectIdentifier($0.valueWithoutWatching.storage) }, storages)
        XCTAssertNotEqual(m.getWeights()[0].doubles(), before[0].doubles())
    }

    /// A label out of range fails as the taped step fails.
    func testOutOfRangeLabelIsAnError() throws {
        let (x, _) = try data(rows: 4)
        let m = try model([.relu, .softmax], loss: try BuiltinLoss(kerasName: "sparse_categorical_crossentropy"), optimizer: { try Adam() })
        let labels = Tensor([Int64(0), 1, 9, 2])
        XCTAssertThrowsError(try XCTUnwrap(m.trainer).trainStep(StepData(x: .tensor(x), y: .tensor(labels)))) { error in
            XCTAssertTrue("\(error)".contains("Received a label value of 9 which is outside the valid range of [0, 5)"), "\(error)")
        }
    }
}
