/// Thrown by `fit`/`evaluate`/`predict` when Ctrl-C was pressed: the loop stops between
/// batches (weights are those after the last completed batch). The language bridge raises
/// `KeyboardInterrupt` for it.
public struct TrainingInterrupted: Error, CustomStringConvertible {
    public init() {}
    public var description: String { "KeyboardInterrupt" }
}
