import KTensor

/// The optimizers' sparse updates (Keras 2.12's `tf.IndexedSlices` branches), each one pass
/// over the variable's rows. What Keras does to the whole slot (the decay of Adam's moments,
/// SGD's momentum) happens to every row; what it scatters (`scatter_add`) or gathers happens
/// to the touched rows only, in Keras' order of operations, so the bits are Keras'. `places[r]`
/// is row r's place in the summed `values` (`RowGradient`), or -1.
extension UpdateBuffers {
    /// Runs a row-wise update of `rows` rows of `width` elements as `body(rows)` over pieces
    /// shared with the helper thread, cut as `inPieces` cuts the elements (rounded up to a row).
    static func inRowPieces(_ rows: Int, width: Int, _ body: (Range<Int>) -> Void) {
        let n = rows * width
        guard n >= pieceThreshold, width > 0 else { return body(0..<rows) }
        let cut = Swift.min((Parallel.halfway(n) + width - 1) / width, rows)
        Parallel.forEachPiece(2) { piece in body(piece == 0 ? 0..<cut : cut..<rows) }
    }
}

/// Adam: `m += -m(1-β₁)`, `v += -v(1-β₂)` on every row; `m += g(1-β₁)`, `v += g²(1-β₂)` on the
/// touched ones; then `w -= m·α / (√v + ε)` (AMSGrad: `v̂ = max(v̂, v)` in the denominator).
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>,
                                           _ vhat: UnsafeMutablePointer<T>?, values: UnsafePointer<T>, places: UnsafePointer<Int32>,
                                           rows: Range<Int>, width: Int, alpha: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T) {
    for row in rows {
        let o = row * width, place = Int(places[row])
        for j in o..<o + width {
            m[j] += -m[j] * oneMinusBeta1
            v[j] += -v[j] * oneMinusBeta2
        }
        if place >= 0 {
            let g = values + place * width - o
            for j in o..<o + width {
                m[j] += g[j] * oneMinusBeta1
                v[j] += g[j] * g[j] * oneMinusBeta2
            }
        }
        if let vhat {
            for j in o..<o + width {
                vhat[j] = Swift.max(vhat[j], v[j])
                w[j] -= (m[j] * alpha) / (vhat[j].magnitude.squareRoot() + epsilon)
            }
        } else {
            for j in o..<o + width { w[j] -= (m[j] * alpha) / (v[j].magnitude.squareRoot() + epsilon) }
        }
    }
}

/// SGD: `m = m·μ` on every row, `m += -g·lr` on the touched ones; then `w += m`, or with
/// Nesterov `w += -g·lr` on the touched rows and `w += m·μ` on every row.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sgdRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, values: UnsafePointer<T>,
                                          places: UnsafePointer<Int32>, rows: Range<Int>, width: Int, lr: T, momentum: T, nesterov: Bool) {
    for row in rows {
        let o = row * width, place = Int(places[row])
        for j in o..<o + width { m[j] = m[j] * momentum }
        if place >= 0 {
            let g = values + place * width - o
            for j in o..<o + width { m[j] += -g[j] * lr }
            if nesterov {
                for j in o..<o + width { w[j] += -g[j] * lr }
            }
        }
        if nesterov {
            for j in o..<o + width { w[j] += m[j] * momentum }
        } else {
            for j in o..<o + width { w[j] += m[j] }
        }
    }
}

/// RMSprop: `v = ρv` (centered: `a = ρa`) on every row, `v += g²(1-ρ)` (`a += g(1-ρ)`) on the
/// touched ones; the increment `lr·g / √(v - a² + ε)` of a touched row is added to the
/// momentum (`u = μu` on every row first; then `w -= u` on every row) or taken from the row.
@_specialize(where T == Float)
@_specialize(where T == Double)
func rmspropRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>, _ average: UnsafeMutablePointer<T>?,
                                              _ velocity: UnsafeMutablePointer<T>?, values: UnsafePointer<T>, places: UnsafePointer<Int32>,
                                              rows: Range<Int>, width: Int, lr: T, rho: T, oneMinusRho: T, epsilon: T, momentum: T) {
    for row in rows {
        let o = row * width, place = Int(places[row])
        for j in o..<o + width { v[j] = rho * v[j] }
        if let average {
            for j in o..<o + width { average[j] = rho * average[j] }
        }
        if let velocity {
            for j in o..<o + width { velocity[j] = momentum * velocity[j] }
        }
        if place >= 0 {
            let g = values + place * width - o
            for j in o..<o + width {
                v[j] += g[j] * g[j] * oneMinusRho
                var denominator = v[j]
                if let average {
                    average[j] += g[j] * oneMinusRho
                    denominator = v[j] - average[j] * average[j]
                }
                let increment = lr * g[j] * (1 / (denominator + epsilon).squareRoot())
                if let velocity { velocity[j] += increment } else { w[j] -= increment }
            }
        }
        if let velocity {
            for j in o..<o + width { w[j] -= velocity[j] }
        }
    }
}

/// Nadam: Adam's sparse moments, then the dense step with the gradient 0 on untouched rows.
@_specialize(where T == Float)
@_specialize(where T == Double)
func nadamRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>,
                                            values: UnsafePointer<T>, places: UnsafePointer<Int32>, rows: Range<Int>, width: Int,
                                            lr: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T,
                                            ut: T, ut1: T, product: T, product1: T, beta2Power: T) {
    for row in rows {
        let o = row * width, place = Int(places[row])
        for j in o..<o + width {
            m[j] += -m[j] * oneMinusBeta1
            v[j] += -v[j] * oneMinusBeta2
        }
        let g: UnsafePointer<T>? = place >= 0 ? values + place * width - o : nil
        if let g {
            for j in o..<o + width {
                m[j] += g[j] * oneMinusBeta1
                v[j] += g[j] * g[j] * oneMinusBeta2
            }
        }
        for j in o..<o + width {
            let mHat = ut1 * m[j] / (1 - product1) + (1 - ut) * (g?[j] ?? 0) / (1 - product)
            let vHat = v[j] / (1 - beta2Power)
            w[j] -= (mHat * lr) / (vHat.magnitude.squareRoot() + epsilon)
        }
    }
}
