/// CPython's `PyOS_double_to_string`: a double as text in one of the presentation codes
/// 'e', 'f', 'g' (and upper-case forms) or 'r' (repr), with correct rounding
/// (round-half-even on the exact binary value).
enum PythonFloatText {
    /// Options that CPython passes as `Py_DTSF_*` flags.
    struct Flags {
        /// '#': keep the decimal point and, for 'g', trailing zeros.
        var alternate = false
        /// Repr and the empty presentation type: integral results get ".0".
        var addDotZero = false
        /// 'z': a result that rounds to zero loses its minus sign.
        var noNegativeZero = false
    }

    /// `value` formatted with presentation `code` ('e' 'E' 'f' 'F' 'g' 'G' 'r') and `precision`
    /// (ignored for 'r'). Negative values start with '-'; nan never carries a sign.
    static func string(_ value: Double, code: Character, precision: Int, flags: Flags = Flags()) -> String {
        let upper = code == "E" || code == "F" || code == "G"
        if value.isNaN { return upper ? "NAN" : "nan" }
        if value.isInfinite {
            let text = upper ? "INF" : "inf"
            return value < 0 ? "-" + text : text
        }
        let parts = BinaryFloatParts(value)
        let lowerCode: Character = upper ? Character(code.lowercased()) : code
        var precision = precision
        var result: DecimalDigits
        switch lowerCode {
        case "e":
            precision += 1
            result = Dragon4.digits(parts, mode: .exact, cutoffMode: .totalLength, cutoffMax: precision)
        case "f":
            result = Dragon4.digits(parts, mode: .exact, cutoffMode: .fractionLength, cutoffMax: precision)
        case "g":
            if precision == 0 { precision = 1 }
            result = Dragon4.digits(parts, mode: .exact, cutoffMode: .totalLength, cutoffMax: precision)
        default:
            result = Dragon4.digits(parts, mode: .unique)
        }
        var digits = result.digits
        while digits.count > 1, digits.last == 0 { digits.removeLast() }
        var decimalPoint = result.exponent + 1
        if digits == [0] { decimalPoint = 1 }

        let isZero = digits == [0]
        let sign = parts.isNegative && !(isZero && flags.noNegativeZero) ? "-" : ""
        return sign + layout(digits: digits, decimalPoint: &decimalPoint, code: lowerCode, precision: precision,
                       flags: flags, upper: upper)
    }

    /// Places `digits` (first digit before position `decimalPoint`) as CPython's
    /// `format_float_short` does: a window over the digits padded with zeros on both sides.
    private static func layout(digits: [UInt8], decimalPoint: inout Int, code: Character, precision: Int,
                               flags: Flags, upper: Bool) -> String {
        var windowEnd = digits.count
        var usesExponent = false
        switch code {
        case "e":
            usesExponent = true
            windowEnd = precision
        case "f":
            windowEnd = decimalPoint + precision
        case "g":
            if decimalPoint <= -4 || decimalPoint > (flags.addDotZero ? precision - 1 : precision) {
                usesExponent = true
            }
            if flags.alternate { windowEnd = precision }
        default:
            if decimalPoint <= -4 || decimalPoint > 16 { usesExponent = true }
        }
        var exponent = 0
        if usesExponent {
            exponent = decimalPoint - 1
            decimalPoint = 1
        }
        let windowStart = decimalPoint <= 0 ? decimalPoint - 1 : 0
        if !usesExponent && flags.addDotZero {
            windowEnd = max(windowEnd, decimalPoint + 1)
        } else {
            windowEnd = max(windowEnd, decimalPoint)
        }
        var out: [UInt8] = []
        out.reserveCapacity(windowEnd - windowStart + 8)
        func digit(_ i: Int) -> UInt8 {
            i >= 0 && i < digits.count ? 48 + digits[i] : 48
        }
        for i in windowStart..<decimalPoint { out.append(digit(i)) }
        out.append(UInt8(ascii: "."))
        for i in decimalPoint..<windowEnd { out.append(digit(i)) }
        if out.last == UInt8(ascii: ".") && !flags.alternate { out.removeLast() }
        if usesExponent {
            out.append(upper ? UInt8(ascii: "E") : UInt8(ascii: "e"))
            out.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
            let magnitude = abs(exponent)
            if magnitude < 10 { out.append(48) }
            out.append(contentsOf: String(magnitude).utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
