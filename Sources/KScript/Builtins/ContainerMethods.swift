import Foundation

extension Builtins {
    static func installList() {
        let list = BuiltinTypes.list
        list.doc = "Built-in mutable sequence.\n\nIf no argument is given, the constructor creates a new empty list.\nThe argument must be an iterable if specified."
        list.allocator = { _, type, _ in PyList(type: type, items: []) }
        func l(_ a: Arguments, _ name: String) throws -> PyList { try receiver(a, PyList.self, name, "list") }
        list.defineRawMethod("__init__", "iterable=(), /") { interp, a in
            let me = try l(a, "__init__")
            try a.rejectKeywords("list")
            if a.count > 2 { throw PyException.typeError("list expected at most 1 argument, got \(a.count - 1)") }
            me.items = a.count == 2 ? try interp.collect(a[1]) : []
            return .none
        }
        listAppend = list.defineRawMethod("append", "object, /", doc: "Append object to the end of the list.") { _, a in
            let me = try l(a, "append")
            guard a.count == 2, !a.hasKeywords else { throw PyException.typeError("list.append() takes exactly one argument (\(a.values.count - 1) given)") }
            me.items.append(a[1])
            return .none
        }
        list.defineRawMethod("extend", "iterable, /", doc: "Extend list by appending elements from the iterable.") { interp, a in
            let me = try l(a, "extend")
            try a.expectCount("extend", 2...2)
            me.items.append(contentsOf: try interp.collect(a[1]))
            return .none
        }
        list.defineRawMethod("insert", "index, object, /", doc: "Insert object before index.") { interp, a in
            let me = try l(a, "insert")
            guard a.count == 3 else { throw PyException.typeError("insert expected 2 arguments, got \(a.count - 1)") }
            var i = try interp.toInt(a[1], what: "index")
            let n = me.items.count
            if i < 0 { i = max(0, i + n) }
            me.items.insert(a[2], at: min(i, n))
            return .none
        }
        list.defineRawMethod("pop", "index=-1, /", doc: "Remove and return item at index (default last).") { interp, a in
            let me = try l(a, "pop")
            if me.items.isEmpty { throw PyException.indexError("pop from empty list") }
            var i = a.count > 1 ? try interp.toInt(a[1], what: "index") : -1
            if i < 0 { i += me.items.count }
            guard i >= 0 && i < me.items.count else { throw PyException.indexError("pop index out of range") }
            return me.items.remove(at: i)
        }
        list.defineRawMethod("remove", "value, /", doc: "Remove first occurrence of value.") { interp, a in
            let me = try l(a, "remove")
            try a.expectCount("remove", 2...2)
            for (i, v) in me.items.enumerated() where try v.isIdentical(to: a[1]) || interp.equals(v, a[1]) {
                me.items.remove(at: i)
                return .none
            }
            throw PyException.valueError("list.remove(x): x not in list")
        }
        list.defineRawMethod("index", "value, start=0, stop=sys.maxsize, /", doc: "Return first index of value.") { interp, a in
            let me = try l(a, "index")
            guard a.count >= 2 else { throw PyException.typeError("index expected at least 1 argument, got 0") }
            let (start, end) = try bounds(interp, a, from: 2, length: me.items.count)
            if start < end {
                for i in start..<end where try me.items[i].isIdentical(to: a[1]) || interp.equals(me.items[i], a[1]) { return .int(i) }
            }
            throw PyException.valueError("\(try interp.repr(a[1])) is not in list")
        }
        list.defineRawMethod("count", "value, /") { interp, a in
            let me = try l(a, "count")
            try a.expectCount("count", 2...2)
            return .int(try me.items.filter { try $0.isIdentical(to: a[1]) || interp.equals($0, a[1]) }.count)
        }
        list.defineRawMethod("reverse", "") { _, a in
            try l(a, "reverse").items.reverse()
            return .none
        }
        list.defineRawMethod("clear", "") { _, a in
            try l(a, "clear").items.removeAll()
            return .none
        }
        list.defineRawMethod("copy", "") { _, a in .object(PyList(try l(a, "copy").items)) }
        list.defineRawMethod("sort", "*, key=None, reverse=False", doc: "Sort the list in ascending order and return None.") { interp, a in
            let me = try l(a, "sort")
            if a.count > 1 { throw PyException.typeError("sort() takes no positional arguments") }
            let bound = try Signature("*, key=None, reverse=False").bind(a.droppingFirst(), function: "sort")
            var items = me.items
            me.items = []
            defer { if me.items.isEmpty { me.items = items } }
            try interp.sortValues(&items, key: bound["key"], reverse: try bound.bool("reverse"))
            if !me.items.isEmpty { throw PyException.valueError("list modified during sort") }
            me.items = items
            return .none
        }
        list.defineRawMethod("__len__", "") { _, a in .int(try l(a, "__len__").items.count) }
        list.defineRawMethod("__getitem__", "index, /") { interp, a in try interp.getItem(a[0], a[1]) }
        list.defineRawMethod("__setitem__", "index, value, /") { interp, a in
            try interp.setItem(a[0], a[1], a[2])
            return .none
        }
        list.defineRawMethod("__delitem__", "index, /") { interp, a in
            try interp.deleteItem(a[0], a[1])
            return .none
        }
        list.defineRawMethod("__contains__", "key, /") { interp, a in .bool(try interp.contains(a[0], a[1])) }
        list.defineRawMethod("__iter__", "") { interp, a in try interp.iterator(a[0]) }
        list.defineRawMethod("__add__", "value, /") { interp, a in try interp.builtinDunder(.add, a[0], a[1]) }
        list.defineRawMethod("__iadd__", "value, /") { interp, a in try interp.inplaceOperation(.add, a[0], a[1]) }
        list.defineRawMethod("__eq__", "value, /") { interp, a in try interp.compare(a[0], a[1], .equal) }
        list.defineRawMethod("__repr__", "") { interp, a in
            let me = try l(a, "__repr__")
            return .str("[" + (try me.items.map(interp.repr).joined(separator: ", ")) + "]")
        }
        list.attributes["__hash__"] = Value.none
    }

