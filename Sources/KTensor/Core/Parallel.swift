import COpenBLAS
import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Work split into numbered pieces, shared by the calling thread and one helper thread.
///
/// The engine's kernels are small (one layer on one batch): OpenBLAS's own threads cost more
/// than they give there, and a thread pool's wake-up costs as much as the work. The helper
/// spins for a while after each job so that the next one, a few microseconds later, starts at
/// once; then it sleeps. The caller takes pieces too and never waits for a piece the helper
/// has not started, so a helper that is descheduled or asleep only costs the parallelism; where
/// the helper makes work slower (two CPUs that are really one core), `HelperTrial` finds out
/// and the caller works alone for a while.
///
/// How the work is cut never depends on the threads that run it: a kernel split into pieces
/// gives the same bits with one thread or two. `KSCRIPT_THREADS=1` (or a single CPU) leaves the
/// helper out.
public enum Parallel {
    /// Runs `body(piece)` once for every `piece` in `0..<count`, in any order and on up to two
    /// threads, and returns when all have run. The helper runs its pieces in the caller's
    /// floating-point mode. Nested and concurrent calls run their pieces on the calling thread.
    public static func forEachPiece(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1, let helper = PieceHelper.shared, helper.begin() else {
            for piece in 0..<Swift.max(count, 0) { body(piece) }
            return
        }
        withoutActuallyEscaping(body) { helper.run(count: count, body: $0) }
    }

    /// Where an elementwise pass over `count` elements is cut in two (a multiple of 16). The
    /// optimizers' updates and the large gradients that feed them (embedding gradients and
    /// their sums on the tape) cut here alike, so each thread updates the elements it wrote.
    public static func halfway(_ count: Int) -> Int { (count / 2) & ~15 }

    /// The fewest elements of a memory-bound pass (zeroing and scattering an embedding's
    /// gradient, summing two gradients) that is cut at `halfway` between the two threads.
    static let halvingThreshold = 1 << 15

    /// Hands `task` to the helper thread, which runs it when it has no pieces to take. Without
    /// a helper the task runs when it is first waited for.
    public static func submit(_ task: BackgroundTask) {
        guard let helper = PieceHelper.shared, helper.isWelcome else { return }
        helper.enqueue(task)
    }

    /// One round of a spin-wait: a pause, and every 64th round a yield of the CPU. The caller
    /// and the helper may share one CPU (the scheduler puts a woken thread beside its waker);
    /// a waiter that never yields would keep the other from finishing until the next tick.
    static func backOff(_ spins: inout Int) {
        spins += 1
        if spins & 63 == 0 { sched_yield() } else { kscript_spin_pause() }
    }
}

/// Work for the helper thread's idle time (gathering the next batches while a step runs).
/// `wait()` returns once it has run, running it on the calling thread if the helper has not
/// started it, so a busy or absent helper never holds the caller up.
public final class BackgroundTask: @unchecked Sendable {
    private static let pending = 0, running = 1, done = 2
    private let state = Atomic<Int>(BackgroundTask.pending)
    private var work: (() -> Void)?

    public init(_ work: @escaping () -> Void) {
        self.work = work
    }

    /// Runs the task here unless another thread has started it; true if it ran here.
    @discardableResult
    func runIfPending() -> Bool {
        guard state.compareExchange(expected: BackgroundTask.pending, desired: BackgroundTask.running,
                                    ordering: .acquiring).exchanged else { return false }
        work?()
        work = nil
        state.store(BackgroundTask.done, ordering: .releasing)
        return true
    }

    /// Drops the task if it has not started; otherwise returns when it has run.
    public func cancel() {
        if state.compareExchange(expected: BackgroundTask.pending, desired: BackgroundTask.done,
                                 ordering: .acquiring).exchanged {
            work = nil
            return
        }
        wait()
    }

    /// Returns when the task has run (on the helper, or here if it had not started).
    public func wait() {
        if runIfPending() { return }
        var spins = 0
        while state.load(ordering: .acquiring) != BackgroundTask.done { Parallel.backOff(&spins) }
    }
}

/// The helper thread behind `Parallel` and the job it shares with the caller.
private final class PieceHelper: @unchecked Sendable {
    static let shared: PieceHelper? = {
        if let setting = getenv("KSCRIPT_THREADS"), Int(String(cString: setting)) == 1 { return nil }
        guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else { return nil }
        return PieceHelper()
    }()

