import KTensor
import XCTest
@testable import Keras

/// The recurrent kernels run a batch's rows in two pieces (`RecurrentRows`): a batch big enough
/// to be cut gives, row by row, the outputs and gradients of each row run alone (uncut).
final class RecurrentRowsTests: XCTestCase {
    static let batch = 20, steps = 4, features = 3

    func testTheBatchIsCutOnlyWhenItPays() {
        XCTAssertEqual(RecurrentRows(batch: 32, steps: 10, units: 32, width: 128).pieces, 2)
        XCTAssertEqual(RecurrentRows(batch: 8, steps: 10, units: 32, width: 128).pieces, 1)
        XCTAssertEqual(RecurrentRows(batch: 32, steps: 2, units: 4, width: 16).pieces, 1)
        // The pieces may run on two threads: each writes only its own rows' counts.
        let visits = UnsafeMutableBufferPointer<Int>.allocate(capacity: 33)
        defer { visits.deallocate() }
        visits.initialize(repeating: 0)
        let pieceOfRow = UnsafeMutableBufferPointer<Int>.allocate(capacity: 33)
        defer { pieceOfRow.deallocate() }
        RecurrentRows(batch: 33, steps: 10, units: 32, width: 128).forEach { piece, rows in
            for row in rows {
                visits[row] += 1
                pieceOfRow[row] = piece
            }
        }
        XCTAssertEqual(Array(visits), Array(repeating: 1, count: 33))
        XCTAssertEqual(Array(pieceOfRow), Array(repeating: 0, count: 16) + Array(repeating: 1, count: 17))
    }

    func testLSTMRowsMatchRowsAlone() throws {
        XCTAssertEqual(RecurrentRows(batch: Self.batch, steps: Self.steps, units: 64, width: 256).pieces, 2)
        try compare(try LSTM(units: 64, returnSequences: true, returnState: true))
        try compare(try LSTM(units: 64, goBackwards: true), masked: true)
        // 61 units: each row ends in a partial group of eight lanes.
        XCTAssertEqual(RecurrentRows(batch: Self.batch, steps: Self.steps, units: 61, width: 244).pieces, 2)
        try compare(try LSTM(units: 61, activation: .relu, recurrentActivation: .hardSigmoid, returnSequences: true))
        try compare(try LSTM(units: 61, returnState: true), masked: true)
    }

    func testGRURowsMatchRowsAlone() throws {
        XCTAssertEqual(RecurrentRows(batch: Self.batch, steps: Self.steps, units: 64, width: 192).pieces, 2)
        try compare(try GRU(units: 64, returnSequences: true))
        try compare(try GRU(units: 64, goBackwards: true), masked: true)
    }

    func testSimpleRNNRowsMatchRowsAlone() throws {
        XCTAssertEqual(RecurrentRows(batch: Self.batch, steps: Self.steps, units: 64, width: 64).pieces, 2)
        try compare(try SimpleRNN(units: 64, returnSequences: true))
        try compare(try SimpleRNN(units: 64, goBackwards: true), masked: true)
    }

    /// Outputs, input gradients and weight gradients (summed over the rows) of
    /// `sum(outputs · fixed projections)` for the whole batch and for each row alone.
    func compare(_ layer: Layer, masked: Bool = false, file: StaticString = #filePath, line: UInt = #line) throws {
        let (batch, steps, features) = (Self.batch, Self.steps, Self.features)
        let input = Tensor.randomUniform([batch, steps, features], min: -1, max: 1, using: NumPyRandomState(seed: 5))
        let maskValues = (0..<batch * steps).map { !masked || ($0 * 7) % 5 != 0 }
        try layer.buildIfNeeded([[batch, steps, features]])
        let weights = layer.trainableWeights

        func run(_ rows: Range<Int>) throws -> (outputs: [[Float]], gradients: [[Float]]) {
            var x = try Tensor(shape: [rows.count, steps, features],
                               values: Array(input.floats()[rows.lowerBound * steps * features ..< rows.upperBound * steps * features]))
            let mask = masked ? try Tensor(shape: [rows.count, steps], bools: Array(maskValues[rows.lowerBound * steps ..< rows.upperBound * steps])) : nil
            let tape = GradientTape()
            tape.watch(&x)
            let outputs = try tape.record { try layer([x], training: true, masks: [mask]) }
            var total = Tensor(scalar: Float(0))
            try tape.record {
                for (k, out) in outputs.enumerated() {
                    let projection = Tensor.randomUniform(Array(out.shape.dropFirst()), min: -1, max: 1, using: NumPyRandomState(seed: UInt32(11 + k)))
                    total = try total + (try out * projection).sum()
                }
            }
            let gradients = try tape.gradient(of: [total], withRespectTo: [.tensor(x)] + weights.map { .variable($0) })
            return (outputs.map { $0.floats() }, try gradients.map { try XCTUnwrap($0, file: file, line: line).floats() })
        }

        let whole = try run(0..<batch)
        var alone = try run(0..<1)
        for row in 1..<batch {
            let next = try run(row..<row + 1)
            alone.outputs = zip(alone.outputs, next.outputs).map { $0 + $1 }
            alone.gradients = [alone.gradients[0] + next.gradients[0]]
                + zip(alone.gradients.dropFirst(), next.gradients.dropFirst()).map { zip($0, $1).map { $0 + $1 } }
        }
        for (k, (a, b)) in zip(whole.outputs, alone.outputs).enumerated() {
            assertClose(a, b, "output \(k)", file: file, line: line)
        }
        for (k, (a, b)) in zip(whole.gradients, alone.gradients).enumerated() {
            assertClose(a, b, k == 0 ? "input gradient" : "gradient of \(weights[k - 1].name)", file: file, line: line)
        }
    }

    func assertClose(_ a: [Float], _ b: [Float], _ what: String, file: StaticString, line: UInt) {
        XCTAssertEqual(a.count, b.count, what, file: file, line: line)
        let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
        XCTAssertLessThan(worst, 1e-4, what, file: file, line: line)
    }
}
