import Foundation

/// Turns source text into tokens, Python-style: INDENT/DEDENT from leading whitespace,
/// implicit line joining inside brackets, backslash continuation, comments, every string
/// prefix and quote form (string contents are decoded later by the parser), and numbers
/// with `_` separators and hex/octal/binary prefixes.
struct Lexer {
    private let source: SourceText
    private let chars: [Unicode.Scalar]
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var tokens: [Token] = []
    private var indents: [Int] = [0]
    private var brackets: [(char: Unicode.Scalar, location: SourceLocation)] = []
    private var atLineStart = true
    private var lineHasTokens = false

    /// CPython's limit on bracket nesting in the tokenizer.
    static let maxBracketDepth = 200

    init(_ source: SourceText) {
        self.source = source
        self.chars = Array(source.text.unicodeScalars)
    }

    /// Lexes the whole text. Throws `CompileError` on the first lexical error. With
    /// `tolerateUnclosed`, brackets still open at the end are not an error (the parser then
    /// gets to report an earlier syntax error first, as CPython does).
    static func tokenize(_ source: SourceText, tolerateUnclosed: Bool = false) throws -> [Token] {
        var lexer = Lexer(source)
        lexer.tolerateUnclosed = tolerateUnclosed
        try lexer.run()
        return lexer.tokens
    }

    private var tolerateUnclosed = false

