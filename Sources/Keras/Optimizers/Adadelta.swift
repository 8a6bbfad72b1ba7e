import KTensor

/// `keras.optimizers.Adadelta(learning_rate=0.001, rho=0.95, epsilon=1e-7)`:
/// `a = ρ·a + (1-ρ)·g²`, `Δ = -√(d + ε)·g / √(a + ε)`, `d = ρ·d + (1-ρ)·Δ²`, `w += lr·Δ`.
/// Sparse gradients take the dense rule on the densified rows.
public final class Adadelta: Optimizer {
    public let rho: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, rho: Double = 0.95, epsilon: Double = 1e-7,
                clipping: GradientClipping = GradientClipping(), weightDecay: Double? = nil, name: String = "Adadelta") throws {
        self.rho = rho
        self.epsilon = epsilon
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { ["accumulated_grad", "accumulated_delta_var"] }

    public override var hyperparameters: [(String, Double)] {
        [("rho", rho), ("epsilon", epsilon)]
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots, context) },
                                   double: { run(Double.self, variable, gradient, slots, context) })
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slots: [Variable], _ context: StepContext) {
        let lr = T(context.learningRate), r = T(Float(rho)), oneMinusRho = T(Float(1 - rho)), eps = T(Float(epsilon))
        let n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { a in
                    UpdateBuffers.mutating(slots[1], T.self) { d in
                        UpdateBuffers.inPieces(n) { o, c in
                            adadeltaUpdate(w + o, g + o, a + o, d + o, c, lr: lr, rho: r, oneMinusRho: oneMinusRho, epsilon: eps)
                        }
                    }
                }
            }
        }
    }
}
