import KTensor

/// NumPy indexing of a tensor from a script key: basic items (ints, slices, `...`, `None`),
/// one integer array or boolean mask anywhere among them, or several integer arrays/masks
/// leading the key (`a[rows, cols]`). Reading and assignment share the parsed plan.
enum NumPyIndexing {
    /// One item of a key.
    enum Item {
        case basic(TensorIndex)
        case integers(Tensor)
        case mask(Tensor)
    }

    static func items(of key: Value) throws -> [Item] {
        if case .object(let o) = key, let t = o as? PyTuple, o.type === BuiltinTypes.tuple {
            return try t.items.map(item)
        }
        return [try item(key)]
    }

    static func item(_ v: Value) throws -> Item {
        switch v {
        case .none: return .basic(.newAxis)
        case .bool(let b): return .mask(Tensor(scalar: b))
        case .int(let i): return .basic(.index(i))
        case .object(let o):
            if o === BuiltinTypes.ellipsisValue { return .basic(.ellipsis) }
            if let s = o as? PySlice {
                func bound(_ b: Value) throws -> Int? {
                    if b.isNone { return nil }
                    return try Interpreter.current.toInt(b, what: "slice indices")
                }
                return .basic(.slice(start: try bound(s.start), stop: try bound(s.stop), step: try bound(s.step)))
            }
            if let t = ArrayBridge.arrayPayload(v) {
                if t.dtype == .bool { return .mask(t) }
                guard t.dtype.isInteger else {
                    throw PyException.indexError("arrays used as indices must be of integer (or boolean) type")
                }
                if t.rank == 0, o is NDArrayObject, !(o.type === NumPyTypes.ndarray) { return .basic(.index(Int(try t.scalarInt64()))) }
                return .integers(t)
            }
            if o is PyList {
                let t = try ArrayBridge.tensor(from: v)
                if t.count == 0 { return .integers(try t.cast(to: .int64)) }
                if t.dtype == .bool { return .mask(t) }
                guard t.dtype.isInteger else {
                    throw PyException.indexError("arrays used as indices must be of integer (or boolean) type")
                }
                return .integers(t)
            }
            if let i = try Interpreter.current.indexValue(o) { return .basic(.index(i)) }
        default: break
        }
        throw PyException.indexError("only integers, slices (`:`), ellipsis (`...`), numpy.newaxis (`None`) and integer or boolean arrays are valid indices")
    }

    /// A plan: basic items, or an advanced selection expressed with engine primitives.
    enum Plan {
        case basic([TensorIndex])
        /// Basic items (the advanced position replaced by `:`), then `take` along `axis`.
        case take(basic: [TensorIndex], indices: Tensor, axis: Int)
        /// A mask over the leading dimensions.
        case mask(Tensor)
        /// Integer arrays over the `count` leading dimensions, broadcast together.
        case leading(indices: [Tensor], count: Int)
    }

    static func plan(_ key: Value, for tensor: Tensor) throws -> Plan {
        let parsed = try items(of: key)
        var advanced: [Int] = []
        for (i, it) in parsed.enumerated() {
            if case .basic = it { continue }
            advanced.append(i)
        }
        if advanced.isEmpty {
            return .basic(parsed.map { if case .basic(let b) = $0 { return b }; return .all })
        }
        if parsed.count == 1, case .mask(let m) = parsed[0] {
            if m.rank == 0 {
                return .take(basic: [.newAxis], indices: Tensor([Int64]((m.int64s().first ?? 0) != 0 ? [0] : [])), axis: 0)
            }
            return .mask(m)
        }
        if advanced.count == 1 {
            let p = advanced[0]
            if case .mask(let m) = parsed[p] {
                guard m.rank == 1 else { return try leadingPlan(parsed, tensor: tensor) }
                let positions = m.nonzero()[0]
                return try takePlan(parsed, position: p, indices: positions, tensor: tensor)
            }
            if case .integers(let t) = parsed[p] { return try takePlan(parsed, position: p, indices: t, tensor: tensor) }
        }
        return try leadingPlan(parsed, tensor: tensor)
    }

