/// A Python `dict`: insertion-ordered hash map from hashable values to values.
///
/// Entries live in insertion order in `entries` (a deleted entry keeps its place with an
/// `unbound` key until the next rebuild); `slots` is an open-addressed index into it probed
/// as CPython does. Also used for instance and type `__dict__`s, keyed by interned `PyStr`.
public final class PyDict: PyObject {
    struct Entry {
        var key: Value
        var value: Value
        var hash: Int
        /// The key object's address when the key is a `str` (compared without retaining it).
        var stringKey: UnsafeMutableRawPointer?

        init(key: Value, value: Value, hash: Int) {
            self.key = key
            self.value = value
            self.hash = hash
            if case .object(let o) = key, o is PyStr { stringKey = Unmanaged.passUnretained(o).toOpaque() }
        }
    }

    private(set) var entries: [Entry] = []
    private var slots: [Int32] = []
    public private(set) var count = 0
    /// A stamp taken from a process-wide counter whenever keys are added or removed, so no two
    /// key states of any dicts share a stamp (method caches rely on that).
    private(set) var version = 0
    nonisolated(unsafe) private static var lastVersion = 0

    private func bumpVersion() {
        PyDict.lastVersion &+= 1
        version = PyDict.lastVersion
    }

    private static let emptySlot: Int32 = -1
    private static let deletedSlot: Int32 = -2

    public init() {
        if let dictType = BuiltinTypes.dictTypeIfReady {
            super.init(type: dictType)
        } else {
            super.init(bootstrap: ())
            BuiltinTypes.dictsAwaitingType.append(self)
        }
    }

    public override init(type: PyType) {
        super.init(type: type)
    }

    /// A dict with string keys, in the given order.
    public convenience init(_ pairs: [(String, Value)]) {
        self.init()
        for (k, v) in pairs { setString(PyStr(k), v) }
    }

    // MARK: Lookup

