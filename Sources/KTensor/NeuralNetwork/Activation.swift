/// The activation functions of Keras 2.12 (`keras.activations`), used by `activation(_:)` and
/// fused into `Tensor.dense`.
public enum Activation: Equatable, Sendable {
    case linear
    case relu
    /// `min(max(x, 0), 6)`.
    case relu6
    case sigmoid
    /// Keras 2.12: `clip(0.2 * x + 0.5, 0, 1)`.
    case hardSigmoid
    case tanh
    /// Along the last axis (an error on 1-d input, as in Keras).
    case softmax
    /// `tf.nn.log_softmax` along the last axis (Keras' `"log_softmax"`).
    case logSoftmax
    /// `x` for x > 0, else `alpha * (exp(x) - 1)`.
    case elu(alpha: Double)
    /// `scale * elu(x, alpha)` with Keras' constants.
    case selu
    /// Exact `0.5 x (1 + erf(x/√2))`, or the tanh approximation.
    case gelu(approximate: Bool)
    /// `x * sigmoid(x)` (also `silu`).
    case swish
    case softplus
    /// `x / (1 + |x|)`.
    case softsign
    case exponential
    /// `x` for x > 0, else `alpha * x`.
    case leakyRelu(alpha: Double)

    /// The activation a Keras identifier names (`"relu"`, `"softmax"`, `"gelu"`, `None` →
    /// `"linear"` ...), nil for unknown names.
    public init?(kerasName: String) {
        switch kerasName {
        case "linear", "None": self = .linear
        case "relu": self = .relu
        case "relu6": self = .relu6
        case "sigmoid": self = .sigmoid
        case "hard_sigmoid": self = .hardSigmoid
        case "tanh": self = .tanh
        case "softmax": self = .softmax
        case "log_softmax": self = .logSoftmax
        case "elu": self = .elu(alpha: 1)
        case "selu": self = .selu
        case "gelu": self = .gelu(approximate: false)
        case "swish", "silu": self = .swish
        case "softplus": self = .softplus
        case "softsign": self = .softsign
        case "exponential": self = .exponential
        case "leaky_relu": self = .leakyRelu(alpha: 0.2)
        default: return nil
        }
    }

    /// Keras' name of the activation (`"relu"`, `"softmax"` ...).
    public var kerasName: String {
        switch self {
        case .linear: return "linear"
        case .relu: return "relu"
        case .relu6: return "relu6"
        case .sigmoid: return "sigmoid"
        case .hardSigmoid: return "hard_sigmoid"
        case .tanh: return "tanh"
        case .softmax: return "softmax"
        case .logSoftmax: return "log_softmax"
        case .elu: return "elu"
        case .selu: return "selu"
        case .gelu: return "gelu"
        case .swish: return "swish"
        case .softplus: return "softplus"
        case .softsign: return "softsign"
        case .exponential: return "exponential"
        case .leakyRelu: return "leaky_relu"
        }
    }

    /// True for the activations whose output Keras tags with the logits (softmax, sigmoid).
    public var attachesLogits: Bool { self == .softmax || self == .sigmoid }
}

/// SELU constants (Keras/TF).
let seluAlpha = 1.6732632423543772
let seluScale = 1.0507009873554805

extension Tensor {
    /// Applies a Keras activation; differentiable (one tape node with a fused backward kernel).
    /// Softmax and sigmoid outputs carry their input as `attachedLogits`, as Keras' do.
    /// Integer inputs are converted to their float result type first.
    public func activation(_ act: Activation) throws -> Tensor {
        let x = dtype.isFloatingPoint ? self : try cast(to: dtype.floatResult)
        switch act {
        case .linear:
            return x
        case .softmax:
            guard rank >= 2 else {
                throw TensorError.invalid("Cannot apply softmax to a tensor that is 1D. Received input: \(shape)")
            }
            return try x.softmax(axis: -1).withAttachedLogits(x, activation: .softmax)
        case .logSoftmax:
            return try x.logSoftmax(axis: -1)
        default:
            var y = x.activationValue(act)
            if Autodiff.needsGradient(x) {
                y = Autodiff.record(inputs: [x], output: y) { [y] g, _ in [try activationGradient(act, upstream: g, input: x, output: y)] }
            }
            return act == .sigmoid ? y.withAttachedLogits(x, activation: .sigmoid) : y
        }
    }

