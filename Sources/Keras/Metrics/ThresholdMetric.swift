import KTensor

/// `keras.metrics.Precision` and `Recall`: true positives against false positives or false
/// negatives at one or more thresholds; a prediction is positive when strictly above the
/// threshold (0.5 exactly is negative). The result is a scalar for one threshold, a vector
/// for several.
public final class ThresholdMetric: Metric {
    public enum Kind: Sendable { case precision, recall }

    public let kind: Kind
    public let thresholds: [Float]
    public let truePositives: Variable
    /// False positives for precision, false negatives for recall.
    public let errors: Variable

    /// `Precision(thresholds=None, name=None)` / `Recall(...)`; thresholds default to `[0.5]`.
    public init(_ kind: Kind, thresholds: [Double] = [0.5], name: String? = nil) throws {
        for t in thresholds where !(0...1).contains(t) {
            throw TensorError(.invalidArgument, "Threshold values must be in [0, 1]. Received: \(thresholds)")
        }
        self.kind = kind
        self.thresholds = thresholds.map { Float($0) }
        let shape = [thresholds.count]
        let metricName = name ?? Naming.uniqueName(kind == .precision ? "precision" : "recall")
        truePositives = Variable(Tensor(zeros: shape), name: "\(metricName)/true_positives", trainable: false)
        errors = Variable(Tensor(zeros: shape), name: kind == .precision ? "\(metricName)/false_positives" : "\(metricName)/false_negatives", trainable: false)
        super.init(name: metricName)
        track(truePositives)
        track(errors)
    }

    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let batch = try ConfusionBatch(yTrue, yPred, sampleWeight: sampleWeight)
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
