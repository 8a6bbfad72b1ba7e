import KTensor

extension Interpreter {
    /// `iter(value)`.
    public func iterator(_ value: Value) throws -> Value {
        if case .object(let o) = value {
            if o.type.usesNativeSlot(Names.iter) {
                switch o {
                case let l as PyList: return .object(ListIterator(l))
                case let t as PyTuple: return .object(ArrayIterator(t.items))
                case let r as PyRange: return .object(RangeIterator(r))
                case let s as PyStr: return .object(StrIterator(s))
                case let d as PyDict: return .object(DictIterator(d, kind: .keys))
                case let s as PySet: return .object(SetIterator(s))
                case let v as DictView: return .object(DictIterator(v.mapping, kind: v.kind))
                case is PyIterator: return value
                case let b as PyBytes: return .object(ArrayIterator(b.bytes.map { .int(Int($0)) }))
                default: break
                }
            }
            if let method = o.type.lookup("__iter__") {
                let it = try call(method, [value])
                if case .object(let io) = it, io is PyIterator || io.type.lookup("__next__") != nil { return it }
                throw PyException.typeError("iter() returned non-iterator of type '\(it.type.name)'")
            }
            if o is PyIterator { return value }
            if o.type.lookup("__getitem__") != nil { return .object(SequenceIterator(value)) }
        }
        throw PyException.typeError("'\(value.type.name)' object is not iterable")
    }

    func isBuiltinIterable(_ value: Value) -> Bool {
        guard case .object(let o) = value else { return false }
        return o is PyList || o is PyTuple || o is PyRange || o is PyStr || o is PyDict || o is PySet || o is DictView || o is PyIterator
    }

    /// Advances an iterator; nil when exhausted.
    public func next(_ iterator: Value) throws -> Value? {
        if budgetActive { try chargeStep() }
        if interruptFlag.pointee != 0 {
            Interruption.clear()
            throw PyException(type: BuiltinTypes.keyboardInterrupt, args: [])
        }
        guard case .object(let o) = iterator else {
            throw PyException.typeError("'\(iterator.type.name)' object is not an iterator")
        }
        if let it = o as? PyIterator, o.type.isNative { return try it.next(self) }
        if let method = o.type.lookup("__next__") {
            do {
                return try call(method, [iterator])
            } catch let e as PyException where e.isInstance(of: BuiltinTypes.stopIteration) {
                return nil
            }
        }
        if let it = o as? PyIterator { return try it.next(self) }
        throw PyException.typeError("'\(o.type.name)' object is not an iterator")
    }

    /// All values of an iterable.
    public func collect(_ value: Value, forUnpacking: Bool = false) throws -> [Value] {
        if case .object(let o) = value, o.type.usesNativeSlot(Names.iter) {
            if let l = o as? PyList { return l.items }
            if let t = o as? PyTuple { return t.items }
            if let r = o as? RangeIterator, r.remaining > Interpreter.maximumElements {
                throw PyException(BuiltinTypes.memoryError, "")
            }
            if let r = o as? PyRange {
                if r.count > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
                var items: [Value] = []
                items.reserveCapacity(r.count)
                for i in 0..<r.count { items.append(.int(r.element(i))) }
                return items
            }
        }
        let it: Value
        do {
            it = try iterator(value)
        } catch let e as PyException where forUnpacking && e.isInstance(of: BuiltinTypes.typeError) && !isBuiltinIterable(value) {
            if value.type.lookup("__iter__") == nil {
                throw PyException.typeError("Value after * must be an iterable, not \(value.type.name)")
            }
            throw e
        }
        var items: [Value] = []
        while let v = try next(it) {
            items.append(v)
            if items.count > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
        }
        return items
    }

    /// Unpacking assignment of exactly `count` values.
    func unpackValues(_ value: Value, count: Int) throws -> [Value] {
        if case .object(let o) = value, let l = o as? PyList, o.type.isNative {
            if l.items.count == count { return l.items }
            if l.items.count < count { throw PyException.valueError("not enough values to unpack (expected \(count), got \(l.items.count))") }
            throw PyException.valueError("too many values to unpack (expected \(count))")
        }
        if case .object(let o) = value, let t = o as? PyTuple {
            if t.items.count < count { throw PyException.valueError("not enough values to unpack (expected \(count), got \(t.items.count))") }
            throw PyException.valueError("too many values to unpack (expected \(count))")
        }
        let it: Value
        do {
            it = try iterator(value)
        } catch let e as PyException where e.isInstance(of: BuiltinTypes.typeError) {
            throw PyException.typeError("cannot unpack non-iterable \(value.type.name) object")
        }
        var items: [Value] = []
        while items.count <= count, let v = try next(it) { items.append(v) }
        if items.count < count { throw PyException.valueError("not enough values to unpack (expected \(count), got \(items.count))") }
        if items.count > count { throw PyException.valueError("too many values to unpack (expected \(count))") }
        return items
    }

    /// `dict.update(mapping)` / `{**mapping}`; with `rejectDuplicates`, the `f(**kw)` rule.
    func mergeMapping(into dict: PyDict, _ source: Value, rejectDuplicates: Bool) throws {
        if case .object(let o) = source, let d = o as? PyDict {
            for (k, v) in d.pairs {
                if rejectDuplicates {
                    guard k.stringValue != nil else { throw PyException.typeError("keywords must be strings") }
                    if try dict.contains(k) {
                        throw PyException.typeError("got multiple values for keyword argument '\(k.stringValue!)'")
                    }
                }
                try dict.set(k, v)
            }
            return
        }
        guard let keysMethod = source.type.lookup("keys") else {
            if rejectDuplicates {
                throw PyException.typeError("argument after ** must be a mapping, not \(source.type.name)")
            }
            throw PyException.typeError("'\(source.type.name)' object is not a mapping")
        }
        for k in try collect(try call(keysMethod, [source])) {
            if rejectDuplicates, try dict.contains(k) {
                throw PyException.typeError("got multiple values for keyword argument '\(try str(k))'")
            }
            try dict.set(k, try getItem(source, k))
        }
    }
}
