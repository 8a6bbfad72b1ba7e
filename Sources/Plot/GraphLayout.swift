/// A layered (Sugiyama-style) layout of a `GraphDiagram`, close to what graphviz's `dot`
/// draws: nodes ranked by longest path from the sources, long edges split by virtual nodes,
/// layers ordered by barycentre sweeps to reduce crossings, nodes placed towards their
/// neighbours with one-to-one chains straightened, edges routed through the virtual nodes
/// and aimed at the boxes' centres, loops on the side. Bottom-to-top and right-to-left
/// layouts are mirrored top-to-bottom and left-to-right ones. Coordinates are points, y down
/// from the top-left corner.
struct GraphLayout {
    /// Graphviz's defaults: `ranksep` 0.5 inch, `nodesep` 0.25 inch.
    static let rankSeparation = 36.0
    static let nodeSeparation = 18.0
    /// How far from a box's corner an edge may leave or reach it.
    static let portInset = 6.0
    /// How far a loop (an edge from a node to itself) reaches out of the box's side.
    static let loopReach = 16.0

    /// Each node's box, in node order.
    private(set) var boxes: [Rect] = []
    /// Each node's record label laid out, in node order.
    private(set) var records: [RecordLayout] = []
    /// Each edge's polyline (in edge order), from the source box's edge to the target box's
    /// edge through the virtual nodes. A loop's route is its two ends on the box's side
    /// across the flow (the right side of a top-to-bottom graph).
    private(set) var routes: [[Point]] = []
    /// The indices of the edges that are loops.
    private(set) var loops = Set<Int>()
    private(set) var size: (Double, Double) = (0, 0)

