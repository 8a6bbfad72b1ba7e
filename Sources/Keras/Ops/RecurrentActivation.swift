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

    /// `tanh` through one exponential (libm's `tanhf` costs several times more and dominated
    /// the recurrent kernels); absolute error about 1e-7. Branch-free, so loops vectorise.
    @inline(__always) static func fastTanh(_ x: Float) -> Float {
        let viaExp = 1 - 2 / (Float.fastExp(2 * x) + 1)
        return Swift.abs(x) < 0.0004 ? x : viaExp
    }
}

/// An activation on eight lanes at once, bit for bit as on each lane alone, and its
/// derivative from its output: what the fused recurrent loops call. `TanhGate` and
/// `SigmoidGate`, Keras' default pair, have no branch, so a loop specialised to them inlines
/// them whole; `RecurrentActivation` switches on its case.
protocol GateFunction {
    func apply(_ x: SIMD8<Float>) -> SIMD8<Float>
    func derivative(output y: SIMD8<Float>) -> SIMD8<Float>
}

/// `RecurrentActivation.tanh` as a `GateFunction`.
struct TanhGate: GateFunction {
    @inline(__always) func apply(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let viaExp = 1 - 2 / ((2 * x).fastExp() + 1)
        let magnitude = unsafeBitCast(unsafeBitCast(x, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
        return viaExp.replacing(with: x, where: magnitude .< 0.0004)
    }

    @inline(__always) func derivative(output y: SIMD8<Float>) -> SIMD8<Float> { 1 - y * y }
}

/// `RecurrentActivation.sigmoid` as a `GateFunction`.
struct SigmoidGate: GateFunction {
    @inline(__always) func apply(_ x: SIMD8<Float>) -> SIMD8<Float> { 1 / (1 + (-x).fastExp()) }
    @inline(__always) func derivative(output y: SIMD8<Float>) -> SIMD8<Float> { y * (1 - y) }
}

extension RecurrentActivation: GateFunction {
    func apply(_ x: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .tanh: return TanhGate().apply(x)
        case .sigmoid: return SigmoidGate().apply(x)
        case .relu: return SIMD8<Float>(repeating: 0).replacing(with: x, where: x .> 0)
        case .linear: return x
        case .hardSigmoid:
            // Swift.max(v, 0) is `0 >= v ? 0 : v`, Swift.min(v, 1) is `1 < v ? 1 : v`.
            var v = 0.2 * x + 0.5
            v.replace(with: 0, where: v .<= 0)
            v.replace(with: 1, where: v .> 1)
            return v
        }
    }

    func derivative(output y: SIMD8<Float>) -> SIMD8<Float> {
        switch self {
        case .tanh: return TanhGate().derivative(output: y)
        case .sigmoid: return SigmoidGate().derivative(output: y)
        case .relu: return SIMD8<Float>(repeating: 0).replacing(with: 1, where: y .> 0)
        case .linear: return SIMD8<Float>(repeating: 1)
        case .hardSigmoid: return SIMD8<Float>(repeating: 0).replacing(with: 0.2, where: (y .> 0) .& (y .< 1))
        }
    }
}

/// Eight floats from `p + j`; with `count` under 8 (the end of a row) only that many, the
/// other lanes zero.
@inline(__always)
func lanes(_ p: UnsafePointer<Float>, _ j: Int, _ count: Int) -> SIMD8<Float> {
    if count == 8 { return UnsafeRawPointer(p + j).loadUnaligned(as: SIMD8<Float>.self) }
    var v = SIMD8<Float>()
    for k in 0..<count { v[k] = p[j + k] }
    return v
}

/// Stores the first `count` lanes of `v` (all eight at most) at `p + j`.
@inline(__always)
func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ j: Int, _ count: Int) {
    if count == 8 {
        UnsafeMutableRawPointer(p + j).storeBytes(of: v, as: SIMD8<Float>.self)
        return
    }
    for k in 0..<count { p[j + k] = v[k] }
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
