/// A learning rate that depends on the optimizer's step count
/// (`keras.optimizers.schedules.LearningRateSchedule`); script subclasses override
/// `learningRate(atStep:)` through the language bridge.
open class LearningRateSchedule {
    /// The script object standing for this schedule (set by the language bridge).
    public weak var host: AnyObject?

    public init() {}

    /// The learning rate for the update numbered `step` (0 for the first update).
    open func learningRate(atStep step: Int64) throws -> Double {
        0
    }

    /// The schedule's configuration (`get_config()`), keys in Keras' order.
    open var config: [(String, ScheduleParameter)] { [] }

    /// The Keras class name (`"ExponentialDecay"` ...).
    open var className: String { "LearningRateSchedule" }
}

/// One entry of a schedule's configuration.
public enum ScheduleParameter: Equatable {
    case number(ScheduleNumber)
    case flag(Bool)
    case numbers([ScheduleNumber])
}

/// A number of a schedule's arguments as it was written: Keras' `get_config()` returns the
/// arguments as given (`decay_steps=1000` stays the int 1000, `1000.0` the float).
public enum ScheduleNumber: Equatable, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    case int(Int)
    case double(Double)

    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }

    public var value: Double {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        }
    }
}
