import KTensor

/// A sparse gradient as the optimizers' sparse updates take it, after Keras'
/// `_deduplicate_sparse_grad`: each touched row of the variable once, in the order rows were
/// first touched, with the values of its repeats summed in order.
public struct RowGradient {
    /// The touched rows, each once.
    public let rows: [Int]
    /// `rows.count × width` summed values, contiguous, in the variable's dtype.
    public let values: Tensor
    /// The variable's shape.
    public let denseShape: [Int]
    /// For each row of the variable, its place in `rows`, or -1 when untouched.
    let places: [Int32]

    /// Elements per row.
    public var width: Int { denseShape.dropFirst().reduce(1, *) }
    /// Rows of the variable.
    public var rowCount: Int { denseShape.first ?? 0 }

    /// Sums the rows of `values` (one per entry of `indices`, a float tensor) that land on the
    /// same row of a `denseShape` variable.
    init(summing values: Tensor, at indices: [Int], of denseShape: [Int]) throws {
        let rowCount = denseShape.first ?? 0, width = denseShape.dropFirst().reduce(1, *)
        guard values.count == indices.count * width, rowCount < Int(Int32.max) else {
            throw TensorError(.invalidArgument, "a sparse gradient of \(indices.count) rows does not fit a variable of shape \(formatShape(denseShape))")
        }
        var places = [Int32](repeating: -1, count: Swift.max(rowCount, 1))
        var rows: [Int] = []
        for index in indices {
            guard index >= 0 && index < rowCount else {
                throw TensorError(.index, "gradient row \(index) is out of bounds for a variable of shape \(formatShape(denseShape))")
            }
            if places[index] < 0 {
                places[index] = Int32(rows.count)
                rows.append(index)
            }
        }
        var summed = Tensor.zeros([rows.count] + denseShape.dropFirst(), dtype: values.dtype)
        let source = values.contiguous()
        func sum<T: FloatingPoint>(_ type: T.Type) {
            source.withUnsafeBufferPointer(as: T.self) { v in
                summed.withUnsafeMutableBufferPointer(as: T.self) { s in
                    for (k, index) in indices.enumerated() {
                        let target = s.baseAddress! + Int(places[index]) * width, row = v.baseAddress! + k * width
                        for j in 0..<width { target[j] += row[j] }
                    }
                }
            }
        }
        switch values.dtype {
        case .float32: sum(Float.self)
        case .float64: sum(Double.self)
        default: throw TensorError(.type, "gradients must be float tensors, got \(values.dtype.name)")
        }
        self.rows = rows
        self.values = summed
        self.denseShape = denseShape
        self.places = places
    }

    /// The dense gradient: the summed rows at their places, zeros elsewhere.
    func densified() throws -> Tensor {
        try IndexedSlices(values: values, indices: rows, denseShape: denseShape).dense()
    }

    /// Calls `body` with the summed values and the row places as raw pointers.
    func withBuffers<T, R>(_ type: T.Type, _ body: (_ values: UnsafePointer<T>, _ places: UnsafePointer<Int32>) -> R) -> R {
        UpdateBuffers.reading(values, T.self) { v in places.withUnsafeBufferPointer { body(v, $0.baseAddress!) } }
    }
}
