import Foundation
import KTensor

/// `keras.optimizers.Nadam(learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7)`:
/// Adam with Nesterov momentum and the momentum schedule `u_t = β₁(1 - ½·0.96ᵗ)`, whose
/// running product is kept across steps. The product advances once per step, as Keras' Nadam
/// run eagerly does; inside Keras 2.12's compiled train function its trace-time counter makes it
/// advance once for most variables of a step, and sparse updates turn into NaN.
public final class Nadam: Optimizer {
    public let beta1: Double
    public let beta2: Double
    public let epsilon: Double
    /// `Π u_t` over the steps so far (Keras' `_u_product`).
    private var uProduct: Float = 1
    private var uValues = (ut: Float(0), ut1: Float(0), product: Float(1), product1: Float(1), beta2Power: Float(1))

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-7, clipping: GradientClipping = GradientClipping(), weightDecay: Double? = nil,
                name: String = "Nadam") throws {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    public override var slotNames: [String] { ["m", "v"] }

    public override var hyperparameters: [(String, Double)] { [("beta_1", beta1), ("beta_2", beta2), ("epsilon", epsilon)] }

    /// Advances the momentum-schedule product once per step.
    public override func prepareStep(_ context: StepContext) {
        let b1 = Float(beta1), decay: Float = 0.96
        let ut = b1 * (1 - 0.5 * Foundation.pow(decay, context.localStep))
        let ut1 = b1 * (1 - 0.5 * Foundation.pow(decay, context.nextStep))
        uProduct *= ut
        uValues = (ut, ut1, uProduct, uProduct * ut1, Foundation.pow(Float(beta2), context.localStep))
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots, context) },
                                   double: { run(Double.self, variable, gradient, slots, context) })
    }

    /// Keras' sparse branch: Adam's sparse moments, then the dense step.
    public override func updateStep(_ variable: Variable, rows: RowGradient, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { runRows(Float.self, variable, rows, slots, context) },
                                   double: { runRows(Double.self, variable, rows, slots, context) })
    }

    private func runRows<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: RowGradient, _ slots: [Variable],
                                                 _ context: StepContext) {
        let lr = T(context.learningRate), eps = T(Float(epsilon))
        let oneMinusB1 = 1 - T(Float(beta1)), oneMinusB2 = 1 - T(Float(beta2)), width = gradient.width
        gradient.withBuffers(T.self) { values, places in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { m in
                    UpdateBuffers.mutating(slots[1], T.self) { v in
                        UpdateBuffers.inRowPieces(gradient.rowCount, width: width) { rows in
                            nadamRowUpdate(w, m, v, values: values, places: places, rows: rows, width: width, lr: lr,
                                           oneMinusBeta1: oneMinusB1, oneMinusBeta2: oneMinusB2, epsilon: eps,
                                           ut: T(uValues.ut), ut1: T(uValues.ut1), product: T(uValues.product), product1: T(uValues.product1),
                                           beta2Power: T(uValues.beta2Power))
                        }
                    }
                }
            }
        }
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slots: [Variable], _ context: StepContext) {
        let lr = T(context.learningRate), eps = T(Float(epsilon))
        let oneMinusB1 = 1 - T(Float(beta1)), oneMinusB2 = 1 - T(Float(beta2))
        let n = gradient.count
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { m in
                    UpdateBuffers.mutating(slots[1], T.self) { v in
                        UpdateBuffers.inPieces(n) { o, c in
                            nadamUpdate(w + o, g + o, m + o, v + o, c, lr: lr, oneMinusBeta1: oneMinusB1, oneMinusBeta2: oneMinusB2, epsilon: eps,
                                        ut: T(uValues.ut), ut1: T(uValues.ut1), product: T(uValues.product), product1: T(uValues.product1),
                                        beta2Power: T(uValues.beta2Power))
                        }
                    }
                }
            }
        }
    }
}
