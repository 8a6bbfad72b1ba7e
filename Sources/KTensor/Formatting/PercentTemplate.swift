/// One argument of printf-style formatting, already converted by the caller: `%s`, `%r` and
/// `%a` receive the text of `str()`, `repr()` or `ascii()`; `*` widths and precisions are ints.
public enum PercentArgument {
    case int(Int)
    case float(Double)
    case text(String)
}

/// One conversion of a printf-style template (`%(key)-+ #0*.*d`).
public struct PercentSpec: Equatable {
    /// The `(key)` of mapping formatting.
    public let mappingKey: String?
    /// The conversion character: one of `d i u o x X e E f F g G c s r a`.
    public let conversion: Character
    public let leftAlign: Bool
    public let plusSign: Bool
    public let blankSign: Bool
    public let alternate: Bool
    public let zeroPad: Bool
    /// The literal width, nil when absent or taken from an argument.
    public let width: Int?
    /// `*`: the width is the argument before the value.
    public let widthFromArgument: Bool
    /// The literal precision (0 for a bare '.'), nil when absent or taken from an argument.
    public let precision: Int?
    /// `.*`: the precision is the argument before the value (after a `*` width).
    public let precisionFromArgument: Bool
    /// Index of the conversion character in the template, for error messages.
    public let index: Int

    /// Arguments this conversion consumes: its `*` values and the value itself.
    public var argumentCount: Int { 1 + (widthFromArgument ? 1 : 0) + (precisionFromArgument ? 1 : 0) }
}

/// A printf-style template, `template % arguments`, parsed once and rendered with CPython's
/// rules. Template errors surface when it is built; argument errors when it is rendered.
public struct PercentTemplate {
    /// The conversions in order (`%%` is literal text, not a conversion).
    public let specs: [PercentSpec]
    /// Literal text around the conversions: `literals[i]` precedes `specs[i]`; the last one ends
    /// the template.
    public let literals: [String]

    public init(_ template: String) throws {
        let chars = Array(template.unicodeScalars)
        var specs: [PercentSpec] = []
        var literals: [String] = []
        var literal = String.UnicodeScalarView()
        var pos = 0
        let end = chars.count
        func incomplete() -> FormatSpecError { FormatSpecError("incomplete format") }
        while pos < end {
            let c = chars[pos]
            pos += 1
            if c != "%" { literal.append(c); continue }
            guard pos < end else { throw incomplete() }
            if chars[pos] == "%" { literal.append("%"); pos += 1; continue }

            var key: String?
            if chars[pos] == "(" {
                pos += 1
                let keyStart = pos
                var depth = 1
                while depth > 0 && pos < end {
                    if chars[pos] == ")" { depth -= 1 } else if chars[pos] == "(" { depth += 1 }
                    pos += 1
                }
                guard depth == 0 else { throw FormatSpecError("incomplete format key") }
                key = String(String.UnicodeScalarView(chars[keyStart..<(pos - 1)]))
            }
            var leftAlign = false, plus = false, blank = false, alternate = false, zero = false
            flags: while pos < end {
                switch chars[pos] {
                case "-": leftAlign = true
                case "+": plus = true
                case " ": blank = true
                case "#": alternate = true
                case "0": zero = true
                default: break flags
                }
                pos += 1
            }
            var width: Int?
            var widthFromArgument = false
            if pos < end && chars[pos] == "*" {
                widthFromArgument = true
                pos += 1
            } else if let value = try PercentTemplate.integer(chars, &pos, tooBig: "width too big") {
                width = value
            }
            var precision: Int?
            var precisionFromArgument = false
            if pos < end && chars[pos] == "." {
                pos += 1
                if pos < end && chars[pos] == "*" {
                    precisionFromArgument = true
                    pos += 1
                } else {
                    precision = try PercentTemplate.integer(chars, &pos, tooBig: "precision too big") ?? 0
                }
            }
            if pos < end && (chars[pos] == "h" || chars[pos] == "l" || chars[pos] == "L") { pos += 1 }
            guard pos < end else { throw incomplete() }
            let conversion = chars[pos]
            guard "diouxXeEfFgGcsra".unicodeScalars.contains(conversion) else {
                let shown = conversion.value >= 31 && conversion.value <= 126 ? String(conversion) : "?"
                throw FormatSpecError("unsupported format character '\(shown)' (0x\(String(conversion.value, radix: 16))) at index \(pos)")
            }
            specs.append(PercentSpec(mappingKey: key, conversion: Character(conversion), leftAlign: leftAlign,
                                     plusSign: plus, blankSign: blank, alternate: alternate, zeroPad: zero,
                                     width: width, widthFromArgument: widthFromArgument, precision: precision,
                                     precisionFromArgument: precisionFromArgument, index: pos))
            pos += 1
            literals.append(String(literal))
            literal = String.UnicodeScalarView()
        }
        literals.append(String(literal))
        self.specs = specs
        self.literals = literals
    }

    /// The formatted text. `arguments` holds, for each spec in order, its `*` width, its `*`
    /// precision and its value.
    public func render(_ arguments: [PercentArgument]) throws -> String {
        var out = literals[0]
        var next = 0
        func take() throws -> PercentArgument {
            guard next < arguments.count else {
                throw FormatSpecError("not enough arguments for format string", kind: .typeError)
            }
            next += 1
            return arguments[next - 1]
        }
        func star() throws -> Int {
            guard case .int(let value) = try take() else { throw FormatSpecError("* wants int", kind: .typeError) }
            return value
        }
        for (i, spec) in specs.enumerated() {
            var width = spec.width
            var leftAlign = spec.leftAlign
            if spec.widthFromArgument {
                let value = try star()
                if value < 0 { leftAlign = true }
                width = value.magnitude > UInt(Int32.max) ? Int(Int32.max) : abs(value)
            }
            var precision = spec.precision
            if spec.precisionFromArgument {
                precision = max(0, try star())
            }
            try FormatSpecError.checkFieldSize(width)
            try FormatSpecError.checkFieldSize(precision)
            out += try PercentTemplate.convert(spec, width: width, precision: precision, leftAlign: leftAlign,
                                               argument: try take())
            out += literals[i + 1]
        }
        if next < arguments.count {
            throw FormatSpecError("not all arguments converted during string formatting", kind: .typeError)
        }
        return out
    }

