import KTensor

/// A recurrent layer's weights for one call.
struct CellWeights {
    let kernel: Tensor
    let recurrentKernel: Tensor
    let bias: Tensor?

    /// Gate block `index` of `count` along the last axis of `weight` (`kernel[:, u:2u]`).
    static func block(_ weight: Tensor, _ index: Int, of count: Int) throws -> Tensor {
        let width = weight.shape[weight.rank - 1] / count
        return try weight.slice(axis: -1, start: index * width, length: width)
    }
}

/// The dropout masks of one call of a cell: one per gate block, nil where no dropout applies.
struct CellDropoutMasks {
    let inputs: [Tensor]?
    let states: [Tensor]?

    /// No dropout.
    static let none = CellDropoutMasks(inputs: nil, states: nil)

    /// `x` as gate `gate` sees it.
    func input(_ x: Tensor, gate: Int) throws -> Tensor {
        guard let inputs else { return x }
        return try x * inputs[gate]
    }

    /// The previous output `h` as gate `gate`'s recurrent product sees it.
    func state(_ h: Tensor, gate: Int) throws -> Tensor {
        guard let states else { return h }
        return try h * states[gate]
    }
}

extension RecurrentLayer {
    /// Runs the cell step by step as recorded tensor ops (Keras' `backend.rnn` loop): from
    /// `initialStates` (zeros when empty), in reversed time for `goBackwards`, keeping a row's
    /// states and output at the steps `mask` (`[batch, time]`) leaves out. Returns the outputs
    /// in processing order and the final states, as the fused ops do.
    func runCellLoop(_ x: Tensor, initialStates: [Tensor], mask: Tensor?, weights: CellWeights,
                     dropout: CellDropoutMasks) throws -> (sequence: Tensor, states: [Tensor]) {
        let batch = x.shape[0], steps = x.shape[1], features = x.shape[2]
        guard steps > 0 else {
            throw KerasError.value("\(className) needs at least one time step, got shape \(formatShape(x.shape))")
        }
        var states = initialStates.isEmpty ? Array(repeating: Tensor(zeros: [batch, units], dtype: .float32), count: stateCount) : initialStates
        let keep = try mask.map { try $0.cast(to: .bool) }
        var output = Tensor(zeros: [batch, units], dtype: .float32)
        var outputs: [Tensor] = []
        outputs.reserveCapacity(steps)
        for s in 0..<steps {
            let t = goBackwards ? steps - 1 - s : s
            let xt = try x.slice(axis: 1, start: t, length: 1).reshaped([batch, features])
            var next = try cellStep(xt, states: states, weights: weights, dropout: dropout)
            if let keep {
                let row = try keep.slice(axis: 1, start: t, length: 1)
                next = try zip(next, states).map { try Tensor.where(row, $0, $1) }
                output = try Tensor.where(row, next[0], output)
            } else {
                output = next[0]
            }
            states = next
            outputs.append(output)
        }
        return (try Tensor.stack(outputs, axis: 1), states)
    }
}
