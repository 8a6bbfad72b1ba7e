import Foundation

// Temporary stand-in for KTensor's `PythonFormat` (landing from the formatting helper); this
// file is deleted when that merges. Same API, internal to KScript.

struct FormatSpecError: Error { let message: String }

enum PercentArgument { case int(Int), float(Double), text(String) }

struct PercentSpec {
    var mappingKey: String?
    var conversion: Character
    var widthFromArgument: Bool
    var precisionFromArgument: Bool
}

enum PythonFormat {
    /// Shortest round-trip digits and decimal exponent of a finite positive double.
    private static func digits(_ v: Double) -> (String, Int) {
        let text = "\(v)"
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var all = intPart + fracPart
        var pointPosition = intPart.count + exponent
        while all.hasPrefix("0") && all.count > 1 {
            all.removeFirst()
            pointPosition -= 1
        }
        while all.hasSuffix("0") && all.count > 1 { all.removeLast() }
        return (all, pointPosition - 1)
    }

    static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let sign = value < 0 ? "-" : ""
        let (d, e) = digits(abs(value))
        if e < -4 || e >= 16 {
            var m = String(d.first!)
            if d.count > 1 { m += "." + d.dropFirst() }
            return sign + m + "e" + (e < 0 ? "-" : "+") + String(abs(e)).leftPadded(2)
        }
        if e < 0 { return sign + "0." + String(repeating: "0", count: -e - 1) + d }
        if d.count <= e + 1 { return sign + d + String(repeating: "0", count: e + 1 - d.count) + ".0" }
        let i = d.index(d.startIndex, offsetBy: e + 1)
        return sign + d[..<i] + "." + d[i...]
    }

    struct Spec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zero = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?
    }

    static func parse(_ spec: String) throws -> Spec {
        var s = Spec()
        var chars = Array(spec)
        var i = 0
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            s.fill = chars[0]
            s.align = chars[1]
            i = 2
        } else if chars.count >= 1, "<>=^".contains(chars[0]) {
            s.align = chars[0]
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) { s.sign = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "#" { s.alternate = true; i += 1 }
        if i < chars.count, chars[i] == "0" { s.zero = true; i += 1 }
        var w = ""
        while i < chars.count, chars[i].isNumber { w.append(chars[i]); i += 1 }
        s.width = Int(w) ?? 0
        if i < chars.count, chars[i] == "," || chars[i] == "_" { s.grouping = chars[i]; i += 1 }
        if i < chars.count, chars[i] == "." {
            i += 1
            var p = ""
            while i < chars.count, chars[i].isNumber { p.append(chars[i]); i += 1 }
            guard !p.isEmpty else { throw FormatSpecError(message: "Format specifier missing precision") }
            s.precision = Int(p)
        }
        if i < chars.count { s.type = chars[i]; i += 1 }
        if i < chars.count { throw FormatSpecError(message: "Invalid format specifier") }
        chars.removeAll()
        return s
    }

    private static func group(_ digits: String, _ separator: Character?) -> String {
        guard let separator else { return digits }
        var out = ""
        for (n, c) in digits.reversed().enumerated() {
            if n > 0 && n % 3 == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }

    private static func pad(_ body: String, sign: String, _ s: Spec, defaultAlign: Character) -> String {
        var align = s.align ?? defaultAlign
        var fill = s.fill
        if s.zero && s.align == nil { align = "="; fill = "0" }
        let total = sign.count + body.count
        if total >= s.width { return sign + body }
        let padding = s.width - total
        switch align {
        case "<": return sign + body + String(repeating: fill, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fill, count: left) + sign + body + String(repeating: fill, count: padding - left)
        case "=": return sign + String(repeating: fill, count: padding) + body
        default: return String(repeating: fill, count: padding) + sign + body
        }
    }

    private static func signText(_ negative: Bool, _ s: Spec) -> String {
        if negative { return "-" }
        if s.sign == "+" { return "+" }
        if s.sign == " " { return " " }
        return ""
    }

    static func format(_ value: Double, spec: String) throws -> String {
        let s = try parse(spec)
        if s.type == nil && s.precision == nil {
            var r = repr(abs(value))
            if s.grouping != nil, !r.contains("e") {
                let intDigits = String(r.prefix { $0.isNumber })
                r = group(intDigits, s.grouping) + r.dropFirst(intDigits.count)
            }
            return pad(r, sign: signText(value.sign == .minus && !value.isNaN, s), s, defaultAlign: ">")
        }
        let negative = value.sign == .minus && !value.isNaN
        let magnitude = abs(value)
        var body: String
        let type = s.type ?? "g"
        let precision = s.precision ?? 6
        if !value.isFinite {
            body = value.isNaN ? "nan" : "inf"
            if type.isUppercase { body = body.uppercased() }
            return pad(body, sign: signText(negative, s), s, defaultAlign: ">")
        }
        switch type {
        case "f", "F":
            body = String(format: "%.\(precision)f", magnitude)
        case "%":
            body = String(format: "%.\(precision)f", magnitude * 100) + "%"
        case "e", "E":
            body = String(format: "%.\(precision)\(type)", magnitude)
        case "g", "G", "n":
            let p = max(precision, 1)
            if magnitude == 0 {
                body = "0"
            } else {
                let exponent = Int(floor(log10(Double(String(format: "%.\(p - 1)e", magnitude))!)))
                if exponent >= -4 && exponent < p {
                    body = String(format: "%.\(p - 1 - exponent)f", magnitude)
                    if !s.alternate && body.contains(".") {
                        while body.hasSuffix("0") { body.removeLast() }
                        if body.hasSuffix(".") { body.removeLast() }
                    }
                } else {
                    body = String(format: "%.\(p - 1)e", magnitude)
                    if !s.alternate, let e = body.firstIndex(of: "e") {
                        var m = String(body[..<e])
                        if m.contains(".") {
                            while m.hasSuffix("0") { m.removeLast() }
                            if m.hasSuffix(".") { m.removeLast() }
                        }
                        body = m + body[e...]
                    }
                }
            }
            if s.type == nil && !body.contains(".") && !body.contains("e") { body += ".0" }
            if type == "G" { body = body.uppercased() }
        default:
            throw FormatSpecError(message: "Unknown format code '\(type)' for object of type 'float'")
        }
        if s.grouping != nil {
            let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            let intDigits = String(parts[0].prefix { $0.isNumber })
            let rest = String(body.dropFirst(intDigits.count))
            body = group(intDigits, s.grouping) + rest
        }
        return pad(body, sign: signText(negative, s), s, defaultAlign: ">")
    }

    static func format(_ value: Int, spec: String) throws -> String {
        let s = try parse(spec)
        let type = s.type ?? "d"
        if "eEfFgG%".contains(type) { return try format(Double(value), spec: spec) }
        if s.precision != nil { throw FormatSpecError(message: "Precision not allowed in integer format specifier") }
        let negative = value < 0
        let magnitude = value.magnitude
        var body: String
        var prefix = ""
        switch type {
        case "d", "n": body = group(String(magnitude), s.grouping)
        case "x": body = String(magnitude, radix: 16); prefix = s.alternate ? "0x" : ""
        case "X": body = String(magnitude, radix: 16).uppercased(); prefix = s.alternate ? "0X" : ""
        case "o": body = String(magnitude, radix: 8); prefix = s.alternate ? "0o" : ""
        case "b": body = String(magnitude, radix: 2); prefix = s.alternate ? "0b" : ""
        case "c":
            guard let u = Unicode.Scalar(UInt32(truncatingIfNeeded: value)) else { throw FormatSpecError(message: "%c arg not in range(0x110000)") }
            return pad(String(Character(u)), sign: "", s, defaultAlign: "<")
        case "s":
            throw FormatSpecError(message: "Unknown format code 's' for object of type 'int'")
        default:
            throw FormatSpecError(message: "Unknown format code '\(type)' for object of type 'int'")
        }
        return pad(body, sign: signText(negative, s) + prefix, s, defaultAlign: ">")
    }

    static func format(_ value: String, spec: String) throws -> String {
        let s = try parse(spec)
        if let t = s.type, t != "s" { throw FormatSpecError(message: "Unknown format code '\(t)' for object of type 'str'") }
        if s.sign != "-" { throw FormatSpecError(message: "Sign not allowed in string format specifier") }
        var body = value
        if let p = s.precision { body = String(body.prefix(p)) }
        return pad(body, sign: "", s, defaultAlign: "<")
    }
}

