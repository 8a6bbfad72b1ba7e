/// An error from Python-style formatting, carrying CPython's message and exception type
/// (`ValueError` unless stated otherwise).
public struct FormatSpecError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable { case valueError, typeError, overflowError, memoryError }

    public let message: String
    public let kind: Kind

    public init(_ message: String, kind: Kind = .valueError) {
        self.message = message
        self.kind = kind
    }

    public var description: String { message }

    /// Widths and precisions above this would build strings of hundreds of megabytes; CPython
    /// would try and usually fail with `MemoryError`, which is what kscript raises up front.
    static let largestField = 1 << 28

    static func checkFieldSize(_ value: Int?) throws {
        if let value, value > largestField { throw FormatSpecError("", kind: .memoryError) }
    }
}

/// A parsed format-spec mini-language string (`[[fill]align][sign][z][#][0][width][grouping][.precision][type]`),
/// the argument of `format()` and of `{:...}` fields.
struct FormatSpec {
    var fill: Unicode.Scalar = " "
    var align: Unicode.Scalar
    var sign: Unicode.Scalar?
    var noNegativeZero = false
    var alternate = false
    var width: Int?
    /// "," or "_" as written.
    var grouping: Unicode.Scalar?
    var precision: Int?
    var type: Unicode.Scalar?

    /// Parses `spec` for an object of Python type `typeName` whose default alignment is
    /// `defaultAlign` and default presentation type `defaultType`.
    init(_ spec: String, typeName: String, defaultAlign: Unicode.Scalar, defaultType: Unicode.Scalar?) throws {
        align = defaultAlign
        type = defaultType
        let chars = Array(spec.unicodeScalars)
        var pos = 0
        let end = chars.count
        func isAlign(_ c: Unicode.Scalar) -> Bool { c == "<" || c == ">" || c == "=" || c == "^" }

        var fillSpecified = false
        var alignSpecified = false
        if end - pos >= 2 && isAlign(chars[pos + 1]) {
            fill = chars[pos]
            align = chars[pos + 1]
            fillSpecified = true
            alignSpecified = true
            pos += 2
        } else if end - pos >= 1 && isAlign(chars[pos]) {
            align = chars[pos]
            alignSpecified = true
            pos += 1
        }
        if pos < end && (chars[pos] == "+" || chars[pos] == "-" || chars[pos] == " ") {
            sign = chars[pos]
            pos += 1
        }
        if pos < end && chars[pos] == "z" {
            noNegativeZero = true
            pos += 1
        }
        if pos < end && chars[pos] == "#" {
            alternate = true
            pos += 1
        }
        if !fillSpecified && pos < end && chars[pos] == "0" {
            fill = "0"
            if !alignSpecified && defaultAlign == ">" { align = "=" }
            pos += 1
        }
        width = try FormatSpec.integer(chars, &pos)
        if pos < end && chars[pos] == "," {
            grouping = ","
            pos += 1
        }
        if pos < end && chars[pos] == "_" {
            if grouping != nil { throw FormatSpecError("Cannot specify both ',' and '_'.") }
            grouping = "_"
            pos += 1
        }
        if pos < end && chars[pos] == "," && grouping == "_" {
            throw FormatSpecError("Cannot specify both ',' and '_'.")
        }
        if pos < end && chars[pos] == "." {
            pos += 1
            guard let value = try FormatSpec.integer(chars, &pos) else {
                throw FormatSpecError("Format specifier missing precision")
            }
            precision = value
        }
        if end - pos > 1 {
            throw FormatSpecError("Invalid format specifier '\(spec)' for object of type '\(typeName)'")
        }
        if end - pos == 1 { type = chars[pos] }
        try FormatSpecError.checkFieldSize(width)
        try FormatSpecError.checkFieldSize(precision)

        if let grouping {
            switch type {
            case "d", "e", "f", "g", "E", "G", "%", "F", nil:
                break
            case "b", "o", "x", "X":
                if grouping != "_" {
                    throw FormatSpecError("Cannot specify '\(grouping)' with '\(FormatSpec.describe(type))'.")
                }
            default:
                throw FormatSpecError("Cannot specify '\(grouping)' with '\(FormatSpec.describe(type))'.")
            }
        }
    }

    /// Digits at `pos` as an integer, nil when there are none.
    private static func integer(_ chars: [Unicode.Scalar], _ pos: inout Int) throws -> Int? {
        var value = 0
        var consumed = 0
        while pos < chars.count, chars[pos].properties.numericType == .decimal,
              let numeric = chars[pos].properties.numericValue {
            let digit = Int(numeric)
            if value > (Int(Int32.max) - digit) / 10 {
                throw FormatSpecError("Too many decimal digits in format string")
            }
            value = value * 10 + digit
            pos += 1
            consumed += 1
        }
        return consumed == 0 ? nil : value
    }

    /// A type character as CPython's messages show it: printable ASCII as is, others as `\xNN`.
    static func describe(_ type: Unicode.Scalar?) -> String {
        guard let type else { return "\\x0" }
        if type.value > 32 && type.value < 128 { return String(type) }
        return "\\x" + String(type.value, radix: 16)
    }

    static func unknownType(_ type: Unicode.Scalar?, _ typeName: String) -> FormatSpecError {
        FormatSpecError("Unknown format code '\(describe(type))' for object of type '\(typeName)'")
    }
}
