import KTensor

/// Where a training loop's batches come from: arrays split into batches, or a `Dataset`
/// whose elements are batches. `steps` is the number of batches per epoch (nil when
/// unknown).
public class DataAdapter {
    public var steps: Int? { nil }
    /// Starts a new pass over the data.
    public func startEpoch() throws {}
    /// The next batch, nil at the end of the pass.
    public func nextBatch() throws -> StepData? { nil }
}

/// Arrays (one structure of tensors for x, y and sample weights) cut into batches of
/// `batchSize` along the first axis; with `shuffle`, a fresh permutation each epoch (drawn
/// from the engine's seeded generator) gathers each batch — the next one in the background
/// while the current step runs — otherwise batches are views of the arrays (no copy). Class
/// weights become per-sample weights.
public final class ArrayDataAdapter: DataAdapter {
    public let x: DatasetElement
    public let y: DatasetElement?
    public let sampleWeight: DatasetElement?
    public let batchSize: Int
    public let shuffle: Bool
    public let classWeight: [Int: Double]?
    public let count: Int
    private let stepLimit: Int?
    private let prefetcher: BatchPrefetcher?
    private var position = 0
    private var produced = 0

    public init(x: DatasetElement, y: DatasetElement?, sampleWeight: DatasetElement? = nil, batchSize: Int = 32, shuffle: Bool = false,
                classWeight: [Int: Double]? = nil, steps: Int? = nil) throws {
        guard batchSize > 0 else { throw KerasError.value("Expected `batch_size` to be a positive integer, got \(batchSize).") }
        self.x = x
        self.y = y
        self.sampleWeight = sampleWeight
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.classWeight = classWeight
        stepLimit = steps
        count = try ArrayDataAdapter.sampleCount(x: x, y: y, sampleWeight: sampleWeight)
        prefetcher = shuffle ? BatchPrefetcher(sources: x.leaves + (y?.leaves ?? []) + (sampleWeight?.leaves ?? [])) : nil
        if let classWeight {
            let keys = classWeight.keys.sorted()
            guard keys == Array(0..<keys.count) else {
                throw KerasError.value("Expected `class_weight` to be a dict with keys from 0 to one less than the number of classes, found \(classWeight)")
            }
            guard let y, y.leaves.count == 1 else {
                throw KerasError.value("`class_weight` is only supported for Models with a single output.")
            }
        }
    }

    public override var steps: Int? {
        let full = (count + batchSize - 1) / batchSize
        return stepLimit.map { Swift.min($0, full) } ?? full
    }

    public override func startEpoch() throws {
        position = 0
        produced = 0
        if let prefetcher {
            let order = try EngineRandom.generator.permutation(count).int64s().map { Int($0) }
            prefetcher.startEpoch(order: order, batchSize: batchSize, batchCount: steps ?? 0)
        }
    }

    public override func nextBatch() throws -> StepData? {
        if position >= count { return nil }
        if let limit = stepLimit, produced >= limit { return nil }
        let length = Swift.min(batchSize, count - position)
        var data: StepData
        if let prefetcher {
            let leaves = prefetcher.batch(produced)
            let xCount = x.leaves.count, yCount = y?.leaves.count ?? 0
            data = StepData(x: x.replacingLeaves(Array(leaves[..<xCount])),
                            y: y?.replacingLeaves(Array(leaves[xCount..<(xCount + yCount)])),
                            sampleWeight: sampleWeight?.replacingLeaves(Array(leaves[(xCount + yCount)...])))
        } else {
            func cut(_ element: DatasetElement) throws -> DatasetElement {
                try element.mapLeaves { try $0.slice(axis: 0, start: position, length: length) }
            }
            data = StepData(x: try cut(x), y: try y.map(cut), sampleWeight: try sampleWeight.map(cut))
        }
        if let classWeight, let labels = data.y?.leaves.first {
            let weights = try ArrayDataAdapter.classWeights(classWeight, labels: labels)
            if let given = data.sampleWeight?.leaves.first {
                data.sampleWeight = .tensor(try given.cast(to: .float32) * weights)
            } else {
                data.sampleWeight = .tensor(weights)
            }
        }
        position += length
        produced += 1
        return data
    }

