import Keras

/// `keras.utils.plot_model`: the model's layer graph as Keras 2.12 describes it to graphviz
/// (`ModelGraph`), drawn by `ModelDiagram` into an SVG, PNG or PDF file. Returns None (Keras
/// returns an IPython image only inside IPython).
enum PlotModel {
    static let function = NativeFunction(
        name: "plot_model",
        signature: "model, to_file='model.png', show_shapes=False, show_dtype=False, show_layer_names=True, rankdir='TB', expand_nested=False, dpi=96, layer_range=None, show_layer_activations=False, show_trainable=False",
        doc: "Converts a Keras model to a diagram of its layers and saves it to a file (SVG, or PNG/PDF through rsvg-convert).",
        module: "keras.utils",
        body: .bound { interp, args in
            let model = try ModelType.model(args["model"])
            var range: (String, String)?
            if !args["layer_range"].isNone {
                let items = try interp.collect(args["layer_range"])
                guard items.count == 2 else {
                    throw PyException.valueError("layer_range must be a list or tuple of length 2. Received: layer_range = \(try interp.str(args["layer_range"])) of length \(items.count)")
                }
                guard let low = items[0].stringValue, let high = items[1].stringValue else {
                    throw PyException.valueError("layer_range should contain string type only. Received: \(try interp.str(args["layer_range"]))")
                }
                range = (low, high)
            }
            let graph = try ModelGraph(model, expandNested: try args.bool("expand_nested"), layerRange: range)
            let diagram: ModelDiagram
            if let name = graph.opaqueModelName {
                diagram = ModelDiagram(opaqueModelName: name)
            } else {
                diagram = ModelDiagram(layers: graph.boxes.map {
                    ModelDiagram.Layer(id: $0.id, name: $0.name, className: $0.className, inputShape: $0.inputShape, outputShape: $0.outputShape,
                                       dtype: $0.dtype, activation: $0.activation, trainable: $0.trainable)
                }, connections: graph.connections.map { ($0.from, $0.to) })
            }
            let options = ModelDiagram.Options(showShapes: try args.bool("show_shapes"), showDtype: try args.bool("show_dtype"),
                                               showLayerNames: try args.bool("show_layer_names"),
                                               showLayerActivations: try args.bool("show_layer_activations"),
                                               showTrainable: try args.bool("show_trainable"))
            let path = try SavingBridge.path(args["to_file"], interp)
            try diagram.write(toFile: path, options, rankdir: try args.string("rankdir"), dpi: try interp.toDouble(args["dpi"], what: "dpi"))
            return .none
        })
}
