import Foundation

/// A binary floating-point value split into the parts decimal conversion needs:
/// `mantissa * 2^exponent`, the sign, and whether the gap to the next lower float is half the
/// gap to the next higher one (the value is a power of two above the smallest normal).
struct BinaryFloatParts {
    var mantissa: UInt64
    var exponent: Int
    var isNegative: Bool
    var hasUnequalMargins: Bool
    /// The value itself, for Swift's shortest round-trip description, which has the same
    /// digits as Dragon4's unique mode (checked by the tests) and is much faster to produce.
    private let value: Double
    private let isSinglePrecision: Bool

    init(_ value: Double) {
        let bits = value.bitPattern
        let biasedExponent = Int((bits >> 52) & 0x7ff)
        let fraction = bits & ((1 << 52) - 1)
        isNegative = value.sign == .minus
        self.value = value
        isSinglePrecision = false
        if biasedExponent != 0 {
            mantissa = fraction | (1 << 52)
            exponent = biasedExponent - 1075
            hasUnequalMargins = fraction == 0 && biasedExponent > 1
        } else {
            mantissa = fraction
            exponent = -1074
            hasUnequalMargins = false
        }
    }

    init(_ value: Float) {
        let bits = value.bitPattern
        let biasedExponent = Int((bits >> 23) & 0xff)
        let fraction = UInt64(bits & ((1 << 23) - 1))
        isNegative = value.sign == .minus
        self.value = Double(value)
        isSinglePrecision = true
        if biasedExponent != 0 {
            mantissa = fraction | (1 << 23)
            exponent = biasedExponent - 150
            hasUnequalMargins = fraction == 0 && biasedExponent > 1
        } else {
            mantissa = fraction
            exponent = -149
            hasUnequalMargins = false
        }
    }

    /// The shortest digits of a finite non-zero value, read from Swift's description
    /// (`1.2345e-07`, `123.45`, `5e-324`).
    func shortestDigits() -> DecimalDigits {
        var digits: [UInt8] = []
        digits.reserveCapacity(17)
        var pointPosition: Int?
        var exponent = 0
        let text = isSinglePrecision ? Float(value).description : value.description
        var utf8 = Substring(text).utf8[...]
        if utf8.first == UInt8(ascii: "-") { utf8 = utf8.dropFirst() }
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: ".") {
                pointPosition = digits.count
            } else if byte == UInt8(ascii: "e") {
                exponent = Int(String(Substring(utf8[utf8.index(after: index)...]))) ?? 0
                break
            } else {
                digits.append(byte &- 48)
            }
            index = utf8.index(after: index)
        }
        var firstExponent = (pointPosition ?? digits.count) - 1 + exponent
        var leading = 0
        while leading < digits.count - 1 && digits[leading] == 0 {
            leading += 1
            firstExponent -= 1
        }
        var trailing = digits.count
        while trailing > leading + 1 && digits[trailing - 1] == 0 { trailing -= 1 }
        return DecimalDigits(digits: Array(digits[leading..<trailing]), exponent: firstExponent)
    }
}

/// Decimal digits of a non-negative number: `digits[0]` is worth 10^`exponent`, each later
/// digit a tenth of the one before. Digits are values 0...9, not characters.
struct DecimalDigits {
    var digits: [UInt8]
    var exponent: Int
}

/// Dragon4 (Steele & White, with Burger & Dybvig's exponent estimate): exact conversion of a
/// binary float to decimal digits, either the shortest digits that read back to the same float
/// ("unique") or the exact digits, both optionally cut off at a number of significant or
/// fractional digits and rounded half-to-even on the exact binary value. This is the algorithm
/// NumPy's printing uses; CPython's correctly rounded `dtoa` gives the same digits.
enum Dragon4 {
    enum DigitMode {
        /// The shortest digits that identify the value among floats of its precision.
        case unique
        /// The exact decimal expansion of the binary value.
        case exact
    }

    enum CutoffMode {
        /// Cutoffs count significant digits.
        case totalLength
        /// Cutoffs count digits after the decimal point.
        case fractionLength
    }

