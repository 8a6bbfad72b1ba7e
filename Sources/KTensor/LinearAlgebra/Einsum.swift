/// `np.einsum` over any number of operands, NumPy's subscript rules and error texts (labels
/// are letters, `...` broadcast dimensions right-aligned, implicit output: the `...`
/// dimensions, then the labels used once, in character order). Evaluated as tensor ops,
/// so differentiable: repeated labels in one operand take the diagonal, labels no one else
/// needs are summed at once, and operands are folded left to right, each pair contracted as
/// one batched matrix product. The result has the operands' common dtype.
public enum Einsum {
    /// A label: a letter's character code, or `ellipsisBase + k` for the k-th broadcast
    /// dimension counted from the last.
    typealias Label = Int
    static let ellipsisBase = 1000

    public static func evaluate(_ subscripts: String, _ operands: [Tensor]) throws -> Tensor {
        let parts = subscripts.filter { $0 != " " }.components(separatedBy: "->")
        guard parts.count <= 2 else { throw TensorError.invalid("einstein sum subscript string does not contain proper '->' output specified") }
        let inputs = parts[0].components(separatedBy: ",")
        // NumPy 1.23's two messages, each for the other case.
        if inputs.count > operands.count {
            throw TensorError.invalid("more operands provided to einstein sum function than specified in the subscripts string")
        }
        if inputs.count < operands.count {
            throw TensorError.invalid("fewer operands provided to einstein sum function than specified in the subscripts string")
        }
        var labels = try zip(inputs, operands).enumerated().map { i, pair in try parse(pair.0, rank: pair.1.rank, operand: i) }
        let broadcastRank = zip(inputs, operands).map { $0.contains("...") ? $1.rank - ($0.count - 3) : 0 }.max() ?? 0
        let output: [Label]
        if parts.count == 2 {
            output = try parse(parts[1], rank: nil, operand: nil, broadcastRank: broadcastRank)
            if broadcastRank > 0 && !parts[1].contains("...") {
                throw TensorError.invalid("output has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
            }
            for (i, label) in output.enumerated() where output[..<i].contains(label) {
                throw TensorError.invalid("einstein sum subscripts string includes output subscript '\(name(label))' multiple times")
            }
            for label in output where !labels.joined().contains(label) {
                throw TensorError.invalid("einstein sum subscripts string included output subscript '\(name(label))' which never appeared in an input")
            }
        } else {
            let all = Array(labels.joined())
            output = (0..<broadcastRank).reversed().map { ellipsisBase + $0 }
                + Set(all.filter { $0 < ellipsisBase }).filter { l in all.filter { $0 == l }.count == 1 }.sorted()
        }
        let common = operands.dropFirst().reduce(operands.first?.dtype ?? .float64) { DType.promoted($0, $1.dtype) }
        var tensors = try operands.map { try $0.cast(to: common) }
        try checkSizes(tensors, labels, output: output)
        for i in tensors.indices { (tensors[i], labels[i]) = try diagonal(tensors[i], labels[i], operand: i) }
        try broadcastSizes(&tensors, labels)
        var result = tensors[0], resultLabels = labels[0]
        for i in tensors.indices {
            let needed = Set(output + labels[(i + 1)...].joined())
            if i == 0 {
                (result, resultLabels) = try sumUnneeded(result, resultLabels, keeping: needed)
            } else {
                (result, resultLabels) = try contract(result, resultLabels, tensors[i], labels[i], keeping: needed)
            }
        }
        result = try result.transposed(output.map { l in resultLabels.firstIndex(of: l) ?? 0 })
        return try result.cast(to: common)
    }

    /// The labels of one operand's subscripts (`rank` nil: the output's, `...` standing for
    /// `broadcastRank` dimensions).
    static func parse(_ text: String, rank: Int?, operand: Int?, broadcastRank: Int = 0) throws -> [Label] {
        var letters: [Label] = [], ellipsisAt: Int? = nil
        var rest = Substring(text)
        while let c = rest.first {
            if rest.hasPrefix("...") && ellipsisAt == nil {
                ellipsisAt = letters.count
                rest = rest.dropFirst(3)
                continue
            }
            guard c.isASCII, c.isLetter, let code = c.asciiValue else {
                let what = c == "." ? "einstein sum subscripts string contains a '.' that is not part of an ellipsis ('...')"
                                    : "invalid subscript '\(c)' in einstein sum subscripts string, subscripts must be letters"
                throw TensorError.invalid(what + (operand.map { c == "." ? " in operand \($0)" : "" } ?? (c == "." ? " in the output" : "")))
            }
            letters.append(Label(code))
            rest = rest.dropFirst()
        }
        let broadcast: Int
        if let rank, let operand {
            if letters.count > rank {
                throw TensorError.invalid("einstein sum subscripts string contains too many subscripts for operand \(operand)")
            }
            if ellipsisAt == nil && letters.count < rank {
                throw TensorError.invalid("operand has more dimensions than subscripts given in einstein sum, but no '...' ellipsis provided to broadcast the extra dimensions.")
            }
            broadcast = rank - letters.count
        } else {
            broadcast = ellipsisAt == nil ? 0 : broadcastRank
        }
        guard let at = ellipsisAt else { return letters }
        return Array(letters[..<at]) + (0..<broadcast).reversed().map { ellipsisBase + $0 } + Array(letters[at...])
    }

    static func name(_ label: Label) -> String {
        label >= ellipsisBase ? "..." : String(UnicodeScalar(UInt8(label)))
    }

    /// NumPy's checks: a label repeated in one operand has one size; across operands sizes
    /// agree or are 1 (else the broadcast error, with the operands' shapes remapped to the
    /// iteration order: output labels, then the others in character order).
    static func checkSizes(_ tensors: [Tensor], _ labels: [[Label]], output: [Label]) throws {
        var sizes: [Label: Int] = [:]
        var mismatch = false
        for (i, (t, ls)) in zip(tensors, labels).enumerated() {
            var own: [Label: Int] = [:]
            for (axis, l) in ls.enumerated() {
                if let n = own[l], n != t.shape[axis] {
                    throw TensorError.invalid("dimensions in operand \(i) for collapsing index '\(name(l))' don't match (\(n) != \(t.shape[axis]))")
                }
                own[l] = t.shape[axis]
            }
            for (l, n) in own {
                if let m = sizes[l], m != n, m != 1, n != 1 { mismatch = true }
                if sizes[l] == nil || sizes[l] == 1 { sizes[l] = n }
            }
        }
        guard mismatch else { return }
        let order = output + Set(labels.joined()).subtracting(output).sorted()
        let text = zip(tensors, labels).map { t, ls -> String in
            var remapped = order.map { l in ls.firstIndex(of: l).map { String(t.shape[$0]) } ?? "newaxis" }
            while remapped.first == "newaxis" { remapped.removeFirst() }
            return "\(shapeText(t.shape.map(String.init)))->\(shapeText(remapped)) "
        }.joined()
        throw TensorError.invalid("operands could not be broadcast together with remapped shapes [original->remapped]: " + text)
    }

    static func shapeText(_ dims: [String]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.joined(separator: ",") + ")"
    }

    /// The operand with each repeated label's axes collapsed to their diagonal (first axis).
    static func diagonal(_ t: Tensor, _ labels: [Label], operand: Int) throws -> (Tensor, [Label]) {
        var t = t, labels = labels
        while let q = labels.indices.first(where: { labels[..<$0].contains(labels[$0]) }), let p = labels.firstIndex(of: labels[q]) {
            let n = t.shape[p]
            let rest = t.shape.indices.filter { $0 != p && $0 != q }
            let square = try t.transposed([p, q] + rest).reshaped([n * n] + rest.map { t.shape[$0] })
            let positions = try Tensor(shape: [n], values: (0..<n).map { Int64($0 * (n + 1)) })
            t = try square.take(positions, axis: 0)
            labels = [labels[p]] + rest.map { labels[$0] }
        }
        return (t, labels)
    }

    /// Each operand's size-1 axes broadcast to their label's size elsewhere.
    static func broadcastSizes(_ tensors: inout [Tensor], _ labels: [[Label]]) throws {
        var sizes: [Label: Int] = [:]
        for (t, ls) in zip(tensors, labels) {
            for (axis, l) in ls.enumerated() where sizes[l] == nil || sizes[l] == 1 { sizes[l] = t.shape[axis] }
        }
        for i in tensors.indices {
            let target = labels[i].map { sizes[$0] ?? 1 }
            if target != tensors[i].shape { tensors[i] = try tensors[i].broadcast(to: target) }
        }
    }

    /// The tensor summed over the labels not in `needed`.
    static func sumUnneeded(_ t: Tensor, _ labels: [Label], keeping needed: Set<Label>) throws -> (Tensor, [Label]) {
        let axes = labels.indices.filter { !needed.contains(labels[$0]) }
        guard !axes.isEmpty else { return (t, labels) }
        return (try t.sum(axes: axes), labels.filter { needed.contains($0) })
    }

    /// `a` and `b` multiplied, summing the labels not in `needed`: one batched matrix product
    /// of `[batch, free a, summed]` by `[batch, summed, free b]`.
    static func contract(_ a: Tensor, _ aLabels: [Label], _ b: Tensor, _ bLabels: [Label],
                         keeping needed: Set<Label>) throws -> (Tensor, [Label]) {
        let (a, aLabels) = try sumUnneeded(a, aLabels, keeping: needed.union(bLabels))
        let (b, bLabels) = try sumUnneeded(b, bLabels, keeping: needed.union(aLabels))
        let batch = aLabels.filter { bLabels.contains($0) && needed.contains($0) }
        let summed = aLabels.filter { bLabels.contains($0) && !needed.contains($0) }
        let freeA = aLabels.filter { !bLabels.contains($0) }, freeB = bLabels.filter { !aLabels.contains($0) }
        let size = { (t: Tensor, ls: [Label], group: [Label]) in group.reduce(1) { $0 * t.shape[ls.firstIndex(of: $1) ?? 0] } }
        let left = try a.transposed((batch + freeA + summed).compactMap { aLabels.firstIndex(of: $0) })
            .reshaped([size(a, aLabels, batch), size(a, aLabels, freeA), size(a, aLabels, summed)])
        let right = try b.transposed((batch + summed + freeB).compactMap { bLabels.firstIndex(of: $0) })
            .reshaped([size(b, bLabels, batch), size(b, bLabels, summed), size(b, bLabels, freeB)])
        let product = try Tensor.matmul(left, right)
        let shape = batch.map { a.shape[aLabels.firstIndex(of: $0) ?? 0] } + freeA.map { a.shape[aLabels.firstIndex(of: $0) ?? 0] }
            + freeB.map { b.shape[bLabels.firstIndex(of: $0) ?? 0] }
        return (try product.reshaped(shape), batch + freeA + freeB)
    }
}
