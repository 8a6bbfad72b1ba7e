import KTensor

/// `keras.layers.TimeDistributed`: applies a layer to every time step of its input, the batch
/// and time axes folded into one for the call (`(batch * time, ...)`) and unfolded in the
/// outputs. The wrapped layer is built in the wrapper's scope, its weights named
/// `time_distributed/kernel` as in Keras; a mask passes through (as the wrapped layer's
/// mask of the folded steps, when it computes one).
public final class TimeDistributed: Layer, WrappingLayer {
    public let layer: Layer

    public init(layer: Layer, name: String? = nil, trainable: Bool = true) {
        self.layer = layer
        super.init(name: name, trainable: trainable)
        track(layer)
    }

    var wrappedLayerAttributes: [(name: String, layer: Layer)] { [("layer", layer)] }
    public override var supportsMasking: Bool { true }
    public override var callArgumentNames: [String] { ["inputs", "training", "mask"] }

    /// `(batch, ...)` for an input of `(batch, time, ...)`.
    private func stepShape(_ shape: TensorShape) -> TensorShape {
        [shape[0]] + shape.dropFirst(2)
    }

    public override func build(inputShapes: [TensorShape]) throws {
        let shape = inputShapes[0]
        guard shape.count >= 3 else {
            throw KerasError.value("`TimeDistributed` Layer should be passed an `input_shape ` with at least 3 dimensions, received: \(formatShape(shape))")
        }
        inputSpec = InputSpec(shape: [nil, nil] + shape.dropFirst(2))
        try CallContext.with(scope: name) {
            try CallContext.building(inOuterScope: layer) { try layer.buildIfNeeded([stepShape(shape)]) }
        }
    }

    /// `x` with its batch and time axes folded into one.
    private func folded(_ x: Tensor) throws -> Tensor {
        try x.reshaped([x.shape[0] * x.shape[1]] + x.shape.dropFirst(2))
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try call(inputs, training: training, masks: [])
    }

    public override func call(_ inputs: [Tensor], training: Bool?, masks: [Tensor?]) throws -> [Tensor] {
        let x = inputs[0]
        var stepMasks: [Tensor?] = []
        if layer.callArgumentNames.contains("mask"), let mask = masks.first ?? nil { stepMasks = [try folded(mask)] }
        let outputs = try layer([try folded(x)], training: training, masks: stepMasks)
        return try outputs.map { try $0.reshaped(Array(x.shape.prefix(2)) + $0.shape.dropFirst()) }
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        let shape = inputShapes[0]
        guard shape.count >= 3 else { return nil }
        return try layer.inferredOutputShapes([stepShape(shape)]).map { output in
            output.isEmpty ? output : [output[0], shape[1]] + output.dropFirst()
        }
    }

    /// The wrapped layer's mask of the folded steps, unfolded; else the input's mask reduced
    /// to `(batch, time)`.
    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        let mask = masks.first ?? nil
        let x = inputs[0]
        let stepMask = try layer.computeMask([try folded(x)], masks: [try mask.map(folded)]).first ?? nil
        if let stepMask { return [try stepMask.reshaped(Array(x.shape.prefix(2)) + stepMask.shape.dropFirst())] }
        guard let mask else { return [nil] }
        return [mask.rank > 2 ? try mask.any(axes: Array(2..<mask.rank)) : mask]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["layer"] = .dict(Config([("class_name", .string(layer.className)), ("config", .dict(layer.getConfig()))]))
        return c
    }

    public static func fromConfig(_ c: Config) throws -> TimeDistributed {
        guard let inner = c["layer"] else { throw KerasError.value("A TimeDistributed config needs a 'layer' entry") }
        let made = TimeDistributed(layer: try LayerRegistry.layer(serialized: inner), name: c.layerName, trainable: c.isTrainable)
        made.batchInputShape = c.batchInputShape
        return made
    }
}
