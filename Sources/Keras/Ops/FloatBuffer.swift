import KTensor

/// A heap block of Floats owned by a fused op (its workspace and the state its backward pass
/// keeps), freed with the last reference.
final class FloatBuffer {
    let pointer: UnsafeMutablePointer<Float>
    let count: Int

    /// `count` zeros.
    init(zeros count: Int) {
        self.count = count
        pointer = .allocate(capacity: max(count, 1))
        pointer.initialize(repeating: 0, count: count)
    }

    /// A copy of a tensor's elements as Float (row-major).
    init(_ tensor: Tensor) throws {
        let source = tensor.dtype == .float32 ? tensor : try tensor.cast(to: .float32)
        count = source.count
        pointer = .allocate(capacity: max(count, 1))
        let target = pointer
        source.withUnsafeBufferPointer(as: Float.self) { buffer in
            if let base = buffer.baseAddress { target.initialize(from: base, count: buffer.count) }
        }
    }

    deinit { pointer.deallocate() }

    /// A float32 tensor of `shape` holding `count` elements from `start`.
    func tensor(_ shape: [Int], from start: Int = 0) -> Tensor {
        var result = Tensor(uninitializedShape: shape, dtype: .float32)
        let source = pointer + start
        result.withUnsafeMutableBufferPointer(as: Float.self) { buffer in
            if let base = buffer.baseAddress { base.update(from: source, count: buffer.count) }
        }
        return result
    }
}
