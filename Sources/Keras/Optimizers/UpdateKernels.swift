import Foundation
import KTensor

/// Raw access for the optimizers' in-place update kernels: the variable's and its slots'
/// storage made unique and contiguous, the gradient read in place. One call per variable
/// and step; the kernels below are specialised for Float and Double so their loops
/// vectorise.
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
    var start = 0
    if T.self == Float.self {
        let a = SIMD8<Float>(repeating: Float(alpha)), c1 = SIMD8<Float>(repeating: Float(oneMinusBeta1))
        let c2 = SIMD8<Float>(repeating: Float(oneMinusBeta2)), e = SIMD8<Float>(repeating: Float(epsilon))
        let pw = Vector8.pointer(w), pg = Vector8.pointer(g), pm = Vector8.pointer(m), pv = Vector8.pointer(v)
        while start + 8 <= n {
            let gi = Vector8.load(pg + start), m0 = Vector8.load(pm + start), v0 = Vector8.load(pv + start)
            let mi = m0 + (gi - m0) * c1
            let vi = v0 + (gi * gi - v0) * c2
            Vector8.store(mi, pm + start)
            Vector8.store(vi, pv + start)
            Vector8.store(Vector8.load(pw + start) - (mi * a) / (vi.squareRoot() + e), pw + start)
            start += 8
        }
    }
    for i in start..<n {
        let gi = g[i]
        let mi = m[i] + (gi - m[i]) * oneMinusBeta1
        let vi = v[i] + (gi * gi - v[i]) * oneMinusBeta2
        m[i] = mi
        v[i] = vi
        w[i] -= (mi * alpha) / (vi.squareRoot() + epsilon)
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
        w[i] -= (m[i] * alpha) / (vhat[i].squareRoot() + epsilon)
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
        var start = 0
        if T.self == Float.self {
            let rate = SIMD8<Float>(repeating: Float(lr)), r = SIMD8<Float>(repeating: Float(rho))
            let c = SIMD8<Float>(repeating: Float(oneMinusRho)), e = SIMD8<Float>(repeating: Float(epsilon))
            let one = SIMD8<Float>(repeating: 1)
            let pw = Vector8.pointer(w), pg = Vector8.pointer(g), pv = Vector8.pointer(v)
            while start + 8 <= n {
                let gi = Vector8.load(pg + start)
                let vi = r * Vector8.load(pv + start) + c * (gi * gi)
                Vector8.store(vi, pv + start)
                Vector8.store(Vector8.load(pw + start) - rate * gi * (one / (vi + e).squareRoot()), pw + start)
                start += 8
            }
        }
        for i in start..<n {
            let gi = g[i]
            let vi = rho * v[i] + oneMinusRho * (gi * gi)
            v[i] = vi
            w[i] -= lr * gi * (1 / (vi + epsilon).squareRoot())
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
    var start = 0
    if T.self == Float.self {
        let rate = SIMD8<Float>(repeating: Float(lr)), e = SIMD8<Float>(repeating: Float(epsilon))
        let pw = Vector8.pointer(w), pg = Vector8.pointer(g), pa = Vector8.pointer(a)
        while start + 8 <= n {
            let gi = Vector8.load(pg + start)
            let ai = Vector8.load(pa + start) + gi * gi
            Vector8.store(ai, pa + start)
            Vector8.store(Vector8.load(pw + start) - rate * gi / (ai + e).squareRoot(), pw + start)
            start += 8
        }
    }
    for i in start..<n {
        let gi = g[i]
        a[i] += gi * gi
        w[i] -= lr * gi / (a[i] + epsilon).squareRoot()
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
        w[i] -= (mHat * lr) / (vHat.squareRoot() + epsilon)
    }
}

/// Eight-float vector loads and stores for the kernels' Float paths (the scalar square root
/// does not vectorise on its own).
enum Vector8 {
    @inline(__always) static func pointer<T>(_ p: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    @inline(__always) static func pointer<T>(_ p: UnsafePointer<T>) -> UnsafePointer<Float> {
        UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
    }

    @inline(__always) static func load(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always) static func store(_ x: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: x, as: SIMD8<Float>.self)
    }
}
