import KTensor

/// A lazy, streaming pipeline of `DatasetElement`s (`tf.data.Dataset`). Transformations build
/// new datasets without touching data; iteration (`makeIterator()`) pulls elements through
/// the chain one at a time. Batches of a `fromTensorSlices` source (shuffled or not) are
/// gathered straight from the source tensors — a view for consecutive rows, one gather per
/// batch otherwise — so an epoch over a large array never copies the whole set.
///
/// `map`/`filter`/`fromGenerator` take Swift closures; the language bridge passes script
/// functions through them. `fit` iterates a dataset without the language.
public final class Dataset {
    /// `cardinality` of an infinite dataset (`tf.data.INFINITE_CARDINALITY`).
    public static let infinite = -1
    /// `cardinality` when it cannot be known without iterating (`tf.data.UNKNOWN_CARDINALITY`).
    public static let unknown = -2

    public let elementSpec: ElementSpec
    /// Number of elements, or `Dataset.infinite` / `Dataset.unknown`.
    public let cardinality: Int
    /// Creates a fresh pass over the elements.
    private let makeNext: () throws -> () throws -> DatasetElement?
    /// For slice sources and shuffles of them: the source element and a fresh index order,
    /// so `batch` can gather rows directly.
    private let indexed: (source: DatasetElement, order: () throws -> () -> Int?)?

    init(spec: ElementSpec, cardinality: Int, indexed: (source: DatasetElement, order: () throws -> () -> Int?)? = nil,
         makeNext: @escaping () throws -> () throws -> DatasetElement?) {
        self.elementSpec = spec
        self.cardinality = cardinality
        self.indexed = indexed
        self.makeNext = makeNext
    }

    /// A fresh iterator over the elements.
    public func makeIterator() throws -> DatasetIterator {
        DatasetIterator(try makeNext())
    }

    // MARK: Sources

    /// `from_tensor_slices`: element `i` holds row `i` of every tensor; all must have the same
    /// first dimension.
    public static func fromTensorSlices(_ element: DatasetElement) throws -> Dataset {
        let leaves = element.leaves
        guard let first = leaves.first else { throw TensorError(.invalidArgument, "from_tensor_slices needs at least one tensor") }
        for t in leaves where t.rank == 0 {
            throw TensorError(.invalidArgument, "Unbatching a tensor is only supported for rank >= 1 (got a scalar)")
        }
        let n = first.shape[0]
        for t in leaves where t.shape[0] != n {
            throw TensorError(.invalidArgument, "Dimensions \(n) and \(t.shape[0]) are not compatible")
        }
        let spec = element.spec.mapTensors { shape, dtype in (Array(shape.dropFirst()), dtype) }
        let order: () throws -> () -> Int? = {
            var i = 0
            return {
                guard i < n else { return nil }
                defer { i += 1 }
                return i
            }
        }
        return Dataset(spec: spec, cardinality: n, indexed: (element, order)) {
            let next = try order()
            return { try next().map { try row(element, $0) } }
        }
    }

    /// `Dataset.range(start, stop, step)`: int64 scalars.
    public static func range(_ start: Int, _ stop: Int, step: Int = 1) throws -> Dataset {
        guard step != 0 else { throw TensorError(.invalidArgument, "step must not be 0") }
        let count = step > 0 ? Swift.max(0, (stop - start + step - 1) / step) : Swift.max(0, (start - stop - step - 1) / -step)
        return Dataset(spec: .tensor(shape: [], dtype: .int64), cardinality: count) {
            var i = 0
            return {
                guard i < count else { return nil }
                defer { i += 1 }
                return .tensor(Tensor(scalar: Int64(start + i * step)))
            }
        }
    }

    /// `from_generator`: each pass calls `start` for a fresh element producer (nil = end).
    public static func fromGenerator(spec: ElementSpec, _ start: @escaping () throws -> () throws -> DatasetElement?) -> Dataset {
        Dataset(spec: spec, cardinality: unknown, makeNext: start)
    }

    /// Row `i` of every tensor of `element` (views, no copy).
    static func row(_ element: DatasetElement, _ i: Int) throws -> DatasetElement {
        try element.mapLeaves { try $0.indexed([.index(i)]) }
    }

