#if canImport(Glibc)
import Glibc
#endif

/// A kbench subcommand.
struct Benchmark {
    let name: String
    let summary: String
    /// Runs with the remaining arguments; returns the process exit status.
    let run: ([String]) -> Int32
}

/// The registered subcommands (add new ones here).
enum Benchmarks {
    static let all: [Benchmark] = [
        Benchmark(name: "gemm", summary: "engine matmul vs direct cblas_sgemm (GFLOP/s, median of repetitions)", run: GEMMBenchmark.run),
        Benchmark(name: "overhead", summary: "fixed per-call cost of tiny engine ops (ns)", run: OverheadBenchmark.run),
        Benchmark(name: "step", summary: "training step of the chapter's MLP with the fused ops (us/step)", run: TrainingStepBenchmark.run),
        Benchmark(name: "floor", summary: "matrix products alone of one chapter-MLP epoch: OpenBLAS 1 and 2 threads, engine (s)", run: FloorBenchmark.run),
        Benchmark(name: "fit", summary: "Keras fit/evaluate of the chapter MLP on Fashion-MNIST (s/epoch, ms)", run: FitBenchmark.run),
    ]
}

/// Seconds on the monotonic clock.
func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// The median of `values`.
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}

/// `s` padded with spaces to `width` (at least one space after it).
func pad(_ s: String, _ width: Int) -> String {
    s.count >= width ? s + " " : s + String(repeating: " ", count: width - s.count)
}
