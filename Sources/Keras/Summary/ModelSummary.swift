/// `model.summary()` exactly as Keras 2.12 prints it (see KERAS-NOTES.md): the narrow layout
/// for Sequential, subclassed and chain-like Functional models, the wide one with a
/// `Connected to` column for every other graph, totals with thousands separators.
public struct ModelSummary {
    public var lineLength: Int?
    public var positions: [Double]?
    public var expandNested: Bool
    public var showTrainable: Bool

    public init(lineLength: Int? = nil, positions: [Double]? = nil, expandNested: Bool = false, showTrainable: Bool = false) {
        self.lineLength = lineLength
        self.positions = positions
        self.expandNested = expandNested
        self.showTrainable = showTrainable
    }

    /// The summary's lines (without newlines). Throws for a model that is not built.
    public func lines(for model: Model) throws -> [String] {
        guard model.built else { throw Model.notBuiltError }
        let topology = (model as? Functional)?.topology
        let sequentialLike = topology.map(ModelSummary.isSequentialLike) ?? true
        var width: Int
        var table: SummaryTable
        var headers = ["Layer (type)", "Output Shape", "Param #"]
        if sequentialLike {
            width = lineLength ?? 65
            table = SummaryTable(lineLength: width, positions: positions ?? [0.45, 0.85, 1.0])
        } else {
            width = lineLength ?? 98
            table = SummaryTable(lineLength: width, positions: positions ?? [0.33, 0.55, 0.67, 1.0])
            headers.append("Connected to")
        }
        if showTrainable {
            width += 11
            table = SummaryTable(lineLength: width, positions: table.positions.map(Double.init) + [Double(width)])
            headers.append("Trainable")
        }
        let relevant = Set((topology?.allNodes ?? []).map { ObjectIdentifier($0) })

        var out: [String] = ["Model: \"\(model.name)\"", String(repeating: "_", count: width)]
        out += table.lines(headers)
        out.append(String(repeating: "=", count: width))

        func row(for layer: Layer, nestedLevel: Int) throws -> [String] {
            let shape = layer.outputShapeText ?? "multiple"
            var fields = [layer.name + " (" + layer.className + ")", shape]
            if sequentialLike {
                fields.append(!layer.built && !((layer as? Model)?.isGraphNetwork ?? false) ? "0 (unused)" : String(try layer.countParams()))
            } else {
                var connections: [String] = []
                for node in layer.inboundNodes where relevant.isEmpty || relevant.contains(ObjectIdentifier(node)) {
                    for input in node.inputs { connections.append("\(input.layer.name)[\(input.nodeIndex)][\(input.tensorIndex)]") }
                }
                fields.append(String(try layer.countParams()))
                fields.append("[" + connections.map { "'\($0)'" }.joined(separator: ", ") + "]")
            }
            if showTrainable { fields.append(layer.trainable ? "Y" : "N") }
            return table.lines(fields, nestedLevel: nestedLevel)
        }

        func printLayer(_ layer: Layer, nestedLevel: Int, isNestedLast: Bool) throws {
            // Keras reuses its `is_nested_last` variable for the nested loop, so after an
            // expanded nested model no blank row follows.
            var isNestedLast = isNestedLast
            out += try row(for: layer, nestedLevel: nestedLevel)
            if expandNested, let inner = layer as? Model, !inner.layers.isEmpty {
                out.append(String(repeating: "|", count: nestedLevel + 1) + String(repeating: "¯", count: width - 2 * nestedLevel - 2)
                           + String(repeating: "|", count: nestedLevel + 1))
                let nested = inner.layers
                for (i, child) in nested.enumerated() {
                    try printLayer(child, nestedLevel: nestedLevel + 1, isNestedLast: i == nested.count - 1)
                }
                isNestedLast = true
                out.append(String(repeating: "|", count: nestedLevel) + String(repeating: "¯", count: width - 2 * nestedLevel)
                           + String(repeating: "|", count: nestedLevel))
            }
            if !isNestedLast {
                out.append(String(repeating: "|", count: nestedLevel) + String(repeating: " ", count: width - 2 * nestedLevel)
                           + String(repeating: "|", count: nestedLevel))
            }
        }
        for layer in model.layers { try printLayer(layer, nestedLevel: 0, isNestedLast: false) }
        out.append(String(repeating: "=", count: width))
        let trainableCount = model.trainableWeights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        let nonTrainableCount = model.nonTrainableWeights.reduce(0) { $0 + $1.shape.reduce(1, *) }
        out.append("Total params: \(ModelSummary.grouped(trainableCount + nonTrainableCount))")
        out.append("Trainable params: \(ModelSummary.grouped(trainableCount))")
        out.append("Non-trainable params: \(ModelSummary.grouped(nonTrainableCount))")
        out.append(String(repeating: "_", count: width))
        return out
    }

    /// Keras' test for the narrow layout of a Functional model: one node per depth, each with
    /// one input tensor, and no layer with two of the graph's nodes.
    static func isSequentialLike(_ topology: NetworkTopology) -> Bool {
        var nodes = Set<ObjectIdentifier>()
        for (_, group) in topology.nodesByDepth {
            if group.count > 1 || (group.count == 1 && group[0].inputs.count > 1) { return false }
            for node in group { nodes.insert(ObjectIdentifier(node)) }
        }
        for layer in topology.layers where layer.inboundNodes.filter({ nodes.contains(ObjectIdentifier($0)) }).count > 1 {
            return false
        }
        return true
    }

    /// `f"{n:,}"`.
    static func grouped(_ n: Int) -> String {
        let digits = Array(String(n.magnitude))
        var out: [Character] = []
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return (n < 0 ? "-" : "") + String(out)
    }
}
