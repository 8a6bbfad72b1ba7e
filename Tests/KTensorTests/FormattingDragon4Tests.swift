import XCTest
@testable import KTensor

/// The shortest digits come from Swift's `description` as a shortcut; these tests check that
/// they are exactly the digits of the Dragon4 unique-mode loop (NumPy's algorithm), including
/// the awkward cases: powers of two (unequal gaps to the neighbours), subnormals, extremes.
final class FormattingDragon4Tests: XCTestCase {
    /// SplitMix64, so the sampled values are the same on every run.
    private struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
    }

    private func assertAgree(_ parts: BinaryFloatParts, _ label: @autoclosure () -> String,
                             file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let shortcut = parts.shortestDigits()
        let loop = Dragon4.uniqueDigitsByDragon4(parts)
        if shortcut.digits != loop.digits || shortcut.exponent != loop.exponent {
            XCTFail("\(label()): description gives \(shortcut) but Dragon4 gives \(loop)", file: file, line: line)
            return false
        }
        return true
    }

    func testDoubleShortcutMatchesDigitLoop() {
        var generator = SeededGenerator(state: 1)
        var values: [Double] = [5e-324, 1e-323, 2.2250738585072014e-308, 2.225073858507201e-308,
                                1.7976931348623157e308, 9.999999999999999e22, 1e23, 0.1, 0.3, 2.675]
        for exponent in -1074...1023 { values.append(Double(sign: .plus, exponent: exponent, significand: 1)) }
        for _ in 0..<4000 { values.append(Double(bitPattern: generator.next() & 0x7fef_ffff_ffff_ffff)) }
        for _ in 0..<2000 { values.append(Double.random(in: -1e6...1e6, using: &generator)) }
        var failures = 0
        for value in values where value != 0 && failures < 10 {
            if !assertAgree(BinaryFloatParts(value), "\(value)") { failures += 1 }
        }
    }

    func testFloatShortcutMatchesDigitLoop() {
        var generator = SeededGenerator(state: 2)
        var values: [Float] = [.leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude, 0.1, 16777216]
        for exponent in -149...127 { values.append(Float(sign: .plus, exponent: exponent, significand: 1)) }
        for _ in 0..<6000 { values.append(Float(bitPattern: UInt32(truncatingIfNeeded: generator.next()) & 0x7f7f_ffff)) }
        var failures = 0
        for value in values where value != 0 && failures < 10 {
            if !assertAgree(BinaryFloatParts(value), "\(value)") { failures += 1 }
        }
    }

    func testCutoffRoundsHalfToEvenOnExactValue() {
        // 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary.
        let digits = Dragon4.digits(BinaryFloatParts(2.675), mode: .exact, cutoffMode: .fractionLength, cutoffMax: 2)
        XCTAssertEqual(digits.digits, [2, 6, 7])
        // 0.125 is exact: the tie goes to the even digit.
        let tie = Dragon4.digits(BinaryFloatParts(0.125), mode: .exact, cutoffMode: .fractionLength, cutoffMax: 2)
        XCTAssertEqual(tie.digits, [1, 2])
        XCTAssertEqual(tie.exponent, -1)
        // Rounding up through nines carries into a new leading digit.
        let carry = Dragon4.digits(BinaryFloatParts(9.96), mode: .exact, cutoffMode: .totalLength, cutoffMax: 2)
        XCTAssertEqual(carry.digits, [1])
        XCTAssertEqual(carry.exponent, 1)
    }
}
