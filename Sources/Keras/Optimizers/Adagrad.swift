import KTensor

/// `keras.optimizers.Adagrad(learning_rate=0.001, initial_accumulator_value=0.1,
/// epsilon=1e-7)`: `a += g²`, `w -= lr·g / √(a + ε)`.
public final class Adagrad: Optimizer {
    public let initialAccumulatorValue: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, initialAccumulatorValue: Double = 0.1,
                epsilon: Double = 1e-7, clipping: GradientClipping = GradientClipping(), weightDecay: Double? = nil,
                name: String = "Adagrad") throws {
        self.initialAccumulatorValue = initialAccumulatorValue
        self.epsilon = epsilon
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { ["accumulator"] }

    public override func initialSlotValue(_ slot: String) -> Double { initialAccumulatorValue }

    public override var hyperparameters: [(String, Double)] {
        [("initial_accumulator_value", initialAccumulatorValue), ("epsilon", epsilon)]
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots[0], context) },
                                   double: { run(Double.self, variable, gradient, slots[0], context) })
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slot: Variable, _ context: StepContext) {
        let lr = T(context.learningRate), eps = T(Float(epsilon)), n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slot, T.self) { a in UpdateBuffers.inPieces(n) { o, c in adagradUpdate(w + o, g + o, a + o, c, lr: lr, epsilon: eps) } }
            }
        }
    }
}
