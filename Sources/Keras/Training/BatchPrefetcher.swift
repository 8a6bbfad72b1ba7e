import KTensor

/// Gathers the rows of upcoming shuffled batches on the engine's helper thread while the
/// current steps run (what `tf.data`'s prefetch does for Keras). The rows of a shuffled batch
/// come from all over a large array, so copying them waits on memory about as long as a small
/// model's optimizer update; overlapped, it costs the step nothing. Each batch is gathered in
/// parts of `rowsPerTask` rows, each its own `BackgroundTask`, so the helper is never long away
/// from the step's matrix products.
final class BatchPrefetcher {
    /// One batch being gathered: its leaves (filled in place) and the tasks filling them.
    private struct Flight {
        var leaves: [Tensor]
        var tasks: [BackgroundTask]
    }

    /// How many batches ahead of the current one are gathered.
    private static let lookahead = 4
    /// Rows copied by one background task.
    private static let rowsPerTask = 8

    private let sources: [Tensor]
    /// Row positions of each batch of the current epoch.
    private var plan: [ArraySlice<Int>] = []
    private var pending: [Int: Flight] = [:]
    /// The first batch not handed to the helper yet.
    private var nextToSubmit = 0

    /// `sources` are the arrays to cut batches from, made contiguous here (on the engine thread).
    init(sources: [Tensor]) {
        self.sources = sources.map { $0.contiguous() }
    }

    /// Starts an epoch: `order` is the permutation of the rows, cut into `batchCount` batches
    /// of `batchSize` (the last may be shorter).
    func startEpoch(order: [Int], batchSize: Int, batchCount: Int) {
        for flight in pending.values {
            for task in flight.tasks { task.cancel() }
        }
        pending.removeAll()
        plan = (0..<batchCount).map { k in order[(k * batchSize)..<Swift.min((k + 1) * batchSize, order.count)] }
        nextToSubmit = 0
        submit(through: Self.lookahead - 1)
    }

    /// The leaves (in source order) of batch `index` of the epoch.
    func batch(_ index: Int) -> [Tensor] {
        let leaves: [Tensor]
        if let flight = pending.removeValue(forKey: index) {
            for task in flight.tasks { task.wait() }
            leaves = flight.leaves
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
            let positions = plan[nextToSubmit], sources = self.sources
            let leaves = sources.map { Tensor(uninitializedShape: [positions.count] + $0.shape.dropFirst(), dtype: $0.dtype) }
            var tasks: [BackgroundTask] = []
            var start = positions.startIndex
            while start < positions.endIndex {
                let end = Swift.min(start + Self.rowsPerTask, positions.endIndex)
                let part = positions[start..<end], firstRow = start - positions.startIndex
                let task = BackgroundTask {
                    for (source, leaf) in zip(sources, leaves) { source.copyRows(at: part, into: leaf, startingAt: firstRow) }
                }
                tasks.append(task)
                Parallel.submit(task)
                start = end
            }
            pending[nextToSubmit] = Flight(leaves: leaves, tasks: tasks)
            nextToSubmit += 1
        }
    }
}
