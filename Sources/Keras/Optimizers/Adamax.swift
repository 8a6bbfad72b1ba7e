import Foundation
import KTensor

/// `keras.optimizers.Adamax(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`:
/// Adam with the infinity norm, `m += (g - m)·(1-β₁)`, `u = max(β₂·u, |g|)`,
/// `w -= lr·m / ((1-β₁ᵗ)·(u + ε))`. Sparse gradients take the dense rule on the densified
/// rows (Keras' sparse branch is the same arithmetic reordered).
public final class Adamax: Optimizer {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-7, clipping: GradientClipping = GradientClipping(), weightDecay: Double? = nil,
                name: String = "Adamax") throws {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { ["m", "u"] }

    public override var hyperparameters: [(String, Double)] {
        [("beta_1", beta1), ("beta_2", beta2), ("epsilon", epsilon)]
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots, context) },
                                   double: { run(Double.self, variable, gradient, slots, context) })
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slots: [Variable], _ context: StepContext) {
        let correction = T(1 - Foundation.pow(Float(beta1), context.localStep))
        let lr = T(context.learningRate), oneMinusB1 = T(Float(1 - beta1)), b2 = T(Float(beta2)), eps = T(Float(epsilon))
        let n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { m in
                    UpdateBuffers.mutating(slots[1], T.self) { u in
                        UpdateBuffers.inPieces(n) { o, c in
                            adamaxUpdate(w + o, g + o, m + o, u + o, c, lr: lr, oneMinusBeta1: oneMinusB1, beta2: b2, epsilon: eps, correction: correction)
                        }
                    }
                }
            }
        }
    }
}
