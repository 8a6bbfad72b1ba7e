import Keras
import KTensor

/// The wrapper classes of `keras.layers`: `Bidirectional` (of an `LSTM`, `GRU` or
/// `SimpleRNN`) and `TimeDistributed`, with Keras 2.12's arguments, checks and messages, and
/// their wrapped layers as attributes (`forward_layer`, `backward_layer`, `layer`).
enum WrapperLayerClasses {
    static func makeAll(base: PyType) -> [PyType] {
        func name(_ a: BoundArguments) throws -> String? { try a.optionalString("name") }
        func trainable(_ a: BoundArguments) throws -> Bool { try a.bool("trainable") }
        /// The layer an argument holds, or Keras' error for another value.
        func wrapped(_ value: Value, _ i: Interpreter, _ message: (String) -> String) throws -> Layer {
            guard let object = value.object as? LayerObject else { throw PyException.valueError(message(try i.str(value))) }
            return try object.require()
        }
        let bidirectional = LayerClasses.define("Bidirectional", module: "keras.layers.rnn.bidirectional",
                                                signature: "layer, merge_mode='concat', weights=None, backward_layer=None", base: base,
                                                doc: "Bidirectional wrapper for RNNs.") { i, a in
            let layer = try wrapped(a["layer"], i) { "Please initialize `Bidirectional` layer with a `tf.keras.layers.Layer` instance. Received: \($0)" }
            let backward = a["backward_layer"].isNone ? nil : try wrapped(a["backward_layer"], i) {
                "`backward_layer` need to be a `tf.keras.layers.Layer` instance. Received: \($0)"
            }
            var mergeMode: Bidirectional.MergeMode?
            if !a["merge_mode"].isNone {
                guard let text = a["merge_mode"].stringValue else {
                    throw PyException.valueError(Bidirectional.invalidMergeModeMessage(try i.str(a["merge_mode"])))
                }
                mergeMode = try Bidirectional.mergeMode(named: text)
            }
            if !a["weights"].isNone { throw PyException.notImplemented("kscript: Bidirectional's `weights` argument is not supported yet; call set_weights after building") }
            // Keras names the wrapper, then re-creates the layer from its config with
            // `go_backwards` flipped: other layers' configs have no such key.
            guard layer is RecurrentLayer, backward.map({ $0 is RecurrentLayer }) ?? true else {
                if try name(a) == nil { _ = Naming.uniqueName("bidirectional") }
                throw PyException.keyError(.str("go_backwards"))
            }
            return try Bidirectional(layer: layer, mergeMode: mergeMode, backwardLayer: backward, name: try name(a), trainable: try trainable(a))
        }
        func property(_ attribute: String, _ get: @escaping (Bidirectional) -> Value) {
            bidirectional.defineProperty(attribute, get: { _, v in
                guard let layer = try LayerType.layer(v) as? Bidirectional else {
                    throw PyException.attributeError("'\(v.type.name)' object has no attribute '\(attribute)'")
                }
                return get(layer)
            })
        }
        property("layer") { LayerObject.wrap($0.layer) }
        property("forward_layer") { LayerObject.wrap($0.forwardLayer) }
        property("backward_layer") { LayerObject.wrap($0.backwardLayer) }
        property("return_sequences") { .bool($0.returnSequences) }
        property("return_state") { .bool($0.returnState) }

        let timeDistributed = LayerClasses.define("TimeDistributed", module: "keras.layers.rnn.time_distributed", signature: "layer", base: base,
                                                  doc: "Applies a layer to every temporal slice of an input.") { i, a in
            let layer = try wrapped(a["layer"], i) { "Please initialize `TimeDistributed` layer with a `tf.keras.layers.Layer` instance. Received: \($0)" }
            return TimeDistributed(layer: layer, name: try name(a), trainable: try trainable(a))
        }
        timeDistributed.defineProperty("layer", get: { _, v in
            guard let layer = try LayerType.layer(v) as? TimeDistributed else { throw PyException.attributeError("'\(v.type.name)' object has no attribute 'layer'") }
            return LayerObject.wrap(layer.layer)
        })
        return [bidirectional, timeDistributed]
    }
}
