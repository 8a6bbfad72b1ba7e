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

    public override func updateStep(_ variable: Variable, gradient: Tensor, transform: GradientTransform,
                                    slots: [Variable], context: StepContext) throws {
        try UpdateBuffers.dispatch(variable,
                                   float: { kernel(Float.self, variable, gradient, transform, slots, context) },
                                   double: { kernel(Double.self, variable, gradient, transform, slots, context) })
    }

    private func kernel<T: BinaryFloatingPoint>(_ type: T.Type, _ variable: Variable, _ gradient: Tensor, _ transform: GradientTransform,
                                                _ slots: [Variable], _ context: StepContext) {
        let lr = T(context.learningRate), r = T(Float(rho)), oneMinusRho = T(Float(1 - rho))
        let eps = T(Float(epsilon)), mu = T(Float(momentum))
        let n = gradient.count
        let momentumSlot = momentum > 0 ? slots[1] : nil
        let averageSlot = centered ? slots[slots.count - 1] : nil
        UpdateBuffers.reading(gradient, T.self) { g in
            UpdateBuffers.mutating(variable, T.self) { w in
                UpdateBuffers.mutating(slots[0], T.self) { v in
                    withOptionalBuffer(averageSlot, T.self) { average in
                        withOptionalBuffer(momentumSlot, T.self) { velocityOfUpdates in
                            for i in 0..<n {
                                let gi = transform.apply(g[i])
                                v[i] = r * v[i] + oneMinusRho * (gi * gi)
                                var denominator = v[i]
                                if let average {
                                    average[i] = r * average[i] + oneMinusRho * gi
                                    denominator = v[i] - average[i] * average[i]
                                }
                                let increment = lr * gi * (1 / (denominator + eps).squareRoot())
                                if let velocityOfUpdates {
                                    velocityOfUpdates[i] = mu * velocityOfUpdates[i] + increment
                                    w[i] -= velocityOfUpdates[i]
                                } else {
                                    w[i] -= increment
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Calls `body` with the variable's buffer, or nil when there is no variable.
func withOptionalBuffer<T>(_ variable: Variable?, _ type: T.Type, _ body: (UnsafeMutablePointer<T>?) -> Void) {
    if let variable {
        UpdateBuffers.mutating(variable, T.self) { body($0) }
    } else {
        body(nil)
    }
}
