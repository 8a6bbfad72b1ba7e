/// Shape manipulation. Reshapes of contiguous tensors, transposes, squeezes, broadcasts and
/// flips are views (no copy); all ops here are differentiable.
extension Tensor {
    /// `reshape` with at most one `-1` inferred. A view when this tensor is contiguous, a copy
    /// otherwise.
    public func reshaped(_ newShape: [Int]) throws -> Tensor {
        let resolved = try resolveShape(newShape)
        if resolved == shape { return self }
        let result = reshapedValue(resolved)
        let inputShape = shape
        guard Autodiff.needsGradient(self) else { return result.withoutGradient() }
        return recordView(result) { g in try g.reshaped(inputShape) }
    }

    /// The shape `newShape` denotes for this tensor's element count (resolving `-1`).
    func resolveShape(_ newShape: [Int]) throws -> [Int] {
        var inferred: Int? = nil
        var known = 1
        for (i, d) in newShape.enumerated() {
            if d == -1 {
                if inferred != nil { throw TensorError.invalid("can only specify one unknown dimension") }
                inferred = i
            } else if d < 0 {
                throw TensorError.invalid("negative dimensions not allowed")
            } else {
                known *= d
            }
        }
        var resolved = newShape
        if let i = inferred {
            guard known > 0, count % known == 0 else {
                throw TensorError.invalid("cannot reshape array of size \(count) into shape \(formatShape(newShape))")
            }
            resolved[i] = count / known
        }
        guard Tensor.elementCount(resolved) == count else {
            throw TensorError.invalid("cannot reshape array of size \(count) into shape \(formatShape(newShape))")
        }
        return resolved
    }

    /// Reshape to a resolved shape with the same count (not recorded).
    func reshapedValue(_ resolved: [Int]) -> Tensor {
        let source = contiguous()
        return Tensor(storage: source.storage, dtype: dtype, shape: resolved, offset: source.offset)
    }

    /// A 1-d tensor of all elements (`ravel`; a view when contiguous).
    public func flattened() -> Tensor {
        // A count-preserving reshape cannot fail.
        (try? reshaped([count])) ?? reshapedValue([count])
    }

    /// Records a view-like op with gradient `backward(upstream)`.
    func recordView(_ result: Tensor, _ backward: @escaping (Tensor) throws -> Tensor) -> Tensor {
        var plain = result
        plain.tapeID = 0
        plain.attachment = nil
        guard Autodiff.needsGradient(self) else { return plain }
        return Autodiff.record(inputs: [self], output: plain) { g, _ in [try backward(g)] }
    }

    /// Permutes the dimensions (`np.transpose`); nil reverses them. A view.
    public func transposed(_ permutation: [Int]? = nil) throws -> Tensor {
        let order = permutation ?? Array((0..<rank).reversed())
        let result = try transposedValue(order)
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in order.enumerated() { inverse[try normalizeAxis(axis, rank: rank)] = i }
        guard Autodiff.needsGradient(self) else { return result.withoutGradient() }
        return recordView(result) { g in try g.transposed(inverse) }
    }

    /// The permuted view (not recorded).
    func transposedValue(_ permutation: [Int]) throws -> Tensor {
        guard permutation.count == rank else { throw TensorError.invalid("axes don't match array") }
        let axes = try permutation.map { try normalizeAxis($0, rank: rank) }
        guard Set(axes).count == rank else { throw TensorError.invalid("repeated axis in transpose") }
        return Tensor(storage: storage, dtype: dtype, shape: axes.map { shape[$0] }, strides: axes.map { strides[$0] }, offset: offset)
    }

    /// Moves axis `source` to position `destination` (`np.moveaxis`). A view.
    public func movingAxis(_ source: Int, to destination: Int) throws -> Tensor {
        let s = try normalizeAxis(source, rank: rank), d = try normalizeAxis(destination, rank: rank)
        var order = Array(0..<rank)
        order.remove(at: s)
        order.insert(s, at: d)
        return try transposed(order)
    }