    /// The elementwise activations as `tf.nn` functions (recorded, no attached logits).
    public func relu() -> Tensor { elementwiseActivation(.relu) }
    public func relu6() -> Tensor { elementwiseActivation(.relu6) }
    public func sigmoid() -> Tensor { elementwiseActivation(.sigmoid) }
    /// Hyperbolic tangent (float32: TensorFlow's CPU approximation, bit-identical to TF).
    public func tanh() -> Tensor { elementwiseActivation(.tanh) }
    public func elu(alpha: Double = 1) -> Tensor { elementwiseActivation(.elu(alpha: alpha)) }
    public func selu() -> Tensor { elementwiseActivation(.selu) }
    public func gelu(approximate: Bool = false) -> Tensor { elementwiseActivation(.gelu(approximate: approximate)) }
    public func swish() -> Tensor { elementwiseActivation(.swish) }
    public func softplus() -> Tensor { elementwiseActivation(.softplus) }
    public func softsign() -> Tensor { elementwiseActivation(.softsign) }
    public func hardSigmoid() -> Tensor { elementwiseActivation(.hardSigmoid) }
    public func leakyRelu(alpha: Double = 0.2) -> Tensor { elementwiseActivation(.leakyRelu(alpha: alpha)) }

    /// An elementwise activation (everything but softmax), recorded, without attached logits
    /// (`tf.nn.sigmoid` etc. do not attach them; `activation(_:)` does).
    func elementwiseActivation(_ act: Activation) -> Tensor {
        let x = dtype.isFloatingPoint ? self : castValue(to: dtype.floatResult)
        let y = x.activationValue(act)
        guard Autodiff.needsGradient(x) else { return y }
        return Autodiff.record(inputs: [x], output: y) { g, _ in [try activationGradient(act, upstream: g, input: x, output: y)] }
    }

    /// The forward values of an elementwise activation on a float tensor (not recorded).
    func activationValue(_ act: Activation) -> Tensor {
        var out = Tensor(uninitializedShape: shape, dtype: dtype)
        let source = contiguous()
        if dtype == .float32 {
            activationForward(act, source.basePointer(Float.self), out.basePointer(Float.self), count)
        } else {
            activationForward(act, source.basePointer(Double.self), out.basePointer(Double.self), count)
        }
        out.tapeID = 0
        return out
    }
}

/// The gradient of an elementwise activation: `upstream * act'(input)` in one pass.
func activationGradient(_ act: Activation, upstream: Tensor, input: Tensor, output: Tensor) throws -> Tensor {
    let g = try upstream.cast(to: input.dtype).contiguous()
    let x = input.contiguous(), y = output.contiguous()
    let out = Tensor(uninitializedShape: input.shape, dtype: input.dtype)
    let n = out.count
    guard g.shape == input.shape else { throw TensorError.invalid("activation gradient shape mismatch") }
    if input.dtype == .float32 {
        activationBackward(act, g.basePointer(Float.self), x.basePointer(Float.self), y.basePointer(Float.self), out.basePointer(Float.self), n)
    } else {
        activationBackward(act, g.basePointer(Double.self), x.basePointer(Double.self), y.basePointer(Double.self), out.basePointer(Double.self), n)
    }
    return out
}

/// `y[i] = act(x[i])` for the elementwise activations (`x` and `y` may be the same buffer).
func activationForward<T: FloatElement>(_ act: Activation, _ x: UnsafeMutablePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    switch act {
    case .linear, .softmax, .logSoftmax: if x != y { y.update(from: x, count: n) }
    case .relu: for i in 0..<n { y[i] = x[i] > 0 ? x[i] : 0 }
    case .relu6: for i in 0..<n { y[i] = Swift.min(Swift.max(x[i], 0), 6) }
    case .sigmoid: for i in 0..<n { y[i] = sigmoidScalar(x[i]) }
    case .hardSigmoid: for i in 0..<n { y[i] = Swift.min(Swift.max(x[i] * T(0.2) + T(0.5), 0), 1) }
    case .tanh: for i in 0..<n { y[i] = T.tfTanh(x[i]) }
    case .elu(let alpha):
        let a = T(alpha)
        for i in 0..<n { y[i] = x[i] > 0 ? x[i] : a * T.expm1(x[i]) }
    case .selu:
        let scale = T(seluScale), scaledAlpha = T(seluScale * seluAlpha)
        for i in 0..<n { y[i] = x[i] > 0 ? scale * x[i] : scaledAlpha * T.expm1(x[i]) }
    case .gelu(let approximate):
        if approximate {
            for i in 0..<n {
                let v = x[i]
                y[i] = T(0.5) * v * (1 + T.tfTanh(T(0.7978845608028654) * (v + T(0.044715) * T.pow(v, 3))))
            }
        } else {
            for i in 0..<n { y[i] = T(0.5) * x[i] * (1 + T.tfErf(x[i] * T(0.7071067811865476))) }
        }
    case .swish: for i in 0..<n { y[i] = x[i] * sigmoidScalar(x[i]) }
    case .softplus: for i in 0..<n { y[i] = softplusScalar(x[i]) }
    case .softsign: for i in 0..<n { y[i] = x[i] / (1 + Swift.abs(x[i])) }
    case .exponential: for i in 0..<n { y[i] = T.exp(x[i]) }
    case .leakyRelu(let alpha):
        let a = T(alpha)
        for i in 0..<n { y[i] = x[i] > 0 ? x[i] : a * x[i] }
    }
}