    static func installTuple() {
        let tuple = BuiltinTypes.tuple
        tuple.doc = "Built-in immutable sequence."
        tuple.constructor = { interp, type, a in
            try a.expectCount("tuple", 0...1)
            let items = a.count == 1 ? try interp.collect(a[0]) : []
            if type === BuiltinTypes.tuple { return PyTuple.make(items) }
            return .object(PyTuple(type: type, items: items))
        }
        let newFunction = NativeFunction(name: "__new__", qualifiedName: "tuple.__new__", signature: "type, iterable=(), /",
                                         doc: "Create and return a new tuple.", body: .raw { interp, a in
            guard a.count >= 1, case .object(let o) = a[0], let cls = o as? PyType, cls.isSubtype(of: BuiltinTypes.tuple) else {
                throw PyException.typeError("tuple.__new__(X): X is not a subtype of tuple")
            }
            let items = a.count > 1 ? try interp.collect(a[1]) : []
            return cls === BuiltinTypes.tuple ? PyTuple.make(items) : .object(PyTuple(type: cls, items: items))
        })
        tuple.setAttribute("__new__", .object(PyStaticMethod(.object(newFunction))))
        func t(_ a: Arguments, _ name: String) throws -> PyTuple { try receiver(a, PyTuple.self, name, "tuple") }
        tuple.defineRawMethod("index", "value, start=0, stop=sys.maxsize, /") { interp, a in
            let me = try t(a, "index")
            let (start, end) = try bounds(interp, a, from: 2, length: me.items.count)
            if start < end {
                for i in start..<end where try interp.equals(me.items[i], a[1]) { return .int(i) }
            }
            throw PyException.valueError("tuple.index(x): x not in tuple")
        }
        tuple.defineRawMethod("count", "value, /") { interp, a in
            let me = try t(a, "count")
            return .int(try me.items.filter { try interp.equals($0, a[1]) }.count)
        }
        tuple.defineRawMethod("__len__", "") { _, a in .int(try t(a, "__len__").items.count) }
        tuple.defineRawMethod("__getitem__", "index, /") { interp, a in try interp.getItem(a[0], a[1]) }
        tuple.defineRawMethod("__contains__", "key, /") { interp, a in .bool(try interp.contains(a[0], a[1])) }
        tuple.defineRawMethod("__iter__", "") { interp, a in try interp.iterator(a[0]) }
        tuple.defineRawMethod("__hash__", "") { interp, a in .int(try interp.hashTuple(try t(a, "__hash__").items)) }
        tuple.defineRawMethod("__add__", "value, /") { interp, a in try interp.builtinDunder(.add, a[0], a[1]) }
        tuple.defineRawMethod("__eq__", "value, /") { interp, a in try interp.compare(a[0], a[1], .equal) }
        tuple.defineRawMethod("__repr__", "") { interp, a in
            let me = try t(a, "__repr__")
            if me.items.count == 1 { return .str("(" + (try interp.repr(me.items[0])) + ",)") }
            return .str("(" + (try me.items.map(interp.repr).joined(separator: ", ")) + ")")
        }
    }

