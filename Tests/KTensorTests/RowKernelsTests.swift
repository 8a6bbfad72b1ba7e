import XCTest
@testable import KTensor

/// Row-wise kernels with a fused fast path, checked against the ops they stand for.
final class RowKernelsTests: XCTestCase {
    /// `argmaxMatches` equals `equal(labels, argmax(-1).cast(float32)).cast(float32)`, with
    /// ties (first index wins), NaN rows (the first NaN wins), labels that are not integers,
    /// and labels out of range.
    func testArgmaxMatchesEqualsTheComposedOps() throws {
        let nan = Float.nan
        let predictions = try Tensor(shape: [6, 4], values: [
            0.1, 0.7, 0.1, 0.1,
            0.3, 0.3, 0.2, 0.2,
            0.2, nan, 0.9, nan,
            nan, 0.5, 0.1, 0.1,
            -1, -2, -0.5, -3,
            0.25, 0.25, 0.25, 0.25,
        ] as [Float])
        for labels in [[1, 0, 1, 0, 2, 0], [1, 1, 2, 3, 2, 3], [1.5, 0, 1, 7, -2, 0]] as [[Float]] {
            let y = try Tensor(shape: [6], values: labels)
            let fused = try XCTUnwrap(predictions.argmaxMatches(y))
            let composed = try Tensor.equal(y, predictions.argmax(axis: -1).cast(to: .float32)).cast(to: .float32)
            XCTAssertEqual(fused.shape, [6])
            XCTAssertEqual(fused.floats(), composed.floats(), "labels \(labels)")
        }
        XCTAssertEqual(try XCTUnwrap(predictions.argmaxMatches(Tensor(shape: [6], values: [1, 0, 1, 0, 0, 0] as [Float]))).floats(),
                       [1, 1, 1, 1, 0, 1])
    }

    /// A transposed view is read by its strides; other dtypes and ranks are left to the
    /// composed ops (nil).
    func testArgmaxMatchesReadsViewsAndDeclinesOtherShapes() throws {
        let stored = try Tensor(shape: [3, 2], values: [0, 5, 9, 1, 2, 3] as [Float])
        let view = try stored.transposed()   // [[0, 9, 2], [5, 1, 3]]
        let labels = try Tensor(shape: [2], values: [1, 0] as [Float])
        XCTAssertEqual(try XCTUnwrap(view.argmaxMatches(labels)).floats(), [1, 1])
        XCTAssertNil(try stored.cast(to: .float64).argmaxMatches(Tensor(shape: [3], values: [1, 0, 1] as [Float])))
        XCTAssertNil(stored.argmaxMatches(try Tensor(shape: [3], values: [1, 0, 1] as [Float]).cast(to: .int64)))
        XCTAssertNil(stored.argmaxMatches(try Tensor(shape: [2], values: [1, 0] as [Float])))
        XCTAssertNil(try Tensor(shape: [0, 2], values: [] as [Float]).transposed().argmaxMatches(Tensor(shape: [2], values: [0, 0] as [Float])))
    }

    /// Gathered rows are the listed rows, in order and with repeats, whatever collection lists
    /// them (an array, a slice of one, or a collection with no contiguous storage).
    func testGatheringRowsTakesTheListedRows() throws {
        let source = try Tensor(shape: [5, 2, 3], values: (0..<30).map { Float($0) })
        func expected(_ rows: [Int]) -> [Float] { rows.flatMap { r in (0..<6).map { Float(r * 6 + $0) } } }
        let list = [4, 0, 2, 2, 1]
        XCTAssertEqual(source.gatheringRows(at: list).floats(), expected(list))
        XCTAssertEqual(source.gatheringRows(at: list[1..<4]).shape, [3, 2, 3])
        XCTAssertEqual(source.gatheringRows(at: list[1..<4]).floats(), expected([0, 2, 2]))
        XCTAssertEqual(source.gatheringRows(at: (0..<3).lazy.map { 4 - 2 * $0 }).floats(), expected([4, 2, 0]))
        // Rows of 400 bytes (six 64-byte blocks and a 16-byte tail), in groups of eight and a
        // shorter last group.
        let wide = try Tensor(shape: [40, 100], values: (0..<4000).map { Float($0) })
        let picks = [39, 0, 17, 17, 3, 38, 21, 5, 9, 30, 1, 2, 33, 8, 14, 27, 11, 6, 0]
        XCTAssertEqual(wide.gatheringRows(at: picks).floats(), picks.flatMap { r in (0..<100).map { Float(r * 100 + $0) } })
        let bytes = try Tensor(shape: [9, 3], values: (0..<27).map { UInt8($0) })
        XCTAssertEqual(bytes.gatheringRows(at: [8, 1]).doubles(), [24, 25, 26, 3, 4, 5])
        let strided = try source.transposed([0, 2, 1])
        XCTAssertEqual(strided.gatheringRows(at: [3]).floats(), try strided.contiguous().floats().dropFirst(18).prefix(6).map { $0 })
    }

    /// The gradient of a large `take` along axis 0 (an embedding table's: its rows are shared
    /// between two threads by destination) equals the rows summed one by one, repeated ids
    /// included, and a table used twice gets the sum of both gradients (the tape's halves).
    func testLargeTakeGradientsAddEveryRowInOrder() throws {
        let rows = 1000, width = 64
        XCTAssertGreaterThanOrEqual(rows * width, Parallel.halvingThreshold)
        let generator = NumPyRandomState(seed: 3)
        var table = Tensor.randomUniform([rows, width], min: -1, max: 1, using: generator)
        let first = (0..<320).map { Int64(($0 * 37 + 11) % rows) } + [0, 999, 500, 499, 500]
        let second = (0..<200).map { Int64(($0 * 13) % rows) }
        let upstreamA = Tensor.randomUniform([first.count, width], min: -1, max: 1, using: generator)
        let upstreamB = Tensor.randomUniform([second.count, width], min: -1, max: 1, using: generator)
        let tape = GradientTape()
        tape.watch(&table)
        let loss = try tape.record {
            let a = try table.take(Tensor(first), axis: 0), b = try table.take(Tensor(second), axis: 0)
            return try (a * upstreamA).sum() + (b * upstreamB).sum()
        }
        let gradient = try XCTUnwrap(try tape.gradient(of: loss, withRespectTo: [table])[0]).floats()
        var expectedA = [Float](repeating: 0, count: rows * width), expectedB = expectedA
        let a = upstreamA.floats(), b = upstreamB.floats()
        for (i, id) in first.enumerated() { for k in 0..<width { expectedA[Int(id) * width + k] += a[i * width + k] } }
        for (i, id) in second.enumerated() { for k in 0..<width { expectedB[Int(id) * width + k] += b[i * width + k] } }
        let expected = zip(expectedA, expectedB).map { $0 + $1 }
        XCTAssertEqual(gradient.count, expected.count)
        let mismatch = gradient.indices.first { gradient[$0].bitPattern != expected[$0].bitPattern }
        XCTAssertNil(mismatch, "first differing element: \(mismatch.map { "\($0)" } ?? "")")
    }
}
