import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The OpenBLAS configuration the engine uses.
public enum BLAS {
    /// Set once, before the first product: one OpenBLAS thread unless `OPENBLAS_NUM_THREADS`
    /// or `OMP_NUM_THREADS` says otherwise. The engine's products are small (one layer on one
    /// batch), where OpenBLAS's spinning worker threads cost more than they give — measured
    /// with `scripts/bench step`, a chapter training step takes half the time on one thread.
    static let configured: Bool = {
        if getenv("OPENBLAS_NUM_THREADS") == nil && getenv("OMP_NUM_THREADS") == nil {
            openblas_set_num_threads(1)
        }
        return true
    }()

    /// True while products are cut along the rows of their result where they can be
    /// (`cuttingAlongRows`).
    nonisolated(unsafe) static var rowsFirst = false

    /// Runs `body` with its products cut along the rows of C (the batch) wherever there are
    /// rows enough, instead of along the longer side. For loops of inference steps
    /// (`evaluate`, `predict`): their weights stay fixed, so each thread keeps the whole weight
    /// matrix in its cache and reads only its own half of each new batch, which comes cold
    /// from the data set. Training steps keep the shape's cut, since there the weights change
    /// every step and a thread reading all of them fetches the half its partner just wrote.
    /// Either cut sums every element of C exactly alike (each piece is one BLAS call with the
    /// full inner dimension), so the results do not depend on it.
    public static func cuttingAlongRows<R>(_ body: () throws -> R) rethrows -> R {
        let was = rowsFirst
        rowsFirst = true
        defer { rowsFirst = was }
        return try body()
    }

    /// Number of OpenBLAS threads (settable; applies to every later product).
    public static var threadCount: Int {
        get {
            _ = configured
            return Int(openblas_get_num_threads())
        }
        set {
            _ = configured
            openblas_set_num_threads(Int32(Swift.max(newValue, 1)))
        }
    }
}

/// Single-precision matrix product through OpenBLAS: C = alpha * op(A) * op(B) + beta * C,
/// row-major.
public func sgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  alpha: Float, a: UnsafePointer<Float>, lda: Int,
                  b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    GEMMPartition(m: m, n: n, k: k).forEachPart(transposeA: transposeA, transposeB: transposeB, lda: lda, ldb: ldb, ldc: ldc) { part in
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(part.m), blasint(part.n), blasint(k), alpha, a + part.aOffset, blasint(lda),
                    b + part.bOffset, blasint(ldb), beta, c + part.cOffset, blasint(ldc))
    }
}

/// Double-precision matrix product through OpenBLAS, row-major.
public func dgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  alpha: Double, a: UnsafePointer<Double>, lda: Int,
                  b: UnsafePointer<Double>, ldb: Int,
                  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    GEMMPartition(m: m, n: n, k: k).forEachPart(transposeA: transposeA, transposeB: transposeB, lda: lda, ldb: ldb, ldc: ldc) { part in
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(part.m), blasint(part.n), blasint(k), alpha, a + part.aOffset, blasint(lda),
                    b + part.bOffset, blasint(ldb), beta, c + part.cOffset, blasint(ldc))
    }
}

/// How a product `C[m×n] = op(A)·op(B)` is cut into independent pieces: bands of C's rows or
/// of its columns (the longer side), each computed by its own BLAS call with the full inner
/// dimension, so every element of C is summed exactly as in one call of that piece's shape.
/// The cut depends only on the shape (and, inside `BLAS.cuttingAlongRows`, prefers the rows).
/// Products under 2¹⁸ multiply-adds stay whole; larger ones are halved until each piece is at
/// most 10⁶ multiply-adds (OpenBLAS runs such products with its unpacked small-matrix kernels,
/// which are faster here than its packed ones) or 16 wide.
struct GEMMPartition {
    let m: Int
    let n: Int
    let alongRows: Bool
    let pieces: Int

    init(m: Int, n: Int, k: Int) {
        self.m = m
        self.n = n
        alongRows = m >= n || (BLAS.rowsFirst && m >= 32)
        let work = m * n * k, length = alongRows ? m : n
        guard work >= 1 << 18, length >= 32 else {
            pieces = 1
            return
        }
        var count = 2
        while work / count > 1_000_000 && length / (count * 2) >= 16 { count *= 2 }
        pieces = count
    }

    /// The start of piece `i` along the cut side (a multiple of 8 inside the matrix).
    private func start(_ i: Int) -> Int {
        let length = alongRows ? m : n
        return i >= pieces ? length : (length * i / pieces) & ~7
    }

    /// Runs `product` for every piece (`part(_:...)`), shared with the engine's helper thread.
    func forEachPart(transposeA: Bool, transposeB: Bool, lda: Int, ldb: Int, ldc: Int,
                     _ product: ((m: Int, n: Int, aOffset: Int, bOffset: Int, cOffset: Int)) -> Void) {
        _ = BLAS.configured
        Parallel.forEachPiece(pieces) { piece in
            product(part(piece, transposeA: transposeA, transposeB: transposeB, lda: lda, ldb: ldb, ldc: ldc))
        }
    }

    /// Piece `i`: its size and the element offsets of its A, B and C operands.
    func part(_ i: Int, transposeA: Bool, transposeB: Bool, lda: Int, ldb: Int, ldc: Int)
        -> (m: Int, n: Int, aOffset: Int, bOffset: Int, cOffset: Int) {
        let lower = start(i), size = start(i + 1) - lower
        if alongRows {
            return (size, n, transposeA ? lower : lower * lda, 0, lower * ldc)
        }
        return (m, size, 0, transposeB ? lower * ldb : lower, lower)
    }
}

/// How BLAS reads a strided matrix of `rows × cols` with element strides `(rowStride,
/// colStride)`: as itself (`transposed == false`, leading dimension = row stride) or as the
/// transpose of a row-major matrix (leading dimension = column stride). Nil when neither works
/// and the matrix must be copied.
struct BLASOperand {
    var transposed: Bool
    var leadingDimension: Int

    init(transposed: Bool, leadingDimension: Int) {
        self.transposed = transposed
        self.leadingDimension = leadingDimension
    }

    init?(rows: Int, cols: Int, rowStride: Int, colStride: Int) {
        let unitCol = cols == 1 ? 1 : colStride
        let rowLead = rows == 1 ? Swift.max(cols, 1) : rowStride
        if unitCol == 1 && rowLead >= Swift.max(1, cols) {
            transposed = false
            leadingDimension = rowLead
            return
        }
        let unitRow = rows == 1 ? 1 : rowStride
        let colLead = cols == 1 ? Swift.max(rows, 1) : colStride
        if unitRow == 1 && colLead >= Swift.max(1, rows) {
            transposed = true
            leadingDimension = colLead
            return
        }
        return nil
    }
}

/// `C = op(A) · op(B)` (beta 0) for a float element type, dispatching to `sgemm`/`dgemm`.
func gemm<T: FloatElement>(_ type: T.Type, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                           a: UnsafePointer<T>, lda: Int, b: UnsafePointer<T>, ldb: Int,
                           c: UnsafeMutablePointer<T>, ldc: Int) {
    if T.self == Float.self {
        sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
              a: UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda: lda,
              b: UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb: ldb,
              beta: 0, c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc: ldc)
    } else {
        dgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
              a: UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda: lda,
              b: UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb: ldb,
              beta: 0, c: UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc: ldc)
    }
}
