/// CPython 3.11's `repr()` of floats and its `format()` mini-language for floats, ints and
/// strings, character for character.
public enum PythonFormat {
    /// `repr(x)` / `str(x)` of a float: the shortest digits that read back to `value`, in
    /// exponent form when the decimal exponent is below -4 or at least 16 (`1e-07`, `1e+16`,
    /// `-0.0`, `inf`, `nan`, `1.0`).
    public static func repr(_ value: Double) -> String {
        var flags = PythonFloatText.Flags()
        flags.addDotZero = true
        return PythonFloatText.string(value, code: "r", precision: 0, flags: flags)
    }

    /// `format(value, spec)` for a float.
    public static func format(_ value: Double, spec: String) throws -> String {
        if spec.isEmpty { return repr(value) }
        let parsed = try FormatSpec(spec, typeName: "float", defaultAlign: ">", defaultType: nil)
        return try formatFloat(value, parsed)
    }

    /// `format(value, spec)` for an int (64-bit): d b o x X c n, and the float presentations
    /// e E f F g G % applied to the int converted to float.
    public static func format(_ value: Int, spec: String) throws -> String {
        if spec.isEmpty { return String(value) }
        let parsed = try FormatSpec(spec, typeName: "int", defaultAlign: ">", defaultType: "d")
        switch parsed.type {
        case "b", "c", "d", "o", "x", "X", "n":
            return try formatInteger(value, parsed)
        case "e", "E", "f", "F", "g", "G", "%":
            return try formatFloat(Double(value), parsed)
        default:
            throw FormatSpec.unknownType(parsed.type, "int")
        }
    }

    /// `format(value, spec)` for a str: fill, alignment, width and truncating precision.
    public static func format(_ value: String, spec: String) throws -> String {
        if spec.isEmpty { return value }
        let parsed = try FormatSpec(spec, typeName: "str", defaultAlign: "<", defaultType: "s")
        guard parsed.type == "s" else { throw FormatSpec.unknownType(parsed.type, "str") }
        if let sign = parsed.sign {
            throw FormatSpecError(sign == " " ? "Space not allowed in string format specifier"
                                             : "Sign not allowed in string format specifier")
        }
        if parsed.noNegativeZero {
            throw FormatSpecError("Negative zero coercion (z) not allowed in string format specifier")
        }
        if parsed.alternate { throw FormatSpecError("Alternate form (#) not allowed in string format specifier") }
        if parsed.align == "=" { throw FormatSpecError("'=' alignment not allowed in string format specifier") }

        var scalars = value.unicodeScalars
        var length = scalars.count
        if let precision = parsed.precision, precision < length {
            scalars = String.UnicodeScalarView(scalars.prefix(precision))
            length = precision
        }
        let padding = max(0, (parsed.width ?? 0) - length)
        if padding == 0 { return String(scalars) }
        let fill = String(Character(parsed.fill))
        let left: Int
        switch parsed.align {
        case ">": left = padding
        case "^": left = padding / 2
        default: left = 0
        }
        return String(repeating: fill, count: left) + String(scalars) + String(repeating: fill, count: padding - left)
    }

    // MARK: Implementation

    static func formatFloat(_ value: Double, _ spec: FormatSpec) throws -> String {
        var code: Character
        var flags = PythonFloatText.Flags()
        flags.alternate = spec.alternate
        flags.noNegativeZero = spec.noNegativeZero
        var precision = spec.precision ?? -1
        var number = value
        var percent = false
        switch spec.type {
        case nil:
            flags.addDotZero = true
            code = precision < 0 ? "r" : "g"
            if precision < 0 { precision = 0 }
        case "e", "E", "f", "F", "g", "G":
            code = Character(spec.type!)
        case "n":
            code = "g"
        case "%":
            code = "f"
            number *= 100
            percent = true
        default:
            throw FormatSpec.unknownType(spec.type, "float")
        }
        if precision < 0 { precision = 6 }
        var text = PythonFloatText.string(number, code: code, precision: precision, flags: flags)
        if percent { text += "%" }
        return NumberLayout(number: text).render(spec, groupSize: spec.grouping == nil ? nil : 3)
    }

    static func formatInteger(_ value: Int, _ spec: FormatSpec) throws -> String {
        if spec.precision != nil { throw FormatSpecError("Precision not allowed in integer format specifier") }
        if spec.noNegativeZero {
            throw FormatSpecError("Negative zero coercion (z) not allowed in integer format specifier")
        }
        if spec.type == "c" {
            if spec.sign != nil { throw FormatSpecError("Sign not allowed with integer format specifier 'c'") }
            if spec.alternate {
                throw FormatSpecError("Alternate form (#) not allowed with integer format specifier 'c'")
            }
            let character = try PythonFormat.character(codePoint: value)
            return NumberLayout(isNegative: false, prefix: "", digits: [], remainder: String(character))
                .render(spec, groupSize: nil)
        }
        let radix: Int
        var prefix = ""
        switch spec.type {
        case "b": radix = 2; prefix = "0b"
        case "o": radix = 8; prefix = "0o"
        case "x": radix = 16; prefix = "0x"
        case "X": radix = 16; prefix = "0X"
        default: radix = 10
        }
        var digits = String(value.magnitude, radix: radix)
        if spec.type == "X" { digits = digits.uppercased() }
        let layout = NumberLayout(isNegative: value < 0, prefix: spec.alternate ? prefix : "", digits: Array(digits))
        let groupSize: Int? = spec.grouping == nil ? nil : (radix == 10 ? 3 : 4)
        return layout.render(spec, groupSize: groupSize)
    }

    /// The character of `%c` / `format(n, 'c')`. Lone surrogates, which Swift strings cannot
    /// hold, become U+FFFD.
    static func character(codePoint: Int) throws -> Character {
        guard codePoint >= 0 && codePoint <= 0x10ffff else {
            throw FormatSpecError("%c arg not in range(0x110000)", kind: .overflowError)
        }
        return Character(Unicode.Scalar(UInt32(codePoint)) ?? "\u{fffd}")
    }
}
