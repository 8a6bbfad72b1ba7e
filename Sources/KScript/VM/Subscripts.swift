extension Interpreter {
    /// A sequence index, with negative indices counted from the end; throws IndexError.
    func normalizedIndex(_ key: Value, count: Int, what: String) throws -> Int {
        var i: Int
        switch key {
        case .int(let v): i = v
        case .bool(let b): i = b ? 1 : 0
        case .object(let o):
            guard let v = try indexValue(o) else {
                throw PyException.typeError("\(what) indices must be integers or slices, not \(key.type.name)")
            }
            i = v
        default:
            throw PyException.typeError("\(what) indices must be integers or slices, not \(key.type.name)")
        }
        if i < 0 { i += count }
        if i < 0 || i >= count { throw PyException.indexError("\(what) index out of range") }
        return i
    }

    func sliceElements<T>(_ items: [T], _ slice: PySlice) throws -> [T] {
        let (start, _, step, count) = try slice.indices(length: items.count)
        if step == 1 { return Array(items[start..<(start + count)]) }
        var out: [T] = []
        out.reserveCapacity(count)
        var i = start
        for _ in 0..<count {
            out.append(items[i])
            i &+= step
        }
        return out
    }

    /// `container[key]`.
    public func getItem(_ container: Value, _ key: Value) throws -> Value {
        if case .object(let o) = container {
            if o.type.usesNativeSlot(Names.getitem) {
                switch o {
                case let l as PyList:
                    if case .object(let k) = key, let s = k as? PySlice { return .object(PyList(try sliceElements(l.items, s))) }
                    return l.items[try normalizedIndex(key, count: l.items.count, what: "list")]
                case let t as PyTuple:
                    if case .object(let k) = key, let s = k as? PySlice { return PyTuple.make(try sliceElements(t.items, s)) }
                    return t.items[try normalizedIndex(key, count: t.items.count, what: "tuple")]
                case let d as PyDict:
                    if let v = try d.get(key) { return v }
                    if o.type !== BuiltinTypes.dict, let missing = o.type.lookup("__missing__") {
                        return try call(missing, [container, key])
                    }
                    throw PyException.keyError(key)
                case let s as PyStr:
                    if case .object(let k) = key, let sl = k as? PySlice {
                        let (start, _, step, count) = try sl.indices(length: s.count)
                        if step == 1 { return .str(s.substring(start, start + count)) }
                        var out = String.UnicodeScalarView()
                        var i = start
                        for _ in 0..<count {
                            out.append(s.scalar(at: i))
                            i &+= step
                        }
                        return .str(String(out))
                    }
                    return .object(PyStr.character(s.scalar(at: try normalizedIndex(key, count: s.count, what: "string"))))
                case let r as PyRange:
                    if case .object(let k) = key, let sl = k as? PySlice {
                        let (start, _, step, count) = try sl.indices(length: r.count)
                        let newStart = r.element(start)
                        let (newStep, o1) = r.step.multipliedReportingOverflow(by: step)
                        let (span, o2) = newStep.multipliedReportingOverflow(by: count)
                        let (newStop, o3) = newStart.addingReportingOverflow(span)
                        if o1 || o2 || o3 { throw PyException.overflow("range slice does not fit in 64-bit ints") }
                        return .object(PyRange(start: newStart, stop: newStop, step: newStep))
                    }
                    return .int(r.element(try normalizedIndex(key, count: r.count, what: "range object")))
                case let b as PyBytes:
                    return .int(Int(b.bytes[try normalizedIndex(key, count: b.bytes.count, what: "index")]))
                default:
                    break
                }
            }
            if let method = o.type.lookup("__getitem__") { return try call(method, [container, key]) }
            if let t = o as? PyType {
                if let classGetItem = t.lookup("__class_getitem__") { return try call(classGetItem, [key]) }
                if t.isNative { return container }
                throw PyException.typeError("type '\(t.name)' is not subscriptable")
            }
        }
        throw PyException.typeError("'\(container.type.name)' object is not subscriptable")
    }

    /// `container[key] = value`.
    public func setItem(_ container: Value, _ key: Value, _ value: Value) throws {
        if case .object(let o) = container {
            if o.type.usesNativeSlot(Names.setitem) {
                switch o {
                case let l as PyList:
                    if case .object(let k) = key, let s = k as? PySlice {
                        try assignSlice(l, s, value)
                        return
                    }
                    l.items[try normalizedIndex(key, count: l.items.count, what: "list assignment")] = value
                    return
                case let d as PyDict:
                    try d.set(key, value)
                    return
                default:
                    break
                }
            }
            if let method = o.type.lookup("__setitem__") {
                try call(method, [container, key, value])
                return
            }
        }
        throw PyException.typeError("'\(container.type.name)' object does not support item assignment")
    }

    private func assignSlice(_ list: PyList, _ slice: PySlice, _ value: Value) throws {
        let newItems = try collect(value)
        let (start, _, step, count) = try slice.indices(length: list.items.count)
        if step == 1 {
            list.items.replaceSubrange(start..<(start + count), with: newItems)
            return
        }
        if newItems.count != count {
            throw PyException.valueError("attempt to assign sequence of size \(newItems.count) to extended slice of size \(count)")
        }
        var i = start
        for v in newItems {
            list.items[i] = v
            i &+= step
        }
    }

    /// `del container[key]`.
    public func deleteItem(_ container: Value, _ key: Value) throws {
        if case .object(let o) = container {
            if o.type.usesNativeSlot(Names.delitem) {
                switch o {
                case let l as PyList:
                    if case .object(let k) = key, let s = k as? PySlice {
                        let (start, _, step, count) = try s.indices(length: l.items.count)
                        if step == 1 {
                            l.items.removeSubrange(start..<(start + count))
                        } else {
                            let remove = Set((0..<count).map { start &+ $0 &* step })
                            l.items = l.items.enumerated().filter { !remove.contains($0.offset) }.map(\.element)
                        }
                        return
                    }
                    l.items.remove(at: try normalizedIndex(key, count: l.items.count, what: "list assignment"))
                    return
                case let d as PyDict:
                    if try d.remove(key) == nil { throw PyException.keyError(key) }
                    return
                default:
                    break
                }
            }
            if let method = o.type.lookup("__delitem__") {
                try call(method, [container, key])
                return
            }
        }
        throw PyException.typeError("'\(container.type.name)' object does not support item deletion")
    }
}
