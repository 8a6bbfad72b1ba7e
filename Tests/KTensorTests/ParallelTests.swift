import COpenBLAS
import Synchronization
import XCTest
@testable import KTensor

/// The helper thread's pieces and background tasks, and matrix products cut into pieces.
final class ParallelTests: XCTestCase {
    func testEveryPieceRunsExactlyOnce() {
        for count in [0, 1, 2, 3, 16, 257] {
            let runs = UnsafeMutablePointer<Atomic<Int>>.allocate(capacity: Swift.max(count, 1))
            for i in 0..<Swift.max(count, 1) { (runs + i).initialize(to: Atomic(0)) }
            defer { runs.deallocate() }
            for _ in 0..<20 {
                Parallel.forEachPiece(count) { piece in runs[piece].add(1, ordering: .relaxed) }
            }
            for i in 0..<count { XCTAssertEqual(runs[i].load(ordering: .relaxed), 20, "piece \(i) of \(count)") }
        }
    }

    func testNestedCallsRunOnTheCallingThread() {
        let total = Atomic<Int>(0)
        Parallel.forEachPiece(4) { _ in
            Parallel.forEachPiece(3) { _ in total.add(1, ordering: .relaxed) }
        }
        XCTAssertEqual(total.load(ordering: .relaxed), 12)
    }

    /// Denormal operands flush to zero in every piece under `FloatMode.flushingDenormals`
    /// (the helper takes the caller's mode) and stay denormal outside it.
    func testPiecesRunInTheCallersFloatMode() {
        let count = 4096
        let tiny = [Float](repeating: .leastNonzeroMagnitude, count: count)
        let out = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { out.deallocate() }
        tiny.withUnsafeBufferPointer { input in
            for _ in 0..<20 {
                FloatMode.flushingDenormals {
                    Parallel.forEachPiece(count) { i in out[i] = input[i] * 1.5 }
                }
                XCTAssertTrue((0..<count).allSatisfy { out[$0] == 0 })
                Parallel.forEachPiece(count) { i in out[i] = input[i] * 1.5 }
                XCTAssertTrue((0..<count).allSatisfy { out[$0] > 0 })
            }
        }
    }

    func testBackgroundTaskRunsOnceWhetherWaitedForOrNot() {
        let runs = Atomic<Int>(0)
        let tasks = (0..<50).map { _ in BackgroundTask { runs.add(1, ordering: .relaxed) } }
        for task in tasks { Parallel.submit(task) }
        for task in tasks { task.wait() }
        XCTAssertEqual(runs.load(ordering: .relaxed), 50)
        for task in tasks { task.wait() }
        XCTAssertEqual(runs.load(ordering: .relaxed), 50)
    }

    func testCancelledTaskThatHasNotStartedNeverRuns() {
        let runs = Atomic<Int>(0)
        let task = BackgroundTask { runs.add(1, ordering: .relaxed) }
        task.cancel()
        Parallel.submit(task)
        task.wait()
        XCTAssertEqual(runs.load(ordering: .relaxed), 0)
    }

    /// A batch gathered in parts on the helper (as the batch prefetcher does) equals the rows
    /// gathered in one call.
    func testRowsCopiedInPartsOnTheHelperEqualOneGather() throws {
        let source = try Tensor(shape: [50, 3, 2], values: (0..<300).map { Float($0) })
        let positions = [7, 0, 49, 12, 12, 33, 5, 21, 40, 1, 2]
        let whole = source.gatheringRows(at: positions)
        let target = Tensor(uninitializedShape: [positions.count, 3, 2], dtype: .float32)
        let tasks = stride(from: 0, to: positions.count, by: 4).map { start in
            BackgroundTask {
                source.copyRows(at: positions[start..<Swift.min(start + 4, positions.count)], into: target, startingAt: start)
            }
        }
        for task in tasks { Parallel.submit(task) }
        for task in tasks { task.wait() }
        XCTAssertEqual(target.shape, whole.shape)
        XCTAssertEqual(target.withUnsafeBufferPointer(as: Float.self) { Array($0) }, whole.withUnsafeBufferPointer(as: Float.self) { Array($0) })
    }

