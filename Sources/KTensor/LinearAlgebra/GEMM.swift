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
    _ = BLAS.configured
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
}

/// Double-precision matrix product through OpenBLAS, row-major.
public func dgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  alpha: Double, a: UnsafePointer<Double>, lda: Int,
                  b: UnsafePointer<Double>, ldb: Int,
                  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    _ = BLAS.configured
    cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                blasint(m), blasint(n), blasint(k), alpha, a, blasint(lda), b, blasint(ldb), beta, c, blasint(ldc))
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