    /// Rows `indices` of every tensor: a view for a consecutive run, else one gather each.
    static func rows(_ element: DatasetElement, _ indices: [Int]) throws -> DatasetElement {
        if let first = indices.first, indices.last == first + indices.count - 1,
           Swift.zip(indices, indices.dropFirst()).allSatisfy({ $1 == $0 + 1 }) {
            return try element.mapLeaves { try $0.indexed([.slice(start: first, stop: first + indices.count, step: 1)]) }
        }
        let positions = Tensor(indices.map { Int64($0) })
        return try element.mapLeaves { try $0.take(positions, axis: 0) }
    }

    // MARK: Transformations

    /// `map(fn)`: `transform` applied to each element. The element spec comes from applying
    /// `transform` to the first element (dimensions unknown upstream stay unknown).
    public func map(_ transform: @escaping (DatasetElement) throws -> DatasetElement) throws -> Dataset {
        let upstream = self
        var spec = elementSpec
        let probe = try makeIterator()
        if let first = try probe.next() {
            let mapped = try transform(first).spec
            let batchUnknown = elementSpec.leaves.allSatisfy { $0.shape.first.map { $0 == nil } ?? false }
            spec = batchUnknown ? mapped.mapTensors { shape, dtype in (shape.isEmpty ? shape : [nil] + shape.dropFirst(), dtype) } : mapped
        }
        return Dataset(spec: spec, cardinality: cardinality) {
            let next = try upstream.makeNext()
            return { try next().map(transform) }
        }
    }

    /// `filter(predicate)`.
    public func filter(_ predicate: @escaping (DatasetElement) throws -> Bool) -> Dataset {
        let upstream = self
        return Dataset(spec: elementSpec, cardinality: cardinality == Dataset.infinite ? Dataset.infinite : Dataset.unknown) {
            let next = try upstream.makeNext()
            return {
                while let e = try next() {
                    if try predicate(e) { return e }
                }
                return nil
            }
        }
    }

    /// `batch(size, drop_remainder)`: consecutive elements stacked along a new first axis.
    public func batch(_ size: Int, dropRemainder: Bool = false) throws -> Dataset {
        guard size > 0 else { throw TensorError(.invalidArgument, "batch_size must be greater than zero.") }
        let spec = elementSpec.mapTensors { shape, dtype in ([dropRemainder ? size : nil] + shape, dtype) }
        let count: Int
        switch cardinality {
        case Dataset.infinite, Dataset.unknown: count = cardinality
        default: count = dropRemainder ? cardinality / size : (cardinality + size - 1) / size
        }
        if let (source, order) = indexed {
            return Dataset(spec: spec, cardinality: count) {
                let next = try order()
                return {
                    var indices: [Int] = []
                    indices.reserveCapacity(size)
                    while indices.count < size, let i = next() { indices.append(i) }
                    if indices.isEmpty || (dropRemainder && indices.count < size) { return nil }
                    return try Dataset.rows(source, indices)
                }
            }
        }
        let upstream = self
        return Dataset(spec: spec, cardinality: count) {
            let next = try upstream.makeNext()
            return {
                var elements: [DatasetElement] = []
                while elements.count < size, let e = try next() { elements.append(e) }
                if elements.isEmpty || (dropRemainder && elements.count < size) { return nil }
                return try Dataset.stack(elements)
            }
        }
    }

    /// Stacks elements of one structure along a new first axis.
    static func stack(_ elements: [DatasetElement]) throws -> DatasetElement {
        let columns = elements.map(\.leaves)
        var stacked: [Tensor] = []
        for component in 0..<columns[0].count {
            let parts = columns.map { $0[component] }
            for (i, p) in parts.enumerated() where p.shape != parts[0].shape {
                throw TensorError(.invalidArgument, "Cannot batch tensors with different shapes in component \(component). First element had shape \(shapeText(parts[0].shape)) and element \(i) had shape \(shapeText(p.shape)).")
            }
            stacked.append(try Tensor.stack(parts, axis: 0))
        }
        return elements[0].replacingLeaves(stacked)
    }