    func testPartitionCoversTheCutSideInBandsOfEight() {
        for (m, n, k) in [(32, 64, 784), (784, 64, 32), (32, 784, 64), (128, 64, 784), (10000, 64, 784), (33, 40, 9000), (8, 8, 8)] {
            let partition = GEMMPartition(m: m, n: n, k: k)
            var covered = 0
            for band in 0..<partition.bands {
                let (part, cOffset) = partition.part(band, kStart: 0, kEnd: k, lda: k, ldb: n, ldc: n)
                let size = partition.alongRows ? part.m : part.n
                let start = partition.alongRows ? cOffset / n : cOffset
                XCTAssertEqual(start, covered, "\(m)x\(n)x\(k) band \(band)")
                XCTAssertEqual(start % 8, 0)
                XCTAssertGreaterThan(size, 0)
                covered += size
            }
            XCTAssertEqual(covered, partition.alongRows ? m : n, "\(m)x\(n)x\(k)")
            if m * n * k < 1 << 18 { XCTAssertEqual(partition.pieces, 1) }
        }
        XCTAssertEqual(GEMMPartition(m: 32, n: 64, k: 784).pieces, 2)
        XCTAssertEqual(GEMMPartition(m: 128, n: 64, k: 784).pieces, 8)
        XCTAssertEqual(GEMMPartition(m: 784, n: 64, k: 32).pieces, 2)
    }

    /// A product whose inner dimension is far the longest is cut in two along it (at a
    /// multiple of 8), each half into bands as a whole product would be; the rest keep the
    /// whole inner dimension in every piece.
    func testTallInnerDimensionsAreCutInTwo() {
        XCTAssertEqual(GEMMPartition(m: 32, n: 64, k: 784).innerCut, 392)
        XCTAssertEqual(GEMMPartition(m: 32, n: 64, k: 784).bands, 1)
        XCTAssertEqual(GEMMPartition(m: 128, n: 64, k: 784).innerCut, 392)
        XCTAssertEqual(GEMMPartition(m: 128, n: 64, k: 784).bands, 4)
        XCTAssertEqual(GEMMPartition(m: 33, n: 40, k: 9000).innerCut, 4496)
        XCTAssertNil(GEMMPartition(m: 784, n: 64, k: 32).innerCut)
        XCTAssertNil(GEMMPartition(m: 10000, n: 64, k: 784).innerCut)
        XCTAssertNil(GEMMPartition(m: 8, n: 8, k: 784).innerCut, "too small to cut")
        let partition = GEMMPartition(m: 32, n: 64, k: 784)
        let (second, _) = partition.part(0, kStart: 392, kEnd: 784, lda: 784, ldb: 64, ldc: 64)
        XCTAssertEqual([second.m, second.n, second.k, second.aOffset, second.bOffset], [32, 64, 392, 392, 392 * 64])
        let (transposed, _) = GEMMPartition(m: 32, n: 64, k: 784, transposeA: true, transposeB: true)
            .part(0, kStart: 392, kEnd: 784, lda: 32, ldb: 784, ldc: 64)
        XCTAssertEqual([transposed.aOffset, transposed.bOffset], [392 * 32, 392])
    }

