import KTensor

/// The kernels of sibling layer calls, run side by side.
///
/// A Functional model calls a run of independent recurrent layers (the two LSTMs of the
/// chapter's two-input model) inside `collect`. Each layer's sequence kernel then, instead of
/// running at once with the batch's rows cut between the two threads, hands its work for the
/// whole batch to `run`; when the calls are made, `collect` runs the kernels, one per thread.
/// Each kernel's products then have all the rows (fewer, larger BLAS calls) and the threads
/// meet once for the run instead of once for each layer. A layer's outputs are filled in only
/// when `collect` returns, so nothing between the calls may read them: the model runs only
/// calls that do not consume each other's outputs this way.
enum BranchKernels {
    /// The kernels handed over so far, while collecting.
    nonisolated(unsafe) private static var collected: [() -> Void]?

    /// True inside `collect`: a recurrent kernel keeps its rows whole (`RecurrentRows`).
    static var isCollecting: Bool { collected != nil }

    /// Runs `calls` (the layer calls), then the kernels they handed to `run`, side by side. A
    /// call that throws drops the kernels: the outputs they would fill are never read.
    static func collect<R>(_ calls: () throws -> R) rethrows -> R {
        let outer = collected
        collected = []
        defer { collected = outer }
        let result = try calls()
        let kernels = collected ?? []
        collected = outer
        Parallel.forEachPiece(kernels.count) { kernels[$0]() }
        return result
    }

    /// Runs `kernel` now, or inside `collect` with the other calls' kernels.
    static func run(_ kernel: @escaping () -> Void) {
        if collected != nil {
            collected?.append(kernel)
        } else {
            kernel()
        }
    }
}
