/// A thing to differentiate with respect to: a tensor (watched or produced by recorded ops) or
/// a variable.
public enum GradientSource {
    case tensor(Tensor)
    case variable(Variable)

    var tapeID: Int {
        switch self {
        case .tensor(let t): return t.tapeID
        case .variable(let v): return v.id
        }
    }
}

/// Reverse-mode automatic differentiation, as `tf.GradientTape`.
///
/// While recording (between `startRecording()` and `stopRecording()`, or inside `record { }`)
/// every differentiable op whose input the tape watches is recorded. Watched are: tensors passed
/// to `watch`, variables passed to `watch`, trainable variables read through `Variable.value`
/// (when `watchAccessedVariables`), and every output of a recorded op. Tapes nest: each records
/// independently, and ops run while computing one tape's gradient are recorded on the others,
/// so gradients of gradients work.
///
/// A non-persistent tape computes one set of gradients and then releases what it recorded.
public final class GradientTape {
    public let persistent: Bool
    public let watchAccessedVariables: Bool

    var nodes: [TapeNode] = []
    var tracked: Set<Int> = []
    private var variables: [Variable] = []
    private var variableIDs: Set<Int> = []
    private var used = false

    /// A tape (not yet recording; call `startRecording()` or `record { }`).
    public init(persistent: Bool = false, watchAccessedVariables: Bool = true) {
        self.persistent = persistent
        self.watchAccessedVariables = watchAccessedVariables
    }

    /// True between `startRecording()` and `stopRecording()`.
    public var isRecording: Bool { TapeRegistry.recording.contains { $0 === self } }

    /// Starts recording (`with tf.GradientTape() as tape:` entering).
    public func startRecording() {
        if !isRecording { TapeRegistry.recording.append(self) }
    }

    /// Stops recording (leaving the `with` block). What was recorded stays available.
    public func stopRecording() {
        TapeRegistry.recording.removeAll { $0 === self }
    }

    /// Runs `body` while recording.
    public func record<R>(_ body: () throws -> R) rethrows -> R {
        startRecording()
        defer { stopRecording() }
        return try body()
    }

    /// Runs `body` with this tape paused (`tape.stop_recording()`).
    public func pausingRecording<R>(_ body: () throws -> R) rethrows -> R {
        let wasRecording = isRecording
        stopRecording()
        defer { if wasRecording { startRecording() } }
        return try body()
    }

    /// Watches a float tensor: later ops on it (on this value or its copies) are recorded. The
    /// tensor gets an autodiff identity if it had none. Non-float tensors are ignored, as TF does.
    public func watch(_ tensor: inout Tensor) {
        guard tensor.dtype.isFloatingPoint else { return }
        if tensor.tapeID == 0 { tensor.tapeID = TapeRegistry.newID() }
        tracked.insert(tensor.tapeID)
    }

    /// Watches a variable (trainable or not).
    public func watch(_ variable: Variable) {
        noteAccess(variable)
    }

    /// Variables watched so far, in first-access order (`tape.watched_variables()`).
    public var watchedVariables: [Variable] { variables }

    /// Forgets everything recorded and watched (`tape.reset()`).
    public func reset() {
        nodes.removeAll()
        tracked.removeAll()
        variables.removeAll()
        variableIDs.removeAll()
        used = false
    }

    func append(_ node: TapeNode) {
        nodes.append(node)
        for id in node.outputIDs where id != 0 { tracked.insert(id) }
    }

    func noteAccess(_ variable: Variable) {
        guard variable.dtype.isFloatingPoint else { return }
        tracked.insert(variable.id)
        if variableIDs.insert(variable.id).inserted { variables.append(variable) }
    }

    // MARK: Gradients

    /// Gradients of `target` with respect to each source: one entry per source, nil where the
    /// source does not influence the target (or is not a float). A non-scalar target is
    /// differentiated as the sum of its elements unless `outputGradient` (same shape as the
    /// target) gives the upstream gradient.
    public func gradient(of target: Tensor, withRespectTo sources: [Tensor], outputGradient: Tensor? = nil) throws -> [Tensor?] {
        try gradient(of: [target], withRespectTo: sources.map { .tensor($0) }, outputGradients: [outputGradient])
    }

    /// Gradients of `target` with respect to variables.
    public func gradient(of target: Tensor, withRespectTo variables: [Variable], outputGradient: Tensor? = nil) throws -> [Tensor?] {
        try gradient(of: [target], withRespectTo: variables.map { .variable($0) }, outputGradients: [outputGradient])
    }

