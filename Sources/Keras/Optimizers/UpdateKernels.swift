import Foundation
import KTensor

/// Raw access for the optimizers' in-place update kernels: the variable's and its slots'
/// storage made unique and contiguous, the gradient read in place. One call per variable
/// and step; the kernels below are specialised for Float and Double. Their square roots take
/// the `magnitude` of quantities that are never negative (accumulated squares): that lets the
/// compiler drop the C library's errno path and vectorise the loops, with identical results.
enum UpdateBuffers {
    /// Calls `body` with a mutable pointer to the variable's elements as `T`.
    static func mutating<T, R>(_ variable: Variable, _ type: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try variable.update { value in
            try value.withUnsafeMutableBufferPointer(as: T.self) { try body($0.baseAddress!) }
        }
    }

    /// Calls `body` with a pointer to the contiguous gradient's elements as `T`.
    static func reading<T, R>(_ gradient: Tensor, _ type: T.Type, _ body: (UnsafePointer<T>) throws -> R) rethrows -> R {
        try gradient.withUnsafeBufferPointer(as: T.self) { try body($0.baseAddress!) }
    }

    /// Calls `body` with the variable's buffer, or nil when there is no variable.
    static func optional<T>(_ variable: Variable?, _ type: T.Type, _ body: (UnsafeMutablePointer<T>?) -> Void) {
        if let variable {
            mutating(variable, T.self) { body($0) }
        } else {
            body(nil)
        }
    }

    /// Runs an elementwise update of `n` elements as `body(offset, count)` over pieces shared
    /// with the engine's helper thread (variables of at least `pieceThreshold` elements). Each
    /// element is updated exactly as in one pass.
    static func inPieces(_ n: Int, _ body: (_ offset: Int, _ count: Int) -> Void) {
        guard n >= pieceThreshold else { return body(0, n) }
        let cut = Parallel.halfway(n)
        Parallel.forEachPiece(2) { piece in
            if piece == 0 { body(0, cut) } else { body(cut, n - cut) }
        }
    }

    /// The smallest variable whose update is split between two threads.
    static let pieceThreshold = 4_096

    /// Runs `float` or `double` by the variable's dtype.
    static func dispatch(_ variable: Variable, float: () throws -> Void, double: () throws -> Void) throws {
        switch variable.dtype {
        case .float32: try float()
        case .float64: try double()
        default: throw TensorError(.type, "optimizers update float variables only, got \(variable.dtype.name) variable '\(variable.name)'")
        }
    }
}

/// SGD: `m = -g·lr + m·momentum`; `w += m` (Nesterov: `w += -g·lr + m·momentum`).
@_specialize(where T == Float)
@_specialize(where T == Double)
func sgdUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>, _ n: Int,
                                       lr: T, momentum: T, nesterov: Bool) {
    if nesterov {
        for i in 0..<n {
            m[i] = -g[i] * lr + m[i] * momentum
            w[i] += -g[i] * lr + m[i] * momentum
        }
    } else {
        for i in 0..<n {
            m[i] = -g[i] * lr + m[i] * momentum
            w[i] += m[i]
        }
    }
}

/// Adam: `m += (g-m)(1-β₁)`; `v += (g²-v)(1-β₂)`; `w -= m·α / (√v + ε)`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                        _ v: UnsafeMutablePointer<T>, _ n: Int, alpha: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T) {
    for i in 0..<n {
        let gi = g[i]
        let mi = m[i] + (gi - m[i]) * oneMinusBeta1
        let vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2
        m[i] = mi
        v[i] = vi
        w[i] -= (mi * alpha) / (vi.magnitude.squareRoot() + epsilon)
    }
}

/// AMSGrad: Adam with `v̂ = max(v̂, v)` in the denominator.
@_specialize(where T == Float)
@_specialize(where T == Double)
func amsgradUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                           _ v: UnsafeMutablePointer<T>, _ vhat: UnsafeMutablePointer<T>, _ n: Int,
                                           alpha: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T) {
    for i in 0..<n {
        let gi = g[i]
        m[i] += (gi - m[i]) * oneMinusBeta1
        v[i] += (gi * gi - v[i]) * oneMinusBeta2
        vhat[i] = Swift.max(vhat[i], v[i])
        w[i] -= (m[i] * alpha) / (vhat[i].magnitude.squareRoot() + epsilon)
    }
}

