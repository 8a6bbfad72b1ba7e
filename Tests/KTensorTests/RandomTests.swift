import XCTest
@testable import KTensor

/// MT19937 and NumPy's legacy RandomState against CPython 3.11 / NumPy 1.23.5
/// (fixture `numpy_random.json` from `make_numpy_random.py`), and the initialisers.
final class RandomTests: XCTestCase {
    var reference: [String: Any] = [:]

    override func setUpWithError() throws {
        reference = try loadFixture("numpy_random.json")
    }

    func ints(_ key: String) throws -> [Int64] {
        try XCTUnwrap(reference[key] as? [Any], key).map { try XCTUnwrap(($0 as? NSNumber)?.int64Value) }
    }

    func doubles(_ key: String) throws -> [Double] {
        try XCTUnwrap(reference[key] as? [Any], key).map { try XCTUnwrap(jsonDouble($0)) }
    }

    /// CPython seeds with `init_by_array` of the seed's little-endian 32-bit words.
    func testMersenneTwisterMatchesCPython() throws {
        for seed: UInt64 in [0, 42, (1 << 40) + 5] {
            var key = [UInt32(truncatingIfNeeded: seed)]
            if seed >> 32 != 0 { key.append(UInt32(seed >> 32)) }
            var mt = MersenneTwister(key: key)
            XCTAssertEqual((0..<8).map { _ in Int64(mt.genrandUInt32()) }, try ints("cpython_words_\(seed)"))
            mt = MersenneTwister(key: key)
            XCTAssertEqual((0..<5).map { _ in mt.random53() }, try doubles("cpython_random_\(seed)"))
        }
    }

    /// `RandomState(42)` seeds with `init_genrand(42)`, not `init_by_array`.
    func testRandomStateScalarSeedUsesInitGenrand() throws {
        let rs = NumPyRandomState(seed: 42)
        XCTAssertEqual(rs.getState().key.prefix(5).map(Int64.init), try ints("numpy_state_42_head"))
        XCTAssertEqual(rs.randomSample([7]).doubles(), try doubles("random_sample_42"))
        XCTAssertEqual(rs.standardNormal([5]).doubles(), try doubles("random_sample_then_normal_42"))
        XCTAssertEqual(NumPyRandomState(seedArray: [1, 2, 3]).randomSample([3]).doubles(), try doubles("array_seed_123"))
    }

    func testNormalAndUniform() throws {
        let rs = NumPyRandomState(seed: 7)
        let randn = rs.standardNormal([3, 3])
        XCTAssertEqual(randn.shape, [3, 3])
        XCTAssertEqual(randn.doubles(), try doubles("randn_7"))
        XCTAssertEqual(try rs.normal(mean: 2, standardDeviation: 0.5, [4]).doubles(), try doubles("normal_7_after"))
        XCTAssertEqual(try rs.uniform(low: -1, high: 3, [4]).doubles(), try doubles("uniform_7_after"))
    }

    func testRandint() throws {
        let rs = NumPyRandomState(seed: 123)
        let first = try rs.randint(0, 10, [20])
        XCTAssertEqual(first.dtype, .int64)
        XCTAssertEqual(first.int64s(), try ints("randint_123_0_10"))
        XCTAssertEqual(try rs.randint(-5, 1000, [10]).int64s(), try ints("randint_123_neg"))
        XCTAssertEqual(try rs.randint(0, 1 << 40, [5]).int64s(), try ints("randint_123_big"))
        let int32 = try rs.randint(3, 9, [8], dtype: .int32)
        XCTAssertEqual(int32.dtype, .int32)
        XCTAssertEqual(int32.int64s(), try ints("randint_123_int32"))
        XCTAssertEqual(try rs.randint(0, 200, [9], dtype: .uint8).int64s(), try ints("randint_123_uint8"))
        XCTAssertEqual(try rs.randint(0, 2, [10], dtype: .bool).int64s(), try ints("randint_123_bool"))
        let scalar = try rs.randint(100)
        XCTAssertEqual(scalar.shape, [])
        XCTAssertEqual(scalar.int64s(), [try XCTUnwrap((reference["randint_123_scalar"] as? NSNumber)?.int64Value)])
        XCTAssertThrowsError(try rs.randint(5, 5, [1]))
    }

