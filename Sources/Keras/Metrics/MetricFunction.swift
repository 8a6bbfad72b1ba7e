import KTensor

/// The per-sample metric functions of Keras 2.12 (`keras.metrics.binary_accuracy` ...) that
/// `MeanMetricWrapper` averages.
public enum MetricFunction: Equatable, Sendable {
    /// `keras.metrics.Accuracy`: elementwise equality.
    case accuracy
    case binaryAccuracy(threshold: Double)
    case categoricalAccuracy
    case sparseCategoricalAccuracy
    case topKCategoricalAccuracy(k: Int)
    case sparseTopKCategoricalAccuracy(k: Int)
    /// Any loss function used as a metric (`'mse'`, `'mae'`, `'binary_crossentropy'` ...).
    case loss(LossFunction)
    /// `keras.metrics.cosine_similarity`: the cosine of labels and predictions over the last
    /// axis (the loss of that name is its negative).
    case cosineSimilarity

    /// The function a metric string names, given the label and prediction shapes that
    /// `'accuracy'`/`'acc'` and `'crossentropy'`/`'ce'` are resolved from (as Keras' compile
    /// does). Nil for unknown names.
    public init?(kerasName: String, labelShape: [Int], predictionShape: [Int]) {
        let labelLast = labelShape.last ?? 1, predictionLast = predictionShape.last ?? 1
        let isBinary = predictionLast == 1
        let isSparse = labelShape.count < predictionShape.count || (labelLast == 1 && predictionLast > 1)
        switch kerasName {
        case "accuracy", "acc":
            self = isBinary ? .binaryAccuracy(threshold: 0.5) : isSparse ? .sparseCategoricalAccuracy : .categoricalAccuracy
        case "crossentropy", "ce":
            self = .loss(isBinary ? .binaryCrossentropy(fromLogits: false, labelSmoothing: 0)
                         : isSparse ? .sparseCategoricalCrossentropy(fromLogits: false)
                         : .categoricalCrossentropy(fromLogits: false, labelSmoothing: 0))
        // Loss names Keras 2.12's `metrics.get` does not know.
        case "kld", "KLD", "kl_divergence", "huber", "huber_loss":
            return nil
        default:
            guard let function = MetricFunction(kerasName: kerasName) else { return nil }
            self = function
        }
    }

    /// The function a shape-independent metric string names.
    public init?(kerasName: String) {
        switch kerasName {
        case "binary_accuracy": self = .binaryAccuracy(threshold: 0.5)
        case "categorical_accuracy": self = .categoricalAccuracy
        case "sparse_categorical_accuracy": self = .sparseCategoricalAccuracy
        case "top_k_categorical_accuracy": self = .topKCategoricalAccuracy(k: 5)
        case "sparse_top_k_categorical_accuracy": self = .sparseTopKCategoricalAccuracy(k: 5)
        case "cosine_similarity": self = .cosineSimilarity
        default:
            guard let loss = LossFunction(kerasName: kerasName) else { return nil }
            self = .loss(loss)
        }
    }

    /// Per-sample values for float32 labels and predictions (already squeezed as Keras does).
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        switch self {
        case .accuracy:
            return try Tensor.equal(yTrue, yPred).cast(to: .float32)
        case .binaryAccuracy(let threshold):
            let predicted = try Tensor.greater(yPred, Tensor(scalar: threshold, dtype: yPred.dtype)).cast(to: yPred.dtype)
            return try Tensor.equal(yTrue, predicted).cast(to: .float32).mean(axes: [-1])
        case .categoricalAccuracy:
            return try sparseMatches(yTrue.argmax(axis: -1), yPred)
        case .sparseCategoricalAccuracy:
            return try sparseMatches(yTrue, yPred)
        case .topKCategoricalAccuracy(let k):
            return try inTopK(yTrue.argmax(axis: -1), yPred, k: k)
        case .sparseTopKCategoricalAccuracy(let k):
            var labels = yTrue
            if labels.rank == yPred.rank, labels.shape.last == 1 { labels = try labels.squeezed(axes: [-1]) }
            return try inTopK(labels, yPred, k: k)
        case .loss(let function):
            return try function.perSample(yTrue, yPred)
        case .cosineSimilarity:
            return try LossFunction.cosineSimilarity.perSample(yTrue, yPred).negative()
        }
    }

    /// `metrics_utils.sparse_categorical_matches`: 1 where the arg-max prediction equals the
    /// label; labels of shape `(n, 1)` give matches of shape `(n, 1)`.
    private func sparseMatches(_ labels: Tensor, _ yPred: Tensor) throws -> Tensor {
        var y = labels
        let keepShape = labels.rank == yPred.rank ? labels.shape : nil
        if keepShape != nil { y = try y.squeezed(axes: [-1]) }
        if let matches = yPred.argmaxMatches(y) { return try keepShape.map { try matches.reshaped($0) } ?? matches }
        let predicted = try yPred.argmax(axis: -1).cast(to: y.dtype)
        let matches = try Tensor.equal(y, predicted).cast(to: .float32)
        return try keepShape.map { try matches.reshaped($0) } ?? matches
    }

    /// `tf.math.in_top_k`: 1 where fewer than `k` predictions exceed the label's prediction.
    private func inTopK(_ labels: Tensor, _ yPred: Tensor, k: Int) throws -> Tensor {
        let classes = yPred.shape.last ?? 0
        let rows = classes == 0 ? 0 : yPred.count / classes
        let p = try yPred.cast(to: .float32).contiguous().floats()
        let targets = try labels.cast(to: .int64).flattened().int64s()
        guard targets.count == rows else {
            throw TensorError(.invalidArgument, "targets must have \(rows) entries, got \(targets.count)")
        }
        var out = [Float](repeating: 0, count: rows)
        for r in 0..<rows {
            let t = Int(targets[r])
            guard t >= 0 && t < classes else { continue }
            let target = p[r * classes + t]
            var above = 0
            for j in 0..<classes where p[r * classes + j] > target { above += 1 }
            out[r] = above < k && target.isFinite ? 1 : 0
        }
        return try Tensor(shape: [rows], values: out)
    }
}