    /// The job's claim word: generation (bits 40...), and the unclaimed pieces `front..<back`
    /// (front in bits 0..<20, back in bits 20..<40). The caller takes pieces from the front and
    /// the helper from the back, so a kernel's pieces (and the cache lines they write) land on
    /// the same thread from one call to the next whenever both threads take part.
    private let claim = Atomic<UInt64>(0)
    /// Pieces of the current job that have finished.
    private let finished = Atomic<Int>(0)
    /// Set while a caller owns the helper.
    private let busy = Atomic<Bool>(false)
    /// Set while the helper sleeps (or is about to) on `wake`.
    private let sleeping = Atomic<Bool>(false)
    private let wake = DispatchSemaphore(value: 0)
    /// The job; written by the caller before the claim word is published.
    private var body: ((Int) -> Void)?
    private var floatMode: UInt32 = 0
    private var generation: UInt64 = 0
    /// Background tasks in submission order.
    private let queue = Mutex<[BackgroundTask]>([])
    private let queued = Atomic<Int>(0)

    /// How long the helper spins for the next job before it sleeps (nanoseconds).
    private static let spinNanoseconds: UInt64 = 2_000_000
    private static let pieceMask: UInt64 = (1 << 20) - 1
    /// A gap this long between two looks at the clock while spinning (normally a few
    /// microseconds apart) means the helper lost its CPU (nanoseconds): the two threads share
    /// one CPU, or a virtual machine's CPUs share one core. The helper then sleeps
    /// `standBackMicroseconds` before taking pieces again.
    private static let stallNanoseconds: UInt64 = 50_000
    private static let standBackMicroseconds: UInt32 = 5_000