/// `dx[i] = g[i] * act'(x[i])`, using the saved input `x` and output `y` (TF's gradient
/// formulas; `dx` may alias `g`).
func activationBackward<T: FloatElement>(_ act: Activation, _ g: UnsafeMutablePointer<T>, _ x: UnsafeMutablePointer<T>,
                                         _ y: UnsafeMutablePointer<T>, _ dx: UnsafeMutablePointer<T>, _ n: Int) {
    switch act {
    case .linear, .softmax, .logSoftmax: if g != dx { dx.update(from: g, count: n) }
    case .relu: for i in 0..<n { dx[i] = y[i] > 0 ? g[i] : 0 }
    case .relu6: for i in 0..<n { dx[i] = x[i] > 0 && x[i] < 6 ? g[i] : 0 }
    case .sigmoid: for i in 0..<n { dx[i] = g[i] * (y[i] * (1 - y[i])) }
    case .hardSigmoid:
        for i in 0..<n {
            let z = x[i] * T(0.2) + T(0.5)
            dx[i] = z >= 0 && z <= 1 ? g[i] * T(0.2) : 0
        }
    case .tanh: for i in 0..<n { dx[i] = g[i] * (1 - y[i] * y[i]) }
    case .elu(let alpha):
        let a = T(alpha)
        for i in 0..<n { dx[i] = x[i] > 0 ? g[i] : g[i] * (y[i] + a) }
    case .selu:
        let scale = T(seluScale), scaledAlpha = T(seluScale * seluAlpha)
        for i in 0..<n { dx[i] = y[i] < 0 ? g[i] * (y[i] + scaledAlpha) : g[i] * scale }
    case .gelu(let approximate):
        if approximate {
            let c = T(0.7978845608028654), k = T(0.044715)
            for i in 0..<n {
                let v = x[i]
                let t = T.tfTanh(c * (v + k * T.pow(v, 3)))
                dx[i] = g[i] * (T(0.5) * (1 + t) + T(0.5) * v * (1 - t * t) * c * (1 + 3 * k * v * v))
            }
        } else {
            let density = T(0.3989422804014327)
            for i in 0..<n {
                let v = x[i]
                dx[i] = g[i] * (T(0.5) * (1 + T.tfErf(v * T(0.7071067811865476))) + v * density * T.exp(-v * v / 2))
            }
        }
    case .swish:
        for i in 0..<n {
            let s = sigmoidScalar(x[i])
            dx[i] = g[i] * (s * (1 + x[i] * (1 - s)))
        }
    case .softplus: for i in 0..<n { dx[i] = g[i] * sigmoidScalar(x[i]) }
    case .softsign:
        for i in 0..<n {
            let d = 1 + Swift.abs(x[i])
            dx[i] = g[i] / (d * d)
        }
    case .exponential: for i in 0..<n { dx[i] = g[i] * y[i] }
    case .leakyRelu(let alpha):
        let a = T(alpha)
        for i in 0..<n { dx[i] = x[i] > 0 ? g[i] : a * g[i] }
    }
}

/// `1 / (1 + exp(-x))`.
func sigmoidScalar<T: FloatElement>(_ x: T) -> T { 1 / (1 + T.exp(-x)) }

/// TF's softplus: `x` above `-log(eps) - 2`, `exp(x)` below `log(eps) + 2`, else
/// `log1p(exp(x))`.
func softplusScalar<T: FloatElement>(_ x: T) -> T {
    let threshold = T.log(T.ulpOfOne) + 2
    if x > -threshold { return x }
    if x < threshold { return T.exp(x) }
    return T.log1p(T.exp(x))
}
