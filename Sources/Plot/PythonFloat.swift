import Foundation

/// Float operations with Python's exact semantics, so tick algorithms ported from matplotlib
/// land on the same values.
enum PythonFloat {
    /// Python's `divmod(x, y)` for floats (CPython's `float_divmod`).
    static func divmod(_ x: Double, _ y: Double) -> (Double, Double) {
        var mod = fmod(x, y)
        var div = (x - mod) / y
        if mod != 0 {
            if (y < 0) != (mod < 0) {
                mod += y
                div -= 1
            }
        } else {
            mod = copysign(0, y)
        }
        var floordiv: Double
        if div != 0 {
            floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
        } else {
            floordiv = copysign(0, x / y)
        }
        return (floordiv, mod)
    }

    /// An integer for a float that should be integral: NaN gives 0 and infinities clamp, so
    /// degenerate data cannot trap a conversion.
    static func int(_ x: Double) -> Int {
        guard !x.isNaN else { return 0 }
        return Int(min(max(x, -4.5e15), 4.5e15))
    }

    /// Python's `x // y` for floats.
    static func floorDiv(_ x: Double, _ y: Double) -> Double { divmod(x, y).0 }

    /// NumPy's `np.round(x, decimals)`: scale, round half to even, unscale.
    static func round(_ x: Double, decimals: Int) -> Double {
        if decimals >= 0 {
            let p = pow(10, Double(decimals))
            return (x * p).rounded(.toNearestOrEven) / p
        }
        let p = pow(10, Double(-decimals))
        return (x / p).rounded(.toNearestOrEven) * p
    }

    /// Python's `'%<spec>' % x` for a float conversion such as `"%1.2f"` or `"%1.10g"`.
    static func format(_ spec: String, _ x: Double) -> String {
        String(format: spec, x)
    }

    /// Python's `'%g' % x`: C's `%g` except that infinities and NaN read `inf`/`nan`.
    static func formatG(_ x: Double) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x < 0 ? "-inf" : "inf" }
        return String(format: "%g", x)
    }
}