    /// Inserts a size-1 dimension at `axis` (negative counts from the end of the result).
    public func expandingDims(at axis: Int) throws -> Tensor {
        let a = try normalizeAxis(axis, rank: rank + 1)
        var newShape = shape
        newShape.insert(1, at: a)
        return try reshaped(newShape)
    }

    /// Removes size-1 dimensions: the given `axes` (each must have size 1) or all of them.
    public func squeezed(axes: [Int]? = nil) throws -> Tensor {
        var keep = [Bool](repeating: true, count: rank)
        if let axes {
            for axis in try normalizeAxes(axes, rank: rank) {
                guard shape[axis] == 1 else { throw TensorError.invalid("cannot select an axis to squeeze out which has size not equal to one") }
                keep[axis] = false
            }
        } else {
            for axis in 0..<rank where shape[axis] == 1 { keep[axis] = false }
        }
        return try reshaped((0..<rank).filter { keep[$0] }.map { shape[$0] })
    }

    /// This tensor broadcast to `shape` (`np.broadcast_to`, `tf.broadcast_to`): a read-only
    /// view with stride 0 along stretched dimensions. The gradient sums over them.
    public func broadcast(to shape: [Int]) throws -> Tensor {
        if shape == self.shape { return self }
        let result = try broadcastView(to: shape)
        let inputShape = self.shape
        guard Autodiff.needsGradient(self) else { return result.withoutGradient() }
        return recordView(result) { g in try g.summed(toShape: inputShape) }
    }

    /// Sums a broadcast result back to `shape` (the gradient of broadcasting): over the leading
    /// dimensions this tensor has in addition, and over dimensions where `shape` has 1.
    public func summed(toShape target: [Int]) throws -> Tensor {
        if shape == target { return self }
        let extra = rank - target.count
        guard extra >= 0 else { throw TensorError.invalid("cannot sum shape \(formatShape(shape)) to \(formatShape(target))") }
        var axes = Array(0..<extra)
        for i in 0..<target.count {
            if target[i] == 1 && shape[extra + i] != 1 {
                axes.append(extra + i)
            } else if target[i] != shape[extra + i] {
                throw TensorError.invalid("cannot sum shape \(formatShape(shape)) to \(formatShape(target))")
            }
        }
        return try sum(axes: axes, keepDims: true).reshaped(target)
    }

    /// Reverses the order of elements along `axes` (all when nil). A view with negative strides.
    public func flipped(axes: [Int]? = nil) throws -> Tensor {
        let flipAxes = try axes.map { try normalizeAxes($0, rank: rank) } ?? Array(0..<rank)
        var result = self
        for axis in flipAxes where shape[axis] > 0 {
            result.offset += (shape[axis] - 1) * strides[axis]
            result.strides[axis] = -strides[axis]
        }
        guard Autodiff.needsGradient(self) else { return result.withoutGradient() }
        return recordView(result) { g in try g.flipped(axes: flipAxes) }
    }

