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
        let needsGradient = Autodiff.needsGradient(self)
        // For max pooling under a tape, which of its window's cells each output element was
        // taken from (the ordinal among the cells inside the input).
        var sources = kind == .max && needsGradient ? [Int32](repeating: 0, count: result.count) : []
        let tracksSources = !sources.isEmpty
        sources.withUnsafeMutableBufferPointer { chosen in
            let into = tracksSources ? chosen.baseAddress : nil
            if dtype == .float32 {
                geometry.pool(kind, source.basePointer(Float.self), into: result.basePointer(Float.self), sources: into)
            } else {
                geometry.pool(kind, source.basePointer(Double.self), into: result.basePointer(Double.self), sources: into)
            }
        }
        guard needsGradient else { return result }
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
    /// Calls `body(outputOffset, cellOffset, ordinal)` for each cell inside the input of each
    /// output pixel's window, in row-major window order (`ordinal` counts those cells from 0),
    /// and `finish(outputOffset, cellCount)` after each window.
    @inline(__always) private func forEachWindowCell(_ body: (Int, Int, Int32) -> Void, finish: (Int, Int32) -> Void) {
        let height = rows.input, width = cols.input
        var out = 0
        for n in 0..<batch {
            let image = n * height * width * channels
            for oh in 0..<rows.output {
                for ow in 0..<cols.output {
                    var count: Int32 = 0
                    for kh in 0..<rows.size {
                        guard let ih = rows.cell(oh, kh) else { continue }
                        for kw in 0..<cols.size {
                            guard let iw = cols.cell(ow, kw) else { continue }
                            body(out, image + (ih * width + iw) * channels, count)
                            count += 1
                        }
                    }
                    finish(out, count)
                    out += channels
                }
            }
        }
    }

    /// The pooled values; for max pooling with `sources`, also which cell each came from.
    func pool<T: FloatElement>(_ kind: Tensor.PoolKind, _ input: UnsafeMutablePointer<T>, into output: UnsafeMutablePointer<T>,
                               sources: UnsafeMutablePointer<Int32>?) {
        let c = channels
        if c == 0 { return }
        switch (kind, sources) {
        case (.max, let chosen?):
            forEachWindowCell({ out, cell, ordinal in
                let o = output + out, v = input + cell, from = chosen + out
                if ordinal == 0 {
                    o.update(from: v, count: c)
                    from.initialize(repeating: 0, count: c)
                } else {
                    // The first maximum wins: only a larger value replaces it.
                    for j in 0..<c {
                        let larger = v[j] > o[j]
                        o[j] = larger ? v[j] : o[j]
                        from[j] = larger ? ordinal : from[j]
                    }
                }
            }, finish: { _, _ in })
        case (.max, nil):
            forEachWindowCell({ out, cell, ordinal in
                let o = output + out, v = input + cell
                if ordinal == 0 {
                    o.update(from: v, count: c)
                } else {
                    for j in 0..<c { o[j] = v[j] > o[j] ? v[j] : o[j] }
                }
            }, finish: { _, _ in })
        case (.average, _):
            forEachWindowCell({ out, cell, ordinal in
                let o = output + out, v = input + cell
                if ordinal == 0 {
                    o.update(from: v, count: c)
                } else {
                    for j in 0..<c { o[j] += v[j] }
                }
            }, finish: { out, count in
                let o = output + out, scale = T(Swift.max(Int(count), 1))
                for j in 0..<c { o[j] /= scale }
            })
        }
    }

    func poolGradient<T: FloatElement>(_ kind: Tensor.PoolKind, _ upstream: UnsafeMutablePointer<T>, into dx: UnsafeMutablePointer<T>,
                                       sources: [Int32]) {
        let c = channels
        if c == 0 { return }
        switch kind {
        case .max:
            sources.withUnsafeBufferPointer { chosen in
                guard let from = chosen.baseAddress else { return }
                forEachWindowCell({ out, cell, ordinal in
                    let g = upstream + out, d = dx + cell, picked = from + out
                    for j in 0..<c { d[j] += picked[j] == ordinal ? g[j] : 0 }
                }, finish: { _, _ in })
            }
        case .average:
            // Each window's count first, then the shares.
            var counts: [Int32] = []
            counts.reserveCapacity(batch * rows.output * cols.output)
            forEachWindowCell({ _, _, _ in }, finish: { _, count in counts.append(Swift.max(count, 1)) })
            forEachWindowCell({ out, cell, _ in
                let scale = T(Int(counts[out / c])), g = upstream + out, d = dx + cell
                for j in 0..<c { d[j] += g[j] / scale }
            }, finish: { _, _ in })
        }
    }
}