    private init() {
        let unmanaged = Unmanaged.passRetained(self)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<PieceHelper>.fromOpaque(context).takeUnretainedValue().loop()
            return nil
        }, unmanaged.toOpaque())
        if started == 0 { pthread_detach(thread) }
    }

    func enqueue(_ task: BackgroundTask) {
        queue.withLock { $0.append(task) }
        queued.add(1, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
    }

    /// The oldest queued background task, if any.
    private func dequeue() -> BackgroundTask? {
        guard queued.load(ordering: .acquiring) > 0 else { return nil }
        let task = queue.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if task != nil { queued.subtract(1, ordering: .relaxed) }
        return task
    }

    /// Takes the helper for one job; false if another caller has it.
    func begin() -> Bool {
        busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    }

    /// Whether jobs and background tasks use the helper now (`HelperTrial` decides).
    var isWelcome: Bool { welcome.load(ordering: .relaxed) }
    private let welcome = Atomic<Bool>(true)
    /// Touched only by the caller that owns the helper.
    private var trial = HelperTrial()

    /// Runs a job (the caller owns the helper): with the helper while it pays, else on the
    /// calling thread alone; then lets the helper go.
    func run(count: Int, body: @escaping (Int) -> Void) {
        let start = DispatchTime.now().uptimeNanoseconds
        if isWelcome {
            share(count: count, body: body)
        } else {
            for piece in 0..<count { body(piece) }
        }
        if let useHelper = trial.record(start: start, end: DispatchTime.now().uptimeNanoseconds) {
            welcome.store(useHelper, ordering: .relaxed)
        }
        busy.store(false, ordering: .releasing)
    }

    private func share(count: Int, body: @escaping (Int) -> Void) {
        let pieces = UInt64(Swift.min(count, Int(PieceHelper.pieceMask)))
        generation = (generation + 1) & ((1 << 24) - 1)
        self.body = body
        floatMode = kscript_float_mode()
        finished.store(0, ordering: .relaxed)
        claim.store(generation << 40 | pieces << 20, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
        while let piece = claimPiece(fromBack: false) {
            body(piece)
            finished.add(1, ordering: .releasing)
        }
        var spins = 0
        while finished.load(ordering: .acquiring) < Int(pieces) { Parallel.backOff(&spins) }
        for piece in Int(pieces)..<count { body(piece) }
        self.body = nil
    }

    /// Claims the first (or last) unclaimed piece of the current job, or nil when all are taken.
    private func claimPiece(fromBack: Bool) -> Int? {
        var word = claim.load(ordering: .acquiring)
        while true {
            let front = word & PieceHelper.pieceMask, back = (word >> 20) & PieceHelper.pieceMask
            if front >= back { return nil }
            let desired = fromBack ? word - (1 << 20) : word + 1
            let (exchanged, current) = claim.compareExchange(expected: word, desired: desired, ordering: .acquiringAndReleasing)
            if exchanged { return Int(fromBack ? back - 1 : front) }
            word = current
        }
    }

    private func loop() {
        var idleSince = DispatchTime.now().uptimeNanoseconds, lastLook = idleSince
        var spins = 0
        while true {
            if let piece = claimPiece(fromBack: true) {
                kscript_restore_float_mode(floatMode)
                body?(piece)
                finished.add(1, ordering: .releasing)
                spins = 0
                idleSince = DispatchTime.now().uptimeNanoseconds
                lastLook = idleSince
                continue
            }
            if let task = dequeue() {
                task.runIfPending()
                spins = 0
                idleSince = DispatchTime.now().uptimeNanoseconds
                lastLook = idleSince
                continue
            }
            kscript_spin_pause()
            spins += 1
            if spins & 255 != 0 { continue }
            let now = DispatchTime.now().uptimeNanoseconds
            if now - lastLook > PieceHelper.stallNanoseconds {
                // The CPU was taken from this loop for a while: the two threads share one CPU
                // (or the machine is busy), where spinning only slows the caller. Stand back.
                usleep(PieceHelper.standBackMicroseconds)
                idleSince = DispatchTime.now().uptimeNanoseconds
                lastLook = idleSince
                continue
            }
            lastLook = now
            if now - idleSince < PieceHelper.spinNanoseconds { continue }
            sleeping.store(true, ordering: .sequentiallyConsistent)
            let word = claim.load(ordering: .sequentiallyConsistent)
            if word & PieceHelper.pieceMask >= (word >> 20) & PieceHelper.pieceMask
                && queued.load(ordering: .sequentiallyConsistent) == 0 {
                wake.wait()
            }
            sleeping.store(false, ordering: .sequentiallyConsistent)
            spins = 0
            idleSince = DispatchTime.now().uptimeNanoseconds
            lastLook = idleSince
        }
    }
}

/// The caller's running comparison of its jobs with and without the helper. On a machine whose
/// two CPUs are really one core (hyperthreads, or virtual CPUs the host runs on one core) every
/// job with the helper is slower than without it, and which kind of machine this is can change
/// from one minute to the next. So the caller times a window of jobs with the helper and then
/// one without — wall-clock from the first job's start to the last one's end, so that the work
/// between jobs counts too (the batch gathers the helper would otherwise take) — keeps the
/// faster way for a while, and tries again. Each time a trial confirms the way it had, the
/// next trial comes twice as late (from half a second up to four), since a trial costs the
/// slower way's time for one window.
struct HelperTrial {
    enum Phase { case withHelper, withoutHelper, settled }
    /// The first trial waits one settled period from the first job: the first jobs of a run
    /// (buffers allocated, pages touched for the first time) would make whichever way came
    /// first look slow.
    private(set) var phase = Phase.settled
    private var jobs = 0
    private var windowStart: UInt64 = 0
    private var lastEnd: UInt64 = 0
    private var timeWithHelper: UInt64 = 0
    private var settledUntil: UInt64?
    private var decision: Bool?
    private var settleNanoseconds = HelperTrial.shortestSettle

    static let jobsPerWindow = 256
    static let shortestSettle: UInt64 = 500_000_000
    static let longestSettle: UInt64 = 4_000_000_000
    /// A gap this long between two jobs (the program doing other things) restarts a window.
    static let gapNanoseconds: UInt64 = 2_000_000

    /// Records a job that ran from `start` to `end`. When a window or the settled period ends,
    /// returns whether the jobs from now on use the helper; otherwise nil.
    mutating func record(start: UInt64, end: UInt64) -> Bool? {
        if phase == .settled {
            guard let until = settledUntil else {
                settledUntil = end + HelperTrial.shortestSettle
                return nil
            }
            guard end >= until else { return nil }
            phase = .withHelper
            jobs = 0
            return true
        }
        if jobs == 0 || start &- lastEnd > HelperTrial.gapNanoseconds {
            windowStart = start
            jobs = 0
        }
        lastEnd = end
        jobs += 1
        guard jobs == HelperTrial.jobsPerWindow else { return nil }
        let elapsed = end - windowStart
        jobs = 0
        if phase == .withHelper {
            timeWithHelper = elapsed
            phase = .withoutHelper
            return false
        }
        let useHelper = timeWithHelper <= elapsed
        settleNanoseconds = useHelper == decision ? Swift.min(2 * settleNanoseconds, HelperTrial.longestSettle) : HelperTrial.shortestSettle
        decision = useHelper
        phase = .settled
        settledUntil = end + settleNanoseconds
        return useHelper
    }
}
