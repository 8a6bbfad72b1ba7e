import KTensor
import XCTest
@testable import Keras

/// A Functional model runs neighbouring independent recurrent calls side by side
/// (`BranchKernels`): each kernel keeps its batch whole on one thread. The outputs and
/// gradients are those of each layer called on its own (cut into row pieces), up to the order
/// in which the weight gradients' rows are summed.
final class BranchKernelsTests: XCTestCase {
    static let batch = 20, steps = 4, features = 3

    func testSiblingRecurrentCallsFormOneRun() throws {
        let left = Input(shape: [Self.steps, Self.features]), right = Input(shape: [Self.steps, Self.features])
        let merged = try Concatenate().callSymbolic([try LSTM(units: 8).callSymbolic([left])[0], try GRU(units: 8).callSymbolic([right])[0]])
        let siblings = try Functional(inputs: [left, right], outputs: try Dense(units: 1).callSymbolic(merged))
        XCTAssertEqual(siblings.topology.executionRuns.map(\.count), [2, 1, 1])
        XCTAssertTrue(siblings.topology.executionRuns[0].allSatisfy { $0.layer is RecurrentLayer })
        // Side by side, a kernel keeps its rows whole: the kernels share the threads instead.
        XCTAssertEqual(BranchKernels.collect { RecurrentRows(batch: 32, steps: 10, units: 32, width: 128).pieces }, 1)
        XCTAssertFalse(BranchKernels.isCollecting)

        // A layer that reads its neighbour's output starts a run of its own.
        let input = Input(shape: [Self.steps, Self.features])
        let chained = try Functional(inputs: [input], outputs: try LSTM(units: 8).callSymbolic(try LSTM(units: 8, returnSequences: true).callSymbolic([input])))
        XCTAssertEqual(chained.topology.executionRuns.map(\.count), [1, 1])
    }

    func testSiblingLSTMsMatchEachAlone() throws {
        try compare(try LSTM(units: 64, returnSequences: true), try LSTM(units: 64, goBackwards: true))
    }

    func testSiblingGRUsMatchEachAlone() throws {
        try compare(try GRU(units: 64), try GRU(units: 64, returnSequences: true, goBackwards: true))
    }

    func testSiblingSimpleRNNsMatchEachAlone() throws {
        try compare(try SimpleRNN(units: 64, returnSequences: true), try SimpleRNN(units: 64))
    }

    /// Outputs and the gradients of `Σ outputs · fixed projections` (inputs and weights) of
    /// the two layers called side by side in a Functional model and called one by one.
    func compare(_ first: RecurrentLayer, _ second: RecurrentLayer, file: StaticString = #filePath, line: UInt = #line) throws {
        let (batch, steps, features) = (Self.batch, Self.steps, Self.features)
        XCTAssertEqual(RecurrentRows(batch: batch, steps: steps, units: first.units, width: first.gateCount * first.units).pieces, 2,
                       file: file, line: line)
        let left = Input(shape: [steps, features]), right = Input(shape: [steps, features])
        let model = try Functional(inputs: [left, right], outputs: [try first.callSymbolic([left])[0], try second.callSymbolic([right])[0]])
        XCTAssertEqual(model.topology.executionRuns.map(\.count), [2], file: file, line: line)
        let weights = first.trainableWeights + second.trainableWeights
        let inputs = (0..<2).map { Tensor.randomUniform([batch, steps, features], min: -1, max: 1, using: NumPyRandomState(seed: UInt32(5 + $0))) }

        func run(sideBySide: Bool) throws -> [[Float]] {
            var (a, b) = (inputs[0], inputs[1])
            let tape = GradientTape()
            tape.watch(&a)
            tape.watch(&b)
            let outputs = try tape.record {
                sideBySide ? try model([a, b], training: true) : [try first([a], training: true)[0], try second([b], training: true)[0]]
            }
            var total = Tensor(scalar: Float(0))
            try tape.record {
                for (k, out) in outputs.enumerated() {
                    let projection = Tensor.randomUniform(Array(out.shape.dropFirst()), min: -1, max: 1, using: NumPyRandomState(seed: UInt32(11 + k)))
                    total = try total + (try out * projection).sum()
                }
            }
            let gradients = try tape.gradient(of: [total], withRespectTo: [.tensor(a), .tensor(b)] + weights.map { .variable($0) })
            return outputs.map { $0.floats() } + (try gradients.map { try XCTUnwrap($0, file: file, line: line).floats() })
        }

        let together = try run(sideBySide: true), alone = try run(sideBySide: false)
        XCTAssertEqual(together.count, alone.count, file: file, line: line)
        for (t, a) in zip(together, alone) {
            XCTAssertEqual(t.count, a.count, file: file, line: line)
            let scale = a.map { abs($0) }.max() ?? 1
            let worst = zip(t, a).map { abs($0 - $1) }.max() ?? 0
            XCTAssertLessThanOrEqual(worst, 1e-5 * Swift.max(scale, 1), file: file, line: line)
        }
    }
}
