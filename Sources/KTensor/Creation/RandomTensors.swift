/// Random tensors and the Keras weight initialisers (`glorot_uniform`, `he_normal`,
/// `orthogonal` ...). They draw from `generator`, by default the engine's seeded one, in
/// float64 and convert to `dtype`. Shapes must be valid (see `Tensor.checkShape`).
extension Tensor {
    /// Uniform values in `[min, max)` (`tf.random.uniform`).
    public static func randomUniform(_ shape: [Int], min low: Double = 0, max high: Double = 1, dtype: DType = .float32,
                                     using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        randomValues(shape, dtype: dtype) { low + (high - low) * generator.nextDouble() }
    }

    /// Normal values (`tf.random.normal`).
    public static func randomNormal(_ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32,
                                    using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        randomValues(shape, dtype: dtype) { mean + standardDeviation * generator.nextGaussian() }
    }

    /// Normal values redrawn until within two standard deviations of the mean
    /// (`tf.random.truncated_normal`).
    public static func truncatedNormal(_ shape: [Int], mean: Double = 0, standardDeviation: Double = 1, dtype: DType = .float32,
                                       using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        randomValues(shape, dtype: dtype) {
            var z: Double
            repeat { z = generator.nextGaussian() } while Swift.abs(z) > 2
            return mean + standardDeviation * z
        }
    }

    private static func randomValues(_ shape: [Int], dtype: DType, _ draw: () -> Double) -> Tensor {
        var values = Tensor(uninitializedShape: shape, dtype: .float64)
        values.withUnsafeMutableBufferPointer(as: Double.self) { buffer in
            for i in 0..<buffer.count { buffer[i] = draw() }
        }
        return values.castValue(to: dtype)
    }

    // MARK: Keras initialisers

    /// Keras' `fan_in`/`fan_out` of a weight shape: rank 2 is `(in, out)`; higher ranks are
    /// convolution kernels whose leading dimensions form the receptive field; rank 1 uses the
    /// single dimension for both, rank 0 gives 1.
    public static func fans(of shape: [Int]) -> (fanIn: Double, fanOut: Double) {
        switch shape.count {
        case 0: return (1, 1)
        case 1: return (Double(shape[0]), Double(shape[0]))
        case 2: return (Double(shape[0]), Double(shape[1]))
        default:
            let receptive = Double(shape.dropLast(2).reduce(1, *))
            return (Double(shape[shape.count - 2]) * receptive, Double(shape[shape.count - 1]) * receptive)
        }
    }

    /// Which fan `varianceScaling` divides by.
    public enum FanMode: Sendable { case fanIn, fanOut, fanAverage }
    /// The distribution `varianceScaling` draws from.
    public enum VarianceDistribution: Sendable { case truncatedNormal, untruncatedNormal, uniform }

    /// Keras' `VarianceScaling`: variance `scale / fan`; truncated normal with stddev
    /// `sqrt(variance) / 0.87962566103423978`, untruncated normal with `sqrt(variance)`, or
    /// uniform in `±sqrt(3 * variance)`.
    public static func varianceScaling(_ shape: [Int], scale: Double, mode: FanMode, distribution: VarianceDistribution,
                                       dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        let (fanIn, fanOut) = fans(of: shape)
        let fan: Double
        switch mode {
        case .fanIn: fan = fanIn
        case .fanOut: fan = fanOut
        case .fanAverage: fan = (fanIn + fanOut) / 2
        }
        let variance = scale / Swift.max(1, fan)
        switch distribution {
        case .truncatedNormal:
            return truncatedNormal(shape, standardDeviation: variance.squareRoot() / 0.87962566103423978, dtype: dtype, using: generator)
        case .untruncatedNormal:
            return randomNormal(shape, standardDeviation: variance.squareRoot(), dtype: dtype, using: generator)
        case .uniform:
            let limit = (3 * variance).squareRoot()
            return randomUniform(shape, min: -limit, max: limit, dtype: dtype, using: generator)
        }
    }

    /// Keras `glorot_uniform`: uniform in `±sqrt(6 / (fan_in + fan_out))`.
    public static func glorotUniform(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 1, mode: .fanAverage, distribution: .uniform, dtype: dtype, using: generator)
    }
    /// Keras `glorot_normal`: truncated normal, variance `2 / (fan_in + fan_out)`.
    public static func glorotNormal(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 1, mode: .fanAverage, distribution: .truncatedNormal, dtype: dtype, using: generator)
    }
    /// Keras `he_normal`: truncated normal, variance `2 / fan_in`.
    public static func heNormal(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 2, mode: .fanIn, distribution: .truncatedNormal, dtype: dtype, using: generator)
    }
    /// Keras `he_uniform`: uniform in `±sqrt(6 / fan_in)`.
    public static func heUniform(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 2, mode: .fanIn, distribution: .uniform, dtype: dtype, using: generator)
    }
    /// Keras `lecun_normal`: truncated normal, variance `1 / fan_in`.
    public static func lecunNormal(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 1, mode: .fanIn, distribution: .truncatedNormal, dtype: dtype, using: generator)
    }
    /// Keras `lecun_uniform`: uniform in `±sqrt(3 / fan_in)`.
    public static func lecunUniform(_ shape: [Int], dtype: DType = .float32, using generator: NumPyRandomState = EngineRandom.generator) -> Tensor {
        varianceScaling(shape, scale: 1, mode: .fanIn, distribution: .uniform, dtype: dtype, using: generator)
    }

    /// Keras' `Orthogonal` initialiser: a normal matrix of shape
    /// `(max(rows, cols), min(rows, cols))` (rows = product of all but the last dimension),
    /// its QR decomposition (Householder, float64), Q with columns multiplied by the signs of
    /// R's diagonal, transposed when rows < cols, times `gain`. Needs rank >= 2.
    public static func orthogonal(_ shape: [Int], gain: Double = 1, dtype: DType = .float32,
                                  using generator: NumPyRandomState = EngineRandom.generator) throws -> Tensor {
        guard shape.count >= 2 else {
            throw TensorError.invalid("The tensor to initialize must be at least two-dimensional. Received: shape=\(shape) of rank \(shape.count).")
        }
        let rows = shape.dropLast().reduce(1, *), cols = shape[shape.count - 1]
        let m = Swift.max(rows, cols), n = Swift.min(rows, cols)
        let a = randomNormal([m, n], dtype: .float64, using: generator)
        var (q, r) = householderQR(a.doubles(), rows: m, cols: n)
        for j in 0..<n {
            let d = r[j * n + j]
            let sign: Double = d > 0 ? 1 : (d < 0 ? -1 : 0)
            for i in 0..<m { q[i * n + j] *= sign * gain }
        }
        var result = try Tensor(shape: [m, n], values: q)
        if rows < cols { result = try result.transposedValue([1, 0]).contiguousCopy() }
        return try result.reshapedValue(shape).cast(to: dtype)
    }
}
