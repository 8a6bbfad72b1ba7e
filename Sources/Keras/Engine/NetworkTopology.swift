/// The structure of a Functional model's graph, as Keras' `_map_graph_network` finds it:
/// the nodes between the inputs and the outputs grouped by depth (0 = the output nodes), and
/// the layers ordered by decreasing depth, ties in graph-traversal order. This order is
/// `model.layers`, the order of `summary()` rows and of `model.weights`.
struct NetworkTopology {
    /// Nodes by depth; within a depth in the order Keras' dict holds them.
    let nodesByDepth: [(depth: Int, nodes: [Node])]
    /// Layers in Keras' order.
    let layers: [Layer]
    /// The nodes to run, deepest first (inputs excluded).
    let executionOrder: [Node]
    /// `executionOrder` cut into runs: a run of more than one node is neighbouring calls of
    /// layers whose kernels run side by side (`Layer.kernelRunsBesideSiblings`), none reading
    /// another's outputs; every other node is a run of its own.
    let executionRuns: [ArraySlice<Node>]

    init(inputs: [KerasTensor], outputs: [KerasTensor]) throws {
        // Depth-first from the outputs: nodes in decreasing depth, layers in discovery order.
        var finished = Set<ObjectIdentifier>()
        var inProgress = Set<ObjectIdentifier>()
        var ordered: [Node] = []
        var layerIndices: [ObjectIdentifier: Int] = [:]
        var layerObjects: [ObjectIdentifier: Layer] = [:]
        let inputNodes = Set(inputs.map { ObjectIdentifier($0.node) })

        func visit(_ tensor: KerasTensor) throws {
            let node = tensor.node
            let key = ObjectIdentifier(node)
            if finished.contains(key) { return }
            if inProgress.contains(key) {
                throw KerasError.value("The tensor \(tensor.name) at layer \"\(tensor.layer.name)\" is part of a cycle.")
            }
            let layerKey = ObjectIdentifier(tensor.layer)
            if layerIndices[layerKey] == nil {
                layerIndices[layerKey] = layerIndices.count
                layerObjects[layerKey] = tensor.layer
            }
            inProgress.insert(key)
            if !node.isInput && !inputNodes.contains(key) {
                for input in node.inputs { try visit(input) }
            }
            finished.insert(key)
            inProgress.remove(key)
            ordered.append(node)
        }
        for output in outputs { try visit(output) }

        // Depths: a node is one deeper than its deepest consumer; a layer as deep as its
        // deepest node.
        var nodeDepth: [ObjectIdentifier: Int] = [:]
        var nodeOrder: [Node] = []
        var layerDepth: [ObjectIdentifier: Int] = [:]
        var layerOrder: [Layer] = []
        func setNodeDepth(_ node: Node, _ depth: Int) {
            let key = ObjectIdentifier(node)
            if nodeDepth[key] == nil { nodeOrder.append(node) }
            nodeDepth[key] = depth
        }
        for node in ordered.reversed() {
            let key = ObjectIdentifier(node)
            if nodeDepth[key] == nil { setNodeDepth(node, 0) }
            let layerKey = ObjectIdentifier(node.layer)
            let depth = max(nodeDepth[key] ?? 0, layerDepth[layerKey] ?? 0)
            if layerDepth[layerKey] == nil { layerOrder.append(node.layer) }
            layerDepth[layerKey] = depth
            nodeDepth[key] = depth
            if inputNodes.contains(key) { continue }
            for parent in node.parentNodes {
                let previous = nodeDepth[ObjectIdentifier(parent)] ?? 0
                setNodeDepth(parent, max(depth + 1, previous))
            }
        }
        for input in inputs {
            let layerKey = ObjectIdentifier(input.layer)
            if layerDepth[layerKey] == nil {
                layerDepth[layerKey] = 0
                layerOrder.append(input.layer)
                layerIndices[layerKey] = -1
                setNodeDepth(input.node, 0)
            }
        }

        var byDepth: [Int: [Node]] = [:]
        for node in nodeOrder { byDepth[nodeDepth[ObjectIdentifier(node)] ?? 0, default: []].append(node) }
        nodesByDepth = byDepth.keys.sorted(by: >).map { ($0, byDepth[$0] ?? []) }

        var layersAtDepth: [Int: [Layer]] = [:]
        for layer in layerOrder { layersAtDepth[layerDepth[ObjectIdentifier(layer)] ?? 0, default: []].append(layer) }
        var sortedLayers: [Layer] = []
        for depth in layersAtDepth.keys.sorted(by: >) {
            let group = layersAtDepth[depth] ?? []
            sortedLayers += group.enumerated().sorted {
                let a = layerIndices[ObjectIdentifier($0.element)] ?? 0, b = layerIndices[ObjectIdentifier($1.element)] ?? 0
                return a != b ? a < b : $0.offset < $1.offset
            }.map(\.element)
        }
        layers = sortedLayers

        // Every node's inputs must be computable from the model's inputs.
        var available = Set(inputs.map { ObjectIdentifier($0) })
        var execution: [Node] = []
        for (_, nodes) in nodesByDepth {
            for node in nodes where !(node.isInput || inputNodes.contains(ObjectIdentifier(node))) {
                for input in node.inputs where !available.contains(ObjectIdentifier(input)) {
                    throw KerasError.value("Graph disconnected: cannot obtain value for tensor \(input.description) at layer \"\(input.layer.name)\". The following previous layers were accessed without issue: \(execution.map(\.layer.name))")
                }
                execution.append(node)
                for output in node.outputs { available.insert(ObjectIdentifier(output)) }
            }
        }
        executionOrder = execution
        executionRuns = NetworkTopology.runs(of: execution)
    }

    /// `nodes` cut into runs side by side (`executionRuns`).
    static func runs(of nodes: [Node]) -> [ArraySlice<Node>] {
        var runs: [ArraySlice<Node>] = []
        var start = 0
        for end in 1..<(nodes.count + 1) {
            if end < nodes.count, nodes[end].layer.kernelRunsBesideSiblings, nodes[end - 1].layer.kernelRunsBesideSiblings {
                let earlier = Set(nodes[start..<end].flatMap(\.outputs).map { ObjectIdentifier($0) })
                if !nodes[end].inputs.contains(where: { earlier.contains(ObjectIdentifier($0)) }) { continue }
            }
            runs.append(nodes[start..<end])
            start = end
        }
        return runs
    }

    /// All nodes of the graph (Keras' `relevant_nodes`).
    var allNodes: [Node] { nodesByDepth.flatMap(\.nodes) }
}
