/// A failure saving or loading a model, worded for the user: the language raises `ValueError`
/// for `.value` (a corrupt, truncated or foreign file, a config kscript cannot rebuild, a
/// refused Lambda) and `OSError` for `.io` (the file cannot be written).
public struct SavingError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable {
        case value
        case io
    }

    public let kind: Kind
    public let message: String
    public var description: String { message }

    public init(_ message: String, kind: Kind = .value) {
        self.kind = kind
        self.message = message
    }
}
