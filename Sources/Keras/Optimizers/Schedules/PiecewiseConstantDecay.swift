import KTensor

/// `PiecewiseConstantDecay(boundaries, values)`: `values[0]` while `step <= boundaries[0]`,
/// `values[i]` while `boundaries[i-1] < step <= boundaries[i]`, the last value after.
public final class PiecewiseConstantDecay: LearningRateSchedule {
    public let boundaries: [ScheduleNumber]
    public let values: [ScheduleNumber]

    public init(boundaries: [ScheduleNumber], values: [ScheduleNumber]) throws {
        guard values.count == boundaries.count + 1 else {
            throw TensorError(.invalidArgument, "The length of boundaries should be 1 less than the length of values")
        }
        self.boundaries = boundaries
        self.values = values
    }

    public override func learningRate(atStep step: Int64) throws -> Double {
        let s = Double(step)
        for (i, boundary) in boundaries.enumerated() where s <= boundary.value { return Double(Float(values[i].value)) }
        return Double(Float(values[values.count - 1].value))
    }

    public override var config: [(String, ScheduleParameter)] {
        [("boundaries", .numbers(boundaries)), ("values", .numbers(values))]
    }

    public override var className: String { "PiecewiseConstantDecay" }
}
