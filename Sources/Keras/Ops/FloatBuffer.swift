import KTensor

/// A block of Floats owned by a fused op (its workspace and the state its backward pass
/// keeps). It lives in a float32 tensor from the engine's buffer pool, so a step that needs the
/// same sizes every time allocates nothing, and handing the whole block out as a tensor copies
/// nothing.
final class FloatBuffer {
    /// The tensor whose storage holds the elements (1-d, contiguous).
    private let storage: Tensor
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// `count` zeros.
    convenience init(zeros count: Int) {
        self.init(uninitialized: count)
        pointer.update(repeating: 0, count: count)
    }

    /// `count` elements that the op writes before it reads them.
    convenience init(uninitialized count: Int) {
        var block = Tensor(uninitializedShape: [Swift.max(count, 1)], dtype: .float32)
        // The block is new and unique, so this is its storage; `storage` keeps it alive.
        let pointer = block.withUnsafeMutableBufferPointer(as: Float.self) { $0.baseAddress! }
        self.init(storage: block, pointer: pointer, count: count)
    }

    private init(storage: Tensor, pointer: UnsafeMutablePointer<Float>, count: Int) {
        self.storage = storage
        self.pointer = pointer
        self.count = count
    }

    /// A copy of a tensor's elements as Float (row-major), for the op to change.
    convenience init(_ tensor: Tensor) throws {
        let source = tensor.dtype == .float32 ? tensor : try tensor.cast(to: .float32)
        self.init(uninitialized: source.count)
        let target = pointer
        source.withUnsafeBufferPointer(as: Float.self) { buffer in
            if let base = buffer.baseAddress { target.update(from: base, count: buffer.count) }
        }
    }

    /// A tensor's elements as Float (row-major) for the op to read only: a float32 tensor's
    /// own storage when it is contiguous, else a converted copy.
    convenience init(reading tensor: Tensor) throws {
        let source = try (tensor.dtype == .float32 ? tensor : tensor.cast(to: .float32)).contiguous()
        guard source.count > 0 else {
            self.init(uninitialized: 0)
            return
        }
        // `source` is contiguous, so the pointer is into its storage, which `storage` keeps.
        let pointer = source.withUnsafeBufferPointer(as: Float.self) { UnsafeMutablePointer(mutating: $0.baseAddress!) }
        self.init(storage: source, pointer: pointer, count: source.count)
    }

    /// A float32 tensor of `shape` holding `count` elements from `start`: the block itself when
    /// that is all of it (the op must not write to the block once the tensor may be read: a
    /// kernel handed to `BranchKernels.run` fills it before anyone reads it), else a copy.
    func tensor(_ shape: [Int], from start: Int = 0) -> Tensor {
        let elements = shape.reduce(1, *)
        if start == 0 && elements == count && count > 0, storage.count == count, let whole = try? storage.reshaped(shape) {
            return whole
        }
        var result = Tensor(uninitializedShape: shape, dtype: .float32)
        let source = pointer + start
        result.withUnsafeMutableBufferPointer(as: Float.self) { buffer in
            if let base = buffer.baseAddress { base.update(from: source, count: buffer.count) }
        }
        return result
    }
}
