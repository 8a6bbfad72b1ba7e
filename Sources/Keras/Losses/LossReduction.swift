import KTensor

/// How a `Loss` reduces its per-sample values (`keras.losses.Reduction`).
public enum LossReduction: String, Sendable {
    /// Keras' default; means `sumOverBatchSize` outside distribution strategies.
    case auto
    /// No reduction: the weighted per-sample losses.
    case none
    /// The sum of the weighted losses.
    case sum
    /// The sum of the weighted losses divided by their number of elements (not by the sum of
    /// the weights).
    case sumOverBatchSize = "sum_over_batch_size"

    /// The reduction a Keras identifier names (`"auto"`, `"none"`, `"sum"`,
    /// `"sum_over_batch_size"`).
    public init?(kerasName: String) {
        self.init(rawValue: kerasName)
    }

    /// Reduces weighted per-sample losses (`losses_utils.reduce_weighted_loss`).
    public func reduce(_ weighted: Tensor) throws -> Tensor {
        switch self {
        case .none:
            return weighted
        case .sum:
            return try weighted.sum()
        case .auto, .sumOverBatchSize:
            let total = try weighted.sum()
            let n = weighted.count
            if n == 0 { return Tensor(zeros: [], dtype: total.dtype) }
            return try total / Tensor(scalar: Double(n), dtype: total.dtype)
        }
    }
}