    init(_ graph: GraphDiagram) {
        let n = graph.nodes.count
        guard n > 0 else { return }
        let index = Dictionary(uniqueKeysWithValues: graph.nodes.enumerated().map { ($1.id, $0) })
        let drawn = graph.edges.map { e -> (Int, Int)? in
            guard let a = index[e.from], let b = index[e.to], a != b else { return nil }
            return (a, b)
        }
        let edges = drawn.compactMap { $0 }
        let rank = GraphLayout.ranks(n, edges)
        // Laid out top to bottom or left to right; bottom-to-top and right-to-left graphs
        // are then mirrored.
        let tb = graph.direction == .topToBottom || graph.direction == .bottomToTop
        let mirrored = graph.direction == .bottomToTop || graph.direction == .rightToLeft
        var hasLoop = [Bool](repeating: false, count: n)
        for (i, e) in graph.edges.enumerated() where e.from == e.to {
            if let v = index[e.from] { hasLoop[v] = true }
            loops.insert(i)
        }
        records = graph.nodes.map { RecordLayout($0.label, sideBySide: tb, fontSize: graph.fontSize) }
        let extents: [(Double, Double)] = records.map { tb ? ($0.size.width, $0.size.height) : ($0.size.height, $0.size.width) }
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
        var totalBreadth = 0.0
        for v in 0..<layerOf.count {
            let loop = v < n && hasLoop[v] ? GraphLayout.loopReach : 0
            totalBreadth = max(totalBreadth, shifted[v] + breadth[v] / 2 + loop)
        }
        let totalDepth = layerStart[layerCount - 1] + depthOfLayer[layerCount - 1]
        func box(_ v: Int) -> Rect {
            let r = layerOf[v]
            let mid = layerStart[r] + depthOfLayer[r] / 2
            let (b, d) = v < n ? extents[v] : (0, 0)
            let along = Rect(x0: shifted[v] - b / 2, y0: mid - d / 2, x1: shifted[v] + b / 2, y1: mid + d / 2)
            return tb ? along : Rect(x0: along.y0, y0: along.x0, x1: along.y1, y1: along.x1)
        }
        // Each edge leaves its source and reaches its target where the line between its
        // neighbouring route point and the box's centre crosses the box's side.
        func port(_ v: Int, towards p: Point, leaving: Bool) -> Point {
            let b = box(v)
            let inset = GraphLayout.portInset
            if tb {
                let y = leaving ? b.y1 : b.y0
                let t = (y - b.midY) / (p.y - b.midY)
                let x = t.isFinite && t > 0 ? b.midX + t * (p.x - b.midX) : b.midX
                return Point(min(max(x, b.x0 + min(inset, b.width / 2)), b.x1 - min(inset, b.width / 2)), y)
            }
            let x = leaving ? b.x1 : b.x0
            let t = (x - b.midX) / (p.x - b.midX)
            let y = t.isFinite && t > 0 ? b.midY + t * (p.y - b.midY) : b.midY
            return Point(x, min(max(y, b.y0 + min(inset, b.height / 2)), b.y1 - min(inset, b.height / 2)))
        }
        func middle(_ v: Int) -> Point { Point(box(v).midX, box(v).midY) }
        var chainIterator = chains.makeIterator()
        routes = graph.edges.enumerated().map { i, e in
            if loops.contains(i) {
                guard let v = index[e.from] else { return [] }
                let b = box(v)
                return tb ? [Point(b.x1, b.midY - b.height / 4), Point(b.x1, b.midY + b.height / 4)]
                          : [Point(b.midX - b.width / 4, b.y1), Point(b.midX + b.width / 4, b.y1)]
            }
            guard drawn[i] != nil, let chain = chainIterator.next(), chain.count >= 2 else { return [] }
            let inner = chain.dropFirst().dropLast().map(middle)
            let first = port(chain[0], towards: inner.first ?? middle(chain[chain.count - 1]), leaving: true)
            let last = port(chain[chain.count - 1], towards: inner.last ?? middle(chain[0]), leaving: false)
            return [first] + inner + [last]
        }
        boxes = (0..<n).map(box)
        if mirrored {
            func flip(_ p: Point) -> Point { tb ? Point(p.x, totalDepth - p.y) : Point(totalDepth - p.x, p.y) }
            boxes = boxes.map { b in
                tb ? Rect(x0: b.x0, y0: totalDepth - b.y1, x1: b.x1, y1: totalDepth - b.y0)
                   : Rect(x0: totalDepth - b.x1, y0: b.y0, x1: totalDepth - b.x0, y1: b.y1)
            }
            routes = routes.map { $0.map(flip) }
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

    /// Centres of the nodes along their layers: packed, pulled towards the mean of their
    /// neighbours' centres, then chains (runs of nodes linked one to one, such as a stack of
    /// layers or a long edge's virtual nodes) straightened to one centre each, as graphviz
    /// draws them, with the other nodes centred on their neighbours; order and separation are
    /// kept throughout.
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
        /// Moves the layer's nodes to the desired centres as closely as order and separation
        /// allow: overlaps resolved once pushing right and once pushing left, and the two
        /// averaged (both keep the separation, so the mean does too).
        func settle(_ layer: [Int], _ desired: [Double]) {
            var right = desired, left = desired
            for i in 1..<max(layer.count, 1) {
                right[i] = max(right[i], right[i - 1] + (breadth[layer[i - 1]] + breadth[layer[i]]) / 2 + gap)
            }
            for i in stride(from: layer.count - 2, through: 0, by: -1) {
                left[i] = min(left[i], left[i + 1] - (breadth[layer[i + 1]] + breadth[layer[i]]) / 2 - gap)
            }
            for (v, x) in zip(layer, zip(right, left).map { ($0 + $1) / 2 }) { centre[v] = x }
        }
        func neighbourMean(_ v: Int) -> Double {
            let ns = up[v] + down[v]
            return ns.isEmpty ? centre[v] : ns.map { centre[$0] }.reduce(0, +) / Double(ns.count)
        }
        for iteration in 0..<12 {
            for layer in iteration % 2 == 0 ? layers : layers.reversed() {
                settle(layer, layer.map(neighbourMean))
            }
        }
        // Chains: maximal runs where a node's only lower neighbour has it as only upper one.
        var chainOf = [Int](repeating: -1, count: breadth.count)
        var chains: [[Int]] = []
        for layer in layers {
            for v in layer where chainOf[v] < 0 {
                var chain = [v]
                var current = v
                while down[current].count == 1, let next = down[current].first, up[next].count == 1, chainOf[next] < 0 {
                    chain.append(next)
                    current = next
                }
                guard chain.count > 1 else { continue }
                for u in chain { chainOf[u] = chains.count }
                chains.append(chain)
            }
        }
        guard !chains.isEmpty else { return centre }
        // A chain squeezed in one layer follows that layer's room geometrically: enough
        // rounds to settle well below a hundredth of a point.
        for _ in 0..<40 {
            let chainCentres = chains.map { c in c.map { centre[$0] }.reduce(0, +) / Double(c.count) }
            for layer in layers {
                settle(layer, layer.map { v in chainOf[v] >= 0 ? chainCentres[chainOf[v]] : neighbourMean(v) })
            }
        }
        return centre
    }
}
