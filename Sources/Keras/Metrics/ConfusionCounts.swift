import KTensor

/// Labels, predictions and weights of one batch flattened to float32 arrays, as the
/// confusion-matrix metrics read them (Keras' `update_confusion_matrix_variables`): shapes
/// matched, then with `topK` only each row's k largest predictions kept (the others become
/// -1e10), with `classId` only that column of labels and predictions, and the sample weights
/// broadcast to what remains. Predictions are not range-checked (Keras 2.12 does not).
struct ConfusionBatch {
    /// What `topK` leaves of the other predictions (Keras' `NEG_INF`).
    static let filteredOut: Float = -1e10

    /// Keras' check of a confusion metric's `thresholds` argument: every value in [0, 1].
    static func checkThresholds(_ thresholds: [Double]?) throws {
        let invalid = (thresholds ?? []).filter { !(0...1).contains($0) }
        if !invalid.isEmpty {
            throw TensorError(.invalidArgument, "Threshold values must be in [0, 1]. Received: [\(invalid.map { PythonFormat.repr($0) }.joined(separator: ", "))]")
        }
    }

    let labels: [Float]
    let predictions: [Float]
    let weights: [Float]

    init(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor?, topK: Int? = nil, classId: Int? = nil) throws {
        let (sp, st) = try ShapeMatching.squeezeOrExpand(yPred: try yPred.cast(to: .float32), yTrue: try yTrue.cast(to: .float32))
        guard sp.count == st.count, sp.shape == st.shape || (topK == nil && classId == nil) else {
            throw TensorError(.invalidArgument, "Shapes \(shapeText(st.shape)) and \(shapeText(sp.shape)) are incompatible")
        }
        var predictions = sp.contiguous().floats(), labels = st.contiguous().floats()
        var shape = sp.shape
        let columns = shape.last ?? 1
        let rows = columns == 0 ? 0 : predictions.count / columns
        if let topK {
            guard topK >= 1, topK <= columns else {
                throw TensorError(.invalidArgument, "input must have at least k=\(topK) columns, got \(columns)")
            }
            for r in 0..<rows {
                // The k largest of the row, ties to the lower index (tf.math.top_k).
                let row = (r * columns)..<((r + 1) * columns)
                let kept = Set(row.sorted { predictions[$0] > predictions[$1] || (predictions[$0] == predictions[$1] && $0 < $1) }.prefix(topK))
                for i in row where !kept.contains(i) { predictions[i] = ConfusionBatch.filteredOut }
            }
        }
        if let classId {
            guard classId >= 0, classId < columns, !shape.isEmpty else {
                throw TensorError(.invalidArgument, "class_id \(classId) is out of bounds for predictions of shape \(shapeText(sp.shape))")
            }
            predictions = (0..<rows).map { predictions[$0 * columns + classId] }
            labels = (0..<rows).map { labels[$0 * columns + classId] }
            shape[shape.count - 1] = 1
        }
        self.predictions = predictions
        self.labels = labels
        if let sampleWeight {
            let w = try ShapeMatching.matchWeights(sampleWeight.cast(to: .float32), to: sp)
            guard let broadcastShape = try? Tensor.broadcastShapes(shape, w.shape), broadcastShape == shape else {
                throw TensorError(.invalidArgument, "sample_weight of shape \(shapeText(w.shape)) cannot be broadcast to the predictions' shape \(shapeText(shape))")
            }
            weights = try w.broadcast(to: shape).contiguous().floats()
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
