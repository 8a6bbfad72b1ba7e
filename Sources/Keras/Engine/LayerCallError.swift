import KTensor

/// An error raised while a layer's `call` ran, with what Keras adds to it: the layer and the
/// arguments `call` received. Only the innermost failing call wraps (an error from a nested
/// layer's own input checks is wrapped by the layer whose `call` made that call).
///
/// Keras' text: "Exception encountered when calling layer 'dense' (type Dense).\n\n<message>
/// \n\nCall arguments received by layer 'dense' (type Dense):\n  • inputs=tf.Tensor(...)".
public struct LayerCallError: Error {
    public let layerName: String
    public let className: String
    /// `(name, value text)` for each parameter of the layer's `call`.
    public let arguments: [(name: String, value: String)]
    public let underlying: Error

    /// The wrapped message around the underlying error's `message`.
    public func message(wrapping message: String) -> String {
        let display = "layer '\(layerName)' (type \(className))"
        let lines = arguments.map { "  • \($0.name)=\($0.value)" }.joined(separator: "\n")
        return "Exception encountered when calling \(display).\n\n\(message)\n\nCall arguments received by \(display):\n\(lines)"
    }

    /// `tf.Tensor(shape=(5, 3), dtype=float32)`, as Keras shows a tensor argument.
    public static func describe(_ tensor: Tensor) -> String {
        "tf.Tensor(shape=\(formatShape(tensor.shape)), dtype=\(tensor.dtype.name))"
    }

    /// One tensor, or a list of them (shown as a list of their descriptions' reprs).
    public static func describe(_ tensors: [Tensor], asList: Bool) -> String {
        if tensors.count == 1 && !asList { return describe(tensors[0]) }
        return "[" + tensors.map { "'\(describe($0))'" }.joined(separator: ", ") + "]"
    }
}

extension KerasError {
    /// Wraps in Keras' call context unless already wrapped.
    static func wrapping(_ error: Error, layer: Layer, inputs: [Tensor], inputWasList: Bool, training: Bool?, masks: [Tensor?]) -> Error {
        if error is LayerCallError { return error }
        let arguments = layer.callArgumentNames.enumerated().map { index, name -> (String, String) in
            if index == 0 { return (name, LayerCallError.describe(inputs, asList: inputWasList)) }
            switch name {
            case "training": return (name, training.map { $0 ? "True" : "False" } ?? "None")
            case "mask":
                let given = masks.compactMap { $0 }
                return (name, given.isEmpty ? "None" : LayerCallError.describe(given, asList: masks.count > 1))
            default: return (name, layer.defaultArgumentText(name) ?? "None")
            }
        }
        return LayerCallError(layerName: layer.name, className: layer.className, arguments: arguments, underlying: error)
    }
}
