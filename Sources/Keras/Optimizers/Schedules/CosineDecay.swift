import Foundation

/// `CosineDecay(initial_learning_rate, decay_steps, alpha=0.0)`:
/// `initial * ((1 - alpha) * 0.5 * (1 + cos(π · min(step, decay_steps) / decay_steps)) + alpha)`.
public final class CosineDecay: LearningRateSchedule {
    public let initialLearningRate: ScheduleNumber
    public let decaySteps: ScheduleNumber
    public let alpha: ScheduleNumber

    public init(initialLearningRate: ScheduleNumber, decaySteps: ScheduleNumber, alpha: ScheduleNumber = 0.0) {
        self.initialLearningRate = initialLearningRate
        self.decaySteps = decaySteps
        self.alpha = alpha
    }

    /// Computed in float32 as TF does.
    public override func learningRate(atStep step: Int64) throws -> Double {
        let steps = Float(decaySteps.value)
        let s = Swift.min(Float(step), steps)
        let completed = s / steps
        let cosine = 0.5 * (1 + Foundation.cos(Float.pi * completed))
        let decayed = (1 - Float(alpha.value)) * cosine + Float(alpha.value)
        return Double(Float(initialLearningRate.value) * decayed)
    }

    public override var config: [(String, ScheduleParameter)] {
        [("initial_learning_rate", .number(initialLearningRate)), ("decay_steps", .number(decaySteps)), ("alpha", .number(alpha))]
    }

    public override var className: String { "CosineDecay" }
}
