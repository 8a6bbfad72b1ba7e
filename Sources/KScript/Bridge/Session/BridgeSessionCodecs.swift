/// Registers the session codecs and session-wide states of the bridges (Keras layers and
/// models, symbolic tensors, losses, metrics, optimizers, callbacks and histories, datasets,
/// NumPy random states, `tf.IndexedSlices`, dtypes, shapes, specs, initializers, regularizers; the random
/// generators and layer name counters). A notebook calls this when it opens a session.
public enum BridgeSessionCodecs {
    nonisolated(unsafe) private static var registered = false

    public static func register() {
        guard !registered else { return }
        registered = true
        SessionCodecs.register(LayerSessionCodec.codec)
        SessionCodecs.register(LayerSessionCodec.tensorCodec)
        SessionCodecs.register(MetricSessionCodec.codec)
        SessionCodecs.register(OptimizerSessionCodec.codec)
        SessionCodecs.register(HistorySessionCodec.codec)
        SessionCodecs.register(DatasetSessionCodec.codec)
        SessionCodecs.register(LossSessionCodec.codec)
        SessionCodecs.register(TFIndexedSlices.sessionCodec)
        SessionCodecs.register(SessionStates.randomStateCodec(NumPyRandomModule.randomStateType))
        SessionCodecs.register(SessionStates.randomStateCodec(NumPyRandomModule.generatorType))
        for codec in DescriptorSessionCodecs.all { SessionCodecs.register(codec) }
        SessionStates.register()
    }
}
