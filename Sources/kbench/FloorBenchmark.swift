import COpenBLAS
import KTensor

/// `kbench floor [--batch N]`: seconds per epoch (60,000 images) of the matrix products alone
/// of the chapter MLP's training (784-64-32-10: three forward products, three weight gradients,
/// two input gradients per step). Measured three ways: direct `cblas_sgemm` with one OpenBLAS
/// thread, with two OpenBLAS threads, and through the engine's `sgemm` (products cut into
/// pieces shared with its helper thread). The issue's speed target is stated against this floor.
enum FloorBenchmark {
    static let widths = [784, 64, 32, 10]

    static func run(_ arguments: [String]) -> Int32 {
        var batch = 32
        if let i = arguments.firstIndex(of: "--batch"), i + 1 < arguments.count, let n = Int(arguments[i + 1]), n > 0 {
            batch = n
        }
        let operands = Operands(batch: batch)
        defer { operands.free() }
        let steps = 60_000 / batch
        let previousThreads = BLAS.threadCount
        print("matrix products of one epoch of the chapter MLP, batch \(batch) (\(steps) steps; median of 7)")
        for (label, threads, engine) in [("cblas_sgemm, 1 OpenBLAS thread", 1, false), ("cblas_sgemm, 2 OpenBLAS threads", 2, false),
                                         ("engine sgemm (pieces on 2 threads)", 1, true)] {
            BLAS.threadCount = threads
            let seconds = FloatMode.flushingDenormals { epochSeconds(operands, steps: steps, engine: engine) }
            print("  \(pad(label, 36)) \(String(format: "%.4f", seconds)) s")
        }
        BLAS.threadCount = previousThreads
        return 0
    }

    /// Activations, their gradients and the weights of one step, filled with values in [-1, 1].
    final class Operands {
        let batch: Int
        let activations: [UnsafeMutablePointer<Float>]
        let gradients: [UnsafeMutablePointer<Float>]
        let weights: [UnsafeMutablePointer<Float>]
        let weightGradients: [UnsafeMutablePointer<Float>]

        init(batch: Int) {
            self.batch = batch
            var seed: UInt32 = 1
            func filled(_ count: Int) -> UnsafeMutablePointer<Float> {
                let p = UnsafeMutablePointer<Float>.allocate(capacity: count)
                for i in 0..<count {
                    seed = seed &* 1_664_525 &+ 1_013_904_223
                    p[i] = Float(seed >> 8) / Float(1 << 23) - 1
                }
                return p
            }
            let widths = FloorBenchmark.widths
            activations = widths.map { filled(batch * $0) }
            gradients = widths.map { filled(batch * $0) }
            weights = (0..<3).map { filled(widths[$0] * widths[$0 + 1]) }
            weightGradients = (0..<3).map { filled(widths[$0] * widths[$0 + 1]) }
        }

        func free() {
            for p in activations + gradients + weights + weightGradients { p.deallocate() }
        }
    }

    static func epochSeconds(_ o: Operands, steps: Int, engine: Bool) -> Double {
        for _ in 0..<steps { step(o, engine: engine) }
        var times: [Double] = []
        for _ in 0..<7 {
            let start = now()
            for _ in 0..<steps { step(o, engine: engine) }
            times.append(now() - start)
        }
        return median(times)
    }

    static func step(_ o: Operands, engine: Bool) {
        let w = widths, b = o.batch
        func product(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ lda: Int,
                     _ bb: UnsafePointer<Float>, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
            if engine {
                sgemm(transposeA: ta, transposeB: tb, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: bb, ldb: ldb, beta: 0, c: c, ldc: ldc)
            } else {
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, blasint(m), blasint(n), blasint(k),
                            1, a, blasint(lda), bb, blasint(ldb), 0, c, blasint(ldc))
            }
        }
        for l in 0..<3 {
            product(false, false, b, w[l + 1], w[l], o.activations[l], w[l], o.weights[l], w[l + 1], o.activations[l + 1], w[l + 1])
        }
        for l in stride(from: 2, through: 0, by: -1) {
            product(true, false, w[l], w[l + 1], b, o.activations[l], w[l], o.gradients[l + 1], w[l + 1], o.weightGradients[l], w[l + 1])
            if l > 0 {
                product(false, true, b, w[l], w[l + 1], o.gradients[l + 1], w[l + 1], o.weights[l], w[l + 1], o.gradients[l], w[l])
            }
        }
    }
}
