import KTensor

/// Keras' `match_dtype_and_rank` before compiled losses and metrics: rank-1 targets (and
/// sample weights) of a rank-2 prediction get a trailing axis; float targets of a float
/// prediction (int of int) take its dtype.
func matchDTypeAndRank(_ yTrue: Tensor, _ yPred: Tensor, _ sampleWeight: Tensor?) throws -> (Tensor, Tensor?) {
    var t = yTrue
    var w = sampleWeight
    if t.rank == 1 && yPred.rank == 2 { t = try t.expandingDims(at: -1) }
    if let weight = w, weight.rank == 1, yPred.rank == 2 { w = try weight.expandingDims(at: -1) }
    if (t.dtype.isFloatingPoint && yPred.dtype.isFloatingPoint) || (t.dtype.isInteger && yPred.dtype.isInteger) {
        t = try t.cast(to: yPred.dtype)
    }
    return (t, w)
}
