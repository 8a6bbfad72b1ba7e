import COpenBLAS

extension Tensor {
    /// `x · x` over all elements, as NumPy's `x.ravel().dot(x.ravel())` computes it: one
    /// `cblas_sdot`/`cblas_ddot` (integers as float64), a 0-d result. Not recorded.
    public func sumOfSquares() throws -> Tensor {
        let x = (dtype.isFloatingPoint ? self : castValue(to: .float64)).contiguous()
        guard let n = Int32(exactly: x.count) else { return try x.square().sum() }
        _ = BLAS.configured
        if x.dtype == .float32 {
            let p = x.basePointer(Float.self)
            return Tensor(scalar: Double(cblas_sdot(n, p, 1, p, 1)), dtype: .float32)
        }
        let p = x.basePointer(Double.self)
        return Tensor(scalar: cblas_ddot(n, p, 1, p, 1), dtype: .float64)
    }
}
