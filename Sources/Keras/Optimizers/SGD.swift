import KTensor

/// `keras.optimizers.SGD(learning_rate=0.01, momentum=0.0, nesterov=False)`:
/// `m = -lr·g + momentum·m`, then `w += m` (Nesterov: `w += -lr·g + momentum·m`).
public final class SGD: Optimizer {
    public let momentum: Double
    public let nesterov: Bool

    public init(learningRate: Double = 0.01, schedule: LearningRateSchedule? = nil, momentum: Double = 0, nesterov: Bool = false,
                clipping: GradientClipping = GradientClipping(), weightDecay: Double? = nil, name: String = "SGD") throws {
        guard momentum >= 0 && momentum <= 1 else {
            throw TensorError(.invalidArgument, "`momentum` must be between [0, 1].")
        }
        self.momentum = momentum
        self.nesterov = nesterov
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { ["m"] }

    public override var hyperparameters: [(String, Double)] { [("momentum", momentum), ("nesterov", nesterov ? 1 : 0)] }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots[0], context) },
                                   double: { run(Double.self, variable, gradient, slots[0], context) })
    }

    /// Keras' sparse branch: the momentum decays on every row, the gradient lands on its rows.
    public override func updateStep(_ variable: Variable, rows: RowGradient, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { runRows(Float.self, variable, rows, slots[0], context) },
                                   double: { runRows(Double.self, variable, rows, slots[0], context) })
    }

    private func runRows<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: RowGradient, _ slot: Variable,
                                                 _ context: StepContext) {
        let lr = T(context.learningRate), mu = T(Float(momentum)), width = gradient.width
        gradient.withBuffers(T.self) { values, places in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slot, T.self) { m in
                    UpdateBuffers.inRowPieces(gradient.rowCount, width: width) { rows in
                        sgdRowUpdate(w, m, values: values, places: places, rows: rows, width: width, lr: lr, momentum: mu, nesterov: nesterov)
                    }
                }
            }
        }
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slot: Variable, _ context: StepContext) {
        let lr = T(context.learningRate), mu = T(Float(momentum)), n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slot, T.self) { m in UpdateBuffers.inPieces(n) { o, c in sgdUpdate(w + o, g + o, m + o, c, lr: lr, momentum: mu, nesterov: nesterov) } }
            }
        }
    }
}
