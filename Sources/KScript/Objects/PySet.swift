/// A Python `set` or `frozenset`.
///
/// The table follows CPython's set algorithm exactly (linear probes of 9 then perturbed
/// jumps, the same growth rule and the same merge/copy shortcuts), so iteration order — which
/// `print({3, 1, 2})` exposes — matches CPython for values whose hashes match (ints, floats,
/// tuples of those).
public final class PySet: PyObject {
    struct Slot {
        var key: Value = .unbound
        /// 0 with an unbound key: never used; -1 with an unbound key: deleted (dummy).
        var hash: Int = 0
        var isEmpty: Bool { key.isUnbound && hash == 0 }
        var isActive: Bool { !key.isUnbound }
    }

    private(set) var table: [Slot]
    private(set) var fill = 0
    /// Number of elements.
    public private(set) var count = 0
    private var finger = 0
    public let isFrozen: Bool

    private static let minimumSize = 8
    private static let linearProbes = 9

    public init(frozen: Bool = false) {
        self.isFrozen = frozen
        self.table = [Slot](repeating: Slot(), count: PySet.minimumSize)
        super.init(type: frozen ? BuiltinTypes.frozenset : BuiltinTypes.set)
    }

    public init(type: PyType, frozen: Bool) {
        self.isFrozen = frozen
        self.table = [Slot](repeating: Slot(), count: PySet.minimumSize)
        super.init(type: type)
    }

    var mask: Int { table.count - 1 }

    /// Elements in table order (what iteration yields).
    public var elements: [Value] { table.compactMap { $0.isActive ? $0.key : nil } }

    /// Active slots with their hashes, in table order.
    var activeSlots: [Slot] { table.filter(\.isActive) }

    // MARK: Core algorithm

    private func findIndex(_ key: Value, hash: Int) throws -> Int? {
        let mask = UInt(self.mask)
        var perturb = UInt(bitPattern: hash)
        var i = UInt(bitPattern: hash) & mask
        while true {
            var j = i
            var probes = (i + UInt(PySet.linearProbes) <= mask) ? PySet.linearProbes : 0
            while true {
                let slot = table[Int(j)]
                if slot.isEmpty { return nil }
                if slot.isActive, slot.hash == hash, try PyDict.keysEqual(slot.key, key) { return Int(j) }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
    }

    /// Adds `key` with a precomputed hash (CPython's `set_add_entry`).
    func add(_ key: Value, hash: Int) throws {
        var freeSlot: Int?
        let mask = UInt(self.mask)
        var perturb = UInt(bitPattern: hash)
        var i = UInt(bitPattern: hash) & mask
        var target = -1
        search: while true {
            var j = i
            var probes = (i + UInt(PySet.linearProbes) <= mask) ? PySet.linearProbes : 0
            while true {
                let slot = table[Int(j)]
                if slot.isEmpty {
                    target = Int(j)
                    break search
                }
                if slot.isActive {
                    if slot.hash == hash, try PyDict.keysEqual(slot.key, key) { return }
                } else if slot.hash == -1 && freeSlot == nil {
                    freeSlot = Int(j)
                }
                if probes == 0 { break }
                probes -= 1
                j += 1
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
        if let free = freeSlot {
            table[free] = Slot(key: key, hash: hash)
            count += 1
            return
        }
        table[target] = Slot(key: key, hash: hash)
        fill += 1
        count += 1
        if fill * 5 < self.mask * 3 { return }
        resize(minimumUsed: count > 50000 ? count * 2 : count * 4)
    }

    private static func insertClean(_ table: inout [Slot], key: Value, hash: Int) {
        let mask = UInt(table.count - 1)
        var perturb = UInt(bitPattern: hash)
        var i = UInt(bitPattern: hash) & mask
        while true {
            if table[Int(i)].isEmpty {
                table[Int(i)] = Slot(key: key, hash: hash)
                return
            }
            if i + UInt(linearProbes) <= mask {
                for k in 1...UInt(linearProbes) where table[Int(i + k)].isEmpty {
                    table[Int(i + k)] = Slot(key: key, hash: hash)
                    return
                }
            }
            perturb >>= 5
            i = (i &* 5 &+ 1 &+ perturb) & mask
        }
    }

    private func resize(minimumUsed: Int) {
        var size = PySet.minimumSize
        while size <= minimumUsed { size <<= 1 }
        let old = table
        var newTable = [Slot](repeating: Slot(), count: size)
        for slot in old where slot.isActive {
            PySet.insertClean(&newTable, key: slot.key, hash: slot.hash)
        }
        table = newTable
        fill = count
    }

    // MARK: Public operations

    public func add(_ key: Value) throws {
        try add(key, hash: try Interpreter.current.hash(key))
    }

    public func contains(_ key: Value) throws -> Bool {
        try findIndex(key, hash: try Interpreter.current.hash(key)) != nil
    }

    func contains(_ key: Value, hash: Int) throws -> Bool {
        try findIndex(key, hash: hash) != nil
    }

    /// Removes `key`; returns whether it was present.
    @discardableResult
    public func discard(_ key: Value) throws -> Bool {
        try discard(key, hash: try Interpreter.current.hash(key))
    }

    func discard(_ key: Value, hash: Int) throws -> Bool {
        guard let index = try findIndex(key, hash: hash) else { return false }
        table[index] = Slot(key: .unbound, hash: -1)
        count -= 1
        return true
    }

    /// Removes an arbitrary element as `set.pop()` does.
    public func pop() -> Value? {
        if count == 0 { return nil }
        var i = finger & mask
        while !table[i].isActive {
            i += 1
            if i > mask { i = 0 }
        }
        let key = table[i].key
        table[i] = Slot(key: .unbound, hash: -1)
        count -= 1
        finger = i + 1
        return key
    }

    public func removeAll() {
        table = [Slot](repeating: Slot(), count: PySet.minimumSize)
        fill = 0
        count = 0
    }

    /// `set_merge`: adds every element of another set, with CPython's shortcuts for an empty target.
    func merge(_ other: PySet) throws {
        if other === self || other.count == 0 { return }
        if (fill + other.count) * 5 >= mask * 3 {
            resize(minimumUsed: (count + other.count) * 2)
        }
        if fill == 0 && mask == other.mask && other.fill == other.count {
            table = other.table
            fill = other.fill
            count = other.count
            return
        }
        if fill == 0 {
            for slot in other.table where slot.isActive {
                PySet.insertClean(&table, key: slot.key, hash: slot.hash)
            }
            fill = other.count
            count = other.count
            return
        }
        for slot in other.table where slot.isActive {
            try add(slot.key, hash: slot.hash)
        }
    }

    /// `set_update_internal` for a dict argument: one resize, then adds the keys.
    func update(keysOf dict: PyDict) throws {
        if (fill + dict.count) * 5 >= mask * 3 {
            resize(minimumUsed: (count + dict.count) * 2)
        }
        for e in dict.entries where !e.key.isUnbound {
            try add(e.key, hash: e.hash)
        }
    }

    /// A copy with the same table layout (CPython's `set_copy`).
    public func copy(frozen: Bool? = nil) throws -> PySet {
        let s = PySet(frozen: frozen ?? isFrozen)
        try s.merge(self)
        return s
    }
}
