import KTensor

/// Gathers the rows of upcoming shuffled batches on the engine's helper thread while the
/// current steps run (what `tf.data`'s prefetch does for Keras). The rows of a shuffled batch
/// come from all over a large array, so copying them waits on memory about as long as a small
/// model's optimizer update; overlapped, it costs the step nothing. Each batch is its own
/// `BackgroundTask`, so the helper is never long away from the step's matrix products.
final class BatchPrefetcher {
    /// The gathered leaves of one batch, filled in by whichever thread runs its task.
    private final class Gathered {
        var leaves: [Tensor] = []
    }

    /// How many batches ahead of the current one are gathered.
    private static let lookahead = 4

    private let sources: [Tensor]
    /// Row positions of each batch of the current epoch.
    private var plan: [ArraySlice<Int>] = []
    private var pending: [Int: (task: BackgroundTask, gathered: Gathered)] = [:]
    /// The first batch not handed to the helper yet.
    private var nextToSubmit = 0

    /// `sources` are the arrays to cut batches from, made contiguous here (on the engine thread).
    init(sources: [Tensor]) {
        self.sources = sources.map { $0.contiguous() }
    }

    /// Starts an epoch: `order` is the permutation of the rows, cut into `batchCount` batches
    /// of `batchSize` (the last may be shorter).
    func startEpoch(order: [Int], batchSize: Int, batchCount: Int) {
        for entry in pending.values { entry.task.cancel() }
        pending.removeAll()
        plan = (0..<batchCount).map { k in order[(k * batchSize)..<Swift.min((k + 1) * batchSize, order.count)] }
        nextToSubmit = 0
        submit(through: Self.lookahead - 1)
    }

    /// The leaves (in source order) of batch `index` of the epoch.
    func batch(_ index: Int) -> [Tensor] {
        let leaves: [Tensor]
        if let entry = pending.removeValue(forKey: index) {
            entry.task.wait()
            leaves = entry.gathered.leaves
        } else {
            leaves = sources.map { $0.gatheringRows(at: plan[index]) }
        }
        nextToSubmit = Swift.max(nextToSubmit, index + 1)
        submit(through: index + Self.lookahead)
        return leaves
    }

    /// Hands the batches up to `last` that are not yet submitted to the helper thread.
    private func submit(through last: Int) {
        while nextToSubmit <= Swift.min(last, plan.count - 1) {
            let gathered = Gathered(), sources = self.sources, positions = plan[nextToSubmit]
            let task = BackgroundTask { gathered.leaves = sources.map { $0.gatheringRows(at: positions) } }
            pending[nextToSubmit] = (task, gathered)
            Parallel.submit(task)
            nextToSubmit += 1
        }
    }
}
