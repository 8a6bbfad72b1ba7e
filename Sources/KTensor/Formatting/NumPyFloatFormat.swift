/// NumPy 1.23's `FloatingFormat`: looks at all elements that will be printed, picks positional
/// or scientific notation and a common layout (digits left and right of the point), then
/// formats each element to that layout.
struct NumPyFloatFormat {
    private let isSinglePrecision: Bool
    private let options: NumPyPrintOptions
    private var precision: Int?
    private var minDigits: Int?
    private var unique = true
    private var trim = NumPyFloatText.Trim.zeros
    private var scientific = false
    private var padLeft = 0
    private var padRight = 0
    private var exponentSize = -1

    /// A format fitted to `values` (the elements that will be shown), which hold float32
    /// values exactly when `isSinglePrecision`.
    init(values: [Double], isSinglePrecision: Bool, options: NumPyPrintOptions) {
        self.isSinglePrecision = isSinglePrecision
        self.options = options
        precision = options.floatmode == .unique ? nil : max(0, options.precision)
        fit(values)
    }

    private func parts(_ value: Double) -> BinaryFloatParts {
        isSinglePrecision ? BinaryFloatParts(Float(value)) : BinaryFloatParts(value)
    }

    private mutating func fit(_ values: [Double]) {
        let finite = values.filter { $0.isFinite }
        let magnitudes = finite.lazy.filter { $0 != 0 }.map { $0.magnitude }
        if let maximum = magnitudes.max(), let minimum = magnitudes.min() {
            // The ratio is computed in the array's precision, as NumPy divides two scalars of it.
            let ratio = isSinglePrecision ? Double(Float(maximum) / Float(minimum)) : maximum / minimum
            if maximum >= 1e8 || (!options.suppress && (minimum < 0.0001 || ratio > 1000)) {
                scientific = true
            }
        }
        let forceSign = options.sign == .plus
        if finite.isEmpty {
            padLeft = 0
            padRight = 0
            trim = .zeros
            exponentSize = -1
            unique = true
            minDigits = nil
        } else if scientific {
            let isFixed = options.floatmode == .fixed
            unique = !isFixed
            var maxInteger = 0, maxFraction = 0, maxExponent = 0
            for value in finite {
                let text = NumPyFloatText.scientific(parts(value), precision: precision, unique: unique,
                                                     trim: isFixed ? .keep : .zeros, forceSign: forceSign)
                let (integer, fraction, exponent) = NumPyFloatFormat.splitScientific(text)
                maxInteger = max(maxInteger, integer)
                maxFraction = max(maxFraction, fraction)
                maxExponent = max(maxExponent, exponent)
            }
            exponentSize = maxExponent - 1
            trim = .keep
            precision = maxFraction
            minDigits = maxFraction
            padLeft = maxInteger
            padRight = exponentSize + 2 + maxFraction
        } else {
            let isFixed = options.floatmode == .fixed
            unique = !isFixed
            var maxInteger = 0, maxFraction = 0
            for value in finite {
                let text = NumPyFloatText.positional(parts(value), precision: precision, unique: unique,
                                                     trim: isFixed ? .keep : .zeros, forceSign: forceSign)
                let (integer, fraction) = NumPyFloatFormat.splitPositional(text)
                maxInteger = max(maxInteger, integer)
                maxFraction = max(maxFraction, fraction)
            }
            padLeft = maxInteger
            padRight = maxFraction
            exponentSize = -1
            if isFixed || options.floatmode == .maxprecEqual {
                precision = maxFraction
                minDigits = maxFraction
                trim = .keep
            } else {
                trim = .zeros
                minDigits = 0
            }
        }
        if options.sign == .space && !finite.contains(where: { $0.sign == .minus }) {
            padLeft += 1
        }
        if finite.count != values.count {
            let negativeInfinity = options.sign != .minus || values.contains { $0.isInfinite && $0 < 0 }
            let offset = padRight + 1
            padLeft = max(padLeft, options.nanstr.count - offset,
                          options.infstr.count + (negativeInfinity ? 1 : 0) - offset)
        }
    }

    /// Lengths of the integer part, fraction and exponent (with its sign) of `d.ddde+XX`.
    private static func splitScientific(_ text: String) -> (Int, Int, Int) {
        let utf8 = Array(text.utf8)
        let e = utf8.firstIndex(of: UInt8(ascii: "e")) ?? utf8.count
        let point = utf8[..<e].firstIndex(of: UInt8(ascii: ".")) ?? e
        return (point, max(0, e - point - 1), utf8.count - e - 1)
    }

    /// Lengths of the integer part and the fraction of `ddd.ddd`.
    private static func splitPositional(_ text: String) -> (Int, Int) {
        let utf8 = Array(text.utf8)
        let point = utf8.firstIndex(of: UInt8(ascii: ".")) ?? utf8.count
        return (point, max(0, utf8.count - point - 1))
    }

    /// One element in the fitted layout.
    func format(_ value: Double) -> String {
        let forceSign = options.sign == .plus
        if !value.isFinite {
            let text: String
            if value.isNaN {
                text = (forceSign ? "+" : "") + options.nanstr
            } else {
                text = (value < 0 ? "-" : forceSign ? "+" : "") + options.infstr
            }
            return String(repeating: " ", count: max(0, padLeft + padRight + 1 - text.count)) + text
        }
        if scientific {
            return NumPyFloatText.scientific(parts(value), precision: precision, minDigits: minDigits, unique: unique,
                                             trim: trim, forceSign: forceSign, padLeft: padLeft,
                                             exponentDigits: exponentSize)
        }
        return NumPyFloatText.positional(parts(value), precision: precision, minDigits: minDigits, unique: unique,
                                         trim: trim, forceSign: forceSign, padLeft: padLeft, padRight: padRight)
    }
}
