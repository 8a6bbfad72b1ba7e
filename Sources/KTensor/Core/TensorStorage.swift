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
///
/// The free lists are intrusive (a free block holds the address of the next one in its first
/// bytes) and live in a fixed open-addressing table keyed by size, so taking and giving back a
/// block is a hash, a probe and a pointer swap under an uncontended lock — no allocation.
public final class BufferPool: @unchecked Sendable {
    public static let shared = BufferPool()

    /// Cached bytes above which freed blocks go back to the system.
    public var capacity = 512 << 20
    /// Blocks larger than this are never cached: glibc maps blocks this large on their own
    /// (32 MiB is its largest mmap threshold), so freeing one gives its memory back at once,
    /// where caching it would keep dead data resident (a 47 MB array of raw images after they
    /// were scaled) for an allocation of exactly its size that seldom comes.
    public var largestCachedBlock = 32 << 20

    /// Number of blocks obtained from the system so far (a training step that reuses pooled
    /// blocks leaves it unchanged).
    public private(set) var systemAllocations = 0

    /// Slots of the size table (a power of two); sizes beyond what fits are not cached.
    private static let slotCount = 4096
    private let sizes: UnsafeMutablePointer<Int>
    private let heads: UnsafeMutablePointer<UnsafeMutableRawPointer?>
    private var usedSlots = 0
    private var cachedBytes = 0
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    init() {
        sizes = .allocate(capacity: Self.slotCount)
        sizes.initialize(repeating: 0, count: Self.slotCount)
        heads = .allocate(capacity: Self.slotCount)
        heads.initialize(repeating: nil, count: Self.slotCount)
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    /// The slot of `size`: its own, or the empty one where it would go; nil when the table is
    /// full.
    private func slot(for size: Int) -> Int? {
        let mask = Self.slotCount - 1
        var i = Int(truncatingIfNeeded: (UInt64(size) &* 0x9E37_79B9_7F4A_7C15) >> 52) & mask
        for _ in 0..<Self.slotCount {
            let key = sizes[i]
            if key == size || key == 0 { return i }
            i = (i + 1) & mask
        }
        return nil
    }

    func take(byteCount: Int) -> UnsafeMutableRawPointer {
        let size = Swift.max(byteCount, 1)
        pthread_mutex_lock(lock)
        if let i = slot(for: size), sizes[i] == size, let block = heads[i] {
            heads[i] = block.load(as: UnsafeMutableRawPointer?.self)
            cachedBytes -= size
            pthread_mutex_unlock(lock)
            return block
        }
        systemAllocations += 1
        pthread_mutex_unlock(lock)
        var block: UnsafeMutableRawPointer?
        let rounded = (size + 63) & ~63
        let large = rounded >= Self.hugePageThreshold
        guard posix_memalign(&block, large ? Self.hugePageSize : 64, rounded) == 0, let allocated = block else {
            // Out of memory: there is no sensible recovery inside an arithmetic kernel.
            fatalError("kscript: out of memory allocating \(size) bytes")
        }
        // Data sets live in large arrays read a row at a time in shuffled order: on 2 MB pages
        // each row costs one TLB miss in 512 instead of one each (and loading faults 512× less).
        if large { _ = madvise(allocated, rounded, MADV_HUGEPAGE) }
        return allocated
    }

    /// Blocks at least this large are aligned to and advised onto transparent huge pages.
    static let hugePageThreshold = 8 << 20
    static let hugePageSize = 2 << 20

    func give(_ block: UnsafeMutableRawPointer, byteCount: Int) {
        let size = Swift.max(byteCount, 1)
        pthread_mutex_lock(lock)
        if size <= largestCachedBlock && cachedBytes + size <= capacity, let i = slot(for: size),
           sizes[i] == size || usedSlots < Self.slotCount / 2 {
            if sizes[i] == 0 {
                sizes[i] = size
                usedSlots += 1
            }
            block.storeBytes(of: heads[i], as: UnsafeMutableRawPointer?.self)
            heads[i] = block
            cachedBytes += size
            pthread_mutex_unlock(lock)
            return
        }
        pthread_mutex_unlock(lock)
        Glibc.free(block)
    }

    /// Returns every cached block to the system.
    public func trim() {
        pthread_mutex_lock(lock)
        var blocks: [UnsafeMutableRawPointer] = []
        for i in 0..<Self.slotCount {
            var next = heads[i]
            while let block = next {
                next = block.load(as: UnsafeMutableRawPointer?.self)
                blocks.append(block)
            }
            heads[i] = nil
        }
        cachedBytes = 0
        pthread_mutex_unlock(lock)
        for block in blocks { Glibc.free(block) }
    }
}
