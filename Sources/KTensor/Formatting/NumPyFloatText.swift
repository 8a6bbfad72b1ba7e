/// NumPy's Dragon4 float text (`np.format_float_positional` / `np.format_float_scientific`):
/// digits from `Dragon4` laid out with NumPy's trimming and padding rules.
enum NumPyFloatText {
    /// What happens to trailing zeros and the decimal point (NumPy's `trim` argument).
    enum Trim {
        /// 'k': keep trailing zeros and the decimal point.
        case keep
        /// '.': drop trailing zeros, keep the decimal point.
        case zeros
        /// '0': drop trailing zeros but keep one after the point.
        case leaveOneZero
        /// '-': drop trailing zeros and the decimal point.
        case zerosAndPoint
    }

    /// `dragon4_positional(fractional=True)`: `precision` caps fraction digits, `minDigits`
    /// (unique mode) extends them; `padLeft`/`padRight` pad with spaces to that many characters
    /// before/after the decimal point.
    static func positional(_ value: BinaryFloatParts, precision: Int?, minDigits: Int? = nil, unique: Bool,
                           trim: Trim, forceSign: Bool, padLeft: Int? = nil, padRight: Int? = nil) -> String {
        let sign = value.isNegative ? "-" : forceSign ? "+" : ""
        let result = Dragon4.digits(value, mode: unique ? .unique : .exact, cutoffMode: .fractionLength,
                                    cutoffMax: precision, cutoffMin: unique ? minDigits : nil)
        let digits = result.digits
        var body: [UInt8] = []
        body.reserveCapacity(digits.count + 24)
        var wholeDigits: Int
        var fractionDigits = 0
        if result.exponent >= 0 {
            wholeDigits = result.exponent + 1
            if digits.count <= wholeDigits {
                for digit in digits { body.append(48 + digit) }
                body.append(contentsOf: repeatElement(48, count: wholeDigits - digits.count))
            } else {
                for digit in digits[..<wholeDigits] { body.append(48 + digit) }
                body.append(UInt8(ascii: "."))
                for digit in digits[wholeDigits...] { body.append(48 + digit) }
                fractionDigits = digits.count - wholeDigits
            }
        } else {
            let leadingZeros = -(result.exponent + 1)
            body.append(contentsOf: [48, UInt8(ascii: ".")])
            body.append(contentsOf: repeatElement(48, count: leadingZeros))
            for digit in digits { body.append(48 + digit) }
            fractionDigits = leadingZeros + digits.count
            wholeDigits = 1
        }
        if trim != .zerosAndPoint && fractionDigits == 0 { body.append(UInt8(ascii: ".")) }

        let wanted = max(0, (unique ? minDigits : precision) ?? 0)
        if trim == .leaveOneZero {
            if fractionDigits == 0 {
                body.append(48)
                fractionDigits += 1
            }
        } else if trim == .keep && wanted > fractionDigits {
            body.append(contentsOf: repeatElement(48, count: wanted - fractionDigits))
            fractionDigits = wanted
        }
        if trim != .keep && fractionDigits > 0 {
            while body.last == 48 {
                body.removeLast()
                fractionDigits -= 1
            }
            if body.last == UInt8(ascii: ".") {
                if trim == .leaveOneZero {
                    body.append(48)
                    fractionDigits += 1
                } else if trim == .zerosAndPoint {
                    body.removeLast()
                }
            }
        }
        if let padRight, padRight >= fractionDigits {
            if trim == .zerosAndPoint && fractionDigits == 0 { body.append(UInt8(ascii: " ")) }
            body.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padRight - fractionDigits))
        }
        var left = ""
        if let padLeft, padLeft > wholeDigits + sign.count {
            left = String(repeating: " ", count: padLeft - wholeDigits - sign.count)
        }
        return left + sign + String(decoding: body, as: UTF8.self)
    }

    /// `dragon4_scientific`: `precision` caps and `minDigits` (unique mode) extends the digits
    /// after the first; the exponent gets at least `exponentDigits` digits (2 when nil).
    static func scientific(_ value: BinaryFloatParts, precision: Int?, minDigits: Int? = nil, unique: Bool,
                           trim: Trim, forceSign: Bool, padLeft: Int? = nil, exponentDigits: Int? = nil) -> String {
        let sign = value.isNegative ? "-" : forceSign ? "+" : ""
        var left = ""
        if let padLeft, padLeft > 1 + sign.count {
            left = String(repeating: " ", count: padLeft - 1 - sign.count)
        }
        let result = Dragon4.digits(value, mode: unique ? .unique : .exact, cutoffMode: .totalLength,
                                    cutoffMax: precision.map { $0 + 1 }, cutoffMin: unique ? minDigits.map { $0 + 1 } : nil)
        let digits = result.digits
        var body: [UInt8] = [48 + digits[0]]
        var fractionDigits = digits.count - 1
        if fractionDigits > 0 {
            body.append(UInt8(ascii: "."))
            for digit in digits[1...] { body.append(48 + digit) }
        }
        if trim != .zerosAndPoint && fractionDigits == 0 { body.append(UInt8(ascii: ".")) }
        let wanted = max(0, (unique ? minDigits : precision) ?? 0)
        if trim == .leaveOneZero {
            if fractionDigits == 0 {
                body.append(48)
                fractionDigits += 1
            }
        } else if trim == .keep && wanted > fractionDigits {
            body.append(contentsOf: repeatElement(48, count: wanted - fractionDigits))
            fractionDigits = wanted
        }
        if trim != .keep && fractionDigits > 0 {
            while body.last == 48 {
                body.removeLast()
                fractionDigits -= 1
            }
            if trim == .leaveOneZero && body.last == UInt8(ascii: ".") {
                body.append(48)
            }
        }
        var exponent = result.exponent
        body.append(UInt8(ascii: "e"))
        body.append(exponent < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"))
        exponent = abs(exponent)
        let exponentText = String(exponent)
        let minimumDigits = min(5, exponentDigits.map { $0 < 0 ? 2 : $0 } ?? 2)
        body.append(contentsOf: repeatElement(48, count: max(0, minimumDigits - exponentText.count)))
        body.append(contentsOf: exponentText.utf8)
        return left + sign + String(decoding: body, as: UTF8.self)
    }
}