    private var location: SourceLocation { SourceLocation(line: line, column: index - lineStart) }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let i = index + offset
        return i < chars.count ? chars[i] : nil
    }

    private func error(_ message: String, at location: SourceLocation, kind: CompileError.Kind = .syntax) -> CompileError {
        source.error(kind, message, at: location)
    }

    private mutating func newLine() {
        line += 1
        lineStart = index
    }

    private mutating func add(_ kind: TokenKind, _ text: String, from start: SourceLocation, string: StringPiece? = nil) {
        tokens.append(Token(kind: kind, text: text, start: start, end: location, string: string))
        lineHasTokens = true
    }

    private mutating func run() throws {
        while true {
            if atLineStart && brackets.isEmpty {
                if try !handleIndentation() { break }
            }
            guard let c = peek() else { break }
            let start = location
            switch c {
            case " ", "\t", "\u{0C}":
                index += 1
            case "\r":
                index += 1
            case "\n":
                index += 1
                if brackets.isEmpty && lineHasTokens {
                    tokens.append(Token(kind: .newline, text: "\n", start: start, end: start))
                    lineHasTokens = false
                }
                newLine()
                atLineStart = brackets.isEmpty
            case "#":
                while let d = peek(), d != "\n" { index += 1 }
            case "\\":
                index += 1
                if peek() == "\r" { index += 1 }
                if peek() == nil { throw error("unexpected EOF while parsing", at: location) }
                guard peek() == "\n" else {
                    throw error("unexpected character after line continuation character", at: start)
                }
                index += 1
                newLine()
                if peek() == nil {
                    throw error("unexpected EOF while parsing", at: location)
                }
            default:
                if isIdentifierStart(c) {
                    if let prefixLength = stringPrefixLength() {
                        try lexString(prefixLength: prefixLength)
                    } else {
                        lexName()
                    }
                } else if isDigit(c) || (c == "." && peek(1).map(isDigit) == true) {
                    try lexNumber()
                } else if c == "\"" || c == "'" {
                    try lexString(prefixLength: 0)
                } else {
                    try lexOperator()
                }
            }
        }
        if let open = brackets.last, !tolerateUnclosed {
            throw error("'\(open.char)' was never closed", at: open.location)
        }
        let end = location
        if lineHasTokens {
            tokens.append(Token(kind: .newline, text: "", start: end, end: end))
        }
        while indents.count > 1 {
            indents.removeLast()
            tokens.append(Token(kind: .dedent, text: "", start: end, end: end))
        }
        tokens.append(Token(kind: .end, text: "", start: end, end: end))
    }

    /// Measures the indentation of a new logical line and emits INDENT/DEDENT tokens.
    /// Blank and comment-only lines are skipped. Returns false at end of input.
    private mutating func handleIndentation() throws -> Bool {
        while true {
            var width = 0
            while let c = peek() {
                if c == " " { width += 1 } else if c == "\t" { width = (width / 8 + 1) * 8 } else if c == "\u{0C}" { width = 0 } else { break }
                index += 1
            }
            guard let c = peek() else { return false }
            if c == "#" {
                while let d = peek(), d != "\n" { index += 1 }
                continue
            }
            if c == "\r" { index += 1; continue }
            if c == "\n" {
                index += 1
                newLine()
                continue
            }
            if c == "\\" && (peek(1) == "\n" || (peek(1) == "\r" && peek(2) == "\n")) {
                // A continuation at line start joins with the next line; indentation counts from here.
                atLineStart = false
                return true
            }
            atLineStart = false
            let current = indents.last!
            let here = location
            if width > current {
                indents.append(width)
                tokens.append(Token(kind: .indent, text: "", start: here, end: here))
            } else if width < current {
                while let last = indents.last, last > width {
                    indents.removeLast()
                    tokens.append(Token(kind: .dedent, text: "", start: here, end: here))
                }
                if indents.last! != width {
                    throw error("unindent does not match any outer indentation level", at: here, kind: .indentation)
                }
            }
            return true
        }
    }

    private func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_" || (c.value >= 0x80 && c.properties.isXIDStart)
    }

    private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c) || (c.value >= 0x80 && c.properties.isXIDContinue)
    }

    /// If a string prefix (r, b, f, u and their valid combinations) followed by a quote starts
    /// here, its length; otherwise nil.
    private func stringPrefixLength() -> Int? {
        var length = 0
        var letters = ""
        while let c = peek(length), length < 3, "rRbBfFuU".unicodeScalars.contains(c) {
            letters.append(Character(c).lowercased())
            length += 1
        }
        guard length > 0, let q = peek(length), q == "'" || q == "\"" else { return nil }
        let valid: Set<String> = ["r", "u", "b", "f", "br", "rb", "fr", "rf"]
        return valid.contains(letters) ? length : nil
    }

    private mutating func lexName() {
        let start = location
        let begin = index
        while let c = peek(), isIdentifierContinue(c) { index += 1 }
        var text = ""
        text.unicodeScalars.append(contentsOf: chars[begin..<index])
        add(.name, text, from: start)
    }

    private mutating func lexNumber() throws {
        let start = location
        let begin = index
        func digits(_ accept: (Unicode.Scalar) -> Bool) throws {
            while let c = peek() {
                if accept(c) {
                    index += 1
                } else if c == "_", let n = peek(1), accept(n) {
                    index += 1
                } else {
                    break
                }
            }
        }
        let first = peek()!
        var isFloat = false
        if first == "0", let p = peek(1), "xXoObB".unicodeScalars.contains(p) {
            index += 2
            let lower = Character(p).lowercased()
            let accept: (Unicode.Scalar) -> Bool
            switch lower {
            case "x": accept = { $0.properties.isASCIIHexDigit }
            case "o": accept = { $0 >= "0" && $0 <= "7" }
            default: accept = { $0 == "0" || $0 == "1" }
            }
            if peek() == "_" { index += 1 }
            let digitsStart = index
            try digits(accept)
            if index == digitsStart {
                let kind = lower == "x" ? "hexadecimal" : lower == "o" ? "octal" : "binary"
                throw error("invalid \(kind) literal", at: location)
            }
            if let c = peek(), isDigit(c) || isIdentifierStart(c) {
                let kind = lower == "x" ? "hexadecimal" : lower == "o" ? "octal" : "binary"
                if lower == "o" && isDigit(c) { throw error("invalid digit '\(c)' in octal literal", at: location) }
                if lower == "b" && isDigit(c) { throw error("invalid digit '\(c)' in binary literal", at: location) }
                throw error("invalid \(kind) literal", at: start)
            }
        } else {
            try digits(isDigit)
            if peek() == "." {
                isFloat = true
                index += 1
                try digits(isDigit)
            }
            if let e = peek(), e == "e" || e == "E" {
                var look = 1
                if let s = peek(1), s == "+" || s == "-" { look = 2 }
                if let d = peek(look), isDigit(d) {
                    isFloat = true
                    index += look
                    try digits(isDigit)
                }
            }
            if let j = peek(), j == "j" || j == "J" {
                throw error("complex numbers are not supported in kscript", at: start)
            }
            if let c = peek(), isIdentifierStart(c) {
                throw error("invalid decimal literal", at: start)
            }
            if !isFloat {
                var text = ""
                text.unicodeScalars.append(contentsOf: chars[begin..<index])
                let plain = text.replacingOccurrences(of: "_", with: "")
                if plain.count > 1 && plain.hasPrefix("0") && plain.contains(where: { $0 != "0" }) {
                    throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", at: start)
                }
            }
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: chars[begin..<index])
        add(.number, text, from: start)
    }

    private mutating func lexString(prefixLength: Int) throws {
        let start = location
        var prefix = ""
        for i in 0..<prefixLength { prefix.append(Character(chars[index + i]).lowercased()) }
        index += prefixLength
        let quote = peek()!
        let triple = peek(1) == quote && peek(2) == quote
        index += triple ? 3 : 1
        let contentStart = location
        let begin = index
        var end = index
        let isRaw = prefix.contains("r")
        while true {
            guard let c = peek() else {
                if triple {
                    let lastLine = index > 0 && chars[index - 1] == "\n" ? line - 1 : line
                    throw error("unterminated triple-quoted string literal (detected at line \(lastLine))", at: start)
                }
                throw error("unterminated string literal (detected at line \(line))", at: start)
            }
            if c == "\\" {
                index += 1
                if let n = peek() {
                    index += 1
                    if n == "\n" { newLine() }
                    _ = isRaw
                }
                continue
            }
            if c == "\n" {
                if !triple {
                    throw error("unterminated string literal (detected at line \(line))", at: start)
                }
                index += 1
                newLine()
                continue
            }
            if c == quote {
                if !triple {
                    end = index
                    index += 1
                    break
                }
                if peek(1) == quote && peek(2) == quote {
                    end = index
                    index += 3
                    break
                }
            }
            index += 1
        }
        var raw = ""
        raw.unicodeScalars.append(contentsOf: chars[begin..<end])
        var textRaw = ""
        textRaw.unicodeScalars.append(contentsOf: chars[(begin - prefixLength - (triple ? 3 : 1))..<index])
        let piece = StringPiece(raw: raw, isRaw: isRaw, isFormatted: prefix.contains("f"), isBytes: prefix.contains("b"), contentStart: contentStart)
        add(.string, textRaw, from: start, string: piece)
    }

    private static let threeCharOps: Set<String> = ["**=", "//=", ">>=", "<<=", "...", "!=="]
    private static let twoCharOps: Set<String> = [
        "**", "//", ">>", "<<", "<=", ">=", "==", "!=", "->", "+=", "-=", "*=", "/=", "%=", "&=",
        "|=", "^=", "@=", ":=",
    ]
    private static let oneCharOps: Set<Unicode.Scalar> = [
        "+", "-", "*", "/", "%", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",",
        ":", ".", ";", "@", "=",
    ]

    private mutating func lexOperator() throws {
        let start = location
        func text(_ n: Int) -> String? {
            guard index + n <= chars.count else { return nil }
            var s = ""
            s.unicodeScalars.append(contentsOf: chars[index..<(index + n)])
            return s
        }
        if let t = text(3), Lexer.threeCharOps.contains(t), t != "!==" {
            index += 3
            add(.op, t, from: start)
            return
        }
        if let t = text(2), Lexer.twoCharOps.contains(t) {
            index += 2
            add(.op, t, from: start)
            return
        }
        let c = peek()!
        guard Lexer.oneCharOps.contains(c) else {
            if c == "!" {
                throw error("invalid syntax", at: start)
            }
            if c == "$" || c == "?" || c == "`" {
                throw error("invalid syntax", at: start)
            }
            throw error("invalid character '\(c)' (U+\(String(c.value, radix: 16, uppercase: true).leftPadded(4)))", at: start)
        }
        index += 1
        switch c {
        case "(", "[", "{":
            if brackets.count >= Lexer.maxBracketDepth {
                throw error("too many nested parentheses", at: start)
            }
            brackets.append((c, start))
        case ")", "]", "}":
            guard let open = brackets.popLast() else {
                throw error("unmatched '\(c)'", at: start)
            }
            let expected: Unicode.Scalar = open.char == "(" ? ")" : open.char == "[" ? "]" : "}"
            if c != expected {
                if open.location.line != start.line {
                    throw error("closing parenthesis '\(c)' does not match opening parenthesis '\(open.char)' on line \(open.location.line)", at: start)
                }
                throw error("closing parenthesis '\(c)' does not match opening parenthesis '\(open.char)'", at: start)
            }
        default:
            break
        }
        add(.op, String(c), from: start)
    }
}

extension String {
    /// Pads with leading zeros to `width` characters.
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