    /// Index of the entry holding `key`, or nil. `slot` is where probing stopped.
    private func find(_ key: Value, hash: Int) throws -> (entry: Int?, slot: Int) {
        if slots.isEmpty { return (nil, -1) }
        let mask = slots.count - 1
        var perturb = UInt(bitPattern: hash)
        var i = Int(UInt(bitPattern: hash) & UInt(mask))
        var firstDeleted = -1
        while true {
            let s = slots[i]
            if s == PyDict.emptySlot { return (nil, firstDeleted >= 0 ? firstDeleted : i) }
            if s == PyDict.deletedSlot {
                if firstDeleted < 0 { firstDeleted = i }
            } else if entries[Int(s)].hash == hash {
                if case .int(let a) = key, case .int(let b) = entries[Int(s)].key {
                    if a == b { return (Int(s), i) }
                } else if try PyDict.keysEqual(entries[Int(s)].key, key) {
                    return (Int(s), i)
                }
            }
            perturb >>= 5
            i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(mask))
        }
    }

    /// `hash(key)`, with ints and strings handled without the interpreter.
    @inline(__always)
    static func hash(_ key: Value) throws -> Int {
        switch key {
        case .int(let i): return Interpreter.hashInt(i)
        case .object(let o):
            if let s = o as? PyStr { return s.hash }
        default: break
        }
        return try Interpreter.current.hash(key)
    }

    /// Equality used for keys: identity, then cheap built-in cases, then `__eq__`.
    static func keysEqual(_ a: Value, _ b: Value) throws -> Bool {
        switch (a, b) {
        case (.int(let x), .int(let y)): return x == y
        case (.object(let x), .object(let y)):
            if x === y { return true }
            if let s = x as? PyStr, let t = y as? PyStr { return s.value == t.value }
        default:
            if a.isIdentical(to: b) { return true }
        }
        return try Interpreter.current.equals(a, b)
    }

    /// Looks up `key`; nil when absent.
    public func get(_ key: Value) throws -> Value? {
        if count == 0 { return nil }
        if case .object(let o) = key, let s = o as? PyStr { return getString(s) }
        let h = try PyDict.hash(key)
        guard let e = try find(key, hash: h).entry else { return nil }
        return entries[e].value
    }

    /// Looks up a string key (no script code can run). Interned keys match by address.
    public func getString(_ key: PyStr) -> Value? {
        if count == 0 { return nil }
        let address = Unmanaged.passUnretained(key).toOpaque()
        let hash = key.hash
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                let mask = UInt(slots.count - 1)
                var perturb = UInt(bitPattern: hash)
                var i = Int(UInt(bitPattern: hash) & mask)
                while true {
                    let s = slots[i]
                    if s == PyDict.emptySlot { return nil }
                    if s >= 0 {
                        let e = entries.baseAddress! + Int(s)
                        if e.pointee.stringKey == address { return e.pointee.value }
                        if e.pointee.hash == hash, e.pointee.stringKey != nil,
                           case .object(let o) = e.pointee.key, unsafeDowncast(o, to: PyStr.self).value == key.value {
                            return e.pointee.value
                        }
                    }
                    perturb >>= 5
                    i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & mask)
                }
            }
        }
    }

    public subscript(key: String) -> Value? {
        get { getString(PyStr.intern(key)) }
        set {
            if let newValue { setString(PyStr.intern(key), newValue) } else { _ = try? remove(.object(PyStr(key))) }
        }
    }

    public func contains(_ key: Value) throws -> Bool { try get(key) != nil }

    // MARK: Mutation

    /// Sets `key` to `value`, keeping the position of an existing key.
    public func set(_ key: Value, _ value: Value) throws {
        let h = try PyDict.hash(key)
        try set(key, value, hash: h)
    }

    func set(_ key: Value, _ value: Value, hash h: Int) throws {
        if slots.isEmpty { rebuild(capacity: 8) }
        let (existing, slot) = try find(key, hash: h)
        if let existing {
            entries[existing].value = value
            return
        }
        insertNew(key, value, hash: h, slot: slot)
    }

    /// Sets a string key (no script code can run).
    public func setString(_ key: PyStr, _ value: Value) {
        do {
            try set(.object(key), value, hash: key.hash)
        } catch {
            // String keys compare without running script code.
        }
    }

    private func insertNew(_ key: Value, _ value: Value, hash h: Int, slot: Int) {
        if (entries.count + 1) * 3 >= slots.count * 2 {
            rebuild(capacity: max(8, (count + 1) * 3))
            var i = Int(UInt(bitPattern: h) & UInt(slots.count - 1))
            var perturb = UInt(bitPattern: h)
            while slots[i] >= 0 {
                perturb >>= 5
                i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & UInt(slots.count - 1))
            }
            slots[i] = Int32(entries.count)
        } else {
            slots[slot] = Int32(entries.count)
        }
        entries.append(Entry(key: key, value: value, hash: h))
        count += 1
        bumpVersion()
    }

    private func rebuild(capacity: Int) {
        var size = 8
        while size < capacity { size <<= 1 }
        if entries.count != count { entries.removeAll { $0.key.isUnbound } }
        slots = [Int32](repeating: PyDict.emptySlot, count: size)
        let mask = UInt(size - 1)
        for (index, e) in entries.enumerated() {
            var perturb = UInt(bitPattern: e.hash)
            var i = Int(UInt(bitPattern: e.hash) & mask)
            while slots[i] != PyDict.emptySlot {
                perturb >>= 5
                i = Int((UInt(i) &* 5 &+ 1 &+ perturb) & mask)
            }
            slots[i] = Int32(index)
        }
    }

    /// Removes `key`; returns its value, or nil when absent.
    @discardableResult
    public func remove(_ key: Value) throws -> Value? {
        if count == 0 { return nil }
        let h = try Interpreter.current.hash(key)
        let (found, slot) = try find(key, hash: h)
        guard let index = found else { return nil }
        let value = entries[index].value
        entries[index].key = .unbound
        entries[index].stringKey = nil
        entries[index].value = .none
        slots[slot] = PyDict.deletedSlot
        count -= 1
        bumpVersion()
        if count == 0 {
            entries.removeAll()
            slots.removeAll()
        } else if entries.count > 16 && count * 2 < entries.count {
            rebuild(capacity: count * 3)
        }
        return value
    }

    public func removeAll() {
        entries.removeAll()
        slots.removeAll()
        count = 0
        bumpVersion()
    }

    /// Removes and returns the last inserted pair.
    public func popLast() -> (Value, Value)? {
        guard let index = entries.lastIndex(where: { !$0.key.isUnbound }) else { return nil }
        let e = entries[index]
        _ = try? remove(e.key)
        return (e.key, e.value)
    }

    // MARK: Iteration

    /// Live keys in insertion order.
    public var keys: [Value] { entries.compactMap { $0.key.isUnbound ? nil : $0.key } }
    public var values: [Value] { entries.compactMap { $0.key.isUnbound ? nil : $0.value } }
    public var pairs: [(key: Value, value: Value)] { entries.compactMap { $0.key.isUnbound ? nil : ($0.key, $0.value) } }

    /// The entry at raw position `position` (used by iterators), or nil when deleted.
    func entry(at position: Int) -> (key: Value, value: Value)? {
        let e = entries[position]
        return e.key.isUnbound ? nil : (e.key, e.value)
    }

    var rawCount: Int { entries.count }

    /// A shallow copy.
    public func copy() -> PyDict {
        let d = PyDict()
        d.entries = entries.filter { !$0.key.isUnbound }
        d.count = d.entries.count
        d.rebuild(capacity: max(8, d.count * 3 / 2 + 1))
        return d
    }
}