    static func installDict() {
        let dict = BuiltinTypes.dict
        dict.doc = "dict() -> new empty dictionary"
        dict.allocator = { _, type, _ in PyDict(type: type) }
        func d(_ a: Arguments, _ name: String) throws -> PyDict { try receiver(a, PyDict.self, name, "dict") }
        func update(_ interp: Interpreter, _ me: PyDict, _ a: Arguments, name: String) throws {
            if a.count > 2 { throw PyException.typeError("\(name) expected at most 1 argument, got \(a.count - 1)") }
            if a.count == 2 {
                let source = a[1]
                if case .object(let o) = source, o is PyDict || source.type.lookup("keys") != nil {
                    try interp.mergeMapping(into: me, source, rejectDuplicates: false)
                } else {
                    for (i, item) in try interp.collect(source).enumerated() {
                        let pair: [Value]
                        do {
                            pair = try interp.collect(item)
                        } catch {
                            throw PyException.typeError("cannot convert dictionary update sequence element #\(i) to a sequence")
                        }
                        guard pair.count == 2 else {
                            throw PyException.valueError("dictionary update sequence element #\(i) has length \(pair.count); 2 is required")
                        }
                        try me.set(pair[0], pair[1])
                    }
                }
            }
            for (k, v) in a.keywords { try me.set(.str(k), v) }
        }
        dict.defineRawMethod("__init__", "*args, **kwargs") { interp, a in
            try update(interp, try d(a, "__init__"), a, name: "dict")
            return .none
        }
        dict.defineRawMethod("update", "*args, **kwargs", doc: "Update the dict from a mapping or iterable of pairs and keywords.") { interp, a in
            try update(interp, try d(a, "update"), a, name: "update")
            return .none
        }
        dict.defineRawMethod("get", "key, default=None, /", doc: "Return the value for key if key is in the dictionary, else default.") { _, a in
            let me = try d(a, "get")
            guard a.count == 2 || a.count == 3 else { throw PyException.typeError("get expected at least 1 argument, got \(a.count - 1)") }
            return try me.get(a[1]) ?? (a.count == 3 ? a[2] : .none)
        }
        dict.defineRawMethod("keys", "") { _, a in .object(DictView(try d(a, "keys"), kind: .keys)) }
        dict.defineRawMethod("values", "") { _, a in .object(DictView(try d(a, "values"), kind: .values)) }
        dict.defineRawMethod("items", "") { _, a in .object(DictView(try d(a, "items"), kind: .items)) }
        dict.defineRawMethod("pop", "key, default=<unrepresentable>, /") { _, a in
            let me = try d(a, "pop")
            guard a.count == 2 || a.count == 3 else { throw PyException.typeError("pop expected at least 1 argument, got \(a.count - 1)") }
            if let v = try me.remove(a[1]) { return v }
            if a.count == 3 { return a[2] }
            throw PyException.keyError(a[1])
        }
        dict.defineRawMethod("popitem", "") { _, a in
            guard let (k, v) = try d(a, "popitem").popLast() else { throw PyException.keyError(.str("popitem(): dictionary is empty")) }
            return PyTuple.make([k, v])
        }
        dict.defineRawMethod("setdefault", "key, default=None, /") { _, a in
            let me = try d(a, "setdefault")
            if let v = try me.get(a[1]) { return v }
            let v = a.count > 2 ? a[2] : .none
            try me.set(a[1], v)
            return v
        }
        dict.defineRawMethod("clear", "") { _, a in
            try d(a, "clear").removeAll()
            return .none
        }
        dict.defineRawMethod("copy", "") { _, a in .object(try d(a, "copy").copy()) }
        dict.defineClassMethod("fromkeys", "iterable, value=None, /") { interp, args in
            let result = PyDict()
            for k in try interp.collect(args["iterable"]) { try result.set(k, args["value"]) }
            return .object(result)
        }
        dict.defineRawMethod("__len__", "") { _, a in .int(try d(a, "__len__").count) }
        dict.defineRawMethod("__getitem__", "key, /") { interp, a in try interp.getItem(a[0], a[1]) }
        dict.defineRawMethod("__setitem__", "key, value, /") { _, a in
            try d(a, "__setitem__").set(a[1], a[2])
            return .none
        }
        dict.defineRawMethod("__delitem__", "key, /") { interp, a in
            try interp.deleteItem(a[0], a[1])
            return .none
        }
        dict.defineRawMethod("__contains__", "key, /") { _, a in .bool(try d(a, "__contains__").contains(a[1])) }
        dict.defineRawMethod("__iter__", "") { _, a in .object(DictIterator(try d(a, "__iter__"), kind: .keys)) }
        dict.defineRawMethod("__eq__", "value, /") { interp, a in try interp.compare(a[0], a[1], .equal) }
        dict.defineRawMethod("__repr__", "") { interp, a in
            let me = try d(a, "__repr__")
            return .str("{" + (try me.pairs.map { "\(try interp.repr($0.key)): \(try interp.repr($0.value))" }.joined(separator: ", ")) + "}")
        }
        dict.attributes["__hash__"] = Value.none
        for view in [BuiltinTypes.dictKeys, BuiltinTypes.dictValues, BuiltinTypes.dictItems] {
            view.defineRawMethod("__len__", "") { interp, a in .int(try interp.length(a[0])) }
            view.defineRawMethod("__iter__", "") { interp, a in try interp.iterator(a[0]) }
            view.defineRawMethod("__contains__", "key, /") { interp, a in .bool(try interp.contains(a[0], a[1])) }
        }
    }

