import KTensor

extension Dataset {
    /// `keras.utils.timeseries_dataset_from_array`: windows of `sequenceLength` rows of `data`
    /// (every `samplingRate`-th row, windows `sequenceStride` apart, within
    /// `startIndex..<endIndex`), paired with the target at each window's start when `targets`
    /// is given, batched by `batchSize`. With `shuffle` the window order is a permutation by a
    /// NumPy `RandomState(seed)` as in Keras, and batches are shuffled with a buffer of
    /// `8 * batchSize`.
    public static func timeseries(data: Tensor, targets: Tensor?, sequenceLength: Int, sequenceStride: Int = 1,
                                  samplingRate: Int = 1, batchSize: Int? = 128, shuffle: Bool = false, seed: UInt32? = nil,
                                  startIndex: Int? = nil, endIndex: Int? = nil) throws -> Dataset {
        guard data.rank >= 1 else { throw TensorError(.invalidArgument, "`data` must be at least 1-dimensional") }
        guard sequenceLength > 0 else { throw TensorError(.invalidArgument, "`sequence_length` must be a positive integer. Received: sequence_length=\(sequenceLength)") }
        guard sequenceStride > 0 else { throw TensorError(.invalidArgument, "`sequence_stride` must be a positive integer. Received: sequence_stride=\(sequenceStride)") }
        guard samplingRate > 0 else { throw TensorError(.invalidArgument, "`sampling_rate` must be a positive integer. Received: sampling_rate=\(samplingRate)") }
        let length = data.shape[0]
        let start = startIndex ?? 0, end = endIndex ?? length
        guard start >= 0 && start < length else {
            throw TensorError(.invalidArgument, "`start_index` must be 0 or greater and smaller than `data`. Received: start_index=\(start)")
        }
        guard end > start && end <= length else {
            throw TensorError(.invalidArgument, "`end_index` must be higher than `start_index`. Received: start_index=\(start), and end_index=\(end) ")
        }
        var count = end - start - (sequenceLength - 1) * samplingRate
        if let targets {
            guard targets.rank >= 1 else { throw TensorError(.invalidArgument, "`targets` must be at least 1-dimensional") }
            count = Swift.min(count, targets.shape[0])
        }
        var positions = stride(from: 0, to: Swift.max(count, 0), by: sequenceStride).map { Int64($0) }
        if shuffle {
            var order = Tensor(positions)
            try NumPyRandomState(seed: seed ?? UInt32(EngineRandom.generator.interval(999_999))).shuffle(&order)
            positions = order.int64s()
        }
        let window = try data.indexed([.slice(start: start, stop: end, step: 1)])
        let windowTargets = try targets.map { try $0.indexed([.slice(start: start, stop: end, step: 1)]) }
        let offsets = (0..<sequenceLength).map { Int64($0 * samplingRate) }
        // Keras builds each window with tf.range, so TF reports the window length as unknown.
        var spec = ElementSpec.tensor(shape: [nil] + data.shape.dropFirst().map { $0 }, dtype: data.dtype)
        if let t = windowTargets { spec = .tuple([spec, .tensor(shape: t.shape.dropFirst().map { $0 }, dtype: t.dtype)]) }
        let frozenPositions = positions
        let windows = Dataset(spec: spec, cardinality: positions.count) {
            var i = 0
            return {
                guard i < frozenPositions.count else { return nil }
                let p = frozenPositions[i]
                i += 1
                let sequence = try window.take(Tensor(offsets.map { $0 + p }), axis: 0)
                guard let t = windowTargets else { return .tensor(sequence) }
                return .tuple([.tensor(sequence), .tensor(try t.indexed([.index(Int(p))]))])
            }
        }
        guard let batchSize else { return windows }
        let source = shuffle ? try windows.shuffle(bufferSize: batchSize * 8, seed: seed) : windows
        return try source.batch(batchSize)
    }
}
