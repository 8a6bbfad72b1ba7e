import KTensor

/// `keras.metrics.Precision` and `Recall`: true positives against false positives or false
/// negatives at one or more thresholds; a prediction is positive when strictly above the
/// threshold (0.5 exactly is negative). With `topK`, only each sample's k highest
/// predictions can be positive (the default threshold is then -1e10, so all of them are);
/// with `classId`, only that class's column counts. The result is a scalar for one
/// threshold, a vector for several.
public final class ThresholdMetric: Metric {
    public enum Kind: Sendable { case precision, recall }

    public let kind: Kind
    public let thresholds: [Float]
    /// The thresholds as given (nil: the default), for the config.
    public let givenThresholds: [Double]?
    public let topK: Int?
    public let classId: Int?
    public let truePositives: Variable
    /// False positives for precision, false negatives for recall.
    public let errors: Variable

    /// `Precision(thresholds=None, top_k=None, class_id=None, name=None)` / `Recall(...)`.
    public init(_ kind: Kind, thresholds: [Double]? = nil, topK: Int? = nil, classId: Int? = nil, name: String? = nil) throws {
        try ConfusionBatch.checkThresholds(thresholds)
        self.kind = kind
        givenThresholds = thresholds
        self.thresholds = (thresholds ?? [topK == nil ? 0.5 : Double(ConfusionBatch.filteredOut)]).map { Float($0) }
        self.topK = topK
        self.classId = classId
        let shape = [self.thresholds.count]
        let metricName = name ?? Naming.uniqueName(kind == .precision ? "precision" : "recall")
        truePositives = Variable(Tensor(zeros: shape), name: "true_positives", trainable: false)
        errors = Variable(Tensor(zeros: shape), name: kind == .precision ? "false_positives" : "false_negatives", trainable: false)
        super.init(name: metricName)
        track(truePositives)
        track(errors)
    }

    public override func freshCopy() throws -> Metric {
        try ThresholdMetric(kind, thresholds: givenThresholds, topK: topK, classId: classId, name: name)
    }

    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let batch = try ConfusionBatch(yTrue, yPred, sampleWeight: sampleWeight, topK: topK, classId: classId)
        var tp = [Float](repeating: 0, count: thresholds.count)
        var other = [Float](repeating: 0, count: thresholds.count)
        for (k, threshold) in thresholds.enumerated() {
            for i in batch.predictions.indices {
                let positive = batch.predictions[i] > threshold, label = batch.labels[i] != 0
                if positive && label { tp[k] += batch.weights[i] }
                switch kind {
                case .precision: if positive && !label { other[k] += batch.weights[i] }
                case .recall: if !positive && label { other[k] += batch.weights[i] }
                }
            }
        }
        addToVector(truePositives, tp)
        addToVector(errors, other)
    }

    /// `tp / (tp + fp)` or `tp / (tp + fn)`, 0 where the denominator is 0.
    public override func result() throws -> Tensor {
        let tp = vectorFloats(truePositives), e = vectorFloats(errors)
        let values = zip(tp, e).map { divideNoNaN($0, $0 + $1) }
        return values.count == 1 ? Tensor(scalar: values[0]) : try Tensor(shape: [values.count], values: values)
    }
}
