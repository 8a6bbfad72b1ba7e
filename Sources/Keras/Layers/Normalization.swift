import KTensor

/// `keras.layers.Normalization`: `(x - mean) / max(sqrt(variance), 1e-7)` per position of the
/// kept `axis` (or the inverse with `invert`). The mean and variance are given (`mean=`,
/// `variance=`) or learnt by `adapt`, which merges the moments of each batch into the
/// non-trainable weights `mean`, `variance` and `count` as Keras' `update_state` does, in
/// float32.
public final class Normalization: Layer {
    /// The kept axes as given (negative ones count from the end; empty for `axis=None`).
    public let requestedAxes: [Int]
    /// The fixed mean and variance as given (a number or nested lists), nil when adapted.
    public let fixedMean: ConfigValue?
    public let fixedVariance: ConfigValue?
    public let invert: Bool
    public private(set) var adaptMean: Variable?
    public private(set) var adaptVariance: Variable?
    public private(set) var count: Variable?
    /// True once `adapt` has run (Keras' `is_adapted`).
    public private(set) var isAdapted = false
    private var keptAxes: [Int] = []
    private var reducedAxes: [Int] = []
    private var broadcastShape: [Int] = []
    /// The fixed mean and variance in the broadcast shape (float32), after `build`.
    private var fixedMoments: (mean: Tensor, variance: Tensor)?

