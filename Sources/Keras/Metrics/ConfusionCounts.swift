import KTensor

/// Labels, predictions and weights of one batch flattened to float32 arrays, as the
/// confusion-matrix metrics read them (Keras' `update_confusion_matrix_variables`).
struct ConfusionBatch {
    let labels: [Float]
    let predictions: [Float]
    let weights: [Float]

    init(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?) throws {
        let p = try yPred.cast(to: .float32)
        let t = try yTrue.cast(to: .float32)
        let (sp, st) = try ShapeMatching.squeezeOrExpand(yPred: p, yTrue: t)
        guard sp.count == st.count else {
            throw TensorError(.invalidArgument, "Shapes \(shapeText(st.shape)) and \(shapeText(sp.shape)) are incompatible")
        }
        predictions = sp.contiguous().floats()
        labels = st.contiguous().floats()
        for value in predictions where value < 0 || value > 1 {
            throw TensorError(.invalidArgument, "predictions must be >= 0 and <= 1 (got \(value))")
        }
        if let sampleWeight {
            let w = try ShapeMatching.matchWeights(sampleWeight.cast(to: .float32), to: sp)
            weights = try w.broadcast(to: Tensor.broadcastShapes(sp.shape, w.shape)).contiguous().floats()
            guard weights.count == predictions.count else {
                throw TensorError(.invalidArgument, "sample_weight cannot be broadcast to the predictions' shape \(shapeText(sp.shape))")
            }
        } else {
            weights = [Float](repeating: 1, count: predictions.count)
        }
    }
}

/// Adds `amounts` elementwise to a float32 vector state variable in place.
func addToVector(_ variable: Variable, _ amounts: [Float]) {
    variable.update { value in
        value.withUnsafeMutableBufferPointer(as: Float.self) { buffer in
            for i in 0..<Swift.min(buffer.count, amounts.count) { buffer[i] += amounts[i] }
        }
    }
}

/// A float32 vector state variable's values.
func vectorFloats(_ variable: Variable) -> [Float] {
    variable.valueWithoutWatching.floats()
}