    /// `np.tile`: repeats the whole tensor `reps[i]` times along each dimension (shapes are
    /// aligned at the end, padding with 1s).
    public func tiled(_ reps: [Int]) throws -> Tensor {
        guard reps.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalid("negative dimensions are not allowed") }
        try Tensor.checkShape(shape + reps, dtype: dtype)
        let r = Swift.max(rank, reps.count)
        let dims = [Int](repeating: 1, count: r - rank) + shape
        let counts = [Int](repeating: 1, count: r - reps.count) + reps
        var interleaved: [Int] = [], stretched: [Int] = []
        for i in 0..<r {
            interleaved += [1, dims[i]]
            stretched += [counts[i], dims[i]]
        }
        return try reshaped(interleaved).broadcast(to: stretched).reshaped((0..<r).map { counts[$0] * dims[$0] })
    }

    /// `np.repeat(x, repeats, axis)`: each element repeated `repeats` times along `axis`
    /// (nil: the flattened tensor).
    public func repeated(_ repeats: Int, axis: Int? = nil) throws -> Tensor {
        guard repeats >= 0 else { throw TensorError.invalid("negative dimensions are not allowed") }
        try Tensor.checkShape(shape + [repeats], dtype: dtype)
        guard let axis else { return try flattened().repeated(repeats, axis: 0) }
        let a = try normalizeAxis(axis, rank: rank)
        var expanded = shape
        expanded.insert(1, at: a + 1)
        var stretched = shape
        stretched.insert(repeats, at: a + 1)
        var final = shape
        final[a] *= repeats
        return try reshaped(expanded).broadcast(to: stretched).reshaped(final)
    }

    /// `np.repeat` with one count per element along `axis` (nil: the flattened tensor).
    public func repeated(_ repeats: [Int], axis: Int? = nil) throws -> Tensor {
        guard let axis else { return try flattened().repeated(repeats, axis: 0) }
        let a = try normalizeAxis(axis, rank: rank)
        if repeats.count == 1 { return try repeated(repeats[0], axis: a) }
        guard repeats.count == shape[a] else {
            throw TensorError.invalid("operands could not be broadcast together with shape (\(shape[a]),) (\(repeats.count),)")
        }
        guard repeats.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalid("repeats may not contain negative values.") }
        var indices: [Int64] = []
        for (i, r) in repeats.enumerated() { indices += [Int64](repeating: Int64(i), count: r) }
        return try take(Tensor(indices), axis: a)
    }

    /// `np.pad(x, padding, constant_values=value)`: `padding[i]` = (before, after) for each
    /// dimension.
    public func padded(_ padding: [(before: Int, after: Int)], value: Double = 0) throws -> Tensor {
        guard padding.count == rank else { throw TensorError.invalid("operands could not be broadcast together with remapped shapes") }
        guard padding.allSatisfy({ $0.before >= 0 && $0.after >= 0 }) else { throw TensorError.invalid("index can't contain negative values") }
        let newShape = (0..<rank).map { shape[$0] + padding[$0].before + padding[$0].after }
        try Tensor.checkShape(newShape, dtype: dtype)
        let result = Tensor.full(newShape, value: value, dtype: dtype)
        let interior = padding.enumerated().map { TensorIndex.slice(start: $0.element.before, stop: $0.element.before + shape[$0.offset], step: 1) }
        let view = try result.basicIndexView(interior)
        try Tensor.writeElements(of: self, into: view)
        guard Autodiff.needsGradient(self) else { return result.withoutGradient() }
        return recordView(result) { g in try g.indexed(interior) }
    }
}

// MARK: - Joining and splitting