    func testPermutationShuffleAndChoice() throws {
        let rs = NumPyRandomState(seed: 5)
        XCTAssertEqual(try rs.permutation(10).int64s(), try ints("permutation_5_10"))
        var rows = try Tensor.arange(0, 12).reshaped([6, 2])
        try rs.shuffle(&rows)
        XCTAssertEqual(rows.int64s(), try ints("shuffle_5_rows"))
        XCTAssertEqual(try rs.choice(7, [6]).int64s(), try ints("choice_5_replace"))
        XCTAssertEqual(try rs.choice(9, [4], replace: false).int64s(), try ints("choice_5_noreplace"))
        let p = try Tensor(shape: [4], values: [0.1, 0.2, 0.3, 0.4])
        XCTAssertEqual(try rs.choice(4, [8], p: p).int64s(), try ints("choice_5_p"))
        XCTAssertEqual(try rs.choice(4, [3], replace: false, p: p).int64s(), try ints("choice_5_p_noreplace"))
        XCTAssertEqual(rs.randomSample([2]).doubles(), try doubles("after_choice_sample"))
        XCTAssertThrowsError(try rs.choice(3, [4], replace: false))
        XCTAssertThrowsError(try rs.choice(2, [1], p: Tensor(shape: [2], values: [0.5, 0.6])))
    }

    func testStateRoundTrip() throws {
        let rs = NumPyRandomState(seed: 9)
        _ = rs.standardNormal()
        let saved = rs.getState()
        let expected = rs.standardNormal([3]).doubles()
        try rs.setState(key: saved.key, position: saved.position, cachedGaussian: saved.cachedGaussian)
        XCTAssertEqual(rs.standardNormal([3]).doubles(), expected)
        XCTAssertThrowsError(try rs.setState(key: [1, 2], position: 0, cachedGaussian: nil))
    }

    func testSeededEngineIsReproducible() {
        setRandomSeed(42)
        let a = Tensor.glorotUniform([5, 4])
        setRandomSeed(42)
        let b = Tensor.glorotUniform([5, 4])
        XCTAssertEqual(a.doubles(), b.doubles())
        XCTAssertEqual(a.dtype, .float32)
    }

    func testInitialiserRanges() throws {
        let rs = NumPyRandomState(seed: 1)
        let limit = (6.0 / (30 + 20)).squareRoot()
        let glorot = Tensor.glorotUniform([30, 20], using: rs).doubles()
        XCTAssert(glorot.allSatisfy { Swift.abs($0) <= limit })
        XCTAssertGreaterThan(glorot.map(Swift.abs).max() ?? 0, limit * 0.9)
        let heStd = (2.0 / 30).squareRoot() / 0.87962566103423978
        let he = Tensor.heNormal([30, 20], using: rs).doubles()
        XCTAssert(he.allSatisfy { Swift.abs($0) <= 2 * heStd + 1e-6 }, "truncated at two standard deviations")
        XCTAssertEqual(Tensor.fans(of: [3, 3, 8, 16]).fanIn, 72)
        XCTAssertEqual(Tensor.fans(of: [3, 3, 8, 16]).fanOut, 144)
    }

    /// The orthogonal initialiser gives orthonormal rows or columns, scaled by the gain.
    func testOrthogonalInitialiser() throws {
        for shape in [[6, 4], [4, 6], [5, 5]] {
            let q = try Tensor.orthogonal(shape, gain: 2, dtype: .float64, using: NumPyRandomState(seed: 3))
            let product = shape[0] >= shape[1] ? try Tensor.matmul(q, q, transposeA: true) : try Tensor.matmul(q, q, transposeB: true)
            let n = Swift.min(shape[0], shape[1])
            let identity = try Tensor.eye(n).doubles().map { $0 * 4 }
            assertClose(product.doubles(), identity, rtol: 0, atol: 1e-12)
        }
        XCTAssertThrowsError(try Tensor.orthogonal([4]))
    }
}
