import KTensor

/// Keras' `losses_utils.squeeze_or_expand_dimensions` between labels/predictions and sample
/// weights: a trailing size-1 axis is dropped from whichever side has one rank more.
enum ShapeMatching {
    /// Squeezes the last axis of `yPred` or `yTrue` when their ranks differ by one and that
    /// axis has size 1 (the squeezed tensor loses its attached logits, as in Keras).
    static func squeezeOrExpand(yPred: Tensor, yTrue: Tensor) throws -> (yPred: Tensor, yTrue: Tensor) {
        var p = yPred, t = yTrue
        if p.rank - t.rank == 1, p.shape.last == 1 {
            p = try p.squeezed(axes: [-1])
        } else if t.rank - p.rank == 1, t.shape.last == 1 {
            t = try t.squeezed(axes: [-1])
        }
        return (p, t)
    }

    /// Adapts a sample-weight tensor to `values`: squeezes its last axis when it has one rank
    /// more, adds a trailing axis when it has one rank less.
    static func matchWeights(_ weights: Tensor, to values: Tensor) throws -> Tensor {
        if weights.rank - values.rank == 1, weights.shape.last == 1 {
            return try weights.squeezed(axes: [-1])
        }
        if values.rank - weights.rank == 1 {
            return try weights.expandingDims(at: -1)
        }
        return weights
    }
}
