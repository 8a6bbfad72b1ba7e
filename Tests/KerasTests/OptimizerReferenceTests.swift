import KTensor
import XCTest
@testable import Keras

/// `numeric.json` `optimizers`: the variable and slots after each of 5 `apply_gradients`.
final class OptimizerReferenceTests: XCTestCase {
    func testOptimizersMatchKerasStepByStep() throws {
        let section = try XCTUnwrap(try loadFixture("keras_numeric.json")["optimizers"] as? [String: Any])
        let initial = try tensorFromJSON(section["initial"])
        let gradients = try XCTUnwrap(section["gradients"] as? [Any]).map { try tensorFromJSON($0) }
        let runs = try XCTUnwrap(section["runs"] as? [String: Any])
        let optimizers: [String: () throws -> Optimizer] = [
            "SGD(learning_rate=0.01, momentum=0.9)": { try SGD(learningRate: 0.01, momentum: 0.9) },
            "Adam(learning_rate=0.001)": { try Adam(learningRate: 0.001) },
            "RMSprop(learning_rate=0.001)": { try RMSprop(learningRate: 0.001) },
            "AdamW(learning_rate=0.001, weight_decay=0.01)": { try AdamW(learningRate: 0.001, weightDecay: 0.01) },
        ]
        XCTAssertEqual(Set(runs.keys), Set(optimizers.keys))
        for (key, make) in optimizers {
            let run = try XCTUnwrap(runs[key] as? [String: Any])
            let optimizer = try make()
            let variable = Variable(initial, name: "var")
            let values = try XCTUnwrap(run["values_after_step"] as? [Any])
            let slots = try XCTUnwrap(run["slots_after_step"] as? [[String: Any]])
            for (step, gradient) in gradients.enumerated() {
                try optimizer.applyGradients([(gradient, variable)])
                assertClose(variable.valueWithoutWatching.doubles(), flattenJSON(values[step]).values, atol: 1e-9, "\(key) step \(step + 1)")
                let mine = try XCTUnwrap(optimizer.slots(for: variable))
                for (slotName, expected) in slots[step] {
                    let index = try XCTUnwrap(optimizer.slotNames.firstIndex(of: slotName), slotName)
                    assertClose(mine[index].valueWithoutWatching.doubles(), flattenJSON(expected).values, atol: 1e-11, "\(key) \(slotName) step \(step + 1)")
                }
            }
            XCTAssertEqual(optimizer.step, Int64(gradients.count))
            let config = try XCTUnwrap(run["config"] as? [String: Any])
            assertClose(optimizer.learningRate, jsonDouble(try XCTUnwrap(config["learning_rate"])), rtol: 0, key)
        }
    }

    /// Slot variables are named and ordered as Keras 2.12 names them (`optimizer.variables`).
    func testVariableNamesAndOrder() throws {
        let kernel = Variable(Tensor(zeros: [1, 2]), name: "kernel"), bias = Variable(Tensor(zeros: [1]), name: "bias")
        let pairs: [(gradient: Tensor?, variable: Variable)] = [(Tensor.ones([1, 2]), kernel), (Tensor.ones([1]), bias)]
        let adam = try Adam()
        try adam.applyGradients(pairs)
        XCTAssertEqual(adam.variables.map(\.name), ["iteration", "Adam/m/kernel", "Adam/v/kernel", "Adam/m/bias", "Adam/v/bias"])
        let rms = try RMSprop(momentum: 0.5, centered: true)
        try rms.applyGradients(pairs)
        XCTAssertEqual(rms.variables.map(\.name), ["iteration", "RMSprop/velocity/kernel", "RMSprop/velocity/bias",
                                                   "RMSprop/momentum/kernel", "RMSprop/momentum/bias",
                                                   "RMSprop/average_gradient/kernel", "RMSprop/average_gradient/bias"])
        let adagrad = try Adagrad()
        try adagrad.applyGradients(pairs)
        XCTAssertEqual(adagrad.variables.map(\.name), ["iteration", "Adagrad/accumulator/kernel", "Adagrad/accumulator/bias"])
    }

