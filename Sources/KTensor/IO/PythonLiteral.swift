/// The Python literals that appear in `.npy` headers (`{'descr': '<f4', 'fortran_order': False,
/// 'shape': (3, 4), }`), parsed without evaluating anything.
indirect enum PythonLiteral: Equatable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case none
    case tuple([PythonLiteral])
    case list([PythonLiteral])
    case dictionary([(key: PythonLiteral, value: PythonLiteral)])

    static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
        switch (lhs, rhs) {
        case let (.string(a), .string(b)): return a == b
        case let (.integer(a), .integer(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case (.none, .none): return true
        case let (.tuple(a), .tuple(b)), let (.list(a), .list(b)): return a == b
        case let (.dictionary(a), .dictionary(b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    /// Python's repr of the value, for error messages.
    var pythonRepr: String {
        switch self {
        case .string(let text): return "'" + text + "'"
        case .integer(let value): return String(value)
        case .boolean(let value): return value ? "True" : "False"
        case .none: return "None"
        case .tuple(let items): return items.count == 1 ? "(\(items[0].pythonRepr),)" : "(" + items.map(\.pythonRepr).joined(separator: ", ") + ")"
        case .list(let items): return "[" + items.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .dictionary(let items): return "{" + items.map { "\($0.key.pythonRepr): \($0.value.pythonRepr)" }.joined(separator: ", ") + "}"
        }
    }

    struct SyntaxError: Error {
        let message: String
    }

    /// Parses one literal filling `text` (surrounding whitespace allowed).
    static func parse(_ text: String) throws -> PythonLiteral {
        var parser = Parser(characters: Array(text.unicodeScalars))
        let value = try parser.value(depth: 0)
        parser.skipSpace()
        guard parser.position == parser.characters.count else {
            throw SyntaxError(message: "unexpected text after the literal at offset \(parser.position)")
        }
        return value
    }

    private struct Parser {
        let characters: [Unicode.Scalar]
        var position = 0

        mutating func skipSpace() {
            while position < characters.count, characters[position].properties.isWhitespace { position += 1 }
        }

        func peek() -> Unicode.Scalar? { position < characters.count ? characters[position] : nil }

        mutating func value(depth: Int) throws -> PythonLiteral {
            guard depth < 32 else { throw SyntaxError(message: "literal nested too deeply") }
            skipSpace()
            guard let c = peek() else { throw SyntaxError(message: "unexpected end of header") }
            switch c {
            case "'", "\"": return .string(try string())
            case "(":
                position += 1
                let (items, sawComma) = try sequence(until: ")", depth: depth)
                // (x) is just x; (x,) and () are tuples.
                return items.count == 1 && !sawComma ? items[0] : .tuple(items)
            case "[":
                position += 1
                return .list(try sequence(until: "]", depth: depth).items)
            case "{":
                position += 1
                return try dictionary(depth: depth)
            case "-", "+", "0"..."9": return .integer(try integer())
            default:
                let word = identifier()
                switch word {
                case "True": return .boolean(true)
                case "False": return .boolean(false)
                case "None": return .none
                default: throw SyntaxError(message: "unexpected '\(word.isEmpty ? String(c) : word)' at offset \(position)")
                }
            }
        }

        mutating func identifier() -> String {
            var word = String.UnicodeScalarView()
            while let c = peek(), c.properties.isAlphabetic || c == "_" {
                word.append(c)
                position += 1
            }
            return String(word)
        }

        mutating func string() throws -> String {
            guard let quote = peek() else { throw SyntaxError(message: "unexpected end of header") }
            position += 1
            var result = String.UnicodeScalarView()
            while let c = peek() {
                position += 1
                if c == quote { return String(result) }
                if c == "\\" {
                    guard let escaped = peek() else { break }
                    position += 1
                    switch escaped {
                    case "n": result.append("\n")
                    case "t": result.append("\t")
                    default: result.append(escaped)
                    }
                } else {
                    result.append(c)
                }
            }
            throw SyntaxError(message: "unterminated string")
        }

        mutating func integer() throws -> Int {
            var negative = false
            if peek() == "-" || peek() == "+" {
                negative = peek() == "-"
                position += 1
            }
            var value = 0
            var digits = 0
            while let c = peek(), let digit = Int(String(c)), c.isASCII {
                let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = shifted.addingReportingOverflow(digit)
                if overflow1 || overflow2 { throw SyntaxError(message: "integer too large") }
                value = sum
                digits += 1
                position += 1
            }
            guard digits > 0 else { throw SyntaxError(message: "expected digits at offset \(position)") }
            // Python 2 long suffix, as in headers written by old NumPy versions.
            if peek() == "L" || peek() == "l" { position += 1 }
            return negative ? -value : value
        }

        mutating func sequence(until close: Unicode.Scalar, depth: Int) throws -> (items: [PythonLiteral], sawComma: Bool) {
            var items: [PythonLiteral] = []
            var sawComma = false
            while true {
                skipSpace()
                if peek() == close {
                    position += 1
                    return (items, sawComma)
                }
                items.append(try value(depth: depth + 1))
                skipSpace()
                if peek() == "," {
                    sawComma = true
                    position += 1
                } else if peek() != close {
                    throw SyntaxError(message: "expected ',' or '\(close)' at offset \(position)")
                }
            }
        }

        mutating func dictionary(depth: Int) throws -> PythonLiteral {
            var items: [(key: PythonLiteral, value: PythonLiteral)] = []
            while true {
                skipSpace()
                if peek() == "}" {
                    position += 1
                    return .dictionary(items)
                }
                let key = try value(depth: depth + 1)
                skipSpace()
                guard peek() == ":" else { throw SyntaxError(message: "expected ':' at offset \(position)") }
                position += 1
                items.append((key, try value(depth: depth + 1)))
                skipSpace()
                if peek() == "," {
                    position += 1
                } else if peek() != "}" {
                    throw SyntaxError(message: "expected ',' or '}' at offset \(position)")
                }
            }
        }
    }
}
