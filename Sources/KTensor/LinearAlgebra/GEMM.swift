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
    /// Both cuts sum every element of C over the same halves of the inner dimension (if it is
    /// cut), but OpenBLAS may order a sum differently for another band's shape (its AMD Zen
    /// kernels do, its Skylake-X ones do not), so the two agree to rounding, not always bit
    /// for bit; each is the same from run to run, whatever the threads.
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
    GEMMPartition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB).run(lda: lda, ldb: ldb, beta: beta, c: c, ldc: ldc) { part, beta, c, ldc in
        let beta = zeroingForBLAS(beta, c, rows: part.m, columns: part.n, ldc: ldc)
        cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(part.m), blasint(part.n), blasint(part.k), alpha, a + part.aOffset, blasint(lda),
                    b + part.bOffset, blasint(ldb), beta, c, blasint(ldc))
    }
}

/// Double-precision matrix product through OpenBLAS, row-major.
public func dgemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  alpha: Double, a: UnsafePointer<Double>, lda: Int,
                  b: UnsafePointer<Double>, ldb: Int,
                  beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
    GEMMPartition(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB).run(lda: lda, ldb: ldb, beta: beta, c: c, ldc: ldc) { part, beta, c, ldc in
        let beta = zeroingForBLAS(beta, c, rows: part.m, columns: part.n, ldc: ldc)
        cblas_dgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                    blasint(part.m), blasint(part.n), blasint(part.k), alpha, a + part.aOffset, blasint(lda),
                    b + part.bOffset, blasint(ldb), beta, c, blasint(ldc))
    }
}

/// The beta to hand OpenBLAS for a product into C: for beta 0, C's `rows × columns` block is
/// zeroed here and beta 1 returned. OpenBLAS clears C for beta 0 with a scalar loop (its
/// generic `gemm_beta` on AMD Zen) that took 4% of the LSTM workload's CPU time; a
/// vectorised fill costs a fraction of that, and adding the product onto zeros gives the same
/// bits as writing it.
@inline(__always)
func zeroingForBLAS<T: FloatElement>(_ beta: T, _ c: UnsafeMutablePointer<T>, rows: Int, columns: Int, ldc: Int) -> T {
    guard beta == 0 else { return beta }
    if columns == ldc {
        c.update(repeating: 0, count: rows * columns)
    } else {
        for row in 0..<rows { (c + row * ldc).update(repeating: 0, count: columns) }
    }
    return 1
}

/// How a product `C[m×n] = op(A)·op(B)` is cut into independent pieces, shared with the
/// engine's helper thread.
///
/// Most products are cut into bands of C's rows or of its columns (the longer side), each
/// computed by its own BLAS call with the full inner dimension, so every element of C is
/// summed exactly as in one call of that piece's shape. A product whose inner dimension is
/// far the longest (a first dense layer: a batch of images times a tall kernel) is cut in two
/// along it instead, and each half into bands as above: C = op(A₀)·op(B₀) + op(A₁)·op(B₁), the
/// second half computed aside and added. Each thread then reads and the training step writes
/// only its own rows of the kernel — cut into column bands, each thread would read the rows
/// its partner's optimizer update had just written, and the cache lines would cross between
/// the cores every step.
///
/// The cut depends only on the shape (and, inside `BLAS.cuttingAlongRows`, prefers the rows
/// for the bands), so the results never depend on the threads that run the pieces.
/// Products under 2¹⁸ multiply-adds stay whole; larger ones are halved until each piece is at
/// most 10⁶ multiply-adds (OpenBLAS runs such products with its unpacked small-matrix kernels,
/// which are faster here than its packed ones) or 16 wide.
struct GEMMPartition {
    let m: Int
    let n: Int
    let k: Int
    let transposeA: Bool
    let transposeB: Bool
    let alongRows: Bool
    /// Bands of C per half of the inner dimension.
    let bands: Int
    /// Where the inner dimension is cut in two (a multiple of 8), or nil when it is not.
    let innerCut: Int?
    /// True when each band computes both halves of a cut inner dimension (inside
    /// `BLAS.cuttingAlongRows`, untransposed operands): the weights stay fixed there, so each
    /// thread keeps them whole and adds its own rows' halves instead of fetching its partner's.
    let bandsHoldBothHalves: Bool

    /// One BLAS call: the size of its product and the element offsets of its A and B operands.
    struct Part {
        let m: Int
        let n: Int
        let k: Int
        let aOffset: Int
        let bOffset: Int
    }