    public init(axes: [Int] = [-1], mean: ConfigValue? = nil, variance: ConfigValue? = nil, invert: Bool = false,
                name: String? = nil, trainable: Bool = true) throws {
        guard (mean == nil) == (variance == nil) else {
            throw KerasError.value("When setting values directly, both `mean` and `variance` must be set. Got mean: \(mean.map(Normalization.pythonText) ?? "None") and variance: \(variance.map(Normalization.pythonText) ?? "None")")
        }
        requestedAxes = axes
        fixedMean = mean
        fixedVariance = variance
        self.invert = invert
        super.init(name: name, trainable: trainable)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0], rank = shape.count
        guard requestedAxes.allSatisfy({ $0 >= -rank && $0 < rank }) else {
            throw KerasError.value("All `axis` values must be in the range [-ndim, ndim). Found ndim: `\(rank)`, axis: \(formatShape(requestedAxes))")
        }
        keptAxes = Array(Set(requestedAxes.map { $0 < 0 ? $0 + rank : $0 })).sorted()
        for axis in keptAxes where shape[axis] == nil {
            throw KerasError.value("All `axis` values to be kept must have known shape. Got axis: \(formatShape(requestedAxes)), input shape: \(Reshape.listText(shape)), with unknown axis at index: \(axis)")
        }
        reducedAxes = (0..<rank).filter { !keptAxes.contains($0) }
        broadcastShape = (0..<rank).map { keptAxes.contains($0) ? shape[$0] ?? 1 : 1 }
        let momentShape = keptAxes.map { shape[$0] ?? 1 }
        if let fixedMean, let fixedVariance {
            func broadcast(_ value: ConfigValue, _ what: String) throws -> Tensor {
                let values = try Tensor(shape: momentShape, values: Normalization.numbers(value, count: momentShape.reduce(1, *), what: what))
                return try values.reshaped(broadcastShape).cast(to: .float32)
            }
            fixedMoments = (try broadcast(fixedMean, "mean"), try broadcast(fixedVariance, "variance"))
            return
        }
        adaptMean = try addWeight(name: "mean", shape: momentShape, dtype: .float32, initializer: .zeros, trainable: false)
        adaptVariance = try addWeight(name: "variance", shape: momentShape, dtype: .float32, initializer: .ones, trainable: false)
        count = try addWeight(name: "count", shape: [], dtype: .int64, initializer: .zeros, trainable: false)
    }

    /// The mean and variance the layer applies, in the broadcast shape.
    public func moments() throws -> (mean: Tensor, variance: Tensor) {
        if let fixedMoments { return fixedMoments }
        guard let adaptMean, let adaptVariance else { throw KerasError.value("Normalization layer \(name) is not built.") }
        return (try adaptMean.value.reshaped(broadcastShape), try adaptVariance.value.reshaped(broadcastShape))
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = try inputs[0].cast(to: .float32)
        let (mean, variance) = try moments()
        let scale = try Tensor.maximum(variance.sqrt(), Tensor(scalar: 1e-7, dtype: .float32))
        return [invert ? try mean + x * scale : try (x - mean) / scale]
    }

    // MARK: Adapting

    /// Keras' `adapt`: builds the layer from the first batch if needed (its batch input shape
    /// then all None), resets the state, merges every batch `next` yields, in order.
    public func adapt(_ next: () throws -> Tensor?) throws {
        if fixedMean != nil {
            throw KerasError.value("Cannot `adapt` a Normalization layer that is initialized with static `mean` and `variance`, you passed mean \(fixedMean.map(Normalization.pythonText) ?? "None") and variance \(fixedVariance.map(Normalization.pythonText) ?? "None").")
        }
        var first = true
        while let batch = try next() {
            if first {
                if !built {
                    if batchInputShape == nil { batchInputShape = Array(repeating: nil, count: batch.rank) }
                    // Keras builds from the data's spec, whose batch dimension is unknown.
                    try buildIfNeeded([[nil] + batch.shape.dropFirst().map { $0 }])
                    // Built outside a call, the weights have no layer scope in their names (`mean:0`), as in Keras.
                    for weight in weights { weight.name = weight.name.split(separator: "/").last.map(String.init) ?? weight.name }
                }
                try resetState()
                first = false
            }
            try updateState(batch)
        }
        isAdapted = true
    }

    /// Zero mean, unit variance, no samples.
    public func resetState() throws {
        guard let adaptMean, let adaptVariance, let count else { return }
        try adaptMean.assign(Tensor(zeros: adaptMean.shape, dtype: .float32))
        try adaptVariance.assign(Tensor.ones(adaptVariance.shape, dtype: .float32))
        try count.assign(Tensor(zeros: [], dtype: .int64))
    }

    /// Merges one batch's moments into the state with Keras' float32 weighting.
    private func updateState(_ batch: Tensor) throws {
        guard let adaptMean, let adaptVariance, let count else { throw KerasError.value("Normalization layer \(name) is not built.") }
        let data = try batch.cast(to: .float32)
        guard data.rank == broadcastShape.count, keptAxes.allSatisfy({ data.shape[$0] == broadcastShape[$0] }) else {
            throw KerasError.value("Normalization layer \(name) was built for inputs of shape \(Reshape.listText(broadcastShape.map { $0 })) on its kept axes, got a batch of shape \(formatShape(data.shape))")
        }
        let keptShape = adaptMean.shape
        // With every axis kept, each batch is one sample of zero variance.
        let batchMean = reducedAxes.isEmpty ? data : try data.mean(axes: reducedAxes, keepDims: true)
        let batchVariance = reducedAxes.isEmpty ? Tensor(zeros: data.shape, dtype: .float32)
                                                : try (data - batchMean).square().mean(axes: reducedAxes, keepDims: true)
        let means = try batchMean.reshaped(keptShape).floats(), variances = try batchVariance.reshaped(keptShape).floats()
        let batchCount = reducedAxes.reduce(Int64(1)) { $0 * Int64(data.shape[$1]) }
        let totalCount = batchCount + count.valueWithoutWatching.int64s()[0]
        let batchWeight = Float(batchCount) / Float(totalCount), existingWeight = 1 - batchWeight
        let oldMeans = adaptMean.valueWithoutWatching.floats(), oldVariances = adaptVariance.valueWithoutWatching.floats()
        var totalMeans = [Float](repeating: 0, count: means.count), totalVariances = totalMeans
        for i in 0..<means.count {
            let mean = oldMeans[i] * existingWeight + means[i] * batchWeight
            let oldShift = oldMeans[i] - mean, batchShift = means[i] - mean
            totalMeans[i] = mean
            totalVariances[i] = (oldVariances[i] + oldShift * oldShift) * existingWeight + (variances[i] + batchShift * batchShift) * batchWeight
        }
        try adaptMean.assign(try Tensor(shape: keptShape, values: totalMeans))
        try adaptVariance.assign(try Tensor(shape: keptShape, values: totalVariances))
        try count.assign(Tensor(scalar: totalCount, dtype: .int64))
    }

    /// The input's shape, with the kept axes' sizes known once built (the moments broadcast
    /// against the input, as Keras' traced call shows).
    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        guard built, let shape = inputShapes.first, shape.count == broadcastShape.count else { return inputShapes }
        var output = shape
        for axis in keptAxes { output[axis] = broadcastShape[axis] }
        return [output]
    }

    /// Keras 2.12's config: `axis` as a tuple, `mean`/`variance` as given; `invert` is left
    /// out, as Keras 2.12 leaves it out.
    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["axis"] = .tuple(requestedAxes.map(ConfigValue.int))
        c["mean"] = fixedMean ?? ConfigValue.none
        c["variance"] = fixedVariance ?? ConfigValue.none
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Normalization {
        let axes: [Int]
        switch c["axis"] {
        case .int(let a)?: axes = [a]
        case .none?: axes = []
        case let value?: axes = value.elements?.compactMap(\.intValue) ?? [-1]
        case nil: axes = [-1]
        }
        func moment(_ key: String) -> ConfigValue? {
            guard let value = c[key], value != ConfigValue.none else { return nil }
            return value
        }
        let layer = try Normalization(axes: axes, mean: moment("mean"), variance: moment("variance"), invert: try c.bool("invert", default: false),
                                      name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }

    // MARK: Text

    /// `count` numbers from a number (repeated) or nested lists of them.
    private static func numbers(_ value: ConfigValue, count: Int, what: String) throws -> [Double] {
        if let number = value.doubleValue { return Array(repeating: number, count: count) }
        var flat: [Double] = []
        func collect(_ v: ConfigValue) throws {
            if let number = v.doubleValue { flat.append(number); return }
            guard let items = v.elements else { throw KerasError.value("Normalization's `\(what)` must be a number or a list of numbers") }
            for item in items { try collect(item) }
        }
        try collect(value)
        if flat.count == 1 { return Array(repeating: flat[0], count: count) }
        guard flat.count == count else {
            throw KerasError.value("Normalization's `\(what)` has \(flat.count) values, expected \(count) (one per position of the kept axes)")
        }
        return flat
    }

    /// A config value as Python prints it (`3.0`, `[1.0, 2.0]`).
    static func pythonText(_ value: ConfigValue) -> String {
        switch value {
        case .int(let v): return String(v)
        case .double(let v): return PythonFormat.repr(v)
        case .list(let items), .tuple(let items): return "[" + items.map(pythonText).joined(separator: ", ") + "]"
        case .bool(let v): return v ? "True" : "False"
        default: return "None"
        }
    }
}
