import Plot

/// `keras.utils.plot_model` without graphviz: the keras bridge describes a model's layer
/// graph neutrally and calls `ModelDiagram.write`, which builds the record labels Keras 2.12
/// gives graphviz, lays them out with Plot's `GraphDiagram` and writes SVG (PNG/PDF through
/// rsvg-convert when installed).
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
    /// `[(None, 784)]` for input layers, `?` when unknown), dtype, activation and trainability.
    public struct Layer {
        /// Unique within the diagram; connections name layers by it (the name by default).
        public var id: String
        public var name: String
        public var className: String
        public var inputShape: String
        public var outputShape: String
        public var dtype: String
        /// Shown with `show_layer_activations` for layers that have an activation.
        public var activation: String?
        public var trainable: Bool

        public init(id: String? = nil, name: String, className: String, inputShape: String, outputShape: String,
                    dtype: String = "float32", activation: String? = nil, trainable: Bool = true) {
            self.id = id ?? name
            self.name = name
            self.className = className
            self.inputShape = inputShape
            self.outputShape = outputShape
            self.dtype = dtype
            self.activation = activation
            self.trainable = trainable
        }
    }

    /// What the boxes show besides the class name (plot_model's `show_*` arguments).
    public struct Options {
        public var showShapes = false
        public var showDtype = false
        public var showLayerNames = true
        public var showLayerActivations = false
        public var showTrainable = false

        public init(showShapes: Bool = false, showDtype: Bool = false, showLayerNames: Bool = true,
                    showLayerActivations: Bool = false, showTrainable: Bool = false) {
            self.showShapes = showShapes
            self.showDtype = showDtype
            self.showLayerNames = showLayerNames
            self.showLayerActivations = showLayerActivations
            self.showTrainable = showTrainable
        }
    }

    public var layers: [Layer]
    /// (from layer id, to layer id), one per connection.
    public var connections: [(String, String)]
    /// Set for a model without a graph (a subclassed model): Keras draws one box showing
    /// only the model's name.
    public var opaqueModelName: String?

    public init(layers: [Layer], connections: [(String, String)]) {
        self.layers = layers
        self.connections = connections
    }

    /// The diagram of a model without a layer graph: one box with its name.
    public init(opaqueModelName: String) {
        self.init(layers: [], connections: [])
        self.opaqueModelName = opaqueModelName
    }

    /// The record label Keras 2.12's `model_to_dot` builds for a layer, field for field:
    /// `Class` (or `{Class|activation}`), preceded by the name, followed by the dtype; with
    /// shapes all that is one group beside `{input:|output:}` and the two shapes; `T`/`NT`
    /// comes first with `show_trainable`.
    static func label(_ layer: Layer, _ options: Options) -> RecordLabel {
        var fields: [RecordLabel] = [.text(layer.className)]
        if options.showLayerActivations, let activation = layer.activation {
            fields = [.fields([.text(layer.className), .text(activation)])]
        }
        if options.showLayerNames { fields.insert(.text(layer.name), at: 0) }
        if options.showDtype { fields.append(.text(layer.dtype)) }
        if options.showShapes {
            fields = [.fields(fields), .fields([.text("input:"), .text("output:")]),
                      .fields([.fields([.text(layer.inputShape)]), .fields([.text(layer.outputShape)])])]
        }
        if options.showTrainable { fields.insert(.text(layer.trainable ? "T" : "NT"), at: 0) }
        return .fields(fields)
    }

    func diagram(_ options: Options, rankdir: String) throws -> GraphDiagram {
        let direction = try PlotArguments.bridged { try GraphDiagram.Direction(parsing: rankdir) }
        if let opaqueModelName {
            return try PlotArguments.bridged {
                try GraphDiagram(nodes: [GraphDiagram.Node(id: opaqueModelName, label: .text(opaqueModelName))], edges: [], direction: direction)
            }
        }
        let nodes = layers.map { GraphDiagram.Node(id: $0.id, label: ModelDiagram.label($0, options)) }
        let edges = connections.map { GraphDiagram.Edge(from: $0.0, to: $0.1) }
        return try PlotArguments.bridged { try GraphDiagram(nodes: nodes, edges: edges, direction: direction) }
    }

    /// The diagram as an SVG document.
    public func svg(_ options: Options, rankdir: String = "TB") throws -> String {
        try diagram(options, rankdir: rankdir).svg()
    }

    /// The diagram as an SVG document.
    public func svg(showShapes: Bool = false, showLayerNames: Bool = true, rankdir: String = "TB") throws -> String {
        try svg(Options(showShapes: showShapes, showLayerNames: showLayerNames), rankdir: rankdir)
    }

    /// Writes the diagram to `path` (`.svg`, or `.png`/`.pdf` through rsvg-convert; no
    /// extension means PNG, as in Keras), as `plot_model(model, to_file, ...)` does.
    public func write(toFile path: String, _ options: Options, rankdir: String = "TB", dpi: Double = 96) throws {
        let d = try diagram(options, rankdir: rankdir)
        try PlotArguments.bridged { try d.save(path, dpi: dpi) }
    }

    /// Writes the diagram to `path` with the given name and shape options.
    public func write(toFile path: String, showShapes: Bool = false, showLayerNames: Bool = true, rankdir: String = "TB",
                      dpi: Double = 96) throws {
        try write(toFile: path, Options(showShapes: showShapes, showLayerNames: showLayerNames), rankdir: rankdir, dpi: dpi)
    }
}
