import Foundation
import KTensor

/// The activations recurrent cells support inside their fused kernels, applied per element
/// and differentiated from the saved outputs.
enum RecurrentActivation {
    case tanh, sigmoid, relu, linear, hardSigmoid

    init(_ activation: KTensor.Activation, role: String) throws {
        switch activation {
        case .tanh: self = .tanh
        case .sigmoid: self = .sigmoid
        case .relu: self = .relu
        case .linear: self = .linear
        case .hardSigmoid: self = .hardSigmoid
        default:
            throw KerasError(.notImplemented, "kscript: the \(role) '\(activation.kerasName)' is not supported in recurrent layers (use tanh, sigmoid, relu, hard_sigmoid or linear)")
        }
    }

    @inline(__always) func apply(_ x: Float) -> Float {
        switch self {
        case .tanh: return RecurrentActivation.fastTanh(x)
        case .sigmoid: return 1 / (1 + Float.fastExp(-x))
        case .relu: return x > 0 ? x : 0
        case .linear: return x
        case .hardSigmoid: return min(max(0.2 * x + 0.5, 0), 1)
        }
    }

    /// `tanh` through one exponential (libm's `tanhf` costs several times more and dominated
    /// the recurrent kernels); absolute error about 1e-7. Branch-free, so loops vectorise.
    @inline(__always) static func fastTanh(_ x: Float) -> Float {
        let viaExp = 1 - 2 / (Float.fastExp(2 * x) + 1)
        return Swift.abs(x) < 0.0004 ? x : viaExp
    }

    /// `y[i] = f(x[i])` for `count` elements (`y` may be `x`); the switch is outside the loop.
    func apply(_ x: UnsafePointer<Float>, to y: UnsafeMutablePointer<Float>, count: Int) {
        if UnsafePointer(y) == x { return applyInPlace(y, count: count) }
        switch self {
        case .tanh: for i in 0..<count { y[i] = RecurrentActivation.fastTanh(x[i]) }
        case .sigmoid: for i in 0..<count { y[i] = 1 / (1 + Float.fastExp(-x[i])) }
        case .relu: for i in 0..<count { y[i] = x[i] > 0 ? x[i] : 0 }
        case .linear: if UnsafePointer(y) != x { y.update(from: x, count: count) }
        case .hardSigmoid: for i in 0..<count { y[i] = min(max(0.2 * x[i] + 0.5, 0), 1) }
        }
    }

    /// `y[i] = f(y[i])`: the in-place loops, written apart so that the vectoriser does not
    /// give up on `x` and `y` overlapping.
    private func applyInPlace(_ y: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .tanh: for i in 0..<count { y[i] = RecurrentActivation.fastTanh(y[i]) }
        case .sigmoid: for i in 0..<count { y[i] = 1 / (1 + Float.fastExp(-y[i])) }
        case .relu: for i in 0..<count { y[i] = y[i] > 0 ? y[i] : 0 }
        case .linear: break
        case .hardSigmoid: for i in 0..<count { y[i] = min(max(0.2 * y[i] + 0.5, 0), 1) }
        }
    }

    /// `d[i] = f'` at the points whose activations are `y[i]`.
    func derivatives(_ y: UnsafePointer<Float>, into d: UnsafeMutablePointer<Float>, count: Int) {
        switch self {
        case .tanh: for i in 0..<count { d[i] = 1 - y[i] * y[i] }
        case .sigmoid: for i in 0..<count { d[i] = y[i] * (1 - y[i]) }
        case .relu: for i in 0..<count { d[i] = y[i] > 0 ? 1 : 0 }
        case .linear: d.update(repeating: 1, count: count)
        case .hardSigmoid: for i in 0..<count { d[i] = y[i] > 0 && y[i] < 1 ? 0.2 : 0 }
        }
    }

    /// The derivative at the point whose activation is `y`.
    @inline(__always) func derivative(output y: Float) -> Float {
        switch self {
        case .tanh: return 1 - y * y
        case .sigmoid: return y * (1 - y)
        case .relu: return y > 0 ? 1 : 0
        case .linear: return 1
        case .hardSigmoid: return y > 0 && y < 1 ? 0.2 : 0
        }
    }
}

/// Row-major single-precision GEMM on Swift arrays: `C = A·B (+ C when accumulate)` with
/// optional transposes and leading dimensions.
@inline(__always)
func matmul(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int,
            transposeA: Bool = false, transposeB: Bool = false, lda: Int, ldb: Int, ldc: Int, accumulate: Bool) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        if !accumulate { for i in 0..<m { (c + i * ldc).initialize(repeating: 0, count: n) } }
        return
    }
    sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1, a: a, lda: lda, b: b, ldb: ldb,
          beta: accumulate ? 1 : 0, c: c, ldc: ldc)
}

/// Keras' masking in the recurrent kernels: at a masked step a row's state buffers take the
/// previous step's values (zeros before the first step).
enum RecurrentMask {
    static func carry(_ buffers: [FloatBuffer], from previous: Int?, to current: Int, count: Int) {
        for buffer in buffers {
            if let previous {
                (buffer.pointer + current).update(from: buffer.pointer + previous, count: count)
            } else {
                (buffer.pointer + current).update(repeating: 0, count: count)
            }
        }
    }
}