    init(m: Int, n: Int, k: Int, transposeA: Bool = false, transposeB: Bool = false) {
        self.m = m
        self.n = n
        self.k = k
        self.transposeA = transposeA
        self.transposeB = transposeB
        let work = m * n * k
        innerCut = work >= 1 << 18 && k >= 4 * Swift.max(m, n) ? (k / 2) & ~7 : nil
        alongRows = m >= n || (BLAS.rowsFirst && m >= 32)
        // With a transposed operand OpenBLAS may choose another kernel for a band's shape
        // than for a half's, and the sums would differ; those keep the halves apart.
        bandsHoldBothHalves = innerCut != nil && BLAS.rowsFirst && alongRows && !transposeA && !transposeB
        let length = alongRows ? m : n
        guard work >= 1 << 18, length >= 32 else {
            bands = 1
            return
        }
        // Each half of a cut inner dimension is a piece already; a whole product is halved.
        let halves = innerCut == nil || bandsHoldBothHalves ? 1 : 2
        var count = 3 - halves
        while work / (halves * count) > 1_000_000 && length / (count * 2) >= 16 { count *= 2 }
        bands = count
    }

    /// The number of pieces: the bands of each half of the inner dimension.
    var pieces: Int { innerCut == nil || bandsHoldBothHalves ? bands : 2 * bands }

    /// The start of band `i` along the cut side (a multiple of 8 inside the matrix).
    private func start(_ i: Int) -> Int {
        let length = alongRows ? m : n
        return i >= bands ? length : (length * i / bands) & ~7
    }

    /// Runs `product(part, beta, c, ldc)` for every piece (a BLAS call writing `c` with row
    /// stride `ldc`), shared with the engine's helper thread, and adds the second half of a cut
    /// inner dimension into C.
    func run<T: FloatElement>(lda: Int, ldb: Int, beta: T, c: UnsafeMutablePointer<T>, ldc: Int,
                              _ product: (Part, T, UnsafeMutablePointer<T>, Int) -> Void) {
        _ = BLAS.configured
        guard let innerCut else {
            Parallel.forEachPiece(bands) { band in
                let (whole, cOffset) = part(band, kStart: 0, kEnd: k, lda: lda, ldb: ldb, ldc: ldc)
                product(whole, beta, c + cOffset, ldc)
            }
            return
        }
        let second = Tensor(uninitializedShape: [m * n], dtype: T.dtype)
        let s = second.basePointer(T.self)
        defer { withExtendedLifetime(second) {} }
        /// Band `band` of the first half into C, or of the second into `s` (row stride n);
        /// returns the band's offsets in C and in `s`, and its rows.
        func half(_ band: Int, first: Bool) -> (cOffset: Int, sOffset: Int, rows: Int) {
            let (piece, cOffset) = part(band, kStart: first ? 0 : innerCut, kEnd: first ? innerCut : k, lda: lda, ldb: ldb, ldc: ldc)
            let sOffset = alongRows ? cOffset / ldc * n : cOffset
            if first { product(piece, beta, c + cOffset, ldc) } else { product(piece, 0, s + sOffset, n) }
            return (cOffset, sOffset, piece.m)
        }
        if bandsHoldBothHalves {
            Parallel.forEachPiece(bands) { band in
                _ = half(band, first: true)
                let (cOffset, sOffset, rows) = half(band, first: false)
                add(s + sOffset, into: c + cOffset, rows: rows, ldc: ldc)
            }
            return
        }
        // The caller takes pieces from the front and the helper from the back: with both at
        // work, each keeps one half of the inner dimension from one product to the next.
        Parallel.forEachPiece(2 * bands) { piece in
            _ = half(piece % bands, first: piece < bands)
        }
        add(s, into: c, rows: m, ldc: ldc)
    }

    /// `c[i][j] += s[i][j]` for `rows` rows of C's width (`s` of row stride n).
    private func add<T: FloatElement>(_ s: UnsafeMutablePointer<T>, into c: UnsafeMutablePointer<T>, rows: Int, ldc: Int) {
        for i in 0..<rows {
            let row = c + i * ldc, addend = s + i * n
            for j in 0..<n { row[j] += addend[j] }
        }
    }

    /// Band `i` of the product over the inner indices `kStart..<kEnd`, and the offset of its
    /// first element in a C of row stride `ldc`.
    func part(_ i: Int, kStart: Int, kEnd: Int, lda: Int, ldb: Int, ldc: Int) -> (Part, cOffset: Int) {
        let lower = start(i), size = start(i + 1) - lower
        let aInner = transposeA ? kStart * lda : kStart, bInner = transposeB ? kStart : kStart * ldb
        if alongRows {
            return (Part(m: size, n: n, k: kEnd - kStart, aOffset: aInner + (transposeA ? lower : lower * lda), bOffset: bInner), lower * ldc)
        }
        return (Part(m: m, n: size, k: kEnd - kStart, aOffset: aInner, bOffset: bInner + (transposeB ? lower * ldb : lower)), lower)
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
