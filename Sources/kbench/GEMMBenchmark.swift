import COpenBLAS
import KTensor

/// `kbench gemm [--reps N]`: GFLOP/s of `Tensor.matmul` against calling `cblas_sgemm`
/// directly with the same operands and transpose flags, at 512³ and at the chapter's training
/// shapes (a 784→64 dense layer on batches of 32, forward and backward). Each repetition
/// times a batch of calls sized to ~2 ms; the median over repetitions is reported. The two
/// are interleaved so both see the same machine state.
enum GEMMBenchmark {
    struct Shape {
        let label: String
        let m: Int, k: Int, n: Int
        /// Operand A is stored transposed (k × m) and used through a transposed view.
        let transposeA: Bool
        /// Operand B is stored transposed (n × k) and used through a transposed view.
        let transposeB: Bool
    }

    static let shapes = [
        Shape(label: "512x512 . 512x512", m: 512, k: 512, n: 512, transposeA: false, transposeB: false),
        Shape(label: "32x784 . 784x64 (forward)", m: 32, k: 784, n: 64, transposeA: false, transposeB: false),
        Shape(label: "32x64 . 64x32", m: 32, k: 64, n: 32, transposeA: false, transposeB: false),
        Shape(label: "784x32 . 32x64 (dW = xT.dz)", m: 784, k: 32, n: 64, transposeA: true, transposeB: false),
        Shape(label: "32x64 . 64x784 (dx = dz.WT)", m: 32, k: 64, n: 784, transposeA: false, transposeB: true),
    ]

    static func run(_ arguments: [String]) -> Int32 {
        var repetitions = 41
        if let i = arguments.firstIndex(of: "--reps"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 {
            repetitions = n
        }
        // Both sides run with the engine's OpenBLAS thread setting.
        print("GEMM float32: engine Tensor.matmul vs direct cblas_sgemm (median of \(repetitions) repetitions, \(BLAS.threadCount) OpenBLAS thread(s))")
        print(pad("shape", 32) + pad("engine GFLOP/s", 16) + pad("direct GFLOP/s", 16) + "ratio")
        var worst = Double.infinity
        for shape in shapes {
            let (engine, direct) = measure(shape, repetitions: repetitions)
            let ratio = engine / direct
            worst = Swift.min(worst, ratio)
            print(pad(shape.label, 32) + pad(format(engine), 16) + pad(format(direct), 16) + format(ratio * 100) + "%")
        }
        print("lowest ratio: \(format(worst * 100))% (target >= 90%)")
        return 0
    }

    /// (engine, direct) GFLOP/s for one shape.
    static func measure(_ shape: Shape, repetitions: Int) -> (Double, Double) {
        let m = shape.m, k = shape.k, n = shape.n
        let storedA = shape.transposeA ? [k, m] : [m, k]
        let storedB = shape.transposeB ? [n, k] : [k, n]
        let generator = NumPyRandomState(seed: 1)
        let a0 = Tensor.randomUniform(storedA, min: -1, max: 1, using: generator)
        let b0 = Tensor.randomUniform(storedB, min: -1, max: 1, using: generator)
        // The engine sees logical m×k and k×n operands; transposed ones are strided views.
        let a = shape.transposeA ? (try? a0.transposed()) ?? a0 : a0
        let b = shape.transposeB ? (try? b0.transposed()) ?? b0 : b0
        var c = [Float](repeating: 0, count: m * n)
        let flops = 2.0 * Double(m * n * k)

        let direct: () -> Void = {
            a0.withUnsafeBufferPointer(as: Float.self) { pa in
                b0.withUnsafeBufferPointer(as: Float.self) { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, shape.transposeA ? CblasTrans : CblasNoTrans, shape.transposeB ? CblasTrans : CblasNoTrans,
                                    blasint(m), blasint(n), blasint(k), 1, pa.baseAddress, blasint(storedA[1]),
                                    pb.baseAddress, blasint(storedB[1]), 0, pc.baseAddress, blasint(n))
                    }
                }
            }
        }
        var sink = 0
        let engine: () -> Void = {
            if let product = try? Tensor.matmul(a, b) { sink &+= product.count }
        }
        // Calls per timed batch: about 2 ms of work.
        let start = now()
        var calls = 0
        while now() - start < 0.02 {
            direct()
            calls += 1
        }
        let batch = Swift.max(1, Int(Double(calls) / 10))
        for _ in 0..<batch { engine() }

        var engineTimes: [Double] = [], directTimes: [Double] = []
        for _ in 0..<repetitions {
            var t0 = now()
            for _ in 0..<batch { direct() }
            directTimes.append((now() - t0) / Double(batch))
            t0 = now()
            for _ in 0..<batch { engine() }
            engineTimes.append((now() - t0) / Double(batch))
        }
        precondition(sink > 0)
        return (flops / median(engineTimes) * 1e-9, flops / median(directTimes) * 1e-9)
    }

    static func format(_ x: Double) -> String {
        let scaled = (x * 10).rounded() / 10
        return String(scaled)
    }
}
