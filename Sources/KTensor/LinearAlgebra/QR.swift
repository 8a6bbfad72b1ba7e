/// The thin QR decomposition of a row-major `rows × cols` matrix (rows >= cols) by Householder
/// reflections in float64: Q (`rows × cols`, orthonormal columns) and R (`cols × cols`,
/// upper triangular), both row-major.
func householderQR(_ matrix: [Double], rows m: Int, cols n: Int) -> (q: [Double], r: [Double]) {
    var a = matrix
    var reflectors: [[Double]] = []
    for k in 0..<n {
        var v = (k..<m).map { a[$0 * n + k] }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        if norm == 0 {
            reflectors.append([])
            continue
        }
        v[0] += v[0] >= 0 ? norm : -norm
        let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for i in v.indices { v[i] /= vNorm }
        // A[k:, k:] -= 2 v (vᵀ A[k:, k:])
        for j in k..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i - k] * a[i * n + j] }
            for i in k..<m { a[i * n + j] -= 2 * v[i - k] * dot }
        }
        reflectors.append(v)
    }
    var r = [Double](repeating: 0, count: n * n)
    for i in 0..<n { for j in i..<n { r[i * n + j] = a[i * n + j] } }
    // Q = H_0 H_1 ... H_{n-1} applied to the first n columns of the identity.
    var q = [Double](repeating: 0, count: m * n)
    for i in 0..<n { q[i * n + i] = 1 }
    for k in stride(from: n - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
        let v = reflectors[k]
        for j in 0..<n {
            var dot = 0.0
            for i in k..<m { dot += v[i - k] * q[i * n + j] }
            for i in k..<m { q[i * n + j] -= 2 * v[i - k] * dot }
        }
    }
    return (q, r)
}