    /// The general form: several targets (their gradients add up), mixed sources, optional
    /// upstream gradient per target.
    public func gradient(of targets: [Tensor], withRespectTo sources: [GradientSource], outputGradients: [Tensor?]? = nil) throws -> [Tensor?] {
        try sparseGradient(of: targets, withRespectTo: sources, outputGradients: outputGradients).map { try $0?.densified() }
    }

    /// Gradients of `target` with respect to variables, where a variable that only gathered
    /// rows reach (an embedding table) keeps its gradient as those rows, as TF gives it.
    public func sparseGradient(of target: Tensor, withRespectTo variables: [Variable]) throws -> [Gradient?] {
        try sparseGradient(of: [target], withRespectTo: variables.map { .variable($0) })
    }

    /// `gradient(of:withRespectTo:outputGradients:)` with rows kept as rows: the gradient of a
    /// leaf source (a variable, or a watched tensor no recorded op made) that reaches it only
    /// through row gathers (`Tensor.take` along axis 0) is `.rows`, the gathered rows' upstream
    /// gradients in the order the gathers ran; every other gradient is `.dense`.
    public func sparseGradient(of targets: [Tensor], withRespectTo sources: [GradientSource],
                               outputGradients: [Tensor?]? = nil) throws -> [Gradient?] {
        if used && !persistent {
            throw TensorError(.runtime, "A non-persistent GradientTape can only be used to compute one set of gradients (or jacobians)")
        }
        if let given = outputGradients, given.count != targets.count {
            throw TensorError.invalid("Must specify the same number of output_gradients as targets")
        }
        used = true
        defer { if !persistent { nodes.removeAll(); tracked.removeAll() } }
        return try pausingRecording {
            try computeGradients(targets: targets, sources: sources, outputGradients: outputGradients)
        }
    }

    private func computeGradients(targets: [Tensor], sources: [GradientSource], outputGradients: [Tensor?]?) throws -> [Gradient?] {
        // Identities that depend on some watched source: only these need gradients.
        var dependent = Set<Int>()
        for source in sources where source.tapeID != 0 && tracked.contains(source.tapeID) { dependent.insert(source.tapeID) }
        var produced = Set<Int>()
        for node in nodes {
            produced.formUnion(node.outputIDs)
            if node.inputIDs.contains(where: { $0 != 0 && dependent.contains($0) }) {
                for id in node.outputIDs where id != 0 { dependent.insert(id) }
            }
        }
        let sourceIDs = Set(sources.map(\.tapeID))
        // Sparse gradients of leaves (their rows, in the order the gathers ran).
        var rowGradients: [Int: IndexedSlices] = [:]

        var gradients: [Int: Tensor] = [:]
        for (i, target) in targets.enumerated() {
            guard target.tapeID != 0, dependent.contains(target.tapeID), target.dtype.isFloatingPoint else { continue }
            var seed: Tensor
            if let given = outputGradients?[i] {
                guard given.shape == target.shape else {
                    throw TensorError.invalid("Mismatch between output_gradients shape \(formatShape(given.shape)) and target shape \(formatShape(target.shape))")
                }
                seed = try given.cast(to: target.dtype)
            } else {
                seed = Tensor.ones(target.shape, dtype: target.dtype)
            }
            seed.tapeID = 0
            try accumulate(seed, into: &gradients, id: target.tapeID)
        }

        var pending: [PendingBackward] = []
        var last = nodes.count - 1
        while last >= 0 {
            let first = firstOfRunBesideOthers(endingAt: last)
            pending.removeAll(keepingCapacity: true)
            for index in stride(from: last, through: first, by: -1) {
                if let step = pendingBackward(nodes[index], dependent: dependent, sourceIDs: sourceIDs, gradients: &gradients) {
                    pending.append(step)
                }
            }
            if pending.count == 1 {
                let step = pending[0], node = step.node
                if let leafRows = node.leafRows, step.needs[0], let upstream = step.upstream[0], !produced.contains(node.inputIDs[0]) {
                    let rows = try leafRows(upstream).cast(to: node.inputDTypes[0])
                    let id = node.inputIDs[0]
                    rowGradients[id] = try rowGradients[id].map { try IndexedSlices.concatenating(rows, $0) } ?? rows
                } else {
                    try add(try node.backward(step.upstream, step.needs), of: step, into: &gradients)
                }
            } else if pending.count > 1 {
                for (step, inputGradients) in zip(pending, try runSideBySide(pending)) {
                    try add(inputGradients, of: step, into: &gradients)
                }
            }
            last = first - 1
        }
        return try sources.map { source in
            let id = source.tapeID
            switch (id == 0 ? nil : gradients[id], id == 0 ? nil : rowGradients[id]) {
            case (let dense?, let rows?): return .dense(try GradientTape.sum(dense, try rows.dense()))
            case (let dense?, nil): return .dense(dense)
            case (nil, let rows?): return .rows(rows)
            case (nil, nil): return nil
            }
        }
    }

