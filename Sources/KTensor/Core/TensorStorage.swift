#if canImport(Glibc)
import Glibc
#endif

/// A tensor's bytes: one 64-byte-aligned heap block, shared between tensor values until one of
/// them writes (copy-on-write in `Tensor`). Blocks come from and return to `BufferPool`, so a
/// training step that needs the same sizes every step allocates nothing after the first.
public final class TensorStorage {
    public let bytes: UnsafeMutableRawPointer
    public let byteCount: Int

    /// A block of `byteCount` bytes with unspecified contents.
    public init(byteCount: Int) {
        self.byteCount = byteCount
        self.bytes = BufferPool.shared.take(byteCount: byteCount)
    }

    /// A block of `byteCount` zero bytes.
    public convenience init(zeroedByteCount byteCount: Int) {
        self.init(byteCount: byteCount)
        if byteCount > 0 { memset(bytes, 0, byteCount) }
    }

    deinit { BufferPool.shared.give(bytes, byteCount: byteCount) }
}

/// Free lists of heap blocks keyed by exact byte count. Steady-state training asks for the same
/// sizes every step, so exact keys hit every time without the waste of size classes.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()

    /// Cached bytes above which freed blocks go back to the system.
    public var capacity = 512 << 20
    /// Blocks larger than this are never cached.
    public var largestCachedBlock = 64 << 20

    /// Number of blocks obtained from the system so far (a training step that reuses pooled
    /// blocks leaves it unchanged).
    public private(set) var systemAllocations = 0

    private var free: [Int: [UnsafeMutableRawPointer]] = [:]
    private var cachedBytes = 0
    private var lock = pthread_mutex_t()

    init() { pthread_mutex_init(&lock, nil) }

    func take(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = max(byteCount, 1)
        pthread_mutex_lock(&lock)
        if let block = free[size]?.popLast() {
            cachedBytes -= size
            pthread_mutex_unlock(&lock)
            return block
        }
        systemAllocations += 1
        pthread_mutex_unlock(&lock)
        var block: UnsafeMutableRawPointer?
        let rounded = (size + 63) & ~63
        guard posix_memalign(&block, 64, rounded) == 0, let allocated = block else {
            // Out of memory: there is no sensible recovery inside an arithmetic kernel.
            fatalError("kscript: out of memory allocating \(size) bytes")
        }
        return allocated
    }

    func give(_ block: UnsafeMutableRawPointer, byteCount: Int) {
        let size = max(byteCount, 1)
        pthread_mutex_lock(&lock)
        if size <= largestCachedBlock && cachedBytes + size <= capacity {
            free[size, default: []].append(block)
            cachedBytes += size
            pthread_mutex_unlock(&lock)
            return
        }
        pthread_mutex_unlock(&lock)
        Glibc.free(block)
    }

    /// Returns every cached block to the system.
    public func trim() {
        pthread_mutex_lock(&lock)
        let lists = free
        free = [:]
        cachedBytes = 0
        pthread_mutex_unlock(&lock)
        for (_, blocks) in lists { for block in blocks { Glibc.free(block) } }
    }
}
