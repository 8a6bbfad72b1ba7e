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
        case .tanh: return tanhf(x)
        case .sigmoid: return 1 / (1 + expf(-x))
        case .relu: return x > 0 ? x : 0
        case .linear: return x
        case .hardSigmoid: return min(max(0.2 * x + 0.5, 0), 1)
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