/// RMSprop: `v = ρv + (1-ρ)g²`; centered: `a = ρa + (1-ρ)g`, denominator `v - a²`;
/// `Δ = lr·g / √(denominator + ε)`; with momentum `u = μu + Δ; w -= u`, else `w -= Δ`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func rmspropUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ v: UnsafeMutablePointer<T>,
                                           _ average: UnsafeMutablePointer<T>?, _ velocity: UnsafeMutablePointer<T>?, _ n: Int,
                                           lr: T, rho: T, oneMinusRho: T, epsilon: T, momentum: T) {
    if average == nil && velocity == nil {
        for i in 0..<n {
            let gi = g[i]
            let vi = rho * v[i] + oneMinusRho * (gi * gi)
            v[i] = vi
            w[i] -= lr * gi * (1 / (vi + epsilon).magnitude.squareRoot())
        }
        return
    }
    for i in 0..<n {
        let gi = g[i]
        v[i] = rho * v[i] + oneMinusRho * (gi * gi)
        var denominator = v[i]
        if let average {
            average[i] = rho * average[i] + oneMinusRho * gi
            denominator = v[i] - average[i] * average[i]
        }
        let increment = lr * gi * (1 / (denominator + epsilon).squareRoot())
        if let velocity {
            velocity[i] = momentum * velocity[i] + increment
            w[i] -= velocity[i]
        } else {
            w[i] -= increment
        }
    }
}

/// Adagrad: `a += g²`; `w -= lr·g / √(a + ε)`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func adagradUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ a: UnsafeMutablePointer<T>, _ n: Int,
                                           lr: T, epsilon: T) {
    for i in 0..<n {
        let gi = g[i]
        a[i] += gi * gi
        w[i] -= lr * gi / (a[i] + epsilon).magnitude.squareRoot()
    }
}

/// Nadam: Adam's moments, `m̂ = u₊·m/(1-Π₊) + (1-u)·g/(1-Π)`, `v̂ = v/(1-β₂ᵗ)`,
/// `w -= m̂·lr / (√v̂ + ε)`.
@_specialize(where T == Float)
@_specialize(where T == Double)
func nadamUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                         _ v: UnsafeMutablePointer<T>, _ n: Int, lr: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T,
                                         ut: T, ut1: T, product: T, product1: T, beta2Power: T) {
    for i in 0..<n {
        let gi = g[i]
        m[i] += (gi - m[i]) * oneMinusBeta1
        v[i] += (gi * gi - v[i]) * oneMinusBeta2
        let mHat = ut1 * m[i] / (1 - product1) + (1 - ut) * gi / (1 - product)
        let vHat = v[i] / (1 - beta2Power)
        w[i] -= (mHat * lr) / (vHat.magnitude.squareRoot() + epsilon)
    }
}


/// Adamax: `m += (g - m)·(1-β₁)`, `u = max(β₂·u, |g|)`, `w -= lr·m / (c·(u + ε))` with
/// `c = 1-β₁ᵗ`, in Keras' order of operations.
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamaxUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ m: UnsafeMutablePointer<T>,
                                          _ u: UnsafeMutablePointer<T>, _ n: Int, lr: T, oneMinusBeta1: T, beta2: T, epsilon: T, correction: T) {
    for i in 0..<n {
        let gi = g[i]
        m[i] += (gi - m[i]) * oneMinusBeta1
        u[i] = Swift.max(beta2 * u[i], gi.magnitude)
        w[i] -= (lr * m[i]) / (correction * (u[i] + epsilon))
    }
}

/// Adadelta: `a = ρ·a + (1-ρ)·g·g`, `Δ = -√(d + ε)·g / √(a + ε)`, `d = ρ·d + (1-ρ)·Δ·Δ`,
/// `w += lr·Δ`, in Keras' order of operations.
@_specialize(where T == Float)
@_specialize(where T == Double)
func adadeltaUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ g: UnsafePointer<T>, _ a: UnsafeMutablePointer<T>,
                                            _ d: UnsafeMutablePointer<T>, _ n: Int, lr: T, rho: T, oneMinusRho: T, epsilon: T) {
    for i in 0..<n {
        let gi = g[i]
        a[i] = rho * a[i] + oneMinusRho * gi * gi
        let delta = -(d[i] + epsilon).squareRoot() * gi / (a[i] + epsilon).squareRoot()
        d[i] = rho * d[i] + oneMinusRho * delta * delta
        w[i] += lr * delta
    }
}