    static func installSet() {
        for frozen in [false, true] {
            let type = frozen ? BuiltinTypes.frozenset : BuiltinTypes.set
            let name = type.name
            type.doc = frozen ? "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object"
                : "set() -> new empty set object\nset(iterable) -> new set object"
            if frozen {
                type.constructor = { interp, type, a in
                    try a.expectCount("frozenset", 0...1)
                    let s = PySet(type: type, frozen: true)
                    if a.count == 1 { try interp.fillSet(s, from: a[0]) }
                    return .object(s)
                }
            } else {
                type.allocator = { _, type, _ in PySet(type: type, frozen: false) }
                type.defineRawMethod("__init__", "iterable=(), /") { interp, a in
                    let me = try receiver(a, PySet.self, "__init__", name)
                    try a.rejectKeywords("set")
                    if a.count > 2 { throw PyException.typeError("set expected at most 1 argument, got \(a.count - 1)") }
                    me.removeAll()
                    if a.count == 2 { try interp.fillSet(me, from: a[1]) }
                    return .none
                }
            }
            func s(_ a: Arguments, _ method: String) throws -> PySet { try receiver(a, PySet.self, method, name) }
            func otherSet(_ interp: Interpreter, _ v: Value) throws -> PySet {
                if case .object(let o) = v, let set = o as? PySet { return set }
                let set = PySet()
                try interp.fillSet(set, from: v)
                return set
            }
            if !frozen {
                type.defineRawMethod("add", "object, /", doc: "Add an element to a set.") { _, a in
                    try a.expectCount("set.add", 2...2)
                    try s(a, "add").add(a[1])
                    return .none
                }
                type.defineRawMethod("remove", "object, /") { _, a in
                    if try !s(a, "remove").discard(a[1]) { throw PyException.keyError(a[1]) }
                    return .none
                }
                type.defineRawMethod("discard", "object, /") { _, a in
                    _ = try s(a, "discard").discard(a[1])
                    return .none
                }
                type.defineRawMethod("pop", "") { _, a in
                    guard let v = try s(a, "pop").pop() else { throw PyException.keyError(.str("pop from an empty set")) }
                    return v
                }
                type.defineRawMethod("clear", "") { _, a in
                    try s(a, "clear").removeAll()
                    return .none
                }
                type.defineRawMethod("update", "*others") { interp, a in
                    let me = try s(a, "update")
                    for i in 1..<max(a.count, 1) { try interp.fillSet(me, from: a[i]) }
                    return .none
                }
                type.defineRawMethod("difference_update", "*others") { interp, a in
                    let me = try s(a, "difference_update")
                    for i in 1..<max(a.count, 1) { for v in try interp.collect(a[i]) { _ = try me.discard(v) } }
                    return .none
                }
                type.defineRawMethod("intersection_update", "*others") { interp, a in
                    let me = try s(a, "intersection_update")
                    var result = me
                    for i in 1..<max(a.count, 1) { result = try interp.setIntersection(result, try otherSet(interp, a[i])) }
                    let copy = try result.copy()
                    me.removeAll()
                    try me.merge(copy)
                    return .none
                }
            }
            type.defineRawMethod("union", "*others") { interp, a in
                let result = try s(a, "union").copy()
                for i in 1..<max(a.count, 1) { try interp.fillSet(result, from: a[i]) }
                return .object(result)
            }
            type.defineRawMethod("intersection", "*others") { interp, a in
                var result = try s(a, "intersection").copy()
                for i in 1..<max(a.count, 1) { result = try interp.setIntersection(result, try otherSet(interp, a[i])) }
                return .object(result)
            }
            type.defineRawMethod("difference", "*others") { interp, a in
                var result = try s(a, "difference").copy()
                for i in 1..<max(a.count, 1) { result = try interp.setDifference(result, try otherSet(interp, a[i])) }
                return .object(result)
            }
            type.defineRawMethod("symmetric_difference", "other, /") { interp, a in
                try interp.binaryOperation(.xor, a[0], .object(try otherSet(interp, a[1])))
            }
            type.defineRawMethod("issubset", "other, /") { interp, a in .bool(try interp.isSubset(try s(a, "issubset"), try otherSet(interp, a[1]))) }
            type.defineRawMethod("issuperset", "other, /") { interp, a in .bool(try interp.isSubset(try otherSet(interp, a[1]), try s(a, "issuperset"))) }
            type.defineRawMethod("isdisjoint", "other, /") { interp, a in
                .bool(try interp.setIntersection(try s(a, "isdisjoint"), try otherSet(interp, a[1])).count == 0)
            }
            type.defineRawMethod("copy", "") { _, a in .object(try s(a, "copy").copy()) }
            type.defineRawMethod("__len__", "") { _, a in .int(try s(a, "__len__").count) }
            type.defineRawMethod("__contains__", "key, /") { _, a in .bool(try s(a, "__contains__").contains(a[1])) }
            type.defineRawMethod("__iter__", "") { interp, a in try interp.iterator(a[0]) }
            if !frozen { type.attributes["__hash__"] = Value.none }
        }
    }