    func testLearningRateAssignmentAndSchedules() throws {
        let sgd = try SGD(learningRate: 0.1)
        try sgd.setLearningRate(0.5)
        XCTAssertEqual(sgd.learningRate, 0.5)
        let decay = ExponentialDecay(initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5)
        let scheduled = try SGD(schedule: decay)
        XCTAssertThrowsError(try scheduled.setLearningRate(0.1))
        let w = Variable(Tensor(zeros: [1]))
        for _ in 0..<3 { try scheduled.applyGradients([(Tensor.ones([1]), w)]) }
        XCTAssertEqual(scheduled.learningRate, try decay.learningRate(atStep: 2))
        XCTAssertEqual(try decay.learningRate(atStep: 10), Double(Float(0.05)))
        XCTAssertEqual(try ExponentialDecay(initialLearningRate: 1, decaySteps: 10, decayRate: 0.5, staircase: true).learningRate(atStep: 19), 0.5)
        let piecewise = try PiecewiseConstantDecay(boundaries: [2, 4], values: [1, 0.5, 0.1])
        XCTAssertEqual(try [0, 2, 3, 4, 5].map { try piecewise.learningRate(atStep: $0) }, [1, 1, 0.5, 0.5, Double(Float(0.1))])
        let cosine = CosineDecay(initialLearningRate: 1, decaySteps: 10)
        XCTAssertEqual(try cosine.learningRate(atStep: 0), 1)
        XCTAssertEqual(try cosine.learningRate(atStep: 5), 0.5, accuracy: 1e-7)
        XCTAssertEqual(try cosine.learningRate(atStep: 20), 0, accuracy: 1e-7)
    }
}

/// `optimizer_extras.json` (made by `make_optimizer_extras.py` with Keras 2.12): the
/// optimizers and options `numeric.json` does not cover.
final class OptimizerExtrasTests: XCTestCase {
    func testExtraOptimizersMatchKeras() throws {
        let fixture = try loadFixture("optimizer_extras.json")
        let initial = try tensorFromJSON(fixture["initial"])
        let gradients = try XCTUnwrap(fixture["gradients"] as? [Any]).map { try tensorFromJSON($0) }
        let runs = try XCTUnwrap(fixture["runs"] as? [String: Any])
        let optimizers: [String: () throws -> Optimizer] = [
            "Nadam()": { try Nadam() },
            "Adagrad(learning_rate=0.1)": { try Adagrad(learningRate: 0.1) },
            "SGD(learning_rate=0.1, momentum=0.8, nesterov=True)": { try SGD(learningRate: 0.1, momentum: 0.8, nesterov: true) },
            "RMSprop(learning_rate=0.01, momentum=0.5, centered=True)": { try RMSprop(learningRate: 0.01, momentum: 0.5, centered: true) },
            "Adam(learning_rate=0.01, amsgrad=True)": { try Adam(learningRate: 0.01, amsgrad: true) },
            "SGD(learning_rate=0.1, clipnorm=1.0)": {
                try SGD(learningRate: 0.1, clipping: GradientClipping(clipnorm: 1, clipvalue: nil, globalClipnorm: nil))
            },
            "SGD(learning_rate=0.1, clipvalue=0.5)": {
                try SGD(learningRate: 0.1, clipping: GradientClipping(clipnorm: nil, clipvalue: 0.5, globalClipnorm: nil))
            },
            "SGD(learning_rate=0.1, global_clipnorm=1.0)": {
                try SGD(learningRate: 0.1, clipping: GradientClipping(clipnorm: nil, clipvalue: nil, globalClipnorm: 1))
            },
            "SGD(ExponentialDecay(0.1, 2, 0.5))": {
                try SGD(schedule: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5))
            },
            "Adam(CosineDecay(0.01, 4))": { try Adam(schedule: CosineDecay(initialLearningRate: 0.01, decaySteps: 4)) },
        ]
        XCTAssertEqual(Set(runs.keys), Set(optimizers.keys))
        for (key, make) in optimizers {
            let run = try XCTUnwrap(runs[key] as? [String: Any])
            let values = try XCTUnwrap(run["values_after_step"] as? [Any])
            let optimizer = try make()
            let variable = Variable(initial)
            for (step, gradient) in gradients.enumerated() {
                try optimizer.applyGradients([(gradient, variable)])
                assertClose(variable.valueWithoutWatching.doubles(), flattenJSON(values[step]).values, atol: 1e-7, "\(key) step \(step + 1)")
            }
        }
    }

    func testClipnormExcludesGlobalClipnorm() {
        XCTAssertThrowsError(try GradientClipping(clipnorm: 1, clipvalue: nil, globalClipnorm: 1))
    }

    /// A sparse gradient's repeated rows are summed in order, each row listed where it was
    /// first touched (Keras' `_deduplicate_sparse_grad`); a row outside the variable is an error.
    func testSparseGradientRowsAreSummedInFirstTouchOrder() throws {
        let values = try Tensor(shape: [4, 2], values: [Float(1), 2, 10, 20, 100, 200, 0.5, 0.25])
        let rows = try RowGradient(summing: values, at: [3, 1, 3, 0], of: [5, 2])
        XCTAssertEqual(rows.rows, [3, 1, 0])
        XCTAssertEqual(rows.values.floats(), [101, 202, 10, 20, 0.5, 0.25])
        XCTAssertEqual(try rows.densified().floats(), [0.5, 0.25, 10, 20, 0, 0, 101, 202, 0, 0])
        XCTAssertThrowsError(try RowGradient(summing: values, at: [3, 1, 5, 0], of: [5, 2]))
    }

    /// An optimizer without a sparse branch (Adagrad) updates from the densified rows, and
    /// the sparse branches touch untouched rows only as Keras does (SGD without momentum:
    /// not at all).
    func testSparseUpdatesOfUntouchedRows() throws {
        let values = try Tensor(shape: [1, 2], values: [Float(1), -1])
        let slices = try IndexedSlices(values: values, indices: [1], denseShape: [3, 2])
        let sparse = Variable(Tensor.ones([3, 2])), dense = Variable(Tensor.ones([3, 2]))
        let adagradSparse = try Adagrad(learningRate: 0.1), adagradDense = try Adagrad(learningRate: 0.1)
        for _ in 0..<3 {
            try adagradSparse.applyGradients([(Gradient.rows(slices), sparse)])
            try adagradDense.applyGradients([(try slices.dense(), dense)])
        }
        XCTAssertEqual(sparse.value.floats(), dense.value.floats())
        let sgd = Variable(Tensor.ones([3, 2]))
        try (try SGD(learningRate: 0.5)).applyGradients([(Gradient.rows(slices), sgd)])
        XCTAssertEqual(sgd.value.floats(), [1, 1, 0.5, 1.5, 1, 1])
    }

    /// A warm update step obtains no buffers from the system.
    func testWarmUpdateStepsAllocateNoBuffers() throws {
        let variable = Variable(Tensor.ones([64, 32]))
        let gradient = Tensor.full([64, 32], value: 0.5)
        for optimizer in [try Adam(), try RMSprop(), try SGD(momentum: 0.9), try Nadam(), try Adagrad()] as [Optimizer] {
            try optimizer.applyGradients([(gradient, variable)])
            let before = BufferPool.shared.systemAllocations
            for _ in 0..<10 { try optimizer.applyGradients([(gradient, variable)]) }
            XCTAssertEqual(BufferPool.shared.systemAllocations, before, optimizer.name)
        }
        let rows = Gradient.rows(try IndexedSlices(values: Tensor.full([3, 32], value: 0.5), indices: [5, 9, 5], denseShape: [64, 32]))
        for optimizer in [try Adam(), try RMSprop(), try SGD(momentum: 0.9), try Nadam(), try Adagrad()] as [Optimizer] {
            try optimizer.applyGradients([(rows, variable)])
            let before = BufferPool.shared.systemAllocations
            for _ in 0..<10 { try optimizer.applyGradients([(rows, variable)]) }
            XCTAssertEqual(BufferPool.shared.systemAllocations, before, "sparse \(optimizer.name)")
        }
    }
}

