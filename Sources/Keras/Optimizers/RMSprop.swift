import KTensor

/// `keras.optimizers.RMSprop(learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7,
/// centered=False)`: `v = ρv + (1-ρ)g²`, `w -= lr·g / √(v + ε)` (ε inside the root; centered
/// subtracts the squared running mean gradient; momentum accumulates the increments).
public final class RMSprop: Optimizer {
    public let rho: Double
    public let momentum: Double
    public let epsilon: Double
    public let centered: Bool

    public init(learningRate: Double = 0.001, schedule: LearningRateSchedule? = nil, rho: Double = 0.9, momentum: Double = 0,
                epsilon: Double = 1e-7, centered: Bool = false, clipping: GradientClipping = GradientClipping(),
                weightDecay: Double? = nil, name: String = "RMSprop") throws {
        self.rho = rho
        self.momentum = momentum
        self.epsilon = epsilon
        self.centered = centered
        try super.init(name: name, learningRate: learningRate, schedule: schedule, clipping: clipping, weightDecay: weightDecay)
    }

    /// Keras creates all velocities, then all momentums, then all average gradients.
    public override var slotsGroupedByKind: Bool { true }

    public override var slotNames: [String] {
        ["velocity"] + (momentum > 0 ? ["momentum"] : []) + (centered ? ["average_gradient"] : [])
    }

    public override var hyperparameters: [(String, Double)] {
        [("rho", rho), ("momentum", momentum), ("epsilon", epsilon), ("centered", centered ? 1 : 0)]
    }

    public override func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { run(Float.self, variable, gradient, slots, context) },
                                   double: { run(Double.self, variable, gradient, slots, context) })
    }

    /// Keras' sparse branch: the accumulators decay on every row, the gradient and the
    /// increment land on its rows.
    public override func updateStep(_ variable: Variable, rows: RowGradient, slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable, float: { runRows(Float.self, variable, rows, slots, context) },
                                   double: { runRows(Double.self, variable, rows, slots, context) })
    }

    private func runRows<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: RowGradient, _ slots: [Variable],
                                                 _ context: StepContext) {
        let lr = T(context.learningRate), r = T(Float(rho)), oneMinusRho = T(Float(1 - rho))
        let eps = T(Float(epsilon)), mu = T(Float(momentum)), width = gradient.width
        gradient.withBuffers(T.self) { values, places in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { v in
                    UpdateBuffers.optional(centered ? slots[slots.count - 1] : nil, T.self) { average in
                        UpdateBuffers.optional(momentum > 0 ? slots[1] : nil, T.self) { velocity in
                            UpdateBuffers.inRowPieces(gradient.rowCount, width: width) { rows in
                                rmspropRowUpdate(w, v, average, velocity, values: values, places: places, rows: rows, width: width, lr: lr,
                                                 rho: r, oneMinusRho: oneMinusRho, epsilon: eps, momentum: mu)
                            }
                        }
                    }
                }
            }
        }
    }

    private func run<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ slots: [Variable], _ context: StepContext) {
        let lr = T(context.learningRate), r = T(Float(rho)), oneMinusRho = T(Float(1 - rho))
        let eps = T(Float(epsilon)), mu = T(Float(momentum))
        let n = gradient.count
        let momentumSlot = momentum > 0 ? slots[1] : nil
        let averageSlot = centered ? slots[slots.count - 1] : nil
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { v in
                    UpdateBuffers.optional(averageSlot, T.self) { average in
                        UpdateBuffers.optional(momentumSlot, T.self) { velocity in
                            UpdateBuffers.inPieces(n) { o, c in
                                rmspropUpdate(w + o, g + o, v + o, average.map { $0 + o }, velocity.map { $0 + o }, c, lr: lr, rho: r,
                                              oneMinusRho: oneMinusRho, epsilon: eps, momentum: mu)
                            }
                        }
                    }
                }
            }
        }
    }
}