    static func installRange() {
        let range = BuiltinTypes.range
        range.doc = "range(stop) -> range object\nrange(start, stop[, step]) -> range object"
        range.constructor = { interp, _, a in
            try a.rejectKeywords("range")
            func int(_ v: Value) throws -> Int {
                if let i = v.intValue { return i }
                if case .object(let o) = v, let i = try interp.indexValue(o) { return i }
                throw PyException.typeError("'\(v.type.name)' object cannot be interpreted as an integer")
            }
            let start: Int, stop: Int, step: Int
            switch a.count {
            case 1: (start, stop, step) = (0, try int(a[0]), 1)
            case 2: (start, stop, step) = (try int(a[0]), try int(a[1]), 1)
            case 3:
                (start, stop, step) = (try int(a[0]), try int(a[1]), try int(a[2]))
                if step == 0 { throw PyException.valueError("range() arg 3 must not be zero") }
            case 0: throw PyException.typeError("range expected at least 1 argument, got 0")
            default: throw PyException.typeError("range expected at most 3 arguments, got \(a.count)")
            }
            if PyRange.length(start: start, stop: stop, step: step) == nil {
                throw PyException.overflow("range() length does not fit in a 64-bit int")
            }
            return .object(PyRange(start: start, stop: stop, step: step))
        }
        func r(_ v: Value) -> PyRange? { v.object as? PyRange }
        range.defineProperty("start", get: { _, v in .int(r(v)?.start ?? 0) })
        range.defineProperty("stop", get: { _, v in .int(r(v)?.stop ?? 0) })
        range.defineProperty("step", get: { _, v in .int(r(v)?.step ?? 1) })
        range.defineRawMethod("index", "value, /") { interp, a in
            guard let me = r(a[0]) else { return .none }
            if try interp.contains(a[0], a[1]), let i = a[1].intValue { return .int((i - me.start) / me.step) }
            throw PyException.valueError("\(try interp.repr(a[1])) is not in range")
        }
        range.defineRawMethod("count", "value, /") { interp, a in .int(try interp.contains(a[0], a[1]) ? 1 : 0) }
        range.defineRawMethod("__len__", "") { interp, a in .int(try interp.length(a[0])) }
        range.defineRawMethod("__iter__", "") { interp, a in try interp.iterator(a[0]) }
        range.defineRawMethod("__contains__", "key, /") { interp, a in .bool(try interp.contains(a[0], a[1])) }
        range.defineRawMethod("__getitem__", "key, /") { interp, a in try interp.getItem(a[0], a[1]) }

        let slice = BuiltinTypes.slice
        slice.constructor = { _, _, a in
            switch a.count {
            case 1: return .object(PySlice(start: .none, stop: a[0], step: .none))
            case 2: return .object(PySlice(start: a[0], stop: a[1], step: .none))
            case 3: return .object(PySlice(start: a[0], stop: a[1], step: a[2]))
            default: throw PyException.typeError("slice expected at least 1 argument, got 0")
            }
        }
        slice.defineProperty("start", get: { _, v in (v.object as? PySlice)?.start ?? .none })
        slice.defineProperty("stop", get: { _, v in (v.object as? PySlice)?.stop ?? .none })
        slice.defineProperty("step", get: { _, v in (v.object as? PySlice)?.step ?? .none })
        slice.defineRawMethod("indices", "length, /") { interp, a in
            guard let me = a[0].object as? PySlice else { return .none }
            let (start, stop, step, _) = try me.indices(length: try interp.toInt(a[1], what: "length"))
            return PyTuple.make([.int(start), .int(stop), .int(step)])
        }

        let bytes = BuiltinTypes.bytes
        bytes.constructor = { interp, _, a in
            if a.count == 0 { return .object(PyBytes([])) }
            if let s = a[0].stringValue { return .object(PyBytes(Array(s.utf8))) }
            if let n = a[0].intValue {
                if n < 0 { throw PyException.valueError("negative count") }
                if n > Interpreter.maximumElements { throw PyException(BuiltinTypes.memoryError, "") }
                return .object(PyBytes([UInt8](repeating: 0, count: n)))
            }
            return .object(PyBytes(try interp.collect(a[0]).map { UInt8(truncatingIfNeeded: try interp.toInt($0, what: "byte")) }))
        }
        bytes.defineRawMethod("decode", "encoding='utf-8', errors='strict'") { _, a in
            guard let b = a[0].object as? PyBytes else { return .none }
            return .str(String(decoding: b.bytes, as: UTF8.self))
        }
    }
}

extension Interpreter {
    /// Adds every element of an iterable to a set (CPython's `set_update_internal`).
    func fillSet(_ set: PySet, from source: Value) throws {
        if case .object(let o) = source {
            if let other = o as? PySet { return try set.merge(other) }
            if let dict = o as? PyDict, o.type === BuiltinTypes.dict { return try set.update(keysOf: dict) }
        }
        let it = try iterator(source)
        while let v = try next(it) { try set.add(v) }
    }
}
