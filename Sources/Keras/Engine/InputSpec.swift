/// What a layer accepts (Keras' `InputSpec`): an exact or minimum rank and fixed sizes of some
/// axes. Checked on every call; violations raise Keras' `ValueError` text.
public struct InputSpec: Equatable {
    public var ndim: Int?
    public var minNDim: Int?
    public var maxNDim: Int?
    /// Required sizes by axis (negative axes count from the end), sorted by axis.
    public var axes: [(axis: Int, size: Int)]
    /// A full expected shape (a model's input), compared dimension by dimension after
    /// dropping a trailing 1 on either side (Keras' `allow_last_axis_squeeze`).
    public var shape: TensorShape?

    public init(ndim: Int? = nil, minNDim: Int? = nil, maxNDim: Int? = nil, axes: [Int: Int] = [:], shape: TensorShape? = nil) {
        self.ndim = ndim
        self.minNDim = minNDim
        self.maxNDim = maxNDim
        self.axes = axes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.shape = shape
    }

    public static func == (a: InputSpec, b: InputSpec) -> Bool {
        a.ndim == b.ndim && a.minNDim == b.minNDim && a.maxNDim == b.maxNDim && a.shape == b.shape
            && a.axes.count == b.axes.count && zip(a.axes, b.axes).allSatisfy { $0.axis == $1.axis && $0.size == $1.size }
    }

    /// Checks input number `index` of `layer` against this spec.
    func check(_ shape: TensorShape, index: Int, layer: String) throws {
        /// Built only when thrown: every layer call checks its inputs.
        var prefix: String { "Input \(index) of layer \"\(layer)\" is incompatible with the layer: " }
        if let ndim, shape.count != ndim {
            throw KerasError.value(prefix + "expected ndim=\(ndim), found ndim=\(shape.count). Full shape received: \(formatShape(shape))")
        }
        if let maxNDim, shape.count > maxNDim {
            throw KerasError.value(prefix + "expected max_ndim=\(maxNDim), found ndim=\(shape.count)")
        }
        if let minNDim, shape.count < minNDim {
            throw KerasError.value(prefix + "expected min_ndim=\(minNDim), found ndim=\(shape.count). Full shape received: \(formatShape(shape))")
        }
        if let expected = self.shape {
            var given = shape, wanted = expected
            if given.last == 1 { given.removeLast() }
            if wanted.last == 1 { wanted.removeLast() }
            for (a, b) in zip(wanted, given) where a != nil && b != nil && a != b {
                throw KerasError.value(prefix + "expected shape=\(formatShape(expected)), found shape=\(formatShape(shape))")
            }
        }
        for (axis, value) in axes {
            let position = axis < 0 ? shape.count + axis : axis
            guard position >= 0, position < shape.count else { continue }
            if let actual = shape[position], actual != value {
                throw KerasError.value(prefix + "expected axis \(axis) of input shape to have value \(value), but received input with shape \(formatShape(shape))")
            }
        }
    }
}
