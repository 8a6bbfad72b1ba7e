import KTensor

/// A symbolic tensor of the Functional API: a static shape and dtype, and where it came from
/// (Keras' `_keras_history`: the layer, which of its calls, which of that call's outputs).
public final class KerasTensor {
    public let shape: TensorShape
    public let dtype: DType
    /// The layer whose call produced this tensor.
    public let layer: Layer
    /// Index of that call in `layer.inboundNodes`.
    public let nodeIndex: Int
    /// Index among that call's outputs.
    public let tensorIndex: Int

    init(shape: TensorShape, dtype: DType, layer: Layer, nodeIndex: Int, tensorIndex: Int) {
        self.shape = shape
        self.dtype = dtype
        self.layer = layer
        self.nodeIndex = nodeIndex
        self.tensorIndex = tensorIndex
    }

    /// The node (layer call) that produced this tensor.
    public var node: Node { layer.inboundNodes[nodeIndex] }

    /// Keras' tensor name: the producing layer's name, with `/...:i` for later calls and
    /// outputs (`dense`, `lstm/PartitionedCall:1`-style details are not reproduced).
    public var name: String { layer.name }

    /// Keras' repr: `<KerasTensor: shape=(None, 3) dtype=float32 (created by layer 'x')>`.
    public var debugDescription: String {
        "<KerasTensor: shape=\(formatShape(shape)) dtype=\(dtype.name) (created by layer '\(layer.name)')>"
    }

    /// Keras' str: `KerasTensor(type_spec=TensorSpec(shape=(None, 3), dtype=tf.float32, name=None), ...)`.
    public var description: String {
        let spec = "TensorSpec(shape=\(formatShape(shape)), dtype=tf.\(dtype.name), name=\(layer is InputLayer ? "'\(name)'" : "None"))"
        return "KerasTensor(type_spec=\(spec), name='\(name)', description=\"created by layer '\(layer.name)'\")"
    }
}

/// One call of a layer on symbolic inputs: the graph edge the Functional API records.
public final class Node {
    /// The layer that was called (the node belongs to its `inboundNodes`).
    public unowned let layer: Layer
    /// The symbolic inputs of the call (empty for an input layer's node).
    public let inputs: [KerasTensor]
    /// The outputs, set right after the node is created.
    public internal(set) var outputs: [KerasTensor] = []
    /// True when the call received a list (merge layers, script layers taking lists).
    public let inputWasList: Bool

    init(layer: Layer, inputs: [KerasTensor], inputWasList: Bool) {
        self.layer = layer
        self.inputs = inputs
        self.inputWasList = inputWasList
    }

    /// True for an input layer's node.
    public var isInput: Bool { inputs.isEmpty }

    /// The nodes that produced this node's inputs.
    public var parentNodes: [Node] { inputs.map(\.node) }

    /// Output shapes as Keras' `node.output_shapes`: one tuple, or a list for several outputs
    /// (and always a list for an input layer).
    var outputShapesText: String {
        if outputs.count == 1 && !(layer is InputLayer) { return formatShape(outputs[0].shape) }
        return "[" + outputs.map { formatShape($0.shape) }.joined(separator: ", ") + "]"
    }
}
