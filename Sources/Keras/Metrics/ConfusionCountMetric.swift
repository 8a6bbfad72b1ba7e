import KTensor

/// `keras.metrics.TruePositives`, `FalsePositives`, `TrueNegatives` and `FalseNegatives`: the
/// weighted count of one cell of the confusion matrix at one or more thresholds (a prediction
/// is positive when strictly above the threshold), in an `accumulator` variable. The result is
/// a scalar for one threshold, a vector for several.
public final class ConfusionCountMetric: Metric {
    public enum Kind: String, Sendable {
        case truePositives = "true_positives", falsePositives = "false_positives"
        case trueNegatives = "true_negatives", falseNegatives = "false_negatives"

        /// Whether a prediction (`positive`) with its label (`label`) falls in this cell.
        func counts(positive: Bool, label: Bool) -> Bool {
            switch self {
            case .truePositives: return positive && label
            case .falsePositives: return positive && !label
            case .trueNegatives: return !positive && !label
            case .falseNegatives: return !positive && label
            }
        }
    }

    public let kind: Kind
    public let thresholds: [Float]
    /// The thresholds as given (nil: the default 0.5), for the config.
    public let givenThresholds: [Double]?
    public let accumulator: Variable

    public init(_ kind: Kind, thresholds: [Double]? = nil, name: String? = nil) throws {
        try ConfusionBatch.checkThresholds(thresholds)
        self.kind = kind
        givenThresholds = thresholds
        self.thresholds = (thresholds ?? [0.5]).map { Float($0) }
        accumulator = Variable(Tensor(zeros: [self.thresholds.count]), name: "accumulator", trainable: false)
        super.init(name: name ?? Naming.uniqueName(kind.rawValue))
        track(accumulator)
    }

    public override func freshCopy() throws -> Metric {
        try ConfusionCountMetric(kind, thresholds: givenThresholds, name: name)
    }

    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let batch = try ConfusionBatch(yTrue, yPred, sampleWeight: sampleWeight)
        var amounts = [Float](repeating: 0, count: thresholds.count)
        for (k, threshold) in thresholds.enumerated() {
            for i in batch.predictions.indices where kind.counts(positive: batch.predictions[i] > threshold, label: batch.labels[i] != 0) {
                amounts[k] += batch.weights[i]
            }
        }
        addToVector(accumulator, amounts)
    }

    public override func result() throws -> Tensor {
        let values = vectorFloats(accumulator)
        return values.count == 1 ? Tensor(scalar: values[0]) : try Tensor(shape: [values.count], values: values)
    }
}
