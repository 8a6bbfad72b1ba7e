/// One item of a NumPy basic index (`x[1, 2:5, ..., None, ::-1]`).
public enum TensorIndex: Equatable, Sendable {
    /// An integer: selects one position and drops the dimension (negative counts from the end).
    case index(Int)
    /// `start:stop:step` with Python's defaults and clamping for nil/out-of-range values.
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `None` / `np.newaxis`: inserts a size-1 dimension.
    case newAxis
    /// `...`: as many full slices as needed.
    case ellipsis

    /// `:`, the whole dimension.
    public static let all = TensorIndex.slice(start: nil, stop: nil, step: nil)
}

/// A slice resolved against a dimension's length (Python's `slice.indices`).
public struct ResolvedSlice: Equatable, Sendable {
    public var start: Int
    public var step: Int
    public var count: Int

    /// Python's `PySlice_AdjustIndices` for a dimension of `length`; throws on a zero step.
    public init(start: Int?, stop: Int?, step: Int?, length: Int) throws {
        let step = step ?? 1
        guard step != 0 else { throw TensorError.invalid("slice step cannot be zero") }
        func clamp(_ value: Int?, defaultValue: Int) -> Int {
            guard var v = value else { return defaultValue }
            if v < 0 {
                v += length
                if v < 0 { v = step < 0 ? -1 : 0 }
            } else if v >= length {
                v = step < 0 ? length - 1 : length
            }
            return v
        }
        let begin = clamp(start, defaultValue: step < 0 ? length - 1 : 0)
        let end = clamp(stop, defaultValue: step < 0 ? -1 : length)
        self.start = begin
        self.step = step
        if step < 0 {
            count = end < begin ? (begin - end - 1) / (-step) + 1 : 0
        } else {
            count = begin < end ? (end - begin - 1) / step + 1 : 0
        }
    }
}

extension Tensor {
    /// Replaces the ellipsis (at most one) by full slices and appends full slices for the
    /// dimensions not indexed, so the result has one non-`newAxis` item per dimension.
    public static func expandEllipsis(_ items: [TensorIndex], rank: Int) throws -> [TensorIndex] {
        let ellipses = items.filter { $0 == .ellipsis }.count
        guard ellipses <= 1 else { throw TensorError.index("an index can only have a single ellipsis ('...')") }
        let used = items.filter { $0 != .ellipsis && $0 != .newAxis }.count
        guard used <= rank else {
            throw TensorError.index("too many indices for array: array is \(rank)-dimensional, but \(used) were indexed")
        }
        let fill = [TensorIndex](repeating: .all, count: rank - used)
        if let position = items.firstIndex(of: .ellipsis) {
            return Array(items[..<position]) + fill + Array(items[(position + 1)...])
        }
        return items + fill
    }

    /// The view a basic index selects (not recorded).
    func basicIndexView(_ items: [TensorIndex]) throws -> Tensor {
        let expanded = try Tensor.expandEllipsis(items, rank: rank)
        var newShape: [Int] = [], newStrides: [Int] = []
        var position = offset
        var axis = 0
        for item in expanded {
            switch item {
            case .newAxis:
                newShape.append(1)
                newStrides.append(0)
            case .index(let i):
                let n = shape[axis]
                let resolved = i < 0 ? i + n : i
                guard resolved >= 0 && resolved < n else {
                    throw TensorError.index("index \(i) is out of bounds for axis \(axis) with size \(n)")
                }
                position += resolved * strides[axis]
                axis += 1
            case .slice(let start, let stop, let step):
                let s = try ResolvedSlice(start: start, stop: stop, step: step, length: shape[axis])
                if s.count > 0 { position += s.start * strides[axis] }
                newShape.append(s.count)
                newStrides.append(s.step * strides[axis])
                axis += 1
            case .ellipsis:
                break
            }
        }
        return Tensor(storage: storage, dtype: dtype, shape: newShape, strides: newStrides, offset: position)
    }

    /// `x[items]` with basic indexing: a view sharing storage. Differentiable (the gradient is
    /// the upstream gradient written into zeros at the selected positions).
    public func indexed(_ items: [TensorIndex]) throws -> Tensor {
        let view = try basicIndexView(items)
        let inputShape = shape, inputDType = dtype
        guard Autodiff.needsGradient(self) else { return view.withoutGradient() }
        return recordView(view) { g in
            var gradient = Tensor(zeros: inputShape, dtype: inputDType)
            try gradient.setIndexed(items, to: g)
            return gradient
        }
    }

    /// `x[items] = value`: writes `value` (broadcast to the selection, cast to this dtype) into
    /// the selected elements in place. Copy-on-write: other values sharing the storage keep
    /// their contents. Not recorded.
    public mutating func setIndexed(_ items: [TensorIndex], to value: Tensor) throws {
        makeUnique()
        tapeID = 0
        attachment = nil
        let view = try basicIndexView(items)
        try Tensor.writeElements(of: value, into: view)
    }
}
