import KTensor

/// `keras.metrics.Mean` (and `Sum`): the sample-weighted mean (or sum) of every value seen,
/// accumulated in float32 `total` and `count` variables.
open class Mean: Metric {
    public let total: Variable
    public let count: Variable
    /// True for `keras.metrics.Sum` (no division by the count).
    public let isSum: Bool

    /// A mean named `name` (default `"mean"`).
    public override init(name: String = "mean") {
        isSum = false
        total = Variable(Tensor(zeros: []), name: "total", trainable: false)
        count = Variable(Tensor(zeros: []), name: "count", trainable: false)
        super.init(name: name)
        registerState()
    }

    /// A sum (`keras.metrics.Sum`, default name `"sum"`).
    public init(sumNamed name: String) {
        isSum = true
        total = Variable(Tensor(zeros: []), name: "total", trainable: false)
        count = Variable(Tensor(zeros: []), name: "count", trainable: false)
        super.init(name: name)
        registerState()
    }

    open override func freshCopy() throws -> Metric {
        isSum ? Mean(sumNamed: name) : Mean(name: name)
    }

    /// Whether `update_state` takes values (`Mean`, `Sum`) rather than labels and predictions
    /// (the metrics built on a mean).
    open var takesValues: Bool { true }

    private func registerState() {
        track(total)
        if !isSum { track(count) }
    }

    /// `update_state(values, sample_weight)`: adds `Σ values·w` to the total and `Σ w` (or the
    /// number of values) to the count.
    public func update(_ values: Tensor, sampleWeight: Tensor? = nil) throws {
        var v = try values.cast(to: .float32)
        var weightSum: Float
        if let sampleWeight {
            var w = try ShapeMatching.matchWeights(sampleWeight.cast(to: .float32), to: v)
            if v.rank > w.rank, (try? Tensor.broadcastShapes(v.shape, w.shape)) != v.shape {
                v = try v.mean(axes: Array(w.rank..<v.rank))
            }
            w = try w.broadcast(to: Tensor.broadcastShapes(v.shape, w.shape))
            v = try v * w
            weightSum = Float(try w.sum().scalarDouble())
        } else {
            weightSum = Float(v.count)
        }
        let valueSum = Float(try v.sum().scalarDouble())
        addToScalar(total, Double(valueSum))
        if !isSum { addToScalar(count, Double(weightSum)) }
    }

    /// Adds one scalar value with weight `weight` (the loss trackers' path; no tensors).
    public func update(value: Float, weight: Float = 1) {
        addToScalar(total, Double(value * weight))
        if !isSum { addToScalar(count, Double(weight)) }
    }

    /// Mean: `total / count` (0 when nothing was seen); sum: `total`.
    open override func result() throws -> Tensor {
        let t = scalarFloat(total)
        if isSum { return Tensor(scalar: t) }
        return Tensor(scalar: divideNoNaN(t, scalarFloat(count)))
    }

    /// A plain mean takes values, not labels and predictions (Keras raises a TypeError when
    /// one is passed to `compile(metrics=...)`).
    open override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        throw TensorError(.type, "update_state() got multiple values for argument 'sample_weight'")
    }
}
