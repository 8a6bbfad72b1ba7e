import KTensor

/// The built-in Keras 2.12 loss functions (`keras.losses.mean_squared_error` ...), each giving
/// per-sample values (reduced over the last axis where Keras reduces).
public enum LossFunction: Equatable, Sendable {
    case sparseCategoricalCrossentropy(fromLogits: Bool)
    case categoricalCrossentropy(fromLogits: Bool, labelSmoothing: Double)
    case binaryCrossentropy(fromLogits: Bool, labelSmoothing: Double)
    case meanSquaredError
    case meanAbsoluteError
    case meanAbsolutePercentageError
    case meanSquaredLogarithmicError
    case huber(delta: Double)
    case logCosh
    case klDivergence
    case hinge
    case squaredHinge
    case categoricalHinge
    case poisson
    case cosineSimilarity

    /// The function a Keras loss identifier names (`"mse"`, `"sparse_categorical_crossentropy"`,
    /// `"huber_loss"` ...), nil for unknown names.
    public init?(kerasName: String) {
        switch kerasName {
        case "sparse_categorical_crossentropy": self = .sparseCategoricalCrossentropy(fromLogits: false)
        case "categorical_crossentropy": self = .categoricalCrossentropy(fromLogits: false, labelSmoothing: 0)
        case "binary_crossentropy": self = .binaryCrossentropy(fromLogits: false, labelSmoothing: 0)
        case "mse", "MSE", "mean_squared_error": self = .meanSquaredError
        case "mae", "MAE", "mean_absolute_error": self = .meanAbsoluteError
        case "mape", "MAPE", "mean_absolute_percentage_error": self = .meanAbsolutePercentageError
        case "msle", "MSLE", "mean_squared_logarithmic_error": self = .meanSquaredLogarithmicError
        case "huber", "huber_loss": self = .huber(delta: 1)
        case "log_cosh", "logcosh": self = .logCosh
        case "kld", "KLD", "kl_divergence", "kullback_leibler_divergence": self = .klDivergence
        case "hinge": self = .hinge
        case "squared_hinge": self = .squaredHinge
        case "categorical_hinge": self = .categoricalHinge
        case "poisson": self = .poisson
        case "cosine_similarity": self = .cosineSimilarity
        default: return nil
        }
    }

    /// The Python function's `__name__` (what Keras names a loss given by string).
    public var functionName: String {
        switch self {
        case .sparseCategoricalCrossentropy: return "sparse_categorical_crossentropy"
        case .categoricalCrossentropy: return "categorical_crossentropy"
        case .binaryCrossentropy: return "binary_crossentropy"
        case .meanSquaredError: return "mean_squared_error"
        case .meanAbsoluteError: return "mean_absolute_error"
        case .meanAbsolutePercentageError: return "mean_absolute_percentage_error"
        case .meanSquaredLogarithmicError: return "mean_squared_logarithmic_error"
        case .huber: return "huber_loss"
        case .logCosh: return "log_cosh"
        case .klDivergence: return "kl_divergence"
        case .hinge: return "hinge"
        case .squaredHinge: return "squared_hinge"
        case .categoricalHinge: return "categorical_hinge"
        case .poisson: return "poisson"
        case .cosineSimilarity: return "cosine_similarity"
        }
    }

    /// Per-sample loss values (labels are cast to the predictions' float type).
    public func perSample(_ yTrue: Tensor, _ yPred: Tensor) throws -> Tensor {
        switch self {
        case .sparseCategoricalCrossentropy(let fromLogits):
            return try Crossentropy.sparseCategorical(target: yTrue, output: yPred, fromLogits: fromLogits)
        case .categoricalCrossentropy(let fromLogits, let smoothing):
            return try Crossentropy.categorical(target: yTrue, output: yPred, fromLogits: fromLogits, labelSmoothing: smoothing)
        case .binaryCrossentropy(let fromLogits, let smoothing):
            return try Crossentropy.binary(target: yTrue, output: yPred, fromLogits: fromLogits, labelSmoothing: smoothing)
                .mean(axes: [-1])
        default:
            let p = yPred.dtype.isFloatingPoint ? yPred : try yPred.cast(to: .float32)
            let t = try yTrue.cast(to: p.dtype)
            return try regression(t, p)
        }
    }

    /// The losses that compare values directly.
    private func regression(_ t: Tensor, _ p: Tensor) throws -> Tensor {
        let eps = Tensor(scalar: Crossentropy.epsilon, dtype: p.dtype)
        switch self {
        case .meanSquaredError:
            return try (p - t).square().mean(axes: [-1])
        case .meanAbsoluteError:
            return try (p - t).abs().mean(axes: [-1])
        case .meanAbsolutePercentageError:
            let diff = try ((t - p) / Tensor.maximum(t.abs(), eps)).abs()
            return try diff.mean(axes: [-1]) * 100
        case .meanSquaredLogarithmicError:
            let first = try (Tensor.maximum(p, eps) + 1).log()
            let second = try (Tensor.maximum(t, eps) + 1).log()
            return try (first - second).square().mean(axes: [-1])
        case .huber(let delta):
            let error = try p - t
            let absError = error.abs()
            let d = Tensor(scalar: delta, dtype: p.dtype)
            let half = Tensor(scalar: 0.5, dtype: p.dtype)
            let quadratic = try half * error.square()
            let linear = try d * absError - half * d.square()
            return try Tensor.where(Tensor.lessEqual(absError, d), quadratic, linear).mean(axes: [-1])
        case .logCosh:
            let x = try p - t
            let log2 = Tensor(scalar: Double(Float(0.6931471805599453)), dtype: p.dtype)
            return try (x + (x * -2).softplus() - log2).mean(axes: [-1])
        case .klDivergence:
            let one = Tensor(scalar: 1.0, dtype: p.dtype)
            let tc = try t.clipped(min: eps, max: one), pc = try p.clipped(min: eps, max: one)
            return try (tc * (tc / pc).log()).sum(axes: [-1])
        case .hinge:
            return try Tensor.maximum(1 - hingeLabels(t) * p, Tensor(scalar: 0.0, dtype: p.dtype)).mean(axes: [-1])
        case .squaredHinge:
            return try Tensor.maximum(1 - hingeLabels(t) * p, Tensor(scalar: 0.0, dtype: p.dtype)).square().mean(axes: [-1])
        case .categoricalHinge:
            let positive = try (t * p).sum(axes: [-1])
            let negative = try ((1 - t) * p).max(axes: [-1])
            return try Tensor.maximum(negative - positive + 1, Tensor(scalar: 0.0, dtype: p.dtype))
        case .poisson:
            return try (p - t * (p + eps).log()).mean(axes: [-1])
        case .cosineSimilarity:
            return try (l2Normalized(t) * l2Normalized(p)).sum(axes: [-1]).negative()
        case .sparseCategoricalCrossentropy, .categoricalCrossentropy, .binaryCrossentropy:
            throw TensorError(.runtime, "crossentropy is not a regression loss")
        }
    }

    /// Keras' `_maybe_convert_labels`: labels that are all 0 or 1 become -1/1.
    private func hingeLabels(_ t: Tensor) throws -> Tensor {
        let binary = t.doubles().allSatisfy { $0 == 0 || $0 == 1 }
        return binary ? try t * 2 - 1 : t
    }

    /// `tf.math.l2_normalize` along the last axis.
    private func l2Normalized(_ x: Tensor) throws -> Tensor {
        let squares = try x.square().sum(axes: [-1], keepDims: true)
        return try x * Tensor.maximum(squares, Tensor(scalar: 1e-12, dtype: x.dtype)).rsqrt()
    }
}