    /// `(train, validation)` for `validation_split`: the last fraction of the arrays, taken
    /// before any shuffling (`floor(n * (1 - split))` samples train).
    public static func split(_ element: DatasetElement, at splitIndex: Int, count: Int) throws -> (DatasetElement, DatasetElement) {
        (try element.mapLeaves { try $0.slice(axis: 0, start: 0, length: splitIndex) },
         try element.mapLeaves { try $0.slice(axis: 0, start: splitIndex, length: count - splitIndex) })
    }

    /// The index where `validation_split` cuts `count` samples, with Keras' error when one side
    /// would be empty.
    public static func splitIndex(count: Int, validationSplit: Double) throws -> Int {
        let index = Int((Double(count) * (1 - validationSplit)).rounded(.down))
        if index == 0 || index == count {
            throw KerasError.value("Training data contains \(count) samples, which is not sufficient to split it into a validation and training set as specified by `validation_split=\(validationSplit)`. Either provide more data, or a different value for the `validation_split` argument.")
        }
        return index
    }

    /// The common first dimension of every array, with Keras' error when they differ.
    static func sampleCount(x: DatasetElement, y: DatasetElement?, sampleWeight: DatasetElement?) throws -> Int {
        let groups: [(String, DatasetElement?)] = [("x", x), ("y", y), ("sample_weight", sampleWeight)]
        var sizes: [(String, [Int])] = []
        for (label, element) in groups {
            guard let element else { continue }
            let leaves = element.leaves
            for leaf in leaves where leaf.rank == 0 {
                throw KerasError.value("Expected arrays with a batch dimension in `\(label)`, got a scalar.")
            }
            sizes.append((label, leaves.map { $0.shape[0] }))
        }
        let all = Set(sizes.flatMap(\.1))
        guard all.count <= 1 else {
            var message = "Data cardinality is ambiguous:\n"
            for (label, values) in sizes { message += "  \(label) sizes: \(values.map(String.init).joined(separator: ", "))\n" }
            message += "Make sure all arrays contain the same number of samples."
            throw KerasError.value(message)
        }
        return all.first ?? 0
    }

    /// Per-sample weights `class_weight[label]` (labels are class indices, or one-hot rows).
    static func classWeights(_ table: [Int: Double], labels: Tensor) throws -> Tensor {
        let classes: [Int64]
        if labels.rank == 2 && labels.shape[1] > 1 {
            classes = try labels.argmax(axis: -1).int64s()
        } else {
            classes = try labels.cast(to: .int64).flattened().int64s()
        }
        let weights = try classes.map { c -> Float in
            guard let w = table[Int(c)] else {
                throw KerasError.value("indices[0] = \(c) is not in [0, \(table.count))")
            }
            return Float(w)
        }
        return try Tensor(shape: [weights.count], values: weights)
    }
}

/// A `Dataset` whose elements are batches `(x, y)`, `(x, y, sample_weight)` or `x`. With a
/// step limit the same iterator continues across epochs, as Keras does.
public final class DatasetAdapter: DataAdapter {
    public let dataset: Dataset
    private let stepLimit: Int?
    private var iterator: DatasetIterator?
    private var produced = 0
    /// Set when the data ran out before `steps` batches.
    public private(set) var exhausted = false

    public init(_ dataset: Dataset, steps: Int? = nil) {
        self.dataset = dataset
        stepLimit = steps
    }

    public override var steps: Int? {
        if let stepLimit { return stepLimit }
        return dataset.cardinality >= 0 ? dataset.cardinality : nil
    }

    public override func startEpoch() throws {
        produced = 0
        if stepLimit == nil || iterator == nil { iterator = try dataset.makeIterator() }
    }

    public override func nextBatch() throws -> StepData? {
        if let limit = stepLimit, produced >= limit { return nil }
        guard let element = try iterator?.next() else {
            if stepLimit != nil { exhausted = true }
            return nil
        }
        produced += 1
        return StepData(unpacking: element)
    }
}