extension Tensor {
    /// `np.concatenate` / `tf.concat` along `axis`; operands are promoted to a common dtype and
    /// must agree in every other dimension.
    public static func concat(_ tensors: [Tensor], axis: Int) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalid("need at least one array to concatenate") }
        guard first.rank > 0 else { throw TensorError.invalid("zero-dimensional arrays cannot be concatenated") }
        let a = try normalizeAxis(axis, rank: first.rank)
        var dtype = first.dtype
        var total = 0
        for (i, t) in tensors.enumerated() {
            guard t.rank == first.rank else {
                throw TensorError.invalid("all the input array dimensions except for the concatenation axis must match exactly, but along dimension 0, the array at index 0 has \(first.rank) dimension(s) and the array at index \(i) has \(t.rank) dimension(s)")
            }
            for d in 0..<t.rank where d != a && t.shape[d] != first.shape[d] {
                throw TensorError.invalid("all the input array dimensions except for the concatenation axis must match exactly, but along dimension \(d), the array at index 0 has size \(first.shape[d]) and the array at index \(i) has size \(t.shape[d])")
            }
            dtype = DType.promoted(dtype, t.dtype)
            total += t.shape[a]
        }
        var shape = first.shape
        shape[a] = total
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        var position = 0
        var pieces: [(start: Int, length: Int)] = []
        for t in tensors {
            let length = t.shape[a]
            var view = result
            view.strides = result.strides
            view.shape[a] = length
            view.offset = position * result.strides[a]
            try writeElements(of: t.cast(to: dtype), into: view)
            pieces.append((position, length))
            position += length
        }
        guard Autodiff.needsGradient(tensors) else { return result }
        return Autodiff.record(inputs: tensors, output: result) { g, needs in
            try pieces.enumerated().map { i, piece in
                needs[i] ? try g.slice(axis: a, start: piece.start, length: piece.length) : nil
            }
        }
    }

    /// `np.stack` / `tf.stack`: joins same-shaped tensors along a new axis.
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorError.invalid("need at least one array to stack") }
        guard tensors.allSatisfy({ $0.shape == first.shape }) else { throw TensorError.invalid("all input arrays must have the same shape") }
        let a = try normalizeAxis(axis, rank: first.rank + 1)
        return try concat(tensors.map { try $0.expandingDims(at: a) }, axis: a)
    }

    /// Elements `start ..< start + length` along `axis`, as a view (recorded).
    public func slice(axis: Int, start: Int, length: Int) throws -> Tensor {
        let a = try normalizeAxis(axis, rank: rank)
        guard start >= 0, length >= 0, start + length <= shape[a] else {
            throw TensorError.index("slice \(start)..<\(start + length) out of range for axis \(a) with size \(shape[a])")
        }
        var items = [TensorIndex](repeating: .all, count: rank)
        items[a] = .slice(start: start, stop: start + length, step: 1)
        return try indexed(items)
    }

    /// `np.split(x, sections, axis)`: `sections` equal parts (an error if they are not equal).
    public func split(sections: Int, axis: Int = 0) throws -> [Tensor] {
        let a = try normalizeAxis(axis, rank: rank)
        guard sections > 0 else { throw TensorError.invalid("number sections must be larger than 0.") }
        guard shape[a] % sections == 0 else { throw TensorError.invalid("array split does not result in an equal division") }
        let size = shape[a] / sections
        return try (0..<sections).map { try slice(axis: a, start: $0 * size, length: size) }
    }

    /// `np.split(x, indices, axis)`: parts between the given split points (clamped to the axis).
    public func split(indices: [Int], axis: Int = 0) throws -> [Tensor] {
        let a = try normalizeAxis(axis, rank: rank)
        let n = shape[a]
        var bounds = [0]
        for i in indices { bounds.append(Swift.min(Swift.max(i < 0 ? i + n : i, 0), n)) }
        bounds.append(n)
        return try (0..<(bounds.count - 1)).map { i in
            let start = bounds[i], stop = Swift.max(bounds[i + 1], start)
            return try slice(axis: a, start: Swift.min(start, n), length: Swift.min(stop, n) - Swift.min(start, n))
        }
    }

    /// `tf.split(x, sizes, axis)`: consecutive parts of the given sizes (one may be -1).
    public func split(sizes: [Int], axis: Int = 0) throws -> [Tensor] {
        let a = try normalizeAxis(axis, rank: rank)
        var resolved = sizes
        if let unknown = sizes.firstIndex(of: -1) {
            resolved[unknown] = shape[a] - sizes.filter { $0 != -1 }.reduce(0, +)
        }
        guard resolved.allSatisfy({ $0 >= 0 }), resolved.reduce(0, +) == shape[a] else {
            throw TensorError.invalid("Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.")
        }
        var start = 0
        return try resolved.map { size in
            defer { start += size }
            return try slice(axis: a, start: start, length: size)
        }
    }

    /// Copies the elements of `source` (broadcast to `view`'s shape, same dtype) into the
    /// storage `view` addresses. The caller owns that storage; nothing is copied on write.
    static func writeElements(of source: Tensor, into view: Tensor) throws {
        if view.count == 0 { return }
        var input = try source.cast(to: view.dtype).broadcastView(to: view.shape)
        if input.storage === view.storage { input = input.contiguousCopy() }
        var target = view
        switch view.dtype.size {
        case 1: copyElements(UInt8.self, from: input, into: &target)
        case 4: copyElements(UInt32.self, from: input, into: &target)
        default: copyElements(UInt64.self, from: input, into: &target)
        }
    }
}
