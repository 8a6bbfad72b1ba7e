/// A compile-time error: `SyntaxError` or `IndentationError` with the position CPython reports.
public struct CompileError: Error {
    public enum Kind: String, Sendable {
        case syntax = "SyntaxError"
        case indentation = "IndentationError"
        case tab = "TabError"
    }

    public var kind: Kind
    public var message: String
    public var filename: String
    /// 1-based line of the error.
    public var line: Int
    /// 1-based column of the caret (CPython's `offset`), 0 when there is none.
    public var offset: Int
    /// The source line the error is on, without its newline.
    public var text: String?

    public init(_ kind: Kind = .syntax, _ message: String, filename: String, line: Int, offset: Int, text: String?) {
        self.kind = kind
        self.message = message
        self.filename = filename
        self.line = line
        self.offset = offset
        self.text = text
    }
}

/// Source text split into lines, shared by the lexer, parser and error reporting.
final class SourceText {
    let filename: String
    let text: String
    let lines: [Substring]

    init(_ text: String, filename: String) {
        self.filename = filename
        self.text = text
        self.lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The text of 1-based `line`, without its line ending.
    func line(_ number: Int) -> String? {
        guard number >= 1, number <= lines.count else { return nil }
        var line = String(lines[number - 1])
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    func error(_ message: String, at location: SourceLocation) -> CompileError {
        error(.syntax, message, at: location)
    }

    func error(_ kind: CompileError.Kind, _ message: String, at location: SourceLocation) -> CompileError {
        CompileError(kind, message, filename: filename, line: location.line, offset: location.column + 1,
                     text: line(location.line))
    }
}
