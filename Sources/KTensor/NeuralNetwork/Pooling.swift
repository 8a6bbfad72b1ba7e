/// 2-d max and average pooling of image batches (`tf.nn.max_pool2d`, `tf.nn.avg_pool2d`).
extension Tensor {
    /// What a pooling window computes.
    public enum PoolKind: Sendable {
        /// The window's largest value; the gradient goes to the first cell holding it.
        case max
        /// The mean of the window's cells inside the input (padding cells are not counted).
        case average
    }

    /// Pools `self` of shape `(batch, height, width, channels)` over `size` windows moved by
    /// `strides`: shape `(batch, outHeight, outWidth, channels)`. Differentiable.
    public func pool2d(_ kind: PoolKind, size: (Int, Int), strides: (Int, Int), padding: WindowPadding) throws -> Tensor {
        let op = kind == .max ? "max_pool2d" : "avg_pool2d"
        try checkImageBatch(self, op)
        try checkWindow(size, "ksize", op)
        try checkWindow(strides, "strides", op)
        let rows = WindowAxis(input: shape[1], size: size.0, stride: strides.0, padding: padding)
        let cols = WindowAxis(input: shape[2], size: size.1, stride: strides.1, padding: padding)
        let geometry = PatchGeometry(batch: shape[0], channels: shape[3], rows: rows, cols: cols)
        let source = contiguous()
        let result = Tensor(uninitializedShape: [shape[0], rows.output, cols.output, shape[3]], dtype: dtype)
        // For max pooling, the input offset each output element was taken from.
        var sources = kind == .max ? [Int](repeating: 0, count: result.count) : []
        if dtype == .float32 {
            geometry.pool(kind, source.basePointer(Float.self), into: result.basePointer(Float.self), sources: &sources)
        } else {
            geometry.pool(kind, source.basePointer(Double.self), into: result.basePointer(Double.self), sources: &sources)
        }
        guard Autodiff.needsGradient(self) else { return result }
        let inputShape = shape, chosen = sources
        return Autodiff.record(inputs: [self], output: result) { g, _ in
            let upstream = try g.cast(to: result.dtype).contiguous()
            let dx = Tensor(zeros: inputShape, dtype: result.dtype)
            if result.dtype == .float32 {
                geometry.poolGradient(kind, upstream.basePointer(Float.self), into: dx.basePointer(Float.self), sources: chosen)
            } else {
                geometry.poolGradient(kind, upstream.basePointer(Double.self), into: dx.basePointer(Double.self), sources: chosen)
            }
            return [dx]
        }
    }
}

extension PatchGeometry {
    /// Calls `body(outputOffset, cellOffsets)` for each output pixel with the input offsets of
    /// the window's cells inside the input, in row-major window order (`cells` is reused).
    @inline(__always) private func forEachWindow(_ body: (Int, [Int]) -> Void) {
        let height = rows.input, width = cols.input
        var cells: [Int] = []
        cells.reserveCapacity(rows.size * cols.size)
        var out = 0
        for n in 0..<batch {
            let image = n * height * width * channels
            for oh in 0..<rows.output {
                for ow in 0..<cols.output {
                    cells.removeAll(keepingCapacity: true)
                    for kh in 0..<rows.size {
                        guard let ih = rows.cell(oh, kh) else { continue }
                        for kw in 0..<cols.size {
                            if let iw = cols.cell(ow, kw) { cells.append(image + (ih * width + iw) * channels) }
                        }
                    }
                    body(out, cells)
                    out += channels
                }
            }
        }
    }

    func pool<T: FloatElement>(_ kind: Tensor.PoolKind, _ input: UnsafeMutablePointer<T>, into output: UnsafeMutablePointer<T>,
                               sources: inout [Int]) {
        let c = channels
        switch kind {
        case .max:
            sources.withUnsafeMutableBufferPointer { chosen in
                forEachWindow { out, cells in
                    let o = output + out
                    guard let first = cells.first else { o.initialize(repeating: 0, count: c); return }
                    for j in 0..<c { o[j] = input[first + j]; chosen[out + j] = first + j }
                    for cell in cells.dropFirst() {
                        let v = input + cell
                        for j in 0..<c where v[j] > o[j] { o[j] = v[j]; chosen[out + j] = cell + j }
                    }
                }
            }
        case .average:
            forEachWindow { out, cells in
                let o = output + out
                o.initialize(repeating: 0, count: c)
                for cell in cells {
                    let v = input + cell
                    for j in 0..<c { o[j] += v[j] }
                }
                let scale = T(Double(Swift.max(cells.count, 1)))
                for j in 0..<c { o[j] /= scale }
            }
        }
    }

    func poolGradient<T: FloatElement>(_ kind: Tensor.PoolKind, _ upstream: UnsafeMutablePointer<T>, into dx: UnsafeMutablePointer<T>,
                                       sources: [Int]) {
        switch kind {
        case .max:
            for (out, cell) in sources.enumerated() { dx[cell] += upstream[out] }
        case .average:
            let c = channels
            forEachWindow { out, cells in
                let scale = T(Double(Swift.max(cells.count, 1)))
                let g = upstream + out
                for cell in cells {
                    let d = dx + cell
                    for j in 0..<c { d[j] += g[j] / scale }
                }
            }
        }
    }
}
