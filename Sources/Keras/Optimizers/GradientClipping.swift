import KTensor

/// How an optimizer transforms a gradient before its update (Keras 2.12 `_clip_gradients`:
/// `clipnorm` per tensor, else `global_clipnorm` over all, else `clipvalue`; only the first
/// configured one applies).
public enum GradientTransform: Sendable {
    case identity
    /// `g * numerator / denominator` (`tf.clip_by_norm`).
    case rescale(numerator: Float, denominator: Float)
    /// `g * factor` (`tf.clip_by_global_norm`).
    case scale(Float)
    /// `clip(g, -limit, limit)` (`tf.clip_by_value`).
    case clamp(limit: Float)

    /// The clipped gradient (a pooled buffer; the gradient itself when `.identity`).
    func apply(to gradient: Tensor) throws -> Tensor {
        if case .identity = self { return gradient }
        var out = Tensor(uninitializedShape: gradient.shape, dtype: gradient.dtype)
        let n = gradient.count
        switch gradient.dtype {
        case .float32:
            gradient.withUnsafeBufferPointer(as: Float.self) { g in
                out.withUnsafeMutableBufferPointer(as: Float.self) { o in for i in 0..<n { o[i] = apply(g[i]) } }
            }
        case .float64:
            gradient.withUnsafeBufferPointer(as: Double.self) { g in
                out.withUnsafeMutableBufferPointer(as: Double.self) { o in for i in 0..<n { o[i] = apply(g[i]) } }
            }
        default:
            throw TensorError(.type, "gradients must be float tensors, got \(gradient.dtype.name)")
        }
        return out
    }

    /// The transformed element, computed in the element type as TF does.
    @inline(__always)
    func apply<T: BinaryFloatingPoint>(_ g: T) -> T {
        switch self {
        case .identity: return g
        case .rescale(let numerator, let denominator): return g * T(numerator) / T(denominator)
        case .scale(let factor): return g * T(factor)
        case .clamp(let limit): return Swift.min(Swift.max(g, -T(limit)), T(limit))
        }
    }
}

/// The clipping settings of an optimizer.
public struct GradientClipping: Sendable {
    public var clipnorm: Double?
    public var clipvalue: Double?
    public var globalClipnorm: Double?

    /// No clipping.
    public init() {}

    /// Clipping settings as Keras accepts them (`clipnorm` and `global_clipnorm` exclude each
    /// other).
    public init(clipnorm: Double?, clipvalue: Double?, globalClipnorm: Double?) throws {
        if clipnorm != nil && globalClipnorm != nil {
            throw TensorError(.invalidArgument, "At most one of `clipnorm` and `global_clipnorm` can be set. Received: clipnorm=\(clipnorm!), global_clipnorm=\(globalClipnorm!).")
        }
        self.clipnorm = clipnorm
        self.clipvalue = clipvalue
        self.globalClipnorm = globalClipnorm
    }

    /// One transform per gradient (nil gradients get `.identity`).
    func transforms(for gradients: [Tensor?]) -> [GradientTransform] {
        if let clipnorm, clipnorm > 0 {
            let c = Float(clipnorm)
            return gradients.map { g in
                guard let g else { return .identity }
                let norm = squaredSum(g).squareRoot()
                return .rescale(numerator: c, denominator: Swift.max(norm, c))
            }
        }
        if let globalClipnorm, globalClipnorm > 0 {
            var halfSquared: Float = 0
            for g in gradients { if let g { halfSquared += squaredSum(g) / 2 } }
            let norm = (halfSquared * 2).squareRoot()
            let c = Float(globalClipnorm)
            let factor = c * Swift.min(1 / norm, 1 / c)
            return gradients.map { _ in .scale(factor) }
        }
        if let clipvalue, clipvalue > 0 {
            return gradients.map { _ in .clamp(limit: Float(clipvalue)) }
        }
        return gradients.map { _ in .identity }
    }

    /// `Σ g²` in float32.
    private func squaredSum(_ g: Tensor) -> Float {
        if g.dtype == .float32 {
            return g.withUnsafeBufferPointer(as: Float.self) { buffer in
                var total: Float = 0
                for x in buffer { total += x * x }
                return total
            }
        }
        return Float(g.doubles().reduce(0) { $0 + $1 * $1 })
    }
}