    // MARK: Implementation

    private static func integer(_ chars: [Unicode.Scalar], _ pos: inout Int, tooBig: String) throws -> Int? {
        var value: Int?
        while pos < chars.count, chars[pos].isASCII, let digit = Int(String(chars[pos])) {
            let current = value ?? 0
            if current > (Int(Int32.max) - digit) / 10 { throw FormatSpecError(tooBig) }
            value = current * 10 + digit
            pos += 1
        }
        return value
    }

    /// Python's name of the type an argument stands for.
    private static func typeName(_ argument: PercentArgument) -> String {
        switch argument {
        case .int: return "int"
        case .float: return "float"
        case .text: return "str"
        }
    }

    private static func convert(_ spec: PercentSpec, width: Int?, precision: Int?, leftAlign: Bool,
                                argument: PercentArgument) throws -> String {
        let conversion = spec.conversion
        var body: String
        var isNumber = false
        switch conversion {
        case "s", "r", "a":
            switch argument {
            case .text(let text): body = text
            case .int(let value): body = String(value)
            case .float(let value): body = PythonFormat.repr(value)
            }
            if let precision {
                let scalars = body.unicodeScalars
                if scalars.count > precision { body = String(String.UnicodeScalarView(scalars.prefix(precision))) }
            }
        case "c":
            switch argument {
            case .int(let value):
                body = String(try PythonFormat.character(codePoint: value))
            case .text(let text) where text.unicodeScalars.count == 1:
                body = text
            default:
                throw FormatSpecError("%c requires int or char", kind: .typeError)
            }
        case "d", "i", "u", "o", "x", "X":
            isNumber = true
            body = try integerBody(spec, precision: precision, argument: argument)
        default:
            isNumber = true
            let value: Double
            switch argument {
            case .float(let x): value = x
            case .int(let n): value = Double(n)
            case .text: throw FormatSpecError("must be real number, not str", kind: .typeError)
            }
            var flags = PythonFloatText.Flags()
            flags.alternate = spec.alternate
            body = PythonFloatText.string(value, code: conversion, precision: precision ?? 6, flags: flags)
        }
        return pad(body, spec: spec, isNumber: isNumber, width: width, leftAlign: leftAlign)
    }

    /// Digits of an integer conversion with its sign, `#` prefix and precision zeros.
    private static func integerBody(_ spec: PercentSpec, precision: Int?, argument: PercentArgument) throws -> String {
        let conversion = spec.conversion
        let isDecimal = conversion == "d" || conversion == "i" || conversion == "u"
        var isNegative = false
        var magnitude = ""
        switch argument {
        case .int(let value):
            isNegative = value < 0
            magnitude = String(value.magnitude, radix: isDecimal ? 10 : conversion == "o" ? 8 : 16)
        case .float(let value) where isDecimal:
            if value.isNaN { throw FormatSpecError("cannot convert float NaN to integer") }
            if value.isInfinite {
                throw FormatSpecError("cannot convert float infinity to integer", kind: .overflowError)
            }
            let truncated = value.rounded(.towardZero)
            isNegative = truncated < 0
            magnitude = PythonFloatText.string(truncated.magnitude, code: "f", precision: 0)
        case .float:
            throw FormatSpecError("%\(conversion) format: an integer is required, not float", kind: .typeError)
        case .text:
            let requirement = isDecimal ? "a real number" : "an integer"
            throw FormatSpecError("%\(conversion) format: \(requirement) is required, not str", kind: .typeError)
        }
        if conversion == "X" { magnitude = magnitude.uppercased() }
        if let precision, precision > magnitude.count {
            magnitude = String(repeating: "0", count: precision - magnitude.count) + magnitude
        }
        var prefix = ""
        if spec.alternate {
            switch conversion {
            case "o": prefix = "0o"
            case "x": prefix = "0x"
            case "X": prefix = "0X"
            default: break
            }
        }
        return (isNegative ? "-" : "") + prefix + magnitude
    }

    /// Width, sign flags and fill, as CPython's `unicode_format_arg_output`.
    private static func pad(_ body: String, spec: PercentSpec, isNumber: Bool, width: Int?, leftAlign: Bool) -> String {
        var text = Substring(body)
        var sign = ""
        if isNumber {
            if let first = text.first, first == "-" || first == "+" {
                sign = String(first)
                text = text.dropFirst()
            } else if spec.plusSign {
                sign = "+"
            } else if spec.blankSign {
                sign = " "
            }
        }
        var prefix = ""
        if spec.alternate && isNumber && (spec.conversion == "x" || spec.conversion == "X" || spec.conversion == "o") {
            prefix = String(text.prefix(2))
            text = text.dropFirst(2)
        }
        let fill = isNumber && spec.zeroPad && !leftAlign ? "0" : " "
        let length = sign.count + prefix.count + text.unicodeScalars.count
        let padding = max(0, (width ?? 0) - length)
        if leftAlign { return sign + prefix + text + String(repeating: " ", count: padding) }
        if fill == "0" { return sign + prefix + String(repeating: "0", count: padding) + text }
        return String(repeating: " ", count: padding) + sign + prefix + text
    }
}
