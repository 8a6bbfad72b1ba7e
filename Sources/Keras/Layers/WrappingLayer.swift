/// A layer that wraps others (`Bidirectional`, `TimeDistributed`): Keras 3 saves the wrapped
/// layers' weights under the wrapper's attributes that hold them.
protocol WrappingLayer: Layer {
    /// The wrapped layers with the names of the Keras 3 attributes that hold them.
    var wrappedLayerAttributes: [(name: String, layer: Layer)] { get }
}