    private static func takePlan(_ parsed: [Item], position p: Int, indices: Tensor, tensor: Tensor) throws -> Plan {
        var basic: [TensorIndex] = []
        for it in parsed {
            if case .basic(let b) = it { basic.append(b) } else { basic.append(.all) }
        }
        let consumed = basic.filter { $0 != .newAxis && $0 != .ellipsis }.count
        guard consumed <= tensor.rank else {
            throw PyException.indexError("too many indices for array: array is \(tensor.rank)-dimensional, but \(consumed) were indexed")
        }
        // The output axis of the advanced item: the dimensions the items before it produce.
        var axis = 0
        for item in basic[..<p] {
            switch item {
            case .index: break
            case .slice, .newAxis: axis += 1
            case .ellipsis: axis += tensor.rank - consumed
            }
        }
        return .take(basic: basic, indices: indices, axis: axis)
    }

    private static func leadingPlan(_ parsed: [Item], tensor: Tensor) throws -> Plan {
        var arrays: [Tensor] = []
        var count = 0
        for it in parsed {
            switch it {
            case .integers(let t):
                arrays.append(t)
                count += 1
            case .mask(let m):
                arrays.append(contentsOf: m.nonzero())
                count += m.rank
            case .basic(.slice(nil, nil, nil)):
                guard !arrays.isEmpty else { fallthrough }
                continue
            case .basic:
                throw PyException.indexError("kscript supports several index arrays only at the start of an index (a[rows, cols, ...])")
            }
        }
        guard count <= tensor.rank else {
            throw PyException.indexError("too many indices for array: array is \(tensor.rank)-dimensional, but \(count) were indexed")
        }
        return .leading(indices: arrays, count: count)
    }

    /// Flat positions into the leading `count` dimensions for broadcast index arrays.
    private static func flatIndices(_ arrays: [Tensor], count: Int, shape: [Int]) throws -> Tensor {
        var common: [Int] = []
        for a in arrays {
            do { common = try Tensor.broadcastShapes(common, a.shape) } catch {
                throw PyException.indexError("shape mismatch: indexing arrays could not be broadcast together with shapes " + arrays.map { ArrayBridge.shapeText($0.shape) }.joined(separator: " ") + " ")
            }
        }
        var flat = Tensor(zeros: common, dtype: .int64)
        for (axis, a) in arrays.enumerated() {
            let length = shape[axis]
            var wrapped = try a.cast(to: .int64)
            let values = wrapped.int64s()
            for v in values where v < -Int64(length) || v >= Int64(length) {
                throw PyException.indexError("index \(v) is out of bounds for axis \(axis) with size \(length)")
            }
            wrapped = try Tensor(shape: a.shape, values: values.map { $0 < 0 ? $0 + Int64(length) : $0 })
            flat = try flat * Tensor(scalar: Int64(length), dtype: .int64) + wrapped
        }
        return flat
    }

    /// `tensor[key]`.
    static func get(_ tensor: Tensor, _ key: Value) throws -> Tensor {
        switch try plan(key, for: tensor) {
        case .basic(let items): return try tensor.indexed(items)
        case .take(let basic, let indices, let axis):
            return try tensor.indexed(basic).take(indices, axis: axis)
        case .mask(let m): return try tensor.masked(m)
        case .leading(let arrays, let count):
            let flat = try flatIndices(arrays, count: count, shape: tensor.shape)
            let lead = tensor.shape[..<count].reduce(1, *)
            return try tensor.reshaped([lead] + Array(tensor.shape[count...])).take(flat, axis: 0)
        }
    }

    /// `tensor[key] = value`.
    static func set(_ tensor: inout Tensor, _ key: Value, _ value: Tensor) throws {
        switch try plan(key, for: tensor) {
        case .basic(let items): try tensor.setIndexed(items, to: value)
        case .take(let basic, let indices, let axis):
            if basic.allSatisfy({ $0 == .all || $0 == .ellipsis }) {
                try tensor.setTaken(indices, axis: axis, to: value)
            } else {
                throw PyException.indexError("kscript supports assignment through an index array combined only with full slices (a[:, idx] = v)")
            }
        case .mask(let m): try tensor.setMasked(m, to: value)
        case .leading(let arrays, let count):
            let flat = try flatIndices(arrays, count: count, shape: tensor.shape)
            let original = tensor.shape
            let lead = original[..<count].reduce(1, *)
            var reshaped = try tensor.contiguous().reshaped([lead] + Array(original[count...]))
            tensor = Tensor(zeros: [0], dtype: tensor.dtype)
            try reshaped.setTaken(flat, axis: 0, to: value)
            tensor = try reshaped.reshaped(original)
        }
    }
}
