import KTensor

/// `keras.layers.Reshape(target_shape)`: reshapes each sample; one entry may be -1.
public final class Reshape: Layer {
    public let targetShape: [Int]

    public init(targetShape: [Int], name: String? = nil, trainable: Bool = true) throws {
        guard targetShape.filter({ $0 == -1 }).count <= 1, !targetShape.contains(where: { $0 < -1 || $0 == 0 }) else {
            throw KerasError.value("There must be at most one unknown dimension in output_shape. Received: output_shape=\(formatShape(targetShape)).")
        }
        self.targetShape = targetShape
        super.init(name: name, trainable: trainable)
    }

    /// The per-sample output shape for `input` elements per sample, or nil when unknown.
    func resolvedShape(elements: Int?, inputShape: TensorShape) throws -> TensorShape {
        guard let unknown = targetShape.firstIndex(of: -1) else {
            if let elements, elements != targetShape.reduce(1, *) {
                throw KerasError.value("total size of new array must be unchanged, input_shape = \(Reshape.listText(inputShape)), output_shape = \(Reshape.listText(targetShape.asTensorShape))")
            }
            return targetShape.asTensorShape
        }
        var shape = targetShape.asTensorShape
        guard let elements else {
            shape[unknown] = nil
            return shape
        }
        let known = targetShape.filter { $0 != -1 }.reduce(1, *)
        guard known > 0, elements % known == 0 else {
            throw KerasError.value("total size of new array must be unchanged, input_shape = \(Reshape.listText(inputShape)), output_shape = \(Reshape.listText(targetShape.asTensorShape))")
        }
        shape[unknown] = elements / known
        return shape
    }

    static func listText(_ shape: TensorShape) -> String {
        "[" + shape.map { $0.map(String.init) ?? "None" }.joined(separator: ", ") + "]"
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        let x = inputs[0]
        let batch = x.shape.first ?? 1
        let sample = Array(x.shape.dropFirst())
        let shape = try resolvedShape(elements: sample.reduce(1, *), inputShape: sample.asTensorShape)
        return [try x.reshaped([batch] + shape.map { $0 ?? 1 })]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let sample = Array(inputShapes[0].dropFirst())
        let elements: Int? = sample.contains(where: { $0 == nil }) ? nil : sample.reduce(1) { $0 * ($1 ?? 1) }
        return [[inputShapes[0].first ?? nil] + (try resolvedShape(elements: elements, inputShape: sample))]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["target_shape"] = .tuple(targetShape.map(ConfigValue.int))
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Reshape {
        guard let shape = c["target_shape"]?.shapeValue, !shape.contains(where: { $0 == nil }) else {
            throw KerasError.value("Reshape config needs a target_shape")
        }
        let layer = try Reshape(targetShape: shape.map { $0 ?? -1 }, name: c.layerName, trainable: c.isTrainable)
        layer.batchInputShape = c.batchInputShape
        return layer
    }
}