struct PercentTemplate {
    private enum Piece { case text(String), spec(PercentSpec, flags: String, width: Int?, precision: Int?) }
    private var pieces: [Piece] = []
    let specs: [PercentSpec]

    init(_ template: String) throws {
        var pieces: [Piece] = []
        var specs: [PercentSpec] = []
        let chars = Array(template)
        var i = 0
        var text = ""
        while i < chars.count {
            if chars[i] != "%" { text.append(chars[i]); i += 1; continue }
            i += 1
            guard i < chars.count else { throw FormatSpecError(message: "incomplete format") }
            if chars[i] == "%" { text.append("%"); i += 1; continue }
            if !text.isEmpty { pieces.append(.text(text)); text = "" }
            var key: String?
            if chars[i] == "(" {
                var depth = 1
                var k = ""
                i += 1
                while i < chars.count && depth > 0 {
                    if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1; if depth == 0 { break } }
                    k.append(chars[i])
                    i += 1
                }
                guard i < chars.count else { throw FormatSpecError(message: "incomplete format key") }
                i += 1
                key = k
            }
            var flags = ""
            while i < chars.count, "-+ #0".contains(chars[i]) { flags.append(chars[i]); i += 1 }
            var width: Int?
            var widthStar = false
            if i < chars.count, chars[i] == "*" { widthStar = true; i += 1 } else {
                var w = ""
                while i < chars.count, chars[i].isNumber { w.append(chars[i]); i += 1 }
                width = Int(w)
            }
            var precision: Int?
            var precisionStar = false
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" { precisionStar = true; i += 1 } else {
                    var p = ""
                    while i < chars.count, chars[i].isNumber { p.append(chars[i]); i += 1 }
                    precision = Int(p) ?? 0
                }
            }
            guard i < chars.count else { throw FormatSpecError(message: "incomplete format") }
            let c = chars[i]
            i += 1
            guard "diouxXeEfFgGcrsa".contains(c) else {
                throw FormatSpecError(message: "unsupported format character '\(c)' (0x\(String(c.unicodeScalars.first!.value, radix: 16))) at index \(i - 1)")
            }
            let spec = PercentSpec(mappingKey: key, conversion: c, widthFromArgument: widthStar, precisionFromArgument: precisionStar)
            specs.append(spec)
            pieces.append(.spec(spec, flags: flags, width: width, precision: precision))
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        self.pieces = pieces
        self.specs = specs
    }

    func render(_ arguments: [PercentArgument]) throws -> String {
        var out = ""
        var index = 0
        func nextArgument() throws -> PercentArgument {
            guard index < arguments.count else { throw FormatSpecError(message: "not enough arguments for format string") }
            index += 1
            return arguments[index - 1]
        }
        for piece in pieces {
            switch piece {
            case .text(let t): out += t
            case .spec(let spec, let flags, var width, var precision):
                if spec.widthFromArgument, case .int(let w) = try nextArgument() { width = w }
                if spec.precisionFromArgument, case .int(let p) = try nextArgument() { precision = p }
                let argument = try nextArgument()
                var body: String
                var negative = false
                switch (spec.conversion, argument) {
                case ("s", .text(let t)), ("r", .text(let t)), ("a", .text(let t)):
                    body = precision.map { String(t.prefix($0)) } ?? t
                case ("c", .text(let t)): body = t
                case ("c", .int(let i)):
                    guard i >= 0, i < 0x110000, let u = Unicode.Scalar(UInt32(i)) else {
                        throw FormatSpecError(message: "%c arg not in range(0x110000)")
                    }
                    body = String(Character(u))
                case (let c, .int(let i)) where "diu".contains(c):
                    negative = i < 0
                    body = String(i.magnitude)
                    if let p = precision { body = body.leftPadded(p) }
                case (let c, .int(let i)) where "xXo".contains(c):
                    negative = i < 0
                    body = String(i.magnitude, radix: c == "o" ? 8 : 16)
                    if c == "X" { body = body.uppercased() }
                    if flags.contains("#") { body = (c == "o" ? "0o" : c == "x" ? "0x" : "0X") + body }
                case (let c, .float(let d)) where "eEfFgG".contains(c):
                    negative = d.sign == .minus && !d.isNaN
                    if !d.isFinite {
                        body = d.isNaN ? "nan" : "inf"
                    } else {
                        body = String(format: "%\(flags.contains("#") ? "#" : "").\(precision ?? 6)\(c)", abs(d))
                    }
                case (let c, .int(let i)) where "eEfFgG".contains(c):
                    negative = i < 0
                    body = String(format: "%.\(precision ?? 6)\(c)", abs(Double(i)))
                case (let c, .float(let d)) where "diu".contains(c):
                    negative = d < 0
                    body = String(format: "%.0f", abs(d).rounded(.towardZero))
                default:
                    throw FormatSpecError(message: "%\(spec.conversion) format: a number is required, not str")
                }
                var sign = negative ? "-" : (flags.contains("+") ? "+" : (flags.contains(" ") ? " " : ""))
                if spec.conversion == "s" || spec.conversion == "r" || spec.conversion == "a" || spec.conversion == "c" { sign = "" }
                let w = width ?? 0
                let total = sign.count + body.count
                if total < w {
                    if flags.contains("-") {
                        body = sign + body + String(repeating: " ", count: w - total)
                    } else if flags.contains("0") && !"srac".contains(spec.conversion) {
                        body = sign + String(repeating: "0", count: w - total) + body
                    } else {
                        body = String(repeating: " ", count: w - total) + sign + body
                    }
                    out += body
                } else {
                    out += sign + body
                }
            }
        }
        if index < arguments.count { throw FormatSpecError(message: "not all arguments converted during string formatting") }
        return out
    }
}
