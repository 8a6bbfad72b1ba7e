/// Parses JSON text into `KerasJSON` as Python's `json.loads` accepts it (also `NaN`,
/// `Infinity`, `-Infinity`), with nesting bounded. Errors name the position.
struct KerasJSONParser {
    private let bytes: [UInt8]
    private var position = 0
    private var depth = 0
    /// Deeper nesting than this is refused (configs nest a few dozen levels at most).
    static let depthLimit = 256

    private init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The value of the whole text; `source` names it in errors ("config.json").
    static func parse(_ bytes: [UInt8], source: String) throws -> KerasJSON {
        var parser = KerasJSONParser(bytes)
        do {
            parser.skipSpace()
            let value = try parser.value()
            parser.skipSpace()
            if parser.position != bytes.count { throw parser.failure("extra data") }
            return value
        } catch let error as Failure {
            throw SavingError("\(source) is not valid JSON: \(error.message)")
        }
    }

    private struct Failure: Error {
        let message: String
    }

    private func failure(_ what: String) -> Failure {
        Failure(message: "\(what) at byte \(position)")
    }

    private mutating func skipSpace() {
        while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
    }

    private mutating func consume(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard position + utf8.count <= bytes.count, Array(bytes[position..<position + utf8.count]) == utf8 else { return false }
        position += utf8.count
        return true
    }

    private mutating func value() throws -> KerasJSON {
        guard position < bytes.count else { throw failure("unexpected end of text") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        default:
            if consume("null") { return .null }
            if consume("true") { return .bool(true) }
            if consume("false") { return .bool(false) }
            if consume("NaN") { return .double(.nan) }
            if consume("Infinity") { return .double(.infinity) }
            if consume("-Infinity") { return .double(-.infinity) }
            return try number()
        }
    }

    private mutating func enter() throws {
        depth += 1
        if depth > KerasJSONParser.depthLimit { throw failure("nesting too deep") }
    }

    private mutating func object() throws -> KerasJSON {
        try enter()
        defer { depth -= 1 }
        position += 1
        var entries: [(key: String, value: KerasJSON)] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return .object(entries)
        }
        while true {
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a property name") }
            let key = try string()
            skipSpace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
            position += 1
            skipSpace()
            let item = try value()
            if let index = entries.firstIndex(where: { $0.key == key }) { entries[index].value = item } else { entries.append((key, item)) }
            skipSpace()
            guard position < bytes.count else { throw failure("unexpected end of text") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return .object(entries) }
            throw failure("expected ',' or '}'")
        }
    }

    private mutating func array() throws -> KerasJSON {
        try enter()
        defer { depth -= 1 }
        position += 1
        var items: [KerasJSON] = []
        skipSpace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipSpace()
            items.append(try value())
            skipSpace()
            guard position < bytes.count else { throw failure("unexpected end of text") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return .array(items) }
            throw failure("expected ',' or ']'")
        }
    }

    private mutating func number() throws -> KerasJSON {
        let start = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "-") { position += 1 }
        var isInteger = true
        while position < bytes.count {
            let byte = bytes[position]
            if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                position += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
                        || ((byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")) && !isInteger) {
                isInteger = false
                position += 1
            } else {
                break
            }
        }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        if text.isEmpty || text == "-" {
            position = start
            throw failure("unexpected character")
        }
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else {
            position = start
            throw failure("invalid number '\(text)'")
        }
        return .double(value)
    }

    private mutating func string() throws -> String {
        position += 1
        var utf8: [UInt8] = []
        while true {
            guard position < bytes.count else { throw failure("unterminated string") }
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte < 0x20 { throw failure("control character in string") }
            if byte != UInt8(ascii: "\\") {
                utf8.append(byte)
                continue
            }
            guard position < bytes.count else { throw failure("unterminated string") }
            let escape = bytes[position]
            position += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
            case UInt8(ascii: "b"): utf8.append(0x08)
            case UInt8(ascii: "f"): utf8.append(0x0C)
            case UInt8(ascii: "n"): utf8.append(0x0A)
            case UInt8(ascii: "r"): utf8.append(0x0D)
            case UInt8(ascii: "t"): utf8.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hexUnit()
                if scalar >= 0xD800 && scalar < 0xDC00, consume("\\u") {
                    let low = try hexUnit()
                    if low >= 0xDC00 && low < 0xE000 {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else {
                        utf8.append(contentsOf: Array("\u{FFFD}".utf8))
                        scalar = low
                    }
                }
                utf8.append(contentsOf: Array(String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8))
            default:
                throw failure("invalid escape")
            }
        }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw failure("invalid UTF-8 in string") }
        return text
    }

    /// The four hex digits of a `\\u` escape.
    private mutating func hexUnit() throws -> UInt32 {
        guard position + 4 <= bytes.count,
              let unit = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16) else {
            throw failure("invalid \\u escape")
        }
        position += 4
        return unit
    }
}

extension KerasJSON {
    /// Parses JSON text (see `KerasJSONParser`); `source` names it in errors.
    public static func parse(_ text: String, source: String) throws -> KerasJSON {
        try KerasJSONParser.parse(Array(text.utf8), source: source)
    }
}
