import Foundation

/// The layer graph `keras.utils.plot_model` draws (Keras 2.12's `model_to_dot`): a box per
/// layer — a Sequential model's hidden input layer included — with the texts Keras puts in
/// it, and a connection per distinct (inbound layer, layer) pair of the model's own nodes.
/// A model without a graph (a subclassed model) is drawn as one box with its name.
public struct ModelGraph {
    /// One layer's box.
    public struct Box {
        /// Unique within the graph: the layer's name (with a suffix if a nested model
        /// repeats a name).
        public let id: String
        public let name: String
        public let className: String
        /// `layer.input_shape` as Keras prints it: `(None, 64)`, `[(None, 784)]` for an input
        /// layer, `[(None, 32), (None, 32)]` for a list of inputs, `?` when the layer's calls
        /// disagree.
        public let inputShape: String
        /// `layer.output_shape` as Keras prints it, `?` when the layer's calls disagree.
        public let outputShape: String
        public let dtype: String
        /// The activation's name for layers that have one (`relu`, `linear`).
        public let activation: String?
        public let trainable: Bool
    }

    public private(set) var boxes: [Box] = []
    /// (from box id, to box id), in Keras' order: by layer, then call, then input.
    public private(set) var connections: [(from: String, to: String)] = []
    /// The model's name when it has no graph (its one box shows only the name).
    public let opaqueModelName: String?

    private var usedIDs = Set<String>()

    /// The graph of a built model. `expandNested` draws the layers of nested Functional and
    /// Sequential models in place of their boxes (without the cluster frame graphviz draws);
    /// `layerRange` keeps the layers from the first whose name matches the first pattern to the
    /// last whose name matches the second (regular expressions matched at the start of the
    /// name, as `re.match`), with the connections among them.
    public init(_ model: Model, expandNested: Bool = false, layerRange: (String, String)? = nil) throws {
        guard model.built else { throw Model.notBuiltError }
        guard model.isGraphNetwork else {
            opaqueModelName = model.name
            return
        }
        opaqueModelName = nil
        var range: Range<Int>?
        if let layerRange { range = try ModelGraph.indexRange(model, layerRange) }
        _ = try add(model, expandNested: expandNested, range: range)
    }

    /// The layers a graph model draws, with the nodes (calls) that belong to its graph.
    private static func graphLayers(_ model: Model) -> (layers: [Layer], isOwnNode: (Node) -> Bool) {
        if let sequential = model as? Sequential, let input = sequential.inputLayer {
            // The stack is a chain: each layer's call on the previous output.
            let chain = [input] + sequential.stack
            var own = Set<ObjectIdentifier>()
            for (previous, layer) in zip(chain, chain.dropFirst()) {
                for node in layer.inboundNodes where node.inputs.map({ ObjectIdentifier($0.layer) }) == [ObjectIdentifier(previous)] {
                    own.insert(ObjectIdentifier(node))
                }
            }
            return (chain, { own.contains(ObjectIdentifier($0)) })
        }
        if let functional = model as? Functional {
            let own = Set(functional.topology.allNodes.map { ObjectIdentifier($0) })
            return (functional.layers, { own.contains(ObjectIdentifier($0)) })
        }
        return (model.layers, { _ in false })
    }

    /// Adds `model`'s boxes and connections; returns the ids of the first and last box drawn
    /// (where connections into and out of an expanded nested model attach).
    private mutating func add(_ model: Model, expandNested: Bool, range: Range<Int>?) throws -> (first: String, last: String)? {
        let (layers, isOwnNode) = ModelGraph.graphLayers(model)
        var entry: [ObjectIdentifier: String] = [:], exit: [ObjectIdentifier: String] = [:]
        var drawnIDs: [String] = []
        for (i, layer) in layers.enumerated() where range.map({ $0.contains(i) }) ?? true {
            let key = ObjectIdentifier(layer)
            if expandNested, let nested = layer as? Model, nested.isGraphNetwork {
                guard let ends = try add(nested, expandNested: true, range: nil) else { continue }
                entry[key] = ends.first
                exit[key] = ends.last
                drawnIDs += [ends.first, ends.last]
                continue
            }
            let box = makeBox(layer)
            boxes.append(box)
            entry[key] = box.id
            exit[key] = box.id
            drawnIDs.append(box.id)
        }
        var seen = Set<String>()
        for (i, layer) in layers.enumerated() where range.map({ $0.lowerBound < i && i < $0.upperBound }) ?? true {
            guard let target = entry[ObjectIdentifier(layer)] else { continue }
            for node in layer.inboundNodes where isOwnNode(node) {
                for input in node.inputs {
                    guard let source = exit[ObjectIdentifier(input.layer)] else { continue }
                    if seen.insert(source + "\u{0}" + target).inserted { connections.append((source, target)) }
                }
            }
        }
        guard let first = drawnIDs.first, let last = drawnIDs.last else { return nil }
        return (first, last)
    }

    private mutating func makeBox(_ layer: Layer) -> Box {
        var id = layer.name
        var k = 1
        while usedIDs.contains(id) {
            k += 1
            id = "\(layer.name)_\(k)"
        }
        usedIDs.insert(id)
        let activation: String?
        switch layer {
        case let dense as Dense: activation = dense.activation.kerasName
        case let a as ActivationLayer: activation = a.activation.kerasName
        case let r as RecurrentLayer: activation = r.activation.kerasName
        default: activation = nil
        }
        return Box(id: id, name: layer.name, className: layer.className, inputShape: ModelGraph.inputShapeText(layer),
                   outputShape: layer.outputShapeText ?? "?", dtype: layer.dtype.name, activation: activation, trainable: layer.trainable)
    }

    /// Keras' `layer.input_shape`: the inputs of the layer's calls if they all agree.
    static func inputShapeText(_ layer: Layer) -> String {
        func text(_ node: Node) -> String {
            if node.isInput { return "[" + node.outputs.map { formatShape($0.shape) }.joined(separator: ", ") + "]" }
            if node.inputs.count == 1 { return formatShape(node.inputs[0].shape) }
            return "[" + node.inputs.map { formatShape($0.shape) }.joined(separator: ", ") + "]"
        }
        guard let first = layer.inboundNodes.first else { return "?" }
        let t = text(first)
        return layer.inboundNodes.allSatisfy({ text($0) == t }) ? t : "?"
    }

    /// Keras' `get_layer_index_bound_by_layer_name`: from the first layer matching the first
    /// pattern to the last matching the second (swapped when they come the other way round),
    /// over `model.layers`.
    static func indexRange(_ model: Model, _ patterns: (String, String)) throws -> Range<Int> {
        func matches(_ pattern: String) throws -> [Int] {
            let regex: NSRegularExpression
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                throw KerasError.value("layer_range: invalid regular expression '\(pattern)'")
            }
            return model.layers.enumerated().compactMap { i, layer in
                let name = layer.name as NSString
                let found = regex.firstMatch(in: layer.name, options: .anchored, range: NSRange(location: 0, length: name.length))
                return found == nil ? nil : i
            }
        }
        let lower = try matches(patterns.0), upper = try matches(patterns.1)
        guard let lowMin = lower.min(), let lowMax = lower.max(), let upMin = upper.min(), let upMax = upper.max() else {
            throw KerasError.value("Passed layer_names do not match the layer names in the model. Received: ['\(patterns.0)', '\(patterns.1)']")
        }
        return lowMin > upMax ? upMin..<(lowMax + 1) : lowMin..<(upMax + 1)
    }
}
