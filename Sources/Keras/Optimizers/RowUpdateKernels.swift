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

/// Walks `rows`: `untouched(elements)` for each run of rows without a gradient, as one range
/// of elements, and `touched(elements, g)` for each row with one, `g[j]` being element j's
/// summed gradient. Long loops over runs keep the kernels' loops as long as the dense ones'.
@inline(__always)
func forEachRowRun<T>(_ rows: Range<Int>, width: Int, places: UnsafePointer<Int32>, values: UnsafePointer<T>,
                      untouched: (Range<Int>) -> Void, touched: (Range<Int>, UnsafePointer<T>) -> Void) {
    var row = rows.lowerBound
    while row < rows.upperBound {
        let place = Int(places[row])
        if place >= 0 {
            touched(row * width..<(row + 1) * width, values + place * width - row * width)
            row += 1
            continue
        }
        var end = row + 1
        while end < rows.upperBound && places[end] < 0 { end += 1 }
        untouched(row * width..<end * width)
        row = end
    }
}

/// Adam: `m += -m(1-β₁)`, `v += -v(1-β₂)` on every row, then `m += g(1-β₁)`, `v += g²(1-β₂)` on
/// the touched ones; then `w -= m·α / (√v + ε)` (AMSGrad: `v̂ = max(v̂, v)` in the denominator).
@_specialize(where T == Float)
@_specialize(where T == Double)
func adamRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>,
                                           _ vhat: UnsafeMutablePointer<T>?, values: UnsafePointer<T>, places: UnsafePointer<Int32>,
                                           rows: Range<Int>, width: Int, alpha: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T) {
    if let vhat {
        forEachRowRun(rows, width: width, places: places, values: values, untouched: { elements in
            for j in elements {
                let mj = m[j] + -m[j] * oneMinusBeta1, vj = v[j] + -v[j] * oneMinusBeta2
                m[j] = mj
                v[j] = vj
                vhat[j] = Swift.max(vhat[j], vj)
                w[j] -= (mj * alpha) / (vhat[j].magnitude.squareRoot() + epsilon)
            }
        }, touched: { elements, g in
            for j in elements {
                let mj = (m[j] + -m[j] * oneMinusBeta1) + g[j] * oneMinusBeta1
                let vj = (v[j] + -v[j] * oneMinusBeta2) + g[j] * g[j] * oneMinusBeta2
                m[j] = mj
                v[j] = vj
                vhat[j] = Swift.max(vhat[j], vj)
                w[j] -= (mj * alpha) / (vhat[j].magnitude.squareRoot() + epsilon)
            }
        })
        return
    }
    forEachRowRun(rows, width: width, places: places, values: values, untouched: { elements in
        for j in elements {
            let mj = m[j] + -m[j] * oneMinusBeta1, vj = v[j] + -v[j] * oneMinusBeta2
            m[j] = mj
            v[j] = vj
            w[j] -= (mj * alpha) / (vj.magnitude.squareRoot() + epsilon)
        }
    }, touched: { elements, g in
        for j in elements {
            let mj = (m[j] + -m[j] * oneMinusBeta1) + g[j] * oneMinusBeta1
            let vj = (v[j] + -v[j] * oneMinusBeta2) + g[j] * g[j] * oneMinusBeta2
            m[j] = mj
            v[j] = vj
            w[j] -= (mj * alpha) / (vj.magnitude.squareRoot() + epsilon)
        }
    })
}

/// SGD: `m = m·μ` on every row, `m += -g·lr` on the touched ones; then `w += m`, or with
/// Nesterov `w += -g·lr` on the touched rows and `w += m·μ` on every row.
@_specialize(where T == Float)
@_specialize(where T == Double)
func sgdRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, values: UnsafePointer<T>,
                                          places: UnsafePointer<Int32>, rows: Range<Int>, width: Int, lr: T, momentum: T, nesterov: Bool) {
    forEachRowRun(rows, width: width, places: places, values: values, untouched: { elements in
        for j in elements {
            let mj = m[j] * momentum
            m[j] = mj
            w[j] += nesterov ? mj * momentum : mj
        }
    }, touched: { elements, g in
        for j in elements {
            let mj = m[j] * momentum + -g[j] * lr
            m[j] = mj
            w[j] = nesterov ? (w[j] + -g[j] * lr) + mj * momentum : w[j] + mj
        }
    })
}

/// RMSprop: `v = ρv` (centered: `a = ρa`) on every row, `v += g²(1-ρ)` (`a += g(1-ρ)`) on the
/// touched ones; the increment `lr·g / √(v - a² + ε)` of a touched row is added to the
/// momentum (`u = μu` on every row first; then `w -= u` on every row) or taken from the row.
@_specialize(where T == Float)
@_specialize(where T == Double)
func rmspropRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>, _ average: UnsafeMutablePointer<T>?,
                                              _ velocity: UnsafeMutablePointer<T>?, values: UnsafePointer<T>, places: UnsafePointer<Int32>,
                                              rows: Range<Int>, width: Int, lr: T, rho: T, oneMinusRho: T, epsilon: T, momentum: T) {
    forEachRowRun(rows, width: width, places: places, values: values, untouched: { elements in
        for j in elements { v[j] = rho * v[j] }
        if let average {
            for j in elements { average[j] = rho * average[j] }
        }
        if let velocity {
            for j in elements {
                velocity[j] = momentum * velocity[j]
                w[j] -= velocity[j]
            }
        }
    }, touched: { elements, g in
        // A touched row takes the dense update, operation for operation.
        let o = elements.lowerBound
        rmspropUpdate(w + o, g + o, v + o, average.map { $0 + o }, velocity.map { $0 + o }, elements.count, lr: lr, rho: rho,
                      oneMinusRho: oneMinusRho, epsilon: epsilon, momentum: momentum)
    })
}

/// Nadam: Adam's sparse moments, then the dense step with the gradient 0 on untouched rows.
@_specialize(where T == Float)
@_specialize(where T == Double)
func nadamRowUpdate<T: BinaryFloatingPoint>(_ w: UnsafeMutablePointer<T>, _ m: UnsafeMutablePointer<T>, _ v: UnsafeMutablePointer<T>,
                                            values: UnsafePointer<T>, places: UnsafePointer<Int32>, rows: Range<Int>, width: Int,
                                            lr: T, oneMinusBeta1: T, oneMinusBeta2: T, epsilon: T,
                                            ut: T, ut1: T, product: T, product1: T, beta2Power: T) {
    func step(_ j: Int, gradient g: T, mj: T, vj: T) {
        m[j] = mj
        v[j] = vj
        let mHat = ut1 * mj / (1 - product1) + (1 - ut) * g / (1 - product)
        w[j] -= (mHat * lr) / ((vj / (1 - beta2Power)).magnitude.squareRoot() + epsilon)
    }
    forEachRowRun(rows, width: width, places: places, values: values, untouched: { elements in
        for j in elements {
            step(j, gradient: 0, mj: m[j] + -m[j] * oneMinusBeta1, vj: v[j] + -v[j] * oneMinusBeta2)
        }
    }, touched: { elements, g in
        for j in elements {
            step(j, gradient: g[j], mj: (m[j] + -m[j] * oneMinusBeta1) + g[j] * oneMinusBeta1,
                 vj: (v[j] + -v[j] * oneMinusBeta2) + g[j] * g[j] * oneMinusBeta2)
        }
    })
}
