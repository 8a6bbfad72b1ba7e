/// NumPy's `histogram`: equal-width bin edges over a range and counts per bin (the last bin
/// includes its right edge; values outside the range are ignored).
enum Histogram {
    /// The bin edges shared by all data sets (matplotlib computes one range for all of them,
    /// ignoring NaN).
    static func edges(_ datasets: [[Double]], bins: HistBins, range: (Double, Double)?, weights: [[Double]]?) throws -> [Double] {
        switch bins {
        case .edges(let e):
            guard e.count >= 2, zip(e, e.dropFirst()).allSatisfy({ $0 <= $1 }) else {
                throw PlotError.value("`bins` must increase monotonically, when an array")
            }
            return e
        case .count(let n):
            guard n >= 1 else { throw PlotError.value("`bins` must be positive, when an integer") }
            var first: Double, last: Double
            if let range {
                (first, last) = range
                guard first <= last else { throw PlotError.value("max must be larger than min in range parameter.") }
            } else {
                first = .infinity
                last = -.infinity
                for data in datasets {
                    for v in data where !v.isNaN {
                        first = min(first, v)
                        last = max(last, v)
                    }
                }
                if first > last { (first, last) = (0, 1) }
            }
            guard first.isFinite, last.isFinite else {
                throw PlotError.value("autodetected range of [\(first), \(last)] is not finite")
            }
            if first == last {
                first -= 0.5
                last += 0.5
            }
            // np.linspace: i * step + start, the last edge exactly `last`.
            let step = (last - first) / Double(n)
            var edges = (0...n).map { Double($0) * step + first }
            edges[n] = last
            return edges
        }
    }

    /// Counts (or summed weights) per bin.
    static func counts(_ data: [Double], edges: [Double], weights: [Double]?) throws -> [Double] {
        if let weights, weights.count != data.count {
            throw PlotError.value("weights should have the same shape as a.")
        }
        let n = edges.count - 1
        var counts = [Double](repeating: 0, count: n)
        let first = edges[0], last = edges[n]
        let uniform = isUniform(edges)
        for (i, v) in data.enumerated() where v >= first && v <= last {
            var k: Int
            if uniform {
                k = min(max(PythonFloat.int((v - first) / (last - first) * Double(n)), 0), n)
                if k == n { k -= 1 }
                if v < edges[k] { k -= 1 }
                if k + 1 <= n, v >= edges[k + 1], k != n - 1 { k += 1 }
            } else {
                // The last edge <= v (searchsorted right, minus one); the last bin is closed.
                var lo = 0, hi = edges.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if edges[mid] <= v { lo = mid + 1 } else { hi = mid }
                }
                k = min(lo - 1, n - 1)
            }
            guard k >= 0 && k < n else { continue }
            counts[k] += weights?[i] ?? 1
        }
        return counts
    }

    private static func isUniform(_ edges: [Double]) -> Bool {
        let n = edges.count - 1
        guard edges[n] > edges[0], (edges[n] - edges[0]).isFinite else { return false }
        guard edges.count > 2 else { return true }
        let step = (edges[n] - edges[0]) / Double(n)
        for i in 0..<n where edges[i] != Double(i) * step + edges[0] { return false }
        return true
    }
}