    /// A cut inner dimension keeps `alpha` and `beta` (C = alpha·A·B + beta·C) in single and
    /// double precision, inside and outside `cuttingAlongRows`.
    func testInnerCutKeepsAlphaAndBetaInBothPrecisions() {
        let (m, n, k) = (32, 64, 784)
        XCTAssertNotNil(GEMMPartition(m: m, n: n, k: k).innerCut)
        let a = randomFloats(m * k, seed: 5), b = randomFloats(k * n, seed: 6), c0 = randomFloats(m * n, seed: 7)
        var expected = [Double](repeating: 0, count: m * n)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k { sum += Double(a[i * k + p]) * Double(b[p * n + j]) }
                expected[i * n + j] = 0.5 * sum + 2 * Double(c0[i * n + j])
            }
        }
        for rowsFirst in [false, true] {
            var c = c0
            var cd = c0.map(Double.init)
            let ad = a.map(Double.init), bd = b.map(Double.init)
            let run = {
                sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 0.5, a: a, lda: k, b: b, ldb: n, beta: 2, c: &c, ldc: n)
                dgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 0.5, a: ad, lda: k, b: bd, ldb: n, beta: 2, c: &cd, ldc: n)
            }
            if rowsFirst { BLAS.cuttingAlongRows(run) } else { run() }
            for index in 0..<(m * n) {
                XCTAssertEqual(Double(c[index]), expected[index], accuracy: 1e-3, "float at \(index), rows first: \(rowsFirst)")
                XCTAssertEqual(cd[index], expected[index], accuracy: 1e-9, "double at \(index), rows first: \(rowsFirst)")
            }
        }
    }

    /// Every transpose combination of a product that is cut into pieces equals a plain
    /// triple loop, and repeated runs (pieces landing on either thread) give the same bits.
    func testProductsCutIntoPiecesMatchTheDefinitionAndRepeatExactly() throws {
        for (m, n, k) in [(32, 64, 784), (784, 64, 32), (40, 800, 64), (128, 64, 784), (27, 40, 2000)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = randomFloats(m * k, seed: 1), b = randomFloats(k * n, seed: 2)
                    let lda = transposeA ? m : k, ldb = transposeB ? k : n
                    var expected = [Double](repeating: 0, count: m * n)
                    for i in 0..<m {
                        for j in 0..<n {
                            var sum = 0.0
                            for p in 0..<k {
                                let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                                let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                                sum += Double(x) * Double(y)
                            }
                            expected[i * n + j] = sum
                        }
                    }
                    let first = product(a, b, m, n, k, transposeA, transposeB)
                    for index in 0..<(m * n) {
                        XCTAssertEqual(Double(first[index]), expected[index], accuracy: 1e-3, "\(m)x\(n)x\(k) \(transposeA) \(transposeB) at \(index)")
                    }
                    for _ in 0..<10 {
                        XCTAssertEqual(product(a, b, m, n, k, transposeA, transposeB), first)
                    }
                }
            }
        }
    }

    /// Inside `BLAS.cuttingAlongRows` a wide product of a batch is cut along its rows; every
    /// element comes out as with the shape's own cut (along the columns) up to the order of
    /// its sum, which OpenBLAS may choose by the band's shape, and the same from run to run.
    func testRowsFirstCutGivesTheSameProducts() throws {
        XCTAssertFalse(GEMMPartition(m: 32, n: 64, k: 300).alongRows)
        let rowsFirst = BLAS.cuttingAlongRows { GEMMPartition(m: 32, n: 64, k: 300) }
        XCTAssertTrue(rowsFirst.alongRows)
        XCTAssertEqual(rowsFirst.pieces, 2)
        XCTAssertFalse(BLAS.rowsFirst)
        XCTAssertFalse(BLAS.cuttingAlongRows { GEMMPartition(m: 16, n: 64, k: 300) }.alongRows)
        let inference = BLAS.cuttingAlongRows { GEMMPartition(m: 32, n: 64, k: 784) }
        XCTAssertEqual(inference.innerCut, 392, "the inner cut is the shape's")
        XCTAssertTrue(inference.bandsHoldBothHalves)
        XCTAssertEqual(inference.pieces, 2)
        XCTAssertFalse(GEMMPartition(m: 32, n: 64, k: 784).bandsHoldBothHalves)
        XCTAssertFalse(BLAS.cuttingAlongRows { GEMMPartition(m: 32, n: 64, k: 784, transposeB: true) }.bandsHoldBothHalves)
        for (m, n, k) in [(32, 64, 784), (64, 128, 300), (32, 800, 64), (128, 64, 784)] {
            for transposeA in [false, true] {
                for transposeB in [false, true] {
                    let a = randomFloats(m * k, seed: 3), b = randomFloats(k * n, seed: 4)
                    let byShape = product(a, b, m, n, k, transposeA, transposeB)
                    let byRows = BLAS.cuttingAlongRows { product(a, b, m, n, k, transposeA, transposeB) }
                    let worst = zip(byRows, byShape).map { abs($0 - $1) / Swift.max(abs($1), 1) }.max() ?? .nan
                    XCTAssertLessThanOrEqual(worst, 1e-5, "\(m)x\(n)x\(k) \(transposeA) \(transposeB)")
                    let again = BLAS.cuttingAlongRows { product(a, b, m, n, k, transposeA, transposeB) }
                    XCTAssertEqual(again.map(\.bitPattern), byRows.map(\.bitPattern), "\(m)x\(n)x\(k) \(transposeA) \(transposeB)")
                }
            }
        }
    }

    /// A product with beta 0 clears C itself and hands OpenBLAS beta 1 (`zeroingForBLAS`):
    /// C's old contents (NaN here) are ignored, columns outside the product stay untouched, and
    /// the bits are OpenBLAS's own for beta 0 on the same cut (bands, halves of the inner
    /// dimension).
    func testBetaZeroIgnoresOldContentsAndKeepsOpenBLASBits() throws {
        for (m, n, k, ldc) in [(5, 7, 3, 9), (64, 128, 300, 128), (32, 800, 64, 801), (32, 64, 784, 70)] {
            let a = randomFloats(m * k, seed: 5), b = randomFloats(k * n, seed: 6)
            var ours = [Float](repeating: .nan, count: m * ldc), theirs = [Float](repeating: .nan, count: m * ldc)
            sgemm(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &ours, ldc: ldc)
            // The cut's own BLAS calls, with OpenBLAS clearing C for beta 0.
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    theirs.withUnsafeMutableBufferPointer { pc in
                        GEMMPartition(m: m, n: n, k: k).run(lda: k, ldb: n, beta: Float(0), c: pc.baseAddress!, ldc: ldc) { part, beta, c, ldc in
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, blasint(part.m), blasint(part.n), blasint(part.k), 1,
                                        pa.baseAddress! + part.aOffset, blasint(k), pb.baseAddress! + part.bOffset, blasint(n), beta, c, blasint(ldc))
                        }
                    }
                }
            }
            XCTAssertEqual(ours.map(\.bitPattern), theirs.map(\.bitPattern), "\(m)x\(n)x\(k)")
            XCTAssertTrue((0..<m).allSatisfy { row in (n..<ldc).allSatisfy { ours[row * ldc + $0].isNaN } })
        }
    }

    private func product(_ a: [Float], _ b: [Float], _ m: Int, _ n: Int, _ k: Int, _ transposeA: Bool, _ transposeB: Bool) -> [Float] {
        var c = [Float](repeating: .nan, count: m * n)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                          a: pa.baseAddress!, lda: transposeA ? m : k, b: pb.baseAddress!, ldb: transposeB ? k : n,
                          beta: 0, c: pc.baseAddress!, ldc: n)
                }
            }
        }
        return c
    }

    private func randomFloats(_ count: Int, seed: UInt64) -> [Float] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2001 - 1000) / 1000
        }
    }

    /// Feeds `trial` `count` jobs of `duration` ns each, back to back from `clock`; returns the
    /// decisions it announced.
    func run(_ trial: inout HelperTrial, jobs count: Int, lasting duration: UInt64, clock: inout UInt64) -> [Bool] {
        var decisions: [Bool] = []
        for _ in 0..<count {
            if let decision = trial.record(start: clock, end: clock + duration) { decisions.append(decision) }
            clock += duration + 1_000
        }
        return decisions
    }

    /// A trial past its first settled period, in its first window with the helper.
    func startedTrial(_ clock: inout UInt64) -> HelperTrial {
        var trial = HelperTrial()
        XCTAssertEqual(trial.phase, .settled)
        XCTAssertNil(trial.record(start: clock, end: clock + 10_000))
        clock += HelperTrial.shortestSettle
        XCTAssertEqual(trial.record(start: clock, end: clock + 10_000), true)
        clock += 20_000
        return trial
    }

    func testTheFirstTrialWaitsOneSettledPeriod() {
        var trial = HelperTrial(), clock: UInt64 = 1_000_000
        XCTAssertEqual(run(&trial, jobs: 3 * HelperTrial.jobsPerWindow, lasting: 10_000, clock: &clock), [])
        clock += HelperTrial.shortestSettle
        XCTAssertEqual(run(&trial, jobs: 1, lasting: 10_000, clock: &clock), [true])
        XCTAssertEqual(trial.phase, .withHelper)
    }

    func testTrialKeepsTheHelperWhenItIsFaster() {
        var clock: UInt64 = 1_000_000
        var trial = startedTrial(&clock)
        let window = HelperTrial.jobsPerWindow
        XCTAssertEqual(trial.phase, .withHelper)
        XCTAssertEqual(run(&trial, jobs: window, lasting: 10_000, clock: &clock), [false])
        XCTAssertEqual(trial.phase, .withoutHelper)
        XCTAssertEqual(run(&trial, jobs: window, lasting: 15_000, clock: &clock), [true])
        XCTAssertEqual(trial.phase, .settled)
        // Settled: no trial until the period is over, then one starts with the helper.
        XCTAssertEqual(run(&trial, jobs: 10, lasting: 10_000, clock: &clock), [])
        clock += HelperTrial.shortestSettle
        XCTAssertEqual(run(&trial, jobs: 1, lasting: 10_000, clock: &clock), [true])
        XCTAssertEqual(trial.phase, .withHelper)
    }

    func testTrialDropsTheHelperWhenWorkIsSlowerWithIt() {
        var clock: UInt64 = 1_000_000
        var trial = startedTrial(&clock)
        let window = HelperTrial.jobsPerWindow
        XCTAssertEqual(run(&trial, jobs: window, lasting: 30_000, clock: &clock), [false])
        XCTAssertEqual(run(&trial, jobs: window, lasting: 20_000, clock: &clock), [false])
        XCTAssertEqual(trial.phase, .settled)
    }

    func testAGapBetweenJobsRestartsTheWindow() {
        var clock: UInt64 = 1_000_000
        var trial = startedTrial(&clock)
        let window = HelperTrial.jobsPerWindow
        XCTAssertEqual(run(&trial, jobs: window - 1, lasting: 10_000, clock: &clock), [])
        clock += HelperTrial.gapNanoseconds + 1
        XCTAssertEqual(run(&trial, jobs: window - 1, lasting: 10_000, clock: &clock), [])
        XCTAssertEqual(run(&trial, jobs: 1, lasting: 10_000, clock: &clock), [false])
    }

    func testConfirmedDecisionsComeUpForTrialLessOften() {
        var clock: UInt64 = 1_000_000
        var trial = startedTrial(&clock)
        let window = HelperTrial.jobsPerWindow
        var settle = HelperTrial.shortestSettle
        for round in 0..<5 {
            // The first job after the settled period starts the next trial.
            if round > 0 { XCTAssertEqual(run(&trial, jobs: 1, lasting: 10_000, clock: &clock), [true], "round \(round)") }
            XCTAssertEqual(run(&trial, jobs: window, lasting: 10_000, clock: &clock), [false], "round \(round)")
            XCTAssertEqual(run(&trial, jobs: window, lasting: 20_000, clock: &clock), [true], "round \(round)")
            // Until the period is over, no trial.
            clock += settle - 50_000_000
            XCTAssertEqual(run(&trial, jobs: 1, lasting: 10_000, clock: &clock), [], "round \(round)")
            clock += 50_000_000
            settle = Swift.min(2 * settle, HelperTrial.longestSettle)
        }
    }
}
