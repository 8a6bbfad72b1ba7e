/// Base class of the built-in iterator objects. `next` returns nil when exhausted (the VM
/// turns that into the end of a `for` loop; `next()` into `StopIteration`).
public class PyIterator: PyObject {
    public func next(_ interpreter: Interpreter) throws -> Value? { nil }
}

/// `iter(range(...))`.
public final class RangeIterator: PyIterator {
    var current: Int
    let step: Int
    var remaining: Int

    init(_ range: PyRange) {
        current = range.start
        step = range.step
        remaining = range.count
        super.init(type: BuiltinTypes.rangeIterator)
    }

    /// `count` values from `start` by `step` (used for `reversed(range)`).
    init(start: Int, step: Int, count: Int) {
        current = start
        self.step = step
        remaining = count
        super.init(type: BuiltinTypes.rangeIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if remaining <= 0 { return nil }
        let v = current
        current &+= step
        remaining -= 1
        return .int(v)
    }
}

/// `iter(list)`: follows the list as it changes, like CPython.
public final class ListIterator: PyIterator {
    let list: PyList
    var index = 0

    init(_ list: PyList) {
        self.list = list
        super.init(type: BuiltinTypes.listIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if index < list.items.count {
            index += 1
            return list.items[index - 1]
        }
        index = Int.max / 2
        return nil
    }
}

/// Iterates a fixed array of values (tuples, snapshots of sets, strings' characters...).
public final class ArrayIterator: PyIterator {
    let items: [Value]
    var index = 0

    public init(_ items: [Value], type: PyType = BuiltinTypes.tupleIterator) {
        self.items = items
        super.init(type: type)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if index < items.count {
            index += 1
            return items[index - 1]
        }
        return nil
    }
}

/// `reversed(list)`.
public final class ListReverseIterator: PyIterator {
    let list: PyList
    var index: Int

    init(_ list: PyList) {
        self.list = list
        index = list.items.count - 1
        super.init(type: BuiltinTypes.listReverseIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if index >= 0 && index < list.items.count {
            index -= 1
            return list.items[index + 1]
        }
        index = -1
        return nil
    }
}

/// Iterates a string's characters.
public final class StrIterator: PyIterator {
    let string: PyStr
    var index = 0

    init(_ string: PyStr) {
        self.string = string
        super.init(type: BuiltinTypes.strIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if index < string.count {
            index += 1
            return .object(PyStr.character(string.scalar(at: index - 1)))
        }
        return nil
    }
}

/// Iterates a dict's keys, values or items; fails if the dict changes size.
public final class DictIterator: PyIterator {
    enum Kind { case keys, values, items }
    let mapping: PyDict
    let kind: Kind
    var position = 0
    let expectedCount: Int

    init(_ dict: PyDict, kind: Kind) {
        self.mapping = dict
        self.kind = kind
        self.expectedCount = dict.count
        let type: PyType
        switch kind {
        case .keys: type = BuiltinTypes.dictKeyIterator
        case .values: type = BuiltinTypes.dictValueIterator
        case .items: type = BuiltinTypes.dictItemIterator
        }
        super.init(type: type)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if mapping.count != expectedCount {
            position = Int.max / 2
            throw PyException.runtimeError("dictionary changed size during iteration")
        }
        while position < mapping.rawCount {
            position += 1
            if let (k, v) = mapping.entry(at: position - 1) {
                switch kind {
                case .keys: return k
                case .values: return v
                case .items: return .object(PyTuple([k, v]))
                }
            }
        }
        return nil
    }
}

/// Iterates a set; fails if the set changes size.
public final class SetIterator: PyIterator {
    let set: PySet
    var position = 0
    let expectedCount: Int

    init(_ set: PySet) {
        self.set = set
        self.expectedCount = set.count
        super.init(type: BuiltinTypes.setIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if set.count != expectedCount {
            position = Int.max / 2
            throw PyException.runtimeError("Set changed size during iteration")
        }
        let table = set.table
        while position < table.count {
            position += 1
            if table[position - 1].isActive { return table[position - 1].key }
        }
        return nil
    }
}

/// `enumerate(iterable, start)`.
public final class EnumerateIterator: PyIterator {
    let source: Value
    var count: Int

    init(source: Value, start: Int, type: PyType = BuiltinTypes.enumerate) {
        self.source = source
        self.count = start
        super.init(type: type)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        guard let v = try interpreter.next(source) else { return nil }
        let (c, overflow) = count.addingReportingOverflow(1)
        defer { count = overflow ? count : c }
        return .object(PyTuple([.int(count), v]))
    }
}

/// `zip(*iterables, strict=False)`.
public final class ZipIterator: PyIterator {
    let sources: [Value]
    let strict: Bool

    init(sources: [Value], strict: Bool) {
        self.sources = sources
        self.strict = strict
        super.init(type: BuiltinTypes.zip)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if sources.isEmpty { return nil }
        var items: [Value] = []
        items.reserveCapacity(sources.count)
        for (i, s) in sources.enumerated() {
            guard let v = try interpreter.next(s) else {
                if strict {
                    if i > 0 {
                        throw PyException.valueError("zip() argument \(i + 1) is shorter than argument\(i == 1 ? "" : "s") 1\(i == 1 ? "" : "-\(i)")")
                    }
                    for (j, other) in sources.enumerated().dropFirst() where try interpreter.next(other) != nil {
                        throw PyException.valueError("zip() argument \(j + 1) is longer than argument\(j == 1 ? "" : "s") 1\(j == 1 ? "" : "-\(j)")")
                    }
                }
                return nil
            }
            items.append(v)
        }
        return .object(PyTuple(items))
    }
}

/// `map(function, *iterables)`.
public final class MapIterator: PyIterator {
    let function: Value
    let sources: [Value]

    init(function: Value, sources: [Value]) {
        self.function = function
        self.sources = sources
        super.init(type: BuiltinTypes.map)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        var args: [Value] = []
        for s in sources {
            guard let v = try interpreter.next(s) else { return nil }
            args.append(v)
        }
        return try interpreter.call(function, args)
    }
}

/// `filter(function, iterable)`.
public final class FilterIterator: PyIterator {
    let function: Value
    let source: Value

    init(function: Value, source: Value) {
        self.function = function
        self.source = source
        super.init(type: BuiltinTypes.filter)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        while let v = try interpreter.next(source) {
            let keep = function.isNone ? v : try interpreter.call(function, [v])
            if try interpreter.truthy(keep) { return v }
        }
        return nil
    }
}

/// `iter(callable, sentinel)`.
public final class CallableIterator: PyIterator {
    let function: Value
    let sentinel: Value
    var done = false

    init(function: Value, sentinel: Value) {
        self.function = function
        self.sentinel = sentinel
        super.init(type: BuiltinTypes.callableIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if done { return nil }
        let v = try interpreter.call(function, [])
        if try interpreter.equals(v, sentinel) {
            done = true
            return nil
        }
        return v
    }
}

/// Iterates an object that only has `__getitem__` (indices 0, 1, ... until IndexError).
public final class SequenceIterator: PyIterator {
    let sequence: Value
    var index = 0
    var done = false

    init(_ sequence: Value) {
        self.sequence = sequence
        super.init(type: BuiltinTypes.sequenceIterator)
    }

    public override func next(_ interpreter: Interpreter) throws -> Value? {
        if done { return nil }
        do {
            let v = try interpreter.getItem(sequence, .int(index))
            index += 1
            return v
        } catch let e as PyException where e.isInstance(of: BuiltinTypes.indexError) || e.isInstance(of: BuiltinTypes.stopIteration) {
            done = true
            return nil
        }
    }
}
