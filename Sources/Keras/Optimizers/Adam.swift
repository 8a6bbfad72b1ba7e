import Foundation
import KTensor

/// `keras.optimizers.Adam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7,
/// amsgrad=False)` with Keras 2.12's update: both bias corrections folded into
/// `alpha = lr·√(1-β₂ᵗ)/(1-β₁ᵗ)`, ε added to the square root of the *uncorrected* v:
/// `m += (g-m)(1-β₁)`, `v += (g²-v)(1-β₂)`, `w -= m·alpha / (√v + ε)`.
/// Also the base of `AdamW` (weight decay 0.004 by default).
public class Adam: Optimizer {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    public let amsgrad: Bool

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-7, amsgrad: Bool = false, clipping: GradientClipping = GradientClipping(),
                weightDecay: Double? = nil, name: String = "Adam") throws {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.amsgrad = amsgrad
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { amsgrad ? ["m", "v", "vhat"] : ["m", "v"] }

    public override var hyperparameters: [(String, Double)] {
        [("beta_1", beta1), ("beta_2", beta2), ("epsilon", epsilon), ("amsgrad", amsgrad ? 1 : 0)]
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        let alpha = stepSize(context)
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots, alpha: alpha) },
                                   double: { run(Double.self, variable, gradient, slots, alpha: alpha) })
    }

    /// Keras' sparse branch: the moments decay on every row, the gradient lands on its rows.
    public override func updateStep(_ variable: Variable, rows: RowGradient, slots: [Variable], context: StepContext) throws {
        let alpha = stepSize(context)
        try UpdateBuffers.dispatch(variable, float: { runRows(Float.self, variable, rows, slots, alpha: alpha) },
                                   double: { runRows(Double.self, variable, rows, slots, alpha: alpha) })
    }

    /// `lr·√(1-β₂ᵗ)/(1-β₁ᵗ)`.
    private func stepSize(_ context: StepContext) -> Float {
        let b1 = Float(beta1), b2 = Float(beta2)
        let beta1Power = Foundation.pow(b1, context.localStep), beta2Power = Foundation.pow(b2, context.localStep)
        return context.learningRate * (1 - beta2Power).squareRoot() / (1 - beta1Power)
    }

    private func runRows<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: RowGradient, _ slots: [Variable],
                                                 alpha alphaValue: Float) {
        let alpha = T(alphaValue), oneMinusB1 = T(Float(1 - beta1)), oneMinusB2 = T(Float(1 - beta2)), eps = T(Float(epsilon))
        let width = gradient.width
        gradient.withBuffers(T.self) { values, places in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { m in
                    UpdateBuffers.mutating(slots[1], T.self) { v in
                        UpdateBuffers.optional(slots.count > 2 ? slots[2] : nil, T.self) { vhat in
                            UpdateBuffers.inRowPieces(gradient.rowCount, width: width) { rows in
                                adamRowUpdate(w, m, v, vhat, values: values, places: places, rows: rows, width: width, alpha: alpha,
                                              oneMinusBeta1: oneMinusB1, oneMinusBeta2: oneMinusB2, epsilon: eps)
                            }
                        }
                    }
                }
            }
        }
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slots: [Variable], alpha alphaValue: Float) {
        let alpha = T(alphaValue), oneMinusB1 = T(Float(1 - beta1)), oneMinusB2 = T(Float(1 - beta2)), eps = T(Float(epsilon))
        let n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { m in
                    UpdateBuffers.mutating(slots[1], T.self) { v in
                        if slots.count > 2 {
                            UpdateBuffers.mutating(slots[2], T.self) { vhat in
                                UpdateBuffers.inPieces(n) { o, c in
                                    amsgradUpdate(w + o, g + o, m + o, v + o, vhat + o, c, alpha: alpha, oneMinusBeta1: oneMinusB1, oneMinusBeta2: oneMinusB2, epsilon: eps)
                                }
                            }
                        } else {
                            UpdateBuffers.inPieces(n) { o, c in
                                adamUpdate(w + o, g + o, m + o, v + o, c, alpha: alpha, oneMinusBeta1: oneMinusB1, oneMinusBeta2: oneMinusB2, epsilon: eps)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// `keras.optimizers.AdamW(learning_rate=0.001, weight_decay=0.004, ...)`: Adam after the
/// decoupled decay `w -= w·wd·lr` (applied to every trainable variable, biases included).
public final class AdamW: Adam {
    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, weightDecay: Double = 0.004,
                beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-7, amsgrad: Bool = false,
                clipping: GradientClipping = GradientClipping(), name: String = "AdamW") throws {
        try super.init(learningRate: learningRate, schedule: schedule, beta1: beta1, beta2: beta2, epsilon: epsilon,
                       amsgrad: amsgrad, clipping: clipping, weightDecay: weightDecay, name: name)
    }
}
