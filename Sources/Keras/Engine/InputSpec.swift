/// What a layer accepts (Keras' `InputSpec`): an exact or minimum rank and fixed sizes of some
/// axes. Checked on every call; violations raise Keras' `ValueError` text.
public struct InputSpec: Equatable {
    public var ndim: Int?
    public var minNDim: Int?
    public var maxNDim: Int?
    /// Required sizes by axis (negative axes count from the end).
    public var axes: [Int: Int]

    public init(ndim: Int? = nil, minNDim: Int? = nil, maxNDim: Int? = nil, axes: [Int: Int] = [:]) {
        self.ndim = ndim
        self.minNDim = minNDim
        self.maxNDim = maxNDim
        self.axes = axes
    }

    /// Checks input number `index` of `layer` against this spec.
    func check(_ shape: TensorShape, index: Int, layer: String) throws {
        let prefix = "Input \(index) of layer \"\(layer)\" is incompatible with the layer: "
        if let ndim, shape.count != ndim {
            throw KerasError.value(prefix + "expected ndim=\(ndim), found ndim=\(shape.count). Full shape received: \(formatShape(shape))")
        }
        if let maxNDim, shape.count > maxNDim {
            throw KerasError.value(prefix + "expected max_ndim=\(maxNDim), found ndim=\(shape.count)")
        }
        if let minNDim, shape.count < minNDim {
            throw KerasError.value(prefix + "expected min_ndim=\(minNDim), found ndim=\(shape.count). Full shape received: \(formatShape(shape))")
        }
        for (axis, value) in axes.sorted(by: { $0.key < $1.key }) {
            let position = axis < 0 ? shape.count + axis : axis
            guard position >= 0, position < shape.count else { continue }
            if let actual = shape[position], actual != value {
                throw KerasError.value(prefix + "expected axis \(axis) of input shape to have value \(value), but received input with shape \(formatShape(shape))")
            }
        }
    }
}
