/// Some rows of a tensor of shape `denseShape` (`tf.IndexedSlices`): the gradient of a table
/// that was read only by gathering rows (an embedding). Row `k` of `values` belongs to row
/// `indices[k]` of the table; repeated indices add up. The rest of the table's gradient is 0.
public struct IndexedSlices {
    /// `[indices.count] + denseShape[1...]`.
    public let values: Tensor
    public let indices: [Int]
    public let denseShape: [Int]
    /// The integer type the indices had where they were gathered (what TF shows them as).
    public let indexDType: DType

    /// Slices from `values` whose leading axes hold one row per index (a `take` result).
    public init(values: Tensor, indices: [Int], denseShape: [Int], indexDType: DType = .int64) throws {
        let rowShape = Array(denseShape.dropFirst())
        let width = rowShape.reduce(1, *)
        guard !denseShape.isEmpty, values.count == indices.count * width else {
            throw TensorError.invalid("IndexedSlices values of shape \(formatShape(values.shape)) do not hold \(indices.count) rows of shape \(formatShape(rowShape))")
        }
        self.values = values.shape == [indices.count] + rowShape ? values : try values.reshaped([indices.count] + rowShape)
        self.indices = indices
        self.denseShape = denseShape
        self.indexDType = indexDType
    }

    /// The dense tensor: zeros with each row of `values` added at its index, in order (as
    /// `tf.convert_to_tensor` of slices does).
    public func dense() throws -> Tensor {
        try Tensor.scatterAdd(values, positions: indices, into: denseShape, axis: 0)
    }

    /// `a`'s rows followed by `b`'s: two sparse gradients of one table added (as TF aggregates
    /// them).
    static func concatenating(_ a: IndexedSlices, _ b: IndexedSlices) throws -> IndexedSlices {
        try IndexedSlices(values: try Tensor.concat([a.values, b.values], axis: 0), indices: a.indices + b.indices,
                          denseShape: a.denseShape, indexDType: a.indexDType)
    }

    /// The slices with `values` cast to `dtype`.
    func cast(to dtype: DType) throws -> IndexedSlices {
        values.dtype == dtype ? self : try IndexedSlices(values: try values.cast(to: dtype), indices: indices, denseShape: denseShape, indexDType: indexDType)
    }
}

/// A gradient as `GradientTape.sparseGradient` gives it: a dense tensor, or the rows of a
/// table that was only gathered from.
public enum Gradient {
    case dense(Tensor)
    case rows(IndexedSlices)

    /// The gradient as a dense tensor.
    public func densified() throws -> Tensor {
        switch self {
        case .dense(let tensor): return tensor
        case .rows(let slices): return try slices.dense()
        }
    }

    /// The shape of the dense gradient.
    public var shape: [Int] {
        switch self {
        case .dense(let tensor): return tensor.shape
        case .rows(let slices): return slices.denseShape
        }
    }
}