    static func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ",") + "]" }

    /// `unbatch()`: splits each element along its first axis.
    public func unbatch() throws -> Dataset {
        for leaf in elementSpec.leaves where leaf.shape.isEmpty {
            throw TensorError(.invalidArgument, "Cannot unbatch an input with scalar components.")
        }
        let upstream = self
        let spec = elementSpec.mapTensors { shape, dtype in (Array(shape.dropFirst()), dtype) }
        return Dataset(spec: spec, cardinality: cardinality == Dataset.infinite ? Dataset.infinite : Dataset.unknown) {
            let next = try upstream.makeNext()
            var current: DatasetElement?
            var position = 0, length = 0
            return {
                while current == nil || position >= length {
                    guard let e = try next() else { return nil }
                    current = e
                    position = 0
                    length = e.leaves.first?.shape.first ?? 0
                }
                defer { position += 1 }
                return try Dataset.row(current!, position)
            }
        }
    }

    /// `shuffle(buffer_size, seed, reshuffle_each_iteration)`: TF's buffered shuffle — fill a
    /// buffer, emit a random buffer entry and refill its slot. Without `seed` each pass draws
    /// its seed from the engine generator (seeded by `set_random_seed`).
    public func shuffle(bufferSize: Int, seed: UInt32? = nil, reshuffleEachIteration: Bool = true) throws -> Dataset {
        guard bufferSize > 0 else { throw TensorError(.invalidArgument, "buffer_size must be greater than zero.") }
        let fixedSeed = seed ?? (reshuffleEachIteration ? nil : UInt32(truncatingIfNeeded: EngineRandom.generator.generator.genrandUInt32()))
        var pass = 0
        func passSeed() -> UInt32 {
            defer { pass += 1 }
            if let fixedSeed { return reshuffleEachIteration && seed != nil ? fixedSeed &+ UInt32(truncatingIfNeeded: pass) : fixedSeed }
            return EngineRandom.generator.generator.genrandUInt32()
        }
        func shuffled<T>(_ next: @escaping () throws -> T?) -> () throws -> T? {
            let random = NumPyRandomState(seed: passSeed())
            var buffer: [T] = []
            buffer.reserveCapacity(Swift.min(bufferSize, 1 << 16))
            var exhausted = false
            return {
                while !exhausted && buffer.count < bufferSize {
                    if let e = try next() { buffer.append(e) } else { exhausted = true }
                }
                if buffer.isEmpty { return nil }
                let k = Int(random.interval(UInt64(buffer.count - 1)))
                buffer.swapAt(k, buffer.count - 1)
                return buffer.removeLast()
            }
        }
        if let (source, order) = indexed {
            let indexOrder: () throws -> () -> Int? = {
                let next = try order()
                let pick = shuffled { next() }
                return { (try? pick()) ?? nil }
            }
            return Dataset(spec: elementSpec, cardinality: cardinality, indexed: (source, indexOrder)) {
                let next = try indexOrder()
                return { try next().map { try Dataset.row(source, $0) } }
            }
        }
        let upstream = self
        return Dataset(spec: elementSpec, cardinality: cardinality) {
            shuffled(try upstream.makeNext())
        }
    }

    /// `take(n)`: the first `n` elements (all for a negative `n`).
    public func take(_ n: Int) -> Dataset {
        let upstream = self
        let count = n < 0 ? cardinality : (cardinality < 0 ? (cardinality == Dataset.infinite ? n : Dataset.unknown) : Swift.min(n, cardinality))
        return Dataset(spec: elementSpec, cardinality: count) {
            let next = try upstream.makeNext()
            var taken = 0
            return {
                guard n < 0 || taken < n else { return nil }
                taken += 1
                return try next()
            }
        }
    }

    /// `skip(n)`: all but the first `n` elements.
    public func skip(_ n: Int) -> Dataset {
        let upstream = self
        let count = cardinality < 0 ? cardinality : (n < 0 ? 0 : Swift.max(0, cardinality - n))
        return Dataset(spec: elementSpec, cardinality: count) {
            let next = try upstream.makeNext()
            var skipped = false
            return {
                if !skipped {
                    skipped = true
                    var i = 0
                    while n < 0 || i < n {
                        guard try next() != nil else { return nil }
                        i += 1
                    }
                }
                return try next()
            }
        }
    }

    /// `repeat(count)`: the elements `count` times (forever for nil or negative).
    public func repeated(_ count: Int? = nil) -> Dataset {
        let upstream = self
        let times = count.flatMap { $0 < 0 ? nil : $0 }
        let total: Int
        if let times { total = cardinality < 0 ? cardinality : cardinality * times } else { total = cardinality == 0 ? 0 : Dataset.infinite }
        return Dataset(spec: elementSpec, cardinality: total) {
            var round = 0
            var next = try upstream.makeNext()
            var producedThisRound = false
            return {
                while true {
                    if let times, round >= times { return nil }
                    if let e = try next() {
                        producedThisRound = true
                        return e
                    }
                    if !producedThisRound { return nil }
                    round += 1
                    producedThisRound = false
                    if let times, round >= times { return nil }
                    next = try upstream.makeNext()
                }
            }
        }
    }

    /// `cache()`: the first complete pass is kept in memory and replayed afterwards.
    public func cache() -> Dataset {
        let upstream = self
        var stored: [DatasetElement]?
        return Dataset(spec: elementSpec, cardinality: cardinality, indexed: indexed) {
            if let stored {
                var i = 0
                return {
                    guard i < stored.count else { return nil }
                    defer { i += 1 }
                    return stored[i]
                }
            }
            let next = try upstream.makeNext()
            var collected: [DatasetElement] = []
            return {
                if let e = try next() {
                    collected.append(e)
                    return e
                }
                stored = collected
                return nil
            }
        }
    }

    /// `prefetch(n)`: the same elements (iteration is synchronous here).
    public func prefetch(_ bufferSize: Int) -> Dataset { self }

    /// `Dataset.zip(datasets)`: tuples of corresponding elements, as long as the shortest.
    public static func zip(_ datasets: [Dataset]) -> Dataset {
        let known = datasets.map(\.cardinality).filter { $0 >= 0 }
        let count = known.min() ?? (datasets.contains { $0.cardinality == Dataset.unknown } ? Dataset.unknown : Dataset.infinite)
        return Dataset(spec: .tuple(datasets.map(\.elementSpec)), cardinality: count) {
            let nexts = try datasets.map { try $0.makeNext() }
            return {
                var items: [DatasetElement] = []
                for next in nexts {
                    guard let e = try next() else { return nil }
                    items.append(e)
                }
                return .tuple(items)
            }
        }
    }

    /// `concatenate(other)`: this dataset's elements, then `other`'s.
    public func concatenate(_ other: Dataset) throws -> Dataset {
        guard elementSpec.leaves.map(\.dtype) == other.elementSpec.leaves.map(\.dtype),
              elementSpec.leaves.count == other.elementSpec.leaves.count else {
            throw TensorError(.type, "Incompatible dataset elements:\n\(elementSpec)\nvs.\n\(other.elementSpec)")
        }
        let first = self
        let count = cardinality < 0 || other.cardinality < 0 ? Swift.min(cardinality, other.cardinality) : cardinality + other.cardinality
        return Dataset(spec: elementSpec.merged(with: other.elementSpec), cardinality: count) {
            var next = try first.makeNext()
            var onSecond = false
            return {
                if let e = try next() { return e }
                if onSecond { return nil }
                onSecond = true
                next = try other.makeNext()
                return try next()
            }
        }
    }

    /// `enumerate(start)`: `(index, element)` pairs with int64 indices.
    public func enumerated(start: Int = 0) -> Dataset {
        let upstream = self
        return Dataset(spec: .tuple([.tensor(shape: [], dtype: .int64), elementSpec]), cardinality: cardinality) {
            let next = try upstream.makeNext()
            var i = start
            return {
                guard let e = try next() else { return nil }
                defer { i += 1 }
                return .tuple([.tensor(Tensor(scalar: Int64(i))), e])
            }
        }
    }
}

/// One pass over a `Dataset`.
public final class DatasetIterator {
    private let nextElement: () throws -> DatasetElement?

    init(_ next: @escaping () throws -> DatasetElement?) {
        nextElement = next
    }

    /// The next element, nil at the end.
    public func next() throws -> DatasetElement? { try nextElement() }
}
