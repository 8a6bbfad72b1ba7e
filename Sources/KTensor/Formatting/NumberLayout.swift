/// Lays out a formatted number the way CPython's format-spec machinery does:
/// `[left padding][sign][prefix][sign-aware padding][grouped digits][decimal point][remainder][right padding]`,
/// including zero padding that runs through the thousands separators (`format(1234, '08,d')`).
struct NumberLayout {
    /// The sign the number itself carries, '-' or nothing.
    var isNegative: Bool
    /// "0x" and the like, already in the final case.
    var prefix: String = ""
    /// The leading run of digits (the integer part), grouped when the spec asks for it.
    var digits: [Character]
    var hasDecimalPoint = false
    /// Everything after the decimal point: fraction digits, exponent, '%', or a whole 'inf'.
    var remainder: String = ""

    /// Splits a plain number string (`-1234.5e+07`, `inf`, `12%`) into its parts.
    init(number: String) {
        var characters = Substring(number)
        isNegative = characters.first == "-"
        if isNegative { characters = characters.dropFirst() }
        let digitEnd = characters.firstIndex { !$0.isASCII || !$0.isNumber } ?? characters.endIndex
        digits = Array(characters[..<digitEnd])
        var rest = characters[digitEnd...]
        if rest.first == "." {
            hasDecimalPoint = true
            rest = rest.dropFirst()
        }
        remainder = String(rest)
    }

    init(isNegative: Bool, prefix: String, digits: [Character], remainder: String = "") {
        self.isNegative = isNegative
        self.prefix = prefix
        self.digits = digits
        self.remainder = remainder
    }

    /// The final text for `spec`; `groupSize` is 3 for ',' and '_' on decimals, 4 for '_' on
    /// binary/octal/hex, nil for no grouping.
    func render(_ spec: FormatSpec, groupSize: Int?) -> String {
        var signText = ""
        switch spec.sign {
        case "+": signText = isNegative ? "-" : "+"
        case " ": signText = isNegative ? "-" : " "
        default: signText = isNegative ? "-" : ""
        }
        let nonDigitCount = signText.count + prefix.count + (hasDecimalPoint ? 1 : 0) + remainder.count
        let width = spec.width ?? -1
        let minimumDigitsWidth = spec.fill == "0" && spec.align == "=" ? width - nonDigitCount : 0
        let separator: Character = spec.grouping == "_" ? "_" : ","
        let grouped = digits.isEmpty ? "" : NumberLayout.group(digits, minimumWidth: minimumDigitsWidth,
                                                               groupSize: groupSize, separator: separator)
        let padding = max(0, width - (nonDigitCount + grouped.count))
        let fill = String(Character(spec.fill))
        var left = 0, signAware = 0, right = 0
        switch spec.align {
        case "<": right = padding
        case "^": left = padding / 2; right = padding - left
        case "=": signAware = padding
        default: left = padding
        }
        var out = String(repeating: fill, count: left)
        out += signText
        out += prefix
        out += String(repeating: fill, count: signAware)
        out += grouped
        if hasDecimalPoint { out += "." }
        out += remainder
        out += String(repeating: fill, count: right)
        return out
    }

    /// Digits with separators every `groupSize` from the right, padded with zeros (which are
    /// grouped too) to at least `minimumWidth` characters.
    static func group(_ digits: [Character], minimumWidth: Int, groupSize: Int?, separator: Character) -> String {
        var pieces: [String] = []
        var remaining = digits.count
        var minWidth = minimumWidth
        var usesSeparator = false
        var end = digits.count
        func take(_ length: Int) {
            let zeros = max(0, length - remaining)
            let count = max(0, min(remaining, length))
            var piece = String(repeating: "0", count: zeros)
            piece += String(digits[(end - count)..<end])
            if usesSeparator { piece.append(separator) }
            pieces.append(piece)
            end -= count
            remaining -= count
        }
        var finished = false
        if let groupSize {
            while true {
                let length = min(groupSize, max(remaining, minWidth, 1))
                take(length)
                usesSeparator = true
                minWidth -= length
                if remaining <= 0 && minWidth <= 0 { finished = true; break }
                minWidth -= 1
            }
        }
        if !finished {
            take(max(remaining, minWidth, 1))
        }
        return pieces.reversed().joined()
    }
}