    /// Adds a node's input gradients (summed to each input's shape, cast to its dtype) into
    /// `gradients`.
    private func add(_ inputGradients: [Tensor?], of step: PendingBackward, into gradients: inout [Int: Tensor]) throws {
        let node = step.node
        for (k, maybeGradient) in inputGradients.enumerated() where k < step.needs.count && step.needs[k] {
            guard var g = maybeGradient else { continue }
            if g.shape != node.inputShapes[k] { g = try g.summed(toShape: node.inputShapes[k]) }
            if g.dtype != node.inputDTypes[k] { g = try g.cast(to: node.inputDTypes[k]) }
            try accumulate(g, into: &gradients, id: node.inputIDs[k])
        }
    }

    /// A node whose backward function is due: its upstream gradients and the inputs that need one.
    private struct PendingBackward {
        let node: TapeNode
        let upstream: [Tensor?]
        let needs: [Bool]
    }

    /// The first node of the run that ends at `last` and whose backward functions run side by
    /// side: neighbours that declared `runsBesideOthers` (two sibling LSTMs' kernels), none
    /// reading another's outputs. Every upstream gradient of such a run is complete before any
    /// of its nodes runs. A node outside such a run is a run of its own.
    func firstOfRunBesideOthers(endingAt last: Int) -> Int {
        guard nodes[last].runsBesideOthers else { return last }
        var first = last
        while first > 0, nodes[first - 1].runsBesideOthers,
              nodes[first...last].allSatisfy({ $0.isIndependent(of: nodes[first - 1]) }) {
            first -= 1
        }
        return first
    }

    /// Takes `node`'s upstream gradients out of `gradients` (sources' stay); nil when none
    /// reached it or none of its inputs needs a gradient.
    private func pendingBackward(_ node: TapeNode, dependent: Set<Int>, sourceIDs: Set<Int>,
                                 gradients: inout [Int: Tensor]) -> PendingBackward? {
        var any = false
        var upstream = [Tensor?](repeating: nil, count: node.outputIDs.count)
        for (k, id) in node.outputIDs.enumerated() where id != 0 {
            if let g = gradients[id] {
                upstream[k] = g
                any = true
                if !sourceIDs.contains(id) { gradients[id] = nil }
            }
        }
        if !any { return nil }
        let needs = node.inputIDs.map { $0 != 0 && dependent.contains($0) }
        if !needs.contains(true) { return nil }
        return PendingBackward(node: node, upstream: upstream, needs: needs)
    }

    /// The input gradients of the nodes of a run from `firstOfRunBesideOthers` (`pending`, last
    /// recorded first), their backward functions run side by side on the engine's threads.
    /// Piece i is the node recorded i-th, as in the forward run of sibling kernels
    /// (`Parallel.forEachPiece` gives the caller the first pieces and the helper the last): each
    /// backward kernel runs on the thread that ran its forward one, whose cache still holds the
    /// activations it saved.
    private func runSideBySide(_ pending: [PendingBackward]) throws -> [[Tensor?]] {
        let results = UnsafeMutableBufferPointer<Result<[Tensor?], Error>?>.allocate(capacity: pending.count)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        Parallel.forEachPiece(pending.count) { piece in
            let i = pending.count - 1 - piece
            results[i] = Result { try pending[i].node.backward(pending[i].upstream, pending[i].needs) }
        }
        return try results.map { try ($0 ?? .success([])).get() }
    }

    private func accumulate(_ gradient: Tensor, into gradients: inout [Int: Tensor], id: Int) throws {
        if let existing = gradients[id] {
            gradients[id] = try GradientTape.sum(existing, gradient)
        } else {
            gradients[id] = gradient
        }
    }

    /// `a + b` for two gradients of one input. Large float32 ones of one shape (a shared
    /// embedding's) are added in two halves shared with the helper thread, cut at
    /// `Parallel.halfway` as the optimizers' updates are; each element is added alike.
    static func sum(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        guard a.dtype == .float32, b.dtype == .float32, a.shape == b.shape, a.count >= Parallel.halvingThreshold, a.isContiguous, b.isContiguous else {
            return try a + b
        }
        let result = Tensor(uninitializedShape: a.shape, dtype: .float32)
        let x = a.basePointer(Float.self), y = b.basePointer(Float.self), out = result.basePointer(Float.self)
        let n = a.count, cut = Parallel.halfway(n)
        withExtendedLifetime((a, b)) {
            Parallel.forEachPiece(2) { piece in
                for i in piece == 0 ? 0..<cut : cut..<n { out[i] = x[i] + y[i] }
            }
        }
        return result
    }
}
