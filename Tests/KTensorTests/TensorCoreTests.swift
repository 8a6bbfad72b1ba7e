import XCTest
@testable import KTensor

/// Storage, views, copy-on-write, promotion with Python scalars, and error reporting.
final class TensorCoreTests: XCTestCase {
    func testReshapeAndTransposeAreViews() throws {
        let x = try Tensor.arange(0, 12).reshaped([3, 4])
        let r = try x.reshaped([2, -1])
        XCTAssertTrue(r.storage === x.storage)
        let t = try x.transposed()
        XCTAssertTrue(t.storage === x.storage)
        XCTAssertEqual(t.shape, [4, 3])
        XCTAssertEqual(t.strides, [1, 4])
        XCTAssertFalse(t.isContiguous)
        XCTAssertEqual(t.int64s(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
        // Reshaping a non-contiguous view copies.
        let flat = try t.reshaped([12])
        XCTAssertFalse(flat.storage === x.storage)
        XCTAssertEqual(flat.int64s(), [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    }

    func testCopyOnWrite() throws {
        var a = try Tensor(shape: [3], values: [Float(1), 2, 3])
        let b = a
        try a.setIndexed([.index(0)], to: Tensor(scalar: Float(9)))
        XCTAssertEqual(a.doubles(), [9, 2, 3])
        XCTAssertEqual(b.doubles(), [1, 2, 3])
        var view = try b.indexed([.slice(start: 1, stop: nil, step: nil)])
        try view.applyInPlace(.add, Tensor(scalar: Float(10)))
        XCTAssertEqual(view.doubles(), [12, 13])
        XCTAssertEqual(b.doubles(), [1, 2, 3], "writing through a view of shared storage copies first")
        var broadcast = try Tensor(scalar: Float(1)).broadcastView(to: [2, 2])
        try broadcast.applyInPlace(.add, Tensor(shape: [2, 2], values: [Float(1), 2, 3, 4]))
        XCTAssertEqual(broadcast.doubles(), [2, 3, 4, 5], "a broadcast view is materialised before an in-place write")
    }

    func testInPlaceUpdateKeepsBufferWhenUnique() throws {
        var a = Tensor.ones([4])
        let before = a.storage.bytes
        try a += Tensor(scalar: Float(2))
        try a *= Tensor(shape: [4], values: [Float(1), 2, 3, 4])
        XCTAssertEqual(a.storage.bytes, before)
        XCTAssertEqual(a.doubles(), [3, 6, 9, 12])
        var ints = Tensor(scalar: Int64(7), dtype: .int64)
        try ints.applyInPlace(.divide, Tensor(scalar: Int64(2), dtype: .int64))
        XCTAssertEqual(ints.dtype, .int64, "in-place ops keep the target dtype (NumPy's unsafe out= cast)")
        XCTAssertEqual(ints.int64s(), [3])
        var small = try Tensor(shape: [2], values: [Int32(1), 1])
        try small.applyInPlace(.add, Tensor(shape: [2], values: [0.6, 0.5]))
        XCTAssertEqual(small.int64s(), [1, 1], "computed in float64 (1.6, 1.5), then truncated")
        var wide = try Tensor(shape: [2], values: [1.0, 2.0])
        try wide.applyInPlace(.multiply, Tensor(shape: [2], values: [Float(0.5), 3]))
        XCTAssertEqual(wide.doubles(), [0.5, 6])
    }

    func testPythonScalarPromotion() throws {
        let f32 = Tensor.ones([2], dtype: .float32)
        XCTAssertEqual(try (f32 * 2.5).dtype, .float32)
        XCTAssertEqual(try (Tensor.ones([2], dtype: .int32) * 2.5).dtype, .float64)
        XCTAssertEqual(try Tensor.binary(.add, Tensor.ones([2], dtype: .int32), Tensor.pythonScalar(Int64(3), for: Tensor.ones([2], dtype: .int32))).dtype, .int32)
        XCTAssertEqual(Tensor.pythonScalar(Int64(1), for: Tensor.ones([1], dtype: .bool)).dtype, .int64)
        XCTAssertEqual(Tensor.pythonScalar(Int64(300), for: Tensor.ones([1], dtype: .uint8)).dtype, .int32)
        XCTAssertEqual(Tensor.pythonScalar(Int64(3_000_000_000), for: Tensor.ones([1], dtype: .int32)).dtype, .int64)
        XCTAssertEqual(DType.promoted(.int32, .float32), .float64)
        XCTAssertEqual(DType.promoted(.uint8, .float32), .float32)
        XCTAssertEqual(DType.promoted(.bool, .int32), .int32)
    }

    func testBadInputThrowsInsteadOfCrashing() throws {
        let a = Tensor.ones([2, 3]), b = Tensor.ones([4])
        XCTAssertThrowsError(try a + b) { error in
            XCTAssertEqual((error as? TensorError)?.message, "operands could not be broadcast together with shapes (2,3) (4,) ")
        }
        XCTAssertThrowsError(try a.reshaped([4, -1]))
        XCTAssertThrowsError(try a.reshaped([-1, -1]))
        XCTAssertThrowsError(try Tensor.matmul(a, a))
        XCTAssertThrowsError(try a.sum(axes: [2])) { error in XCTAssertEqual((error as? TensorError)?.kind, .index) }
        XCTAssertThrowsError(try a.indexed([.index(2)])) { error in
            XCTAssertEqual((error as? TensorError)?.message, "index 2 is out of bounds for axis 0 with size 2")
        }
        XCTAssertThrowsError(try a.indexed([.all, .all, .all]))
        XCTAssertThrowsError(try a.indexed([.ellipsis, .ellipsis]))
        XCTAssertThrowsError(try a.take(Tensor([Int64(5)]), axis: 1))
        XCTAssertThrowsError(try a.transposed([0, 0]))
        XCTAssertThrowsError(try Tensor.concat([a, b], axis: 0))
        XCTAssertThrowsError(try Tensor(shape: [2, 2], values: [Float(1)]))
        XCTAssertThrowsError(try Tensor.dense(a, kernel: Tensor.ones([4, 2]), bias: nil))
        XCTAssertThrowsError(try Tensor.ones([3]).activation(.softmax))
        XCTAssertThrowsError(try Tensor.pow(Tensor(scalar: Int64(2), dtype: .int64), Tensor(scalar: Int64(-1), dtype: .int64)))
        XCTAssertThrowsError(try Tensor.binary(.subtract, Tensor(scalar: true), Tensor(scalar: false))) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .type)
        }
        XCTAssertThrowsError(try Tensor.ones([0]).max())
        XCTAssertThrowsError(try Tensor.ones([0]).argmax())
    }

    func testShapesFromOutsideAreChecked() throws {
        XCTAssertThrowsError(try Tensor.checkShape([2, -1], dtype: .float32)) { error in
            XCTAssertEqual((error as? TensorError)?.message, "negative dimensions are not allowed")
        }
        XCTAssertThrowsError(try Tensor.checkShape([1 << 31, 1 << 31, 4], dtype: .float64)) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .memory)
        }
        XCTAssertNoThrow(try Tensor.checkShape([0, 5], dtype: .float32))
        XCTAssertThrowsError(try Tensor.arange(start: 0, stop: 1e300, dtype: .float32))
        XCTAssertThrowsError(try Tensor.eye(-1))
        XCTAssertThrowsError(try Tensor.ones([2]).tiled([1 << 40, 1 << 40]))
        XCTAssertThrowsError(try NumPyRandomState(seed: 1).randint(0, 5, [-3]))
        XCTAssertEqual(Tensor.elementCount([Int.max, 3]), Int.max, "element counts saturate instead of wrapping")
    }

