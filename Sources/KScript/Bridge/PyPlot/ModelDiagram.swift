import Plot

/// `keras.utils.plot_model` without graphviz: the keras bridge describes a model's layer
/// graph neutrally and calls `ModelDiagram.write`, which lays it out with Plot's
/// `GraphDiagram` and writes SVG (PNG/PDF through rsvg-convert when installed).
///
/// Usage from the keras bridge:
///
///     let graph = ModelDiagram(
///         layers: [.init(name: "dense_input", className: "InputLayer", inputShape: "[(None, 784)]", outputShape: "[(None, 784)]"),
///                  .init(name: "dense", className: "Dense", inputShape: "(None, 784)", outputShape: "(None, 64)")],
///         connections: [("dense_input", "dense")])
///     try graph.write(toFile: "model.svg", showShapes: true, showLayerNames: true, rankdir: "TB")
///
/// Errors are Python exceptions (ValueError for a bad `rankdir` or graph, FileNotFoundError
/// when the file cannot be written), ready to propagate to the script.
public struct ModelDiagram {
    /// One layer box: its name, class and shape texts as Keras prints them (`(None, 64)`,
    /// `[(None, 784)]` for input layers, `multiple` when unknown).
    public struct Layer {
        public var name: String
        public var className: String
        public var inputShape: String
        public var outputShape: String

        public init(name: String, className: String, inputShape: String, outputShape: String) {
            self.name = name
            self.className = className
            self.inputShape = inputShape
            self.outputShape = outputShape
        }
    }

    public var layers: [Layer]
    /// (from layer name, to layer name), one per connection.
    public var connections: [(String, String)]

    public init(layers: [Layer], connections: [(String, String)]) {
        self.layers = layers
        self.connections = connections
    }

    /// The box texts Keras 2.12 draws: `name` over `ClassName` (or the class alone without
    /// layer names), and `input:`/`output:` rows with the shapes when `showShapes`.
    func diagram(showShapes: Bool, showLayerNames: Bool, rankdir: String) throws -> GraphDiagram {
        let direction = try PlotArguments.bridged { try GraphDiagram.Direction(parsing: rankdir) }
        let nodes = layers.map { layer in
            GraphDiagram.Node(id: layer.name, title: showLayerNames ? [layer.name, layer.className] : [layer.className],
                              rows: showShapes ? [("input:", layer.inputShape), ("output:", layer.outputShape)] : [])
        }
        let edges = connections.map { GraphDiagram.Edge(from: $0.0, to: $0.1) }
        return try PlotArguments.bridged { try GraphDiagram(nodes: nodes, edges: edges, direction: direction) }
    }

    /// The diagram as an SVG document.
    public func svg(showShapes: Bool = false, showLayerNames: Bool = true, rankdir: String = "TB") throws -> String {
        try diagram(showShapes: showShapes, showLayerNames: showLayerNames, rankdir: rankdir).svg()
    }

    /// Writes the diagram to `path` (`.svg`, or `.png`/`.pdf` through rsvg-convert), as
    /// `plot_model(model, to_file, show_shapes, show_layer_names, rankdir, dpi)` does.
    public func write(toFile path: String, showShapes: Bool = false, showLayerNames: Bool = true, rankdir: String = "TB",
                      dpi: Double = 96) throws {
        let d = try diagram(showShapes: showShapes, showLayerNames: showLayerNames, rankdir: rankdir)
        try PlotArguments.bridged { try d.save(path, dpi: dpi) }
    }
}