/// The vectorised kernel paths (variables of 21 elements) against Keras 2.12
/// (`optimizer_extras.json` "wide").
final class OptimizerVectorPathTests: XCTestCase {
    func testWideVariablesMatchKeras() throws {
        let wide = try XCTUnwrap(try loadFixture("optimizer_extras.json")["wide"] as? [String: Any])
        let initial = try tensorFromJSON(wide["initial"])
        let gradients = try XCTUnwrap(wide["gradients"] as? [Any]).map { try tensorFromJSON($0) }
        let runs = try XCTUnwrap(wide["runs"] as? [String: Any])
        let optimizers: [String: () throws -> Optimizer] = [
            "Adam()": { try Adam() }, "RMSprop()": { try RMSprop() }, "Adagrad(learning_rate=0.1)": { try Adagrad(learningRate: 0.1) },
            "SGD(learning_rate=0.1, momentum=0.9)": { try SGD(learningRate: 0.1, momentum: 0.9) },
        ]
        XCTAssertEqual(Set(runs.keys), Set(optimizers.keys))
        for (key, make) in optimizers {
            let values = try XCTUnwrap((runs[key] as? [String: Any])?["values_after_step"] as? [Any])
            let optimizer = try make()
            let variable = Variable(initial)
            for (step, gradient) in gradients.enumerated() {
                try optimizer.applyGradients([(gradient, variable)])
                assertClose(variable.valueWithoutWatching.doubles(), flattenJSON(values[step]).values, rtol: 1e-6, atol: 1e-7, "\(key) step \(step + 1)")
            }
        }
    }
}