    func testIntegerDivisionSemantics() throws {
        let a = try Tensor(shape: [4], values: [Int32(7), -7, 5, Int32.min])
        let b = try Tensor(shape: [4], values: [Int32(0), 2, -3, -1])
        XCTAssertEqual(try Tensor.floorDivide(a, b).int64s(), [0, -4, -2, Int64(Int32.min)])
        XCTAssertEqual(try Tensor.remainder(a, b).int64s(), [0, 1, -1, 0])
        XCTAssertEqual(try (a / b).dtype, .float64)
    }

    func testBroadcastingFastPathsAgreeWithGeneralPath() throws {
        var values = TestValues(seed: 5)
        let x = values.tensor([3, 4, 5])
        let row = values.tensor([5]), column = values.tensor([3, 1, 1]), scalar = values.tensor([])
        for other in [row, column, scalar, values.tensor([4, 1])] {
            let fast = try x * other
            // The same product through a transposed (non-contiguous) copy walks the strided loop.
            let general = try (x.transposed([2, 1, 0]) * other.broadcast(to: x.shape).transposed([2, 1, 0])).transposed([2, 1, 0])
            XCTAssertEqual(fast.doubles(), general.doubles())
        }
    }

    func testMatmulUsesTransposedViewsWithoutCopying() throws {
        var values = TestValues(seed: 8)
        let a = values.tensor([5, 3], dtype: .float32), b = values.tensor([4, 5], dtype: .float32)
        let viaViews = try Tensor.matmul(a.transposed(), b.transposed())
        let viaCopies = try Tensor.matmul(a.transposed().contiguousCopy(), b.transposed().contiguousCopy())
        XCTAssertEqual(viaViews.doubles(), viaCopies.doubles())
        let flags = try Tensor.matmul(a, b, transposeA: true, transposeB: true)
        XCTAssertEqual(flags.doubles(), viaCopies.doubles())
    }

    func testCreation() throws {
        XCTAssertEqual(Tensor.full([2], value: 3.7, dtype: .int32).int64s(), [3, 3])
        XCTAssertEqual(try Tensor.full([2], scalar: Tensor(scalar: Int64(1) << 60, dtype: .int64)).int64s(), [1 << 60, 1 << 60])
        XCTAssertEqual(try Tensor([[1, 2], [3, 4]] as [[Float]]).shape, [2, 2])
        XCTAssertThrowsError(try Tensor([[1, 2], [3]] as [[Float]]))
        XCTAssertEqual(try Tensor([[[1], [2]], [[3], [4]]] as [[[Int32]]]).shape, [2, 2, 1])
        XCTAssertEqual(Tensor([Int64(4), 5]).dtype, .int64)
    }
}
