/// The patches of an image batch (im2col): the operand that turns a 2-d convolution into one
/// GEMM, and `tf.image.extract_patches`.
extension Tensor {
    /// For `self` of shape `(batch, height, width, channels)`, the windows of `size` cells
    /// (taps `dilation` apart) moved by `strides`, each flattened in (row, column, channel)
    /// order: shape `(batch, outHeight, outWidth, size.0 · size.1 · channels)`. Cells in the
    /// `same` padding are zeros. Differentiable: the gradient adds each patch entry back into
    /// the cell it came from.
    public func imagePatches(size: (Int, Int), strides: (Int, Int) = (1, 1), dilation: (Int, Int) = (1, 1),
                             padding: WindowPadding) throws -> Tensor {
        try checkImageBatch(self, "extract_patches")
        try checkWindow(size, "sizes", "extract_patches")
        try checkWindow(strides, "strides", "extract_patches")
        try checkWindow(dilation, "rates", "extract_patches")
        let rows = WindowAxis(input: shape[1], size: size.0, stride: strides.0, dilation: dilation.0, padding: padding)
        let cols = WindowAxis(input: shape[2], size: size.1, stride: strides.1, dilation: dilation.1, padding: padding)
        let geometry = PatchGeometry(batch: shape[0], channels: shape[3], rows: rows, cols: cols)
        let source = contiguous()
        let result = Tensor(uninitializedShape: [shape[0], rows.output, cols.output, geometry.patchLength], dtype: dtype)
        if dtype == .float32 {
            geometry.gather(source.basePointer(Float.self), into: result.basePointer(Float.self))
        } else {
            geometry.gather(source.basePointer(Double.self), into: result.basePointer(Double.self))
        }
        guard Autodiff.needsGradient(self) else { return result }
        let inputShape = shape
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            let upstream = try g.cast(to: result.dtype).contiguous()
            let dx = Tensor(zeros: inputShape, dtype: result.dtype)
            if result.dtype == .float32 {
                geometry.scatterAdd(upstream.basePointer(Float.self), into: dx.basePointer(Float.self))
            } else {
                geometry.scatterAdd(upstream.basePointer(Double.self), into: dx.basePointer(Double.self))
            }
            return [dx]
        }
    }
}

/// Which input cells each patch entry reads: the loops shared by the patch gather and its
/// gradient.
struct PatchGeometry: Sendable {
    let batch: Int
    let channels: Int
    let rows: WindowAxis
    let cols: WindowAxis

    var patchLength: Int { rows.size * cols.size * channels }

    /// Calls `body(patchOffset, inputOffset, count)` for every run of entries that reads
    /// consecutive input cells (runs in the padding are skipped), in output order. With
    /// undilated columns, a window row inside the input is one run of `size.1 · channels`.
    @inline(__always) private func forEachRun(_ body: (Int, Int, Int) -> Void) {
        let height = rows.input, width = cols.input
        let rowLength = cols.size * channels
        var patch = 0
        for n in 0..<batch {
            let image = n * height * width * channels
            for oh in 0..<rows.output {
                for ow in 0..<cols.output {
                    var entry = patch
                    let first = ow * cols.stride - cols.padBefore
                    let wholeRow = cols.dilation == 1 && first >= 0 && first + cols.size <= width
                    for kh in 0..<rows.size {
                        defer { entry += rowLength }
                        guard let ih = rows.cell(oh, kh) else { continue }
                        let rowStart = image + ih * width * channels
                        if wholeRow {
                            body(entry, rowStart + first * channels, rowLength)
                            continue
                        }
                        for kw in 0..<cols.size {
                            if let iw = cols.cell(ow, kw) { body(entry + kw * channels, rowStart + iw * channels, channels) }
                        }
                    }
                    patch += patchLength
                }
            }
        }
    }

    /// Fills `patches` from `input` (zeros in the padding).
    func gather<T: FloatElement>(_ input: UnsafeMutablePointer<T>, into patches: UnsafeMutablePointer<T>) {
        let total = batch * rows.output * cols.output * patchLength
        if rows.readsPadding || cols.readsPadding {
            patches.initialize(repeating: 0, count: total)
        }
        forEachRun { patch, cell, count in
            if count == 1 { patches[patch] = input[cell] } else { (patches + patch).update(from: input + cell, count: count) }
        }
    }

    /// Adds each patch entry of `patches` into the input cell it was read from.
    func scatterAdd<T: FloatElement>(_ patches: UnsafeMutablePointer<T>, into input: UnsafeMutablePointer<T>) {
        forEachRun { patch, cell, count in
            let from = patches + patch, to = input + cell
            for i in 0..<count { to[i] += from[i] }
        }
    }
}
