/// NumPy broadcasting of shapes and strides.
extension Tensor {
    /// The shape two operands broadcast to (NumPy rules: align trailing dimensions; each pair
    /// must be equal or contain a 1).
    public static func broadcastShapes(_ a: [Int], _ b: [Int]) throws -> [Int] {
        if a == b { return a }
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.count ? 1 : a[i - (rank - a.count)]
            let db = i < rank - b.count ? 1 : b[i - (rank - b.count)]
            if da == db || db == 1 {
                result[i] = da
            } else if da == 1 {
                result[i] = db
            } else {
                throw TensorError.invalid("operands could not be broadcast together with shapes \(numpyShape(a)) \(numpyShape(b)) ")
            }
        }
        return result
    }

    /// Strides that walk this tensor as if it had `shape` (to which it must broadcast):
    /// 0 along new or stretched dimensions.
    func broadcastStrides(to shape: [Int]) -> [Int] {
        let extra = shape.count - rank
        var result = [Int](repeating: 0, count: shape.count)
        for i in 0..<rank where self.shape[i] != 1 || shape[extra + i] == 1 {
            result[extra + i] = strides[i]
        }
        return result
    }

    /// A read-only view of this tensor broadcast to `shape` (stride 0 along stretched
    /// dimensions). Throws when the shapes are incompatible. Not recorded; see `broadcast(to:)`.
    public func broadcastView(to shape: [Int]) throws -> Tensor {
        if shape == self.shape { return self }
        let target = try Tensor.broadcastShapes(self.shape, shape)
        guard target == shape else {
            throw TensorError.invalid("operands could not be broadcast together with remapped shapes [original->remapped]: \(numpyShape(self.shape))  and requested shape \(numpyShape(shape))")
        }
        var result = Tensor(storage: storage, dtype: dtype, shape: shape, strides: broadcastStrides(to: shape), offset: offset)
        result.tapeID = 0
        return result
    }
}

/// `(2,3)`: NumPy's compact shape text used in broadcasting errors.
func numpyShape(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ",") + ")"
}