    /// Digits of |value|. `cutoffMax` limits the digits printed (rounding the last one);
    /// `cutoffMin` (unique mode only) forces at least that many digits, continuing the exact
    /// expansion past the unique point.
    static func digits(_ value: BinaryFloatParts, mode: DigitMode, cutoffMode: CutoffMode = .totalLength,
                       cutoffMax: Int? = nil, cutoffMin: Int? = nil, allowShortcut: Bool = true) -> DecimalDigits {
        let mantissa = value.mantissa
        guard mantissa != 0 else { return DecimalDigits(digits: [0], exponent: 0) }
        if mode == .unique, allowShortcut, let shortest = shortestWithinCutoffs(value, cutoffMode, cutoffMax, cutoffMin) {
            return shortest
        }
        let exponent = value.exponent
        let isEven = mantissa & 1 == 0

        // value = scaledValue / scale; the margins are half the gaps to the neighbouring floats.
        var scaledValue = BigUInt(mantissa)
        var scale: BigUInt
        var marginLow: BigUInt
        var marginHigh: BigUInt
        let highFactor: UInt32 = value.hasUnequalMargins ? 2 : 1
        if value.hasUnequalMargins {
            if exponent > 0 {
                scaledValue.shiftLeft(by: exponent + 2)
                scale = BigUInt(4)
                marginLow = BigUInt.powerOfTwo(exponent)
            } else {
                scaledValue.shiftLeft(by: 2)
                scale = BigUInt.powerOfTwo(-exponent + 2)
                marginLow = BigUInt(1)
            }
        } else {
            if exponent > 0 {
                scaledValue.shiftLeft(by: exponent + 1)
                scale = BigUInt(2)
                marginLow = BigUInt.powerOfTwo(exponent)
            } else {
                scaledValue.shiftLeft(by: 1)
                scale = BigUInt.powerOfTwo(-exponent + 1)
                marginLow = BigUInt(1)
            }
        }

        // Estimate floor(log10(value)) + 1; correct or one too small.
        let mantissaBit = 63 - mantissa.leadingZeroBitCount
        var digitExponent = Int((Double(mantissaBit + exponent) * 0.30102999566398119521373889472449 - 0.69).rounded(.up))
        if let cutoffMax, cutoffMode == .fractionLength, digitExponent <= -cutoffMax {
            digitExponent = -cutoffMax + 1
        }
        if digitExponent > 0 {
            scale.multiplyByPowerOfTen(digitExponent)
        } else if digitExponent < 0 {
            scaledValue.multiplyByPowerOfTen(-digitExponent)
            marginLow.multiplyByPowerOfTen(-digitExponent)
        }
        if BigUInt.compare(scaledValue, scale) >= 0 {
            digitExponent += 1
        } else {
            scaledValue.multiply(by: 10)
            marginLow.multiply(by: 10)
        }
        // Scale everything so the divisor's leading limb is large: digit estimates from the
        // leading limbs are then off by at most one.
        if let top = scale.limbs.last {
            let shift = (32 + 27 - (31 - top.leadingZeroBitCount)) % 32
            scale.shiftLeft(by: shift)
            scaledValue.shiftLeft(by: shift)
            marginLow.shiftLeft(by: shift)
        }
        marginHigh = marginLow
        marginHigh.multiply(by: highFactor)

        var cutoffMaxExponent = Int.min / 2
        if let cutoffMax {
            let desired = cutoffMode == .totalLength ? digitExponent - cutoffMax : -cutoffMax
            cutoffMaxExponent = max(cutoffMaxExponent, desired)
        }
        var cutoffMinExponent = digitExponent
        if let cutoffMin {
            let desired = cutoffMode == .totalLength ? digitExponent - cutoffMin : -cutoffMin
            cutoffMinExponent = min(cutoffMinExponent, desired)
        }
        let firstDigitExponent = digitExponent - 1

        var output: [UInt8] = []
        output.reserveCapacity(20)
        var valueHigh = BigUInt(0)
        var low = false
        var high = false
        var outputDigit: UInt32 = 0
        switch mode {
        case .unique:
            while true {
                digitExponent -= 1
                outputDigit = scaledValue.divideSingleDigit(by: scale)
                valueHigh.setSum(scaledValue, marginHigh)
                let compareLow = BigUInt.compare(scaledValue, marginLow)
                low = isEven ? compareLow <= 0 : compareLow < 0
                let compareHigh = BigUInt.compare(valueHigh, scale)
                high = isEven ? compareHigh >= 0 : compareHigh > 0
                if ((low || high) && digitExponent <= cutoffMinExponent) || digitExponent == cutoffMaxExponent {
                    break
                }
                output.append(UInt8(outputDigit))
                scaledValue.multiply(by: 10)
                marginLow.multiply(by: 10)
                marginHigh.multiply(by: 10)
            }
        case .exact:
            while true {
                digitExponent -= 1
                outputDigit = scaledValue.divideSingleDigit(by: scale)
                if scaledValue.isZero || digitExponent == cutoffMaxExponent { break }
                output.append(UInt8(outputDigit))
                scaledValue.multiply(by: 10)
            }
        }

        // Round the final digit: down when only rounding down stays in range, otherwise to the
        // nearer digit with ties to even.
        var roundDown = low
        if low == high {
            scaledValue.multiply(by: 2)
            let comparison = BigUInt.compare(scaledValue, scale)
            roundDown = comparison < 0
            if comparison == 0 { roundDown = outputDigit & 1 == 0 }
        }
        var resultExponent = firstDigitExponent
        if roundDown {
            output.append(UInt8(outputDigit))
        } else if outputDigit < 9 {
            output.append(UInt8(outputDigit + 1))
        } else {
            // Carry through trailing nines.
            while let last = output.last, last == 9 { output.removeLast() }
            if output.isEmpty {
                output.append(1)
                resultExponent += 1
            } else {
                output[output.count - 1] += 1
            }
        }
        return DecimalDigits(digits: output, exponent: resultExponent)
    }

    /// The shortest digits when the cutoffs would not change them: unique-mode generation stops
    /// at the shortest length whenever that length lies between the cutoffs. A lone digit 1 may
    /// come from a carry (9.99...e22 -> 1e+23) that moved the stopping position, so it takes the
    /// full algorithm.
    private static func shortestWithinCutoffs(_ value: BinaryFloatParts, _ cutoffMode: CutoffMode,
                                              _ cutoffMax: Int?, _ cutoffMin: Int?) -> DecimalDigits? {
        let shortest = value.shortestDigits()
        if cutoffMax == nil && cutoffMin == nil { return shortest }
        if shortest.digits == [1] { return nil }
        let count = shortest.digits.count
        let lastExponent = shortest.exponent - count + 1
        switch cutoffMode {
        case .totalLength:
            if let cutoffMax, count > cutoffMax { return nil }
            if let cutoffMin, count < cutoffMin { return nil }
        case .fractionLength:
            if let cutoffMax, lastExponent < -cutoffMax { return nil }
            if let cutoffMin, lastExponent > -cutoffMin { return nil }
        }
        return shortest
    }

    /// Unique-mode digits computed by the digit loop itself, bypassing the shortcut through
    /// Swift's shortest description (for tests that check the two agree).
    static func uniqueDigitsByDragon4(_ value: BinaryFloatParts) -> DecimalDigits {
        digits(value, mode: .unique, allowShortcut: false)
    }
}
