/// An error of the Keras API on bad input (a shape a layer cannot take, an unknown
/// activation name, a model used before it is built). `kind` tells the language bridge which
/// Python exception to raise; `message` is Keras 2.12's wording where practical.
public struct KerasError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Python `ValueError`.
        case value
        /// Python `TypeError`.
        case type
        /// Python `RuntimeError`.
        case runtime
        /// Python `AttributeError`.
        case attribute
        /// Python `NotImplementedError`.
        case notImplemented
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func value(_ message: String) -> KerasError { KerasError(.value, message) }
    static func type(_ message: String) -> KerasError { KerasError(.type, message) }
}
