import KTensor

/// One element of a `Dataset`: a tensor, or a tuple or string-keyed dict of elements
/// (`(x, y)`, `({"image": x}, y)`).
public indirect enum DatasetElement {
    case tensor(Tensor)
    case tuple([DatasetElement])
    case dict([(key: String, value: DatasetElement)])

    /// The tensors in order (depth first, dict entries in order).
    public var leaves: [Tensor] {
        switch self {
        case .tensor(let t): return [t]
        case .tuple(let items): return items.flatMap(\.leaves)
        case .dict(let entries): return entries.flatMap(\.value.leaves)
        }
    }

    /// The same structure with each tensor replaced by `transform(tensor)`.
    public func mapLeaves(_ transform: (Tensor) throws -> Tensor) rethrows -> DatasetElement {
        switch self {
        case .tensor(let t): return .tensor(try transform(t))
        case .tuple(let items): return .tuple(try items.map { try $0.mapLeaves(transform) })
        case .dict(let entries): return .dict(try entries.map { ($0.key, try $0.value.mapLeaves(transform)) })
        }
    }

    /// The same structure filled with `tensors` in leaf order.
    public func replacingLeaves(_ tensors: [Tensor]) -> DatasetElement {
        var position = 0
        return mapLeaves { _ in
            defer { position += 1 }
            return tensors[position]
        }
    }

    /// The spec of this element (exact shapes).
    public var spec: ElementSpec {
        switch self {
        case .tensor(let t): return .tensor(shape: t.shape.map { $0 }, dtype: t.dtype)
        case .tuple(let items): return .tuple(items.map(\.spec))
        case .dict(let entries): return .dict(entries.map { ($0.key, $0.value.spec) })
        }
    }
}

/// The structure, shapes (nil = unknown dimension) and dtypes of a dataset's elements (TF's
/// `element_spec`).
public indirect enum ElementSpec: Equatable {
    case tensor(shape: [Int?], dtype: DType)
    case tuple([ElementSpec])
    case dict([(String, ElementSpec)])

    public static func == (a: ElementSpec, b: ElementSpec) -> Bool {
        switch (a, b) {
        case let (.tensor(s1, d1), .tensor(s2, d2)): return s1 == s2 && d1 == d2
        case let (.tuple(x), .tuple(y)): return x == y
        case let (.dict(x), .dict(y)): return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// Each tensor spec transformed.
    public func mapTensors(_ transform: ([Int?], DType) -> ([Int?], DType)) -> ElementSpec {
        switch self {
        case .tensor(let shape, let dtype):
            let (s, d) = transform(shape, dtype)
            return .tensor(shape: s, dtype: d)
        case .tuple(let items): return .tuple(items.map { $0.mapTensors(transform) })
        case .dict(let entries): return .dict(entries.map { ($0.0, $0.1.mapTensors(transform)) })
        }
    }

    /// The tensor specs in leaf order.
    public var leaves: [(shape: [Int?], dtype: DType)] {
        switch self {
        case .tensor(let shape, let dtype): return [(shape, dtype)]
        case .tuple(let items): return items.flatMap(\.leaves)
        case .dict(let entries): return entries.flatMap(\.1.leaves)
        }
    }

    /// The most specific spec both match (differing dimensions become unknown).
    func merged(with other: ElementSpec) -> ElementSpec {
        switch (self, other) {
        case let (.tensor(s1, d1), .tensor(s2, _)) where s1.count == s2.count:
            return .tensor(shape: zip(s1, s2).map { $0 == $1 ? $0 : nil }, dtype: d1)
        case let (.tuple(x), .tuple(y)) where x.count == y.count:
            return .tuple(zip(x, y).map { $0.merged(with: $1) })
        case let (.dict(x), .dict(y)) where x.count == y.count:
            return .dict(zip(x, y).map { ($0.0, $0.1.merged(with: $1.1)) })
        default:
            return self
        }
    }
}
