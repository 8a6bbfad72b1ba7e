import Foundation

/// `ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)`:
/// `initial * rate ^ (step / decay_steps)`, the exponent floored when `staircase`.
public final class ExponentialDecay: LearningRateSchedule {
    public let initialLearningRate: ScheduleNumber
    public let decaySteps: ScheduleNumber
    public let decayRate: ScheduleNumber
    public let staircase: Bool

    public init(initialLearningRate: ScheduleNumber, decaySteps: ScheduleNumber, decayRate: ScheduleNumber, staircase: Bool = false) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.decayRate = decayRate
        self.staircase = staircase
    }

    /// Computed in float32 as TF does.
    public override func learningRate(atStep step: Int64) throws -> Double {
        var p = Float(step) / Float(decaySteps.value)
        if staircase { p = p.rounded(.down) }
        return Double(Float(initialLearningRate.value) * Foundation.pow(Float(decayRate.value), p))
    }

    public override var config: [(String, ScheduleParameter)] {
        [("initial_learning_rate", .number(initialLearningRate)), ("decay_steps", .number(decaySteps)),
         ("decay_rate", .number(decayRate)), ("staircase", .flag(staircase))]
    }

    public override var className: String { "ExponentialDecay" }
}
