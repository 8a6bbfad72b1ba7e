/// One training step of a stack of fused dense layers under a sparse softmax cross-entropy,
/// run without a tape: the forward pass, the per-sample losses on the last layer's logits, and
/// the backward pass straight into the weights' gradients.
///
/// It calls the very kernels `Tensor.dense` and `Tensor.sparseSoftmaxCrossEntropyWithLogits`
/// call, in the order the tape would, so its numbers are those of the taped step bit for bit;
/// what it saves is the tape's bookkeeping (nodes, closures, identities, the saved tensors).
public enum DenseStackStep {
    /// One layer: `activation(x · kernel + bias)`.
    public struct Layer {
        public let kernel: Tensor
        public let bias: Tensor?
        public let activation: Activation

        public init(kernel: Tensor, bias: Tensor?, activation: Activation) {
            self.kernel = kernel
            self.bias = bias
            self.activation = activation
        }
    }

    /// What a step computed.
    public struct Result {
        /// The last layer's activations (the model's predictions), carrying its logits when
        /// the activation attaches them, as `Tensor.dense`'s result does.
        public let output: Tensor
        /// The cross-entropy of each row, `[rows]`.
        public let losses: Tensor
        /// Per layer the kernel's gradient, then the bias's (when the layer has one).
        public let gradients: [Tensor]
    }

    /// Runs the step for inputs `x` (`[rows, in]`, the kernels' dtype) and integer `labels`
    /// (`rows` of them). The loss being differentiated is `lossScale · Σ losses`, `lossScale` a
    /// scalar of the kernels' dtype (`1/rows` for a mean, computed as the reduction computes it).
    /// The last layer's logits are its pre-activation: it must end in `.softmax` or
    /// `.linear` (whose outputs are then the logits).
    public static func run(_ x: Tensor, labels: [Int64], layers: [Layer], lossScale: Tensor) throws -> Result {
        guard let last = layers.last, last.activation == .softmax || last.activation == .linear else {
            throw TensorError.invalid("DenseStackStep: the last layer must be softmax or linear")
        }
        let dtype = last.kernel.dtype
        guard dtype == .float32 || dtype == .float64, x.dtype == dtype, x.rank == 2, lossScale.dtype == dtype, lossScale.count == 1,
              layers.allSatisfy({ $0.kernel.dtype == dtype && $0.kernel.rank == 2 && $0.bias.map { $0.dtype == dtype } ?? true }) else {
            throw TensorError.invalid("DenseStackStep: inputs, kernels and biases must share one float dtype")
        }
        guard labels.count == x.shape[0] else {
            throw TensorError.invalid("DenseStackStep: \(labels.count) labels for \(x.shape[0]) rows")
        }
        if dtype == .float32 { return try run(Float.self, x, labels, layers, lossScale) }
        return try run(Double.self, x, labels, layers, lossScale)
    }

    private static func run<T: FloatElement>(_ type: T.Type, _ x: Tensor, _ labels: [Int64], _ layers: [Layer], _ lossScale: Tensor) throws -> Result {
        let rows = x.shape[0]
        // Forward: each layer's input, pre-activation and activation.
        var inputs: [Tensor] = [x]
        var logits: [Tensor] = []
        var outputs: [Tensor] = []
        inputs.reserveCapacity(layers.count)
        logits.reserveCapacity(layers.count)
        outputs.reserveCapacity(layers.count)
        for layer in layers {
            let input = inputs[inputs.count - 1]
            let width = layer.kernel.shape[0], units = layer.kernel.shape[1]
            guard input.shape[1] == width, layer.bias.map({ $0.shape == [units] }) ?? true else {
                throw TensorError.invalid("Matrix size-incompatible: In[0]: \(formatShape(input.shape)), In[1]: \(formatShape(layer.kernel.shape))")
            }
            let z = Tensor(uninitializedShape: [rows, units], dtype: input.dtype)
            let y = layer.activation == .linear ? z : Tensor(uninitializedShape: [rows, units], dtype: input.dtype)
            denseForward(T.self, input, layer.kernel, layer.bias, z, y, layer.activation, rows: rows, inputs: width, units: units)
            logits.append(z)
            outputs.append(y)
            inputs.append(y)
        }

        // The loss and its gradient with respect to the last logits.
        let classes = layers[layers.count - 1].kernel.shape[1]
        for t in labels where t < 0 || t >= Int64(classes) {
            throw TensorError.invalid("Received a label value of \(t) which is outside the valid range of [0, \(classes)).  Label values: \(labels.map(String.init).joined(separator: " "))")
        }
        let logProbabilities = logits[logits.count - 1].softmaxValue(axis: 1, log: true)
        let losses = Tensor(uninitializedShape: [rows], dtype: x.dtype)
        pickNegated(logProbabilities.basePointer(T.self), labels, losses.basePointer(T.self), rows: rows, classes: classes)
        var upstream = Tensor(uninitializedShape: [rows, classes], dtype: x.dtype)
        let scale = lossScale.withUnsafeBufferPointer(as: T.self) { $0[0] }
        let pu = upstream.basePointer(T.self)
        softmaxMinusOneHot(logProbabilities.basePointer(T.self), labels, pu, rows: rows, classes: classes)
        for i in 0..<rows * classes { pu[i] = pu[i] * scale }

        // Backward, last layer first; the first layer's input needs no gradient. The gradients
        // are collected last first (bias, then kernel) and reversed at the end.
        var gradients: [Tensor] = []
        for index in layers.indices.reversed() {
            let layer = layers[index]
            let units = layer.kernel.shape[1], width = layer.kernel.shape[0]
            var dz = upstream
            if index < layers.count - 1 && layer.activation != .linear {
                dz = Tensor(uninitializedShape: [rows, units], dtype: x.dtype)
                let keepsLogits = layer.activation.attachesLogits || denseBackwardNeedsInput(layer.activation)
                let saved = keepsLogits ? logits[index] : Tensor(zeros: [0], dtype: x.dtype)
                denseActivationBackward(layer.activation, upstream, outputs[index], saved, &dz, T.self, rows: rows, units: units)
            }
            var result: [Tensor?] = layer.bias == nil ? [nil, nil] : [nil, nil, nil]
            denseGradients(T.self, dz, inputs[index], layer.kernel, &result, needs: [index > 0, true, true],
                           rows: rows, units: units, inputs: width)
            if let db = result.count > 2 ? result[2] : nil { gradients.append(db) }
            if let dw = result[1] { gradients.append(dw) }
            if let dx = result[0] { upstream = dx }
        }
        gradients.reverse()
        let last = layers[layers.count - 1], y = outputs[outputs.count - 1]
        let output = last.activation.attachesLogits ? y.withAttachedLogits(logits[logits.count - 1], activation: last.activation) : y
        return Result(output: output, losses: losses, gradients: gradients)
    }
}
