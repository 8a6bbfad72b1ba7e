import KTensor
import XCTest
@testable import Keras

/// Array batching: shuffled batches (gathered ahead on the prefetch thread) hold exactly the
/// rows of the epoch's permutation, for every leaf, across epochs and step limits.
final class DataAdapterTests: XCTestCase {
    private func arange(_ rows: Int, _ width: Int, dtype: DType) throws -> Tensor {
        try Tensor.arange(0, Int64(rows * width)).reshaped([rows, width]).cast(to: dtype)
    }

    /// The row indices each batch should hold: the generator's permutation, cut in order.
    private func expectedBatches(seed: UInt32, count: Int, batchSize: Int, epochs: Int) throws -> [[[Int]]] {
        setRandomSeed(seed)
        return try (0..<epochs).map { _ in
            let order = try EngineRandom.generator.permutation(count).int64s().map { Int($0) }
            return stride(from: 0, to: count, by: batchSize).map { Array(order[$0..<min($0 + batchSize, count)]) }
        }
    }

    func testShuffledBatchesHoldThePermutedRowsOfEveryLeaf() throws {
        let count = 30, batchSize = 7
        let a = try arange(count, 3, dtype: .float32), b = try arange(count, 2, dtype: .float64)
        let y = try Tensor.arange(0, Int64(count)), w = try arange(count, 1, dtype: .float32)
        let expected = try expectedBatches(seed: 11, count: count, batchSize: batchSize, epochs: 3)
        setRandomSeed(11)
        let adapter = try ArrayDataAdapter(x: .tuple([.tensor(a), .tensor(b)]), y: .tensor(y), sampleWeight: .tensor(w),
                                           batchSize: batchSize, shuffle: true)
        for epoch in 0..<3 {
            try adapter.startEpoch()
            var seen = 0
            while let batch = try adapter.nextBatch() {
                let rows = expected[epoch][seen]
                let rowTensor = try Tensor(shape: [rows.count], values: rows.map(Int64.init))
                guard case .tuple(let inputs) = batch.x, inputs.count == 2, case .tensor(let xa) = inputs[0], case .tensor(let xb) = inputs[1],
                      case .tensor(let yb)? = batch.y, case .tensor(let wb)? = batch.sampleWeight else {
                    return XCTFail("batch structure changed: \(batch)")
                }
                XCTAssertEqual(xa.doubles(), try a.take(rowTensor, axis: 0).doubles(), "epoch \(epoch) batch \(seen)")
                XCTAssertEqual(xb.doubles(), try b.take(rowTensor, axis: 0).doubles())
                XCTAssertEqual(xb.dtype, .float64)
                XCTAssertEqual(yb.int64s(), rows.map(Int64.init))
                XCTAssertEqual(wb.shape, [rows.count, 1])
                XCTAssertEqual(wb.doubles(), try w.take(rowTensor, axis: 0).doubles())
                seen += 1
            }
            XCTAssertEqual(seen, 5)
        }
    }

    func testStepLimitStopsEachEpochEarlyAndRestarts() throws {
        let count = 20, batchSize = 4
        let x = try arange(count, 2, dtype: .float32)
        let expected = try expectedBatches(seed: 5, count: count, batchSize: batchSize, epochs: 2)
        setRandomSeed(5)
        let adapter = try ArrayDataAdapter(x: .tensor(x), y: nil, batchSize: batchSize, shuffle: true, steps: 2)
        for epoch in 0..<2 {
            try adapter.startEpoch()
            var batches: [[Double]] = []
            while let batch = try adapter.nextBatch() {
                guard case .tensor(let t) = batch.x else { return XCTFail("not a tensor") }
                batches.append(t.doubles())
            }
            XCTAssertEqual(batches.count, 2)
            for (k, rows) in expected[epoch].prefix(2).enumerated() {
                XCTAssertEqual(batches[k], rows.flatMap { [Double(2 * $0), Double(2 * $0 + 1)] })
            }
        }
    }

    func testUnshuffledBatchesAreConsecutiveSlices() throws {
        let x = try arange(10, 1, dtype: .float32)
        let adapter = try ArrayDataAdapter(x: .tensor(x), y: nil, batchSize: 4, shuffle: false)
        try adapter.startEpoch()
        var rows: [[Double]] = []
        while let batch = try adapter.nextBatch() {
            guard case .tensor(let t) = batch.x else { return XCTFail("not a tensor") }
            rows.append(t.doubles())
        }
        XCTAssertEqual(rows, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    }
}
