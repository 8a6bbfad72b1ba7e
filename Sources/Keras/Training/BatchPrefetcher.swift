import Dispatch
import KTensor

/// Gathers the rows of upcoming shuffled batches on a background thread while the current
/// steps run (what `tf.data`'s prefetch does for Keras). The rows of a shuffled batch come from
/// all over a large array, so copying them waits on memory about as long as a small model's
/// optimizer update; overlapped, it costs the step nothing. Batches are gathered a few at a
/// time so that waking the background thread is rare.
final class BatchPrefetcher {
    /// The gathered leaves of some batches, filled in by the background thread.
    private final class Gathered {
        var batches: [[Tensor]] = []
    }

    /// Batches gathered per wake-up of the background thread.
    private static let batchesPerTask = 4

    private let sources: [Tensor]
    private let queue = DispatchQueue(label: "kscript.batch-prefetch")
    /// Row positions of each batch of the current epoch.
    private var plan: [ArraySlice<Int>] = []
    private var ready: [Int: [Tensor]] = [:]
    private var inFlight: (first: Int, count: Int, group: DispatchGroup, gathered: Gathered)?

    /// `sources` are the arrays to cut batches from, made contiguous here (on the engine thread).
    init(sources: [Tensor]) {
        self.sources = sources.map { $0.contiguous() }
    }

    /// Starts an epoch: `order` is the permutation of the rows, cut into `batchCount` batches
    /// of `batchSize` (the last may be shorter).
    func startEpoch(order: [Int], batchSize: Int, batchCount: Int) {
        waitForInFlight()
        ready.removeAll()
        plan = (0..<batchCount).map { k in order[(k * batchSize)..<Swift.min((k + 1) * batchSize, order.count)] }
        schedule(from: 0)
    }

    /// The leaves (in source order) of batch `index` of the epoch.
    func batch(_ index: Int) -> [Tensor] {
        if let flight = inFlight, (flight.first..<(flight.first + flight.count)).contains(index) {
            waitForInFlight()
        }
        let leaves = ready.removeValue(forKey: index) ?? sources.map { $0.gatheringRows(at: plan[index]) }
        if ready[index + 1] == nil || ready[index + 2] == nil { schedule(from: index + 1) }
        return leaves
    }

    /// Gathers the batches from `first` on that are not ready yet, in the background.
    private func schedule(from first: Int) {
        guard inFlight == nil else { return }
        var start = first
        while ready[start] != nil { start += 1 }
        let slices = Array(plan[Swift.min(start, plan.count)..<Swift.min(start + Self.batchesPerTask, plan.count)])
        guard !slices.isEmpty else { return }
        let group = DispatchGroup(), gathered = Gathered(), sources = self.sources
        queue.async(group: group) {
            gathered.batches = slices.map { positions in sources.map { $0.gatheringRows(at: positions) } }
        }
        inFlight = (start, slices.count, group, gathered)
    }

    private func waitForInFlight() {
        guard let flight = inFlight else { return }
        flight.group.wait()
        for (offset, leaves) in flight.gathered.batches.enumerated() { ready[flight.first + offset] = leaves }
        inFlight = nil
    }
}
