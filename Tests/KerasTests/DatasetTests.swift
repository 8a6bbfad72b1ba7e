import Foundation
import KTensor
import XCTest
@testable import Keras

/// The lazy `Dataset` pipeline (as `fit` uses it, without the language) and the data set loaders.
final class DatasetTests: XCTestCase {
    func rows(_ n: Int, _ columns: Int = 2) throws -> Tensor {
        try Tensor(shape: [n, columns], values: (0..<(n * columns)).map { Float($0) })
    }

    func collect(_ d: Dataset) throws -> [DatasetElement] {
        let it = try d.makeIterator()
        var out: [DatasetElement] = []
        while let e = try it.next() { out.append(e) }
        return out
    }

    func firstLeaf(_ e: DatasetElement) -> Tensor { e.leaves[0] }

    func testSliceBatchesAreViewsOfTheSource() throws {
        let x = try rows(10)
        let y = Tensor((0..<10).map { Int64($0) })
        let d = try Dataset.fromTensorSlices(.tuple([.tensor(x), .tensor(y)])).batch(4)
        XCTAssertEqual(d.cardinality, 3)
        XCTAssertEqual(d.elementSpec, .tuple([.tensor(shape: [nil, 2], dtype: .float32), .tensor(shape: [nil], dtype: .int64)]))
        let batches = try collect(d)
        XCTAssertEqual(batches.map { firstLeaf($0).shape }, [[4, 2], [4, 2], [2, 2]])
        XCTAssertTrue(firstLeaf(batches[1]).storage === x.storage, "an unshuffled batch must not copy the source")
        XCTAssertEqual(batches[2].leaves[1].int64s(), [8, 9])
    }

    func testShuffleIsAPermutationAndReshufflesEachPass() throws {
        setRandomSeed(7)
        let n = 200
        let d = try Dataset.fromTensorSlices(.tensor(Tensor((0..<n).map { Int64($0) }))).shuffle(bufferSize: 50).batch(32)
        let first = try collect(d).flatMap { $0.leaves[0].int64s() }
        let second = try collect(d).flatMap { $0.leaves[0].int64s() }
        XCTAssertEqual(first.sorted(), (0..<n).map { Int64($0) })
        XCTAssertEqual(second.sorted(), (0..<n).map { Int64($0) })
        XCTAssertNotEqual(first, (0..<n).map { Int64($0) })
        XCTAssertNotEqual(first, second)
        let fixed = try Dataset.fromTensorSlices(.tensor(Tensor((0..<n).map { Int64($0) }))).shuffle(bufferSize: 50, seed: 3, reshuffleEachIteration: false)
        XCTAssertEqual(try collect(fixed).map { $0.leaves[0].int64s() }, try collect(fixed).map { $0.leaves[0].int64s() })
    }

    func testTransformationsAndCardinality() throws {
        let r = try Dataset.range(0, 10)
        XCTAssertEqual(r.cardinality, 10)
        let doubled = try r.map { try $0.mapLeaves { t in try t * Tensor(scalar: Int64(2)) } }
        XCTAssertEqual(try collect(doubled.take(3)).map { $0.leaves[0].int64s()[0] }, [0, 2, 4])
        XCTAssertEqual(r.filter { _ in true }.cardinality, Dataset.unknown)
        XCTAssertEqual(r.repeated().cardinality, Dataset.infinite)
        XCTAssertEqual(r.repeated(3).cardinality, 30)
        XCTAssertEqual(r.skip(7).cardinality, 3)
        XCTAssertEqual(try collect(r.repeated().take(12)).count, 12)
        XCTAssertEqual(try r.batch(4, dropRemainder: true).cardinality, 2)
        XCTAssertEqual(try collect(try r.batch(3).unbatch()).map { $0.leaves[0].int64s()[0] }, (0..<10).map { Int64($0) })
        XCTAssertEqual(Dataset.zip([r, try Dataset.range(0, 4)]).cardinality, 4)
        XCTAssertEqual(try r.concatenate(try Dataset.range(0, 2)).cardinality, 12)
        let cached = r.cache()
        XCTAssertEqual(try collect(cached).count, 10)
        XCTAssertEqual(try collect(cached).count, 10)
    }

    func testBatchingMismatchedShapesFails() throws {
        let d = Dataset.fromGenerator(spec: .tensor(shape: [nil], dtype: .float32)) {
            var i = 0
            return {
                i += 1
                return i > 2 ? nil : .tensor(Tensor(zeros: [i], dtype: .float32))
            }
        }
        XCTAssertThrowsError(try collect(try d.batch(2))) { error in
            XCTAssertEqual("\(error)", "Cannot batch tensors with different shapes in component 0. First element had shape [1] and element 1 had shape [2].")
        }
    }

    func testFromTensorSlicesRejectsMismatchedLengths() {
        XCTAssertThrowsError(try Dataset.fromTensorSlices(.tuple([.tensor(Tensor(zeros: [3, 2])), .tensor(Tensor(zeros: [4]))])))
    }

    func testLoaderReportsEveryDirectorySearched() {
        XCTAssertThrowsError(try KerasDatasets.fashionMNIST(directories: ["/nonexistent/a", "/nonexistent/b"])) { error in
            let text = "\(error)"
            XCTAssertTrue(text.contains("/nonexistent/a/") && text.contains("/nonexistent/b/"), text)
            XCTAssertTrue(text.contains("does not download"), text)
        }
    }

    func testLoaderReadsFashionMNISTWhenInstalled() throws {
        let system = "/usr/share/datasets/fashion-mnist"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: system + "/train-images-idx3-ubyte.gz"), "dataset-fashion-mnist not installed")
        let split = try KerasDatasets.fashionMNIST(directories: [system])
        XCTAssertEqual(split.train.x.shape, [60000, 28, 28])
        XCTAssertEqual(split.test.x.shape, [10000, 28, 28])
        XCTAssertEqual(split.train.y.dtype, .uint8)
        // Keras' documented first labels of the training set (ankle boot, t-shirt, t-shirt, dress).
        XCTAssertEqual(Array(split.train.y.int64s().prefix(4)), [9, 0, 0, 3])
    }
}

extension DatasetTests {
    func testTimeseriesWindowsAndTargets() throws {
        let data = Tensor((0..<10).map { Float($0) })
        let targets = Tensor((100..<110).map { Int64($0) })
        let d = try Dataset.timeseries(data: data, targets: targets, sequenceLength: 3, sequenceStride: 3, batchSize: nil)
        XCTAssertEqual(d.cardinality, 3)
        let windows = try collect(d)
        XCTAssertEqual(windows.map { $0.leaves[0].doubles() }, [[0, 1, 2], [3, 4, 5], [6, 7, 8]])
        XCTAssertEqual(windows.map { $0.leaves[1].int64s() }, [[100], [103], [106]])
        XCTAssertThrowsError(try Dataset.timeseries(data: data, targets: nil, sequenceLength: 0))
    }
}
