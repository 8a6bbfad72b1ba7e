/// NumPy's float summation, reproduced so `float32` sums and means match NumPy bit for bit.
///
/// NumPy reduces a contiguous run of elements in buffers of 8192 (its ufunc buffer size):
/// the result starts at 0 and each buffer adds `pairwise_sum(buffer)` — a plain loop below 8
/// elements, eight interleaved accumulators up to 128, and a recursive split (at a multiple of
/// 8 near the middle) above. All in the element type.

/// Elements per ufunc buffer in NumPy's reductions.
let numpyBufferSize = 8192

/// NumPy's `pairwise_sum` over `n` elements `a[0], a[stride], ...`.
func pairwiseSum<T: FloatElement>(_ a: UnsafePointer<T>, _ n: Int, _ stride: Int) -> T {
    if n < 8 {
        var result: T = 0
        for i in 0..<n { result += a[i * stride] }
        return result
    }
    if n <= 128 {
        var r0 = a[0], r1 = a[stride], r2 = a[2 * stride], r3 = a[3 * stride]
        var r4 = a[4 * stride], r5 = a[5 * stride], r6 = a[6 * stride], r7 = a[7 * stride]
        var i = 8
        let end = n - n % 8
        while i < end {
            let p = a + i * stride
            r0 += p[0]
            r1 += p[stride]
            r2 += p[2 * stride]
            r3 += p[3 * stride]
            r4 += p[4 * stride]
            r5 += p[5 * stride]
            r6 += p[6 * stride]
            r7 += p[7 * stride]
            i += 8
        }
        var result = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n {
            result += a[i * stride]
            i += 1
        }
        return result
    }
    var half = n / 2
    half -= half % 8
    return pairwiseSum(a, half, stride) + pairwiseSum(a + half * stride, n - half, stride)
}

/// `accumulator` plus `n` elements as NumPy's `add.reduce` adds them: each buffer's pairwise
/// sum added in order.
func numpySum<T: FloatElement>(_ accumulator: T, _ a: UnsafePointer<T>, _ n: Int, _ stride: Int = 1) -> T {
    var result = accumulator
    var start = 0
    while start < n {
        let length = min(numpyBufferSize, n - start)
        result += pairwiseSum(a + start * stride, length, stride)
        start += length
    }
    return result
}
