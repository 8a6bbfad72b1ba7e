import Foundation
import KTensor

/// `keras.metrics.AUC`: confusion counts at `numThresholds` evenly spaced thresholds
/// (`[-ε, 1/(n-1), ..., (n-2)/(n-1), 1+ε]`) and the area under the ROC or PR curve by Keras'
/// "interpolation" summation.
public final class AUC: Metric {
    public enum Curve: String, Sendable { case roc = "ROC", pr = "PR" }

    public let numThresholds: Int
    public let curve: Curve
    public let thresholds: [Float]
    public let truePositives: Variable
    public let falsePositives: Variable
    public let trueNegatives: Variable
    public let falseNegatives: Variable

    /// `AUC(num_thresholds=200, curve='ROC', name=None)`.
    public init(numThresholds: Int = 200, curve: Curve = .roc, name: String? = nil) throws {
        guard numThresholds > 1 else {
            throw TensorError(.invalidArgument, "Argument `num_thresholds` must be an integer > 1. Received: num_thresholds=\(numThresholds)")
        }
        self.numThresholds = numThresholds
        self.curve = curve
        let inner = (0..<(numThresholds - 2)).map { Float(Double($0 + 1) / Double(numThresholds - 1)) }
        thresholds = [Float(-Crossentropy.epsilon)] + inner + [Float(1 + Crossentropy.epsilon)]
        let metricName = name ?? Naming.uniqueName("auc")
        func counter(_ label: String) -> Variable {
            Variable(Tensor(zeros: [numThresholds]), name: label, trainable: false)
        }
        truePositives = counter("true_positives")
        falsePositives = counter("false_positives")
        trueNegatives = counter("true_negatives")
        falseNegatives = counter("false_negatives")
        super.init(name: metricName)
        for v in [truePositives, falsePositives, trueNegatives, falseNegatives] { track(v) }
    }

    public override func freshCopy() throws -> Metric {
        try AUC(numThresholds: numThresholds, curve: curve, name: name)
    }

    /// Buckets each prediction by `ceil(p·(n-1)) - 1` (TF's path for evenly spaced
    /// thresholds), then counts positives above each threshold by a reverse cumulative sum.
    public override func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        let batch = try ConfusionBatch(yTrue, yPred, sampleWeight: sampleWeight)
        let n = numThresholds
        var positiveBuckets = [Float](repeating: 0, count: n), negativeBuckets = [Float](repeating: 0, count: n)
        let scale = Float(n - 1)
        for i in batch.predictions.indices {
            let p = Swift.min(Swift.max(batch.predictions[i], 0), 1)
            let bucket = Swift.max(Int((p * scale).rounded(.up)) - 1, 0)
            let label = batch.labels[i]
            positiveBuckets[bucket] += label * batch.weights[i]
            negativeBuckets[bucket] += (1 - label) * batch.weights[i]
        }
        var tp = [Float](repeating: 0, count: n), fp = [Float](repeating: 0, count: n)
        var runningTP: Float = 0, runningFP: Float = 0
        for k in stride(from: n - 1, through: 0, by: -1) {
            runningTP += positiveBuckets[k]
            runningFP += negativeBuckets[k]
            tp[k] = runningTP
            fp[k] = runningFP
        }
        addToVector(truePositives, tp)
        addToVector(falsePositives, fp)
        addToVector(trueNegatives, fp.map { fp[0] - $0 })
        addToVector(falseNegatives, tp.map { tp[0] - $0 })
    }

    /// The interpolated area under the curve.
    public override func result() throws -> Tensor {
        let tp = vectorFloats(truePositives), fp = vectorFloats(falsePositives)
        let tn = vectorFloats(trueNegatives), fn = vectorFloats(falseNegatives)
        let n = numThresholds
        var area: Float = 0
        switch curve {
        case .roc:
            let tpr = (0..<n).map { divideNoNaN(tp[$0], tp[$0] + fn[$0]) }
            let fpr = (0..<n).map { divideNoNaN(fp[$0], fp[$0] + tn[$0]) }
            for i in 0..<(n - 1) {
                area += (fpr[i] - fpr[i + 1]) * ((tpr[i] + tpr[i + 1]) / 2)
            }
        case .pr:
            let p = (0..<n).map { tp[$0] + fp[$0] }
            for i in 0..<(n - 1) {
                let dtp = tp[i] - tp[i + 1]
                let dp = p[i] - p[i + 1]
                let slope = divideNoNaN(dtp, Swift.max(dp, 0))
                let intercept = tp[i + 1] - slope * p[i + 1]
                let ratio: Float = p[i] > 0 && p[i + 1] > 0 ? divideNoNaN(p[i], Swift.max(p[i + 1], 0)) : 1
                area += divideNoNaN(slope * (dtp + intercept * Foundation.log(ratio)), Swift.max(tp[i + 1] + fn[i + 1], 0))
            }
        }
        return Tensor(scalar: area)
    }
}
