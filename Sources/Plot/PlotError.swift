/// An error raised by the plotting library, with the Python exception class a bridge should
/// raise for it (matplotlib raises `ValueError` for bad arguments, `TypeError` for wrong
/// kinds of argument, `OSError` when a file cannot be written).
public struct PlotError: Error, CustomStringConvertible, Equatable {
    /// The Python exception class this error corresponds to.
    public enum Kind: String, Equatable {
        case valueError = "ValueError"
        case typeError = "TypeError"
        case osError = "OSError"
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    static func value(_ message: String) -> PlotError { PlotError(.valueError, message) }
}
