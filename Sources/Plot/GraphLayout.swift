/// A layered (Sugiyama-style) layout of a `GraphDiagram`: nodes ranked by longest path from
/// the sources, long edges split by virtual nodes, layers ordered by barycentre sweeps to
/// reduce crossings, nodes placed towards their neighbours, edges routed through the virtual
/// nodes. Coordinates are points, y down from the top-left corner.
struct GraphLayout {
    static let cellPadding = 6.0
    static let rankSeparation = 36.0
    static let nodeSeparation = 18.0

    /// Each node's box, in node order.
    private(set) var boxes: [Rect] = []
    /// Each edge's polyline, from the source box's edge to the target box's edge.
    private(set) var routes: [[Point]] = []
    private(set) var size: (Double, Double) = (0, 0)

    init(_ graph: GraphDiagram) {
        let n = graph.nodes.count
        guard n > 0 else { return }
        let index = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($1.id, $0) })
        let edges = graph.edges.compactMap { e -> (Int, Int)? in
            guard let a = index[e.from], let b = index[e.to], a != b else { return nil }
            return (a, b)
        }
        let rank = GraphLayout.ranks(n, edges)
        // Node sizes along (breadth) and across (depth) the layers.
        let tb = graph.direction == .topToBottom
        let extents: [(Double, Double)] = graph.nodes.map { node in
            let c = graph.cellMetrics(node)
            let w = c.title + c.key + c.value, h = c.rowHeight * Double(c.rows)
            return tb ? (w, h) : (h, w)
        }
        // Chains of virtual nodes for edges spanning several layers.
        var layerOf = rank
        var breadth = extents.map(\.0)
        var chains: [[Int]] = []
        var up: [[Int]] = Array(repeating: [], count: n), down: [[Int]] = Array(repeating: [], count: n)
        func link(_ a: Int, _ b: Int) {
            down[a].append(b)
            up[b].append(a)
        }
        for (a, b) in edges {
            var chain = [a]
            var previous = a
            let (ra, rb) = (rank[a], rank[b])
            if rb > ra + 1 {
                for r in (ra + 1)..<rb {
                    let v = layerOf.count
                    layerOf.append(r)
                    breadth.append(0)
                    up.append([])
                    down.append([])
                    link(previous, v)
                    chain.append(v)
                    previous = v
                }
            }
            link(previous, b)
            chain.append(b)
            chains.append(chain)
        }
        let layerCount = (layerOf.max() ?? 0) + 1
        var layers: [[Int]] = Array(repeating: [], count: layerCount)
        for v in 0..<layerOf.count { layers[layerOf[v]].append(v) }
        GraphLayout.orderLayers(&layers, up: up, down: down)
        // Depth of each layer: its tallest node; positions across layers.
        var depthOfLayer = [Double](repeating: 0, count: layerCount)
        for v in 0..<n { depthOfLayer[layerOf[v]] = max(depthOfLayer[layerOf[v]], extents[v].1) }
        var layerStart = [Double](repeating: 0, count: layerCount)
        for r in 1..<max(layerCount, 1) {
            layerStart[r] = layerStart[r - 1] + depthOfLayer[r - 1] + GraphLayout.rankSeparation
        }
        let centre = GraphLayout.placeAlongLayers(layers, breadth: breadth, up: up, down: down)
        let minEdge = (0..<layerOf.count).map { centre[$0] - breadth[$0] / 2 }.min() ?? 0
        let shifted = centre.map { $0 - minEdge }
        let totalBreadth = (0..<layerOf.count).map { shifted[$0] + breadth[$0] / 2 }.max() ?? 0
        let totalDepth = layerStart[layerCount - 1] + depthOfLayer[layerCount - 1]
        func box(_ v: Int) -> Rect {
            let r = layerOf[v]
            let mid = layerStart[r] + depthOfLayer[r] / 2
            let (b, d) = v < n ? extents[v] : (0, 0)
            let along = Rect(x0: shifted[v] - b / 2, y0: mid - d / 2, x1: shifted[v] + b / 2, y1: mid + d / 2)
            return tb ? along : Rect(x0: along.y0, y0: along.x0, x1: along.y1, y1: along.x1)
        }
        boxes = (0..<n).map(box)
        routes = chains.map { chain in
            var points: [Point] = []
            for (k, v) in chain.enumerated() {
                let b = box(v)
                if k == 0 {
                    points.append(tb ? Point(b.midX, b.y1) : Point(b.x1, b.midY))
                } else if k == chain.count - 1 {
                    points.append(tb ? Point(b.midX, b.y0) : Point(b.x0, b.midY))
                } else {
                    points.append(Point(b.midX, b.midY))
                }
            }
            return points
        }
        size = tb ? (totalBreadth, totalDepth) : (totalDepth, totalBreadth)
    }

    /// Longest-path ranks from the sources; edges closing a cycle are ignored.
    private static func ranks(_ n: Int, _ edges: [(Int, Int)]) -> [Int] {
        var incoming = [Int](repeating: 0, count: n)
        var outgoing: [[Int]] = Array(repeating: [], count: n)
        for (a, b) in edges {
            outgoing[a].append(b)
            incoming[b] += 1
        }
        var rank = [Int](repeating: 0, count: n)
        var queue = (0..<n).filter { incoming[$0] == 0 }
        var done = [Bool](repeating: false, count: n)
        while true {
            while let v = queue.first {
                queue.removeFirst()
                done[v] = true
                for w in outgoing[v] {
                    rank[w] = max(rank[w], rank[v] + 1)
                    incoming[w] -= 1
                    if incoming[w] == 0 { queue.append(w) }
                }
            }
            // A cycle remains: release its first node.
            guard let stuck = (0..<n).first(where: { !done[$0] }) else { break }
            incoming[stuck] = 0
            queue.append(stuck)
        }
        return rank
    }

    /// Barycentre sweeps, down then up, keeping the order with the fewest crossings.
    private static func orderLayers(_ layers: inout [[Int]], up: [[Int]], down: [[Int]]) {
        func positions(_ layer: [Int]) -> [Int: Double] {
            Dictionary(uniqueKeysWithValues: layer.enumerated().map { ($1, Double($0)) })
        }
        func crossings(_ ls: [[Int]]) -> Int {
            var count = 0
            for r in 0..<max(ls.count - 1, 0) {
                let pos = positions(ls[r + 1])
                var pairs: [(Double, Double)] = []
                for (i, v) in ls[r].enumerated() {
                    for w in down[v] { if let p = pos[w] { pairs.append((Double(i), p)) } }
                }
                for i in 0..<pairs.count {
                    for j in (i + 1)..<pairs.count
                    where (pairs[i].0 - pairs[j].0) * (pairs[i].1 - pairs[j].1) < 0 { count += 1 }
                }
            }
            return count
        }
        var best = layers, bestCrossings = crossings(layers)
        for sweep in 0..<8 {
            let downward = sweep % 2 == 0
            let order = downward ? Array(1..<max(layers.count, 1)) : Array((0..<max(layers.count - 1, 0)).reversed())
            for r in order {
                let neighbours = positions(layers[downward ? r - 1 : r + 1])
                let keyed = layers[r].enumerated().map { i, v -> (Double, Int, Int) in
                    let ps = (downward ? up[v] : down[v]).compactMap { neighbours[$0] }
                    return (ps.isEmpty ? Double(i) : ps.reduce(0, +) / Double(ps.count), i, v)
                }
                layers[r] = keyed.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
            }
            let c = crossings(layers)
            if c < bestCrossings {
                best = layers
                bestCrossings = c
            }
        }
        layers = best
    }

    /// Centres of the nodes along their layers: packed, then pulled towards the mean of their
    /// neighbours' centres while keeping order and separation.
    private static func placeAlongLayers(_ layers: [[Int]], breadth: [Double], up: [[Int]], down: [[Int]]) -> [Double] {
        var centre = [Double](repeating: 0, count: breadth.count)
        let gap = nodeSeparation
        for layer in layers {
            var x = 0.0
            for v in layer {
                centre[v] = x + breadth[v] / 2
                x += breadth[v] + gap
            }
        }
        // Centre every layer on the widest one.
        let widths = layers.map { l in l.map { breadth[$0] }.reduce(0, +) + gap * Double(max(l.count - 1, 0)) }
        let widest = widths.max() ?? 0
        for (layer, w) in zip(layers, widths) {
            for v in layer { centre[v] += (widest - w) / 2 }
        }
        for iteration in 0..<12 {
            let downward = iteration % 2 == 0
            for layer in downward ? layers : layers.reversed() {
                // Desired positions; overlaps resolved once pushing right and once pushing
                // left, and the two averaged (both keep the separation, so the mean does too).
                let desired = layer.map { v -> Double in
                    let ns = up[v] + down[v]
                    return ns.isEmpty ? centre[v] : ns.map { centre[$0] }.reduce(0, +) / Double(ns.count)
                }
                var right = desired, left = desired
                for i in 1..<max(layer.count, 1) {
                    right[i] = max(right[i], right[i - 1] + (breadth[layer[i - 1]] + breadth[layer[i]]) / 2 + gap)
                }
                for i in stride(from: layer.count - 2, through: 0, by: -1) {
                    left[i] = min(left[i], left[i + 1] - (breadth[layer[i + 1]] + breadth[layer[i]]) / 2 - gap)
                }
                let placed = zip(right, left).map { ($0 + $1) / 2 }
                for (v, x) in zip(layer, placed) { centre[v] = x }
            }
        }
        return centre
    }
}
