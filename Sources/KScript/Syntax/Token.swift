/// A position in source text: 1-based line, 0-based column in characters.
public struct SourceLocation: Equatable, Sendable {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

/// The kinds of token the lexer produces.
enum TokenKind: Equatable {
    case name
    case number
    case string
    case op
    case newline
    case indent
    case dedent
    case end
}

/// One string literal piece as written: prefix flags and the raw text between the quotes.
struct StringPiece {
    var raw: String
    var isRaw: Bool
    var isFormatted: Bool
    var isBytes: Bool
    /// Where the text between the quotes starts (for error positions inside f-strings).
    var contentStart: SourceLocation
}

/// A lexical token.
struct Token {
    var kind: TokenKind
    var text: String
    var start: SourceLocation
    var end: SourceLocation
    var string: StringPiece?

    func isOp(_ symbol: String) -> Bool { kind == .op && text == symbol }
    func isKeyword(_ word: String) -> Bool { kind == .name && text == word }
}

/// Python's reserved words; a `.name` token with one of these texts is a keyword.
let pythonKeywords: Set<String> = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
]
