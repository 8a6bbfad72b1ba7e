import Foundation

/// CPython 3.11's `vector_norm`, behind `math.hypot` and `math.dist`: the coordinates scaled by
/// a power of two, their squares summed exactly into a double-length accumulator, the square
/// root taken and corrected once — so the result is CPython's bit for bit (libm's `hypot`
/// and a plain sum of squares differ from it in the last bit).
enum VectorNorm {
    static func norm(_ coordinates: [Double]) -> Double {
        var values = coordinates.map { Swift.abs($0) }
        let largest = values.reduce(0.0) { Swift.max($0, $1) }
        if largest.isInfinite { return largest }
        if values.contains(where: { $0.isNaN }) { return .nan }
        if largest == 0 || values.count <= 1 { return largest }
        let exponent = Int(largest.exponent) + 1
        if exponent < -1023 {
            values = values.map { $0 / Double.leastNormalMagnitude }
            return Double.leastNormalMagnitude * norm(values)
        }
        let scale = Foundation.scalbn(1.0, -exponent)
        var sum = 1.0, low1 = 0.0, low2 = 0.0
        /// Adds `hi + lo` (an exact product) into the accumulator, its rounding errors kept apart.
        func accumulate(_ hi: Double, _ lo: Double) {
            let total = sum + hi
            low2 += hi - (total - sum)
            sum = total
            low1 += lo
        }
        for value in values {
            let x = value * scale
            let square = x * x
            accumulate(square, (-square).addingProduct(x, x))
        }
        var h = (sum - 1 + (low1 + low2)).squareRoot()
        let product = -h * h
        accumulate(product, (-product).addingProduct(-h, h))
        h += (sum - 1 + (low1 + low2)) / (2 * h)
        return h / scale
    }
}
