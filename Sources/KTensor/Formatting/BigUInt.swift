/// A non-negative arbitrary-precision integer with just the arithmetic that exact
/// binary-to-decimal conversion needs: shifts, multiplication by small factors, addition,
/// subtraction, comparison and division with a single-digit quotient.
///
/// Limbs are base 2^32, least significant first, with no high zero limbs (zero is empty).
struct BigUInt: Comparable {
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = []
        if value != 0 {
            limbs.append(UInt32(truncatingIfNeeded: value))
            if value >> 32 != 0 { limbs.append(UInt32(truncatingIfNeeded: value >> 32)) }
        }
    }

    /// 2^exponent.
    static func powerOfTwo(_ exponent: Int) -> BigUInt {
        var result = BigUInt(1)
        result.shiftLeft(by: exponent)
        return result
    }

    var isZero: Bool { limbs.isEmpty }

    /// self <<= count.
    mutating func shiftLeft(by count: Int) {
        guard count > 0, !limbs.isEmpty else { return }
        let limbShift = count / 32
        let bitShift = UInt32(count % 32)
        if bitShift != 0 {
            var carry: UInt32 = 0
            for i in 0..<limbs.count {
                let limb = limbs[i]
                limbs[i] = (limb << bitShift) | carry
                carry = limb >> (32 - bitShift)
            }
            if carry != 0 { limbs.append(carry) }
        }
        if limbShift > 0 { limbs.insert(contentsOf: repeatElement(0, count: limbShift), at: 0) }
    }

    /// self *= factor.
    mutating func multiply(by factor: UInt32) {
        guard factor != 1 else { return }
        if factor == 0 { limbs.removeAll(); return }
        var carry: UInt64 = 0
        for i in 0..<limbs.count {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry != 0 { limbs.append(UInt32(truncatingIfNeeded: carry)) }
    }

    /// self *= 10^exponent.
    mutating func multiplyByPowerOfTen(_ exponent: Int) {
        var remaining = exponent
        while remaining >= 9 {
            multiply(by: 1_000_000_000)
            remaining -= 9
        }
        var factor: UInt32 = 1
        for _ in 0..<remaining { factor &*= 10 }
        multiply(by: factor)
    }

    static func + (lhs: BigUInt, rhs: BigUInt) -> BigUInt {
        var result = lhs
        result.add(rhs)
        return result
    }

    /// self += other.
    mutating func add(_ other: BigUInt) {
        if other.limbs.count > limbs.count {
            limbs.append(contentsOf: repeatElement(0, count: other.limbs.count - limbs.count))
        }
        var carry: UInt64 = 0
        for i in 0..<limbs.count {
            let addend: UInt64 = i < other.limbs.count ? UInt64(other.limbs[i]) : 0
            if addend == 0 && carry == 0 && i >= other.limbs.count { break }
            let sum = UInt64(limbs[i]) + addend + carry
            limbs[i] = UInt32(truncatingIfNeeded: sum)
            carry = sum >> 32
        }
        if carry != 0 { limbs.append(UInt32(truncatingIfNeeded: carry)) }
    }

    /// self -= other; requires self >= other.
    mutating func subtract(_ other: BigUInt) {
        var borrow: Int64 = 0
        for i in 0..<limbs.count {
            let subtrahend: Int64 = i < other.limbs.count ? Int64(other.limbs[i]) : 0
            if subtrahend == 0 && borrow == 0 && i >= other.limbs.count { break }
            var difference = Int64(limbs[i]) - subtrahend - borrow
            if difference < 0 {
                difference += 1 << 32
                borrow = 1
            } else {
                borrow = 0
            }
            limbs[i] = UInt32(truncatingIfNeeded: difference)
        }
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// Replaces self by self mod divisor and returns self / divisor, which must be below 10.
    mutating func divideSingleDigit(by divisor: BigUInt) -> UInt32 {
        var quotient: UInt32 = 0
        while self >= divisor {
            subtract(divisor)
            quotient += 1
        }
        return quotient
    }

    static func < (lhs: BigUInt, rhs: BigUInt) -> Bool {
        compare(lhs, rhs) < 0
    }

    static func == (lhs: BigUInt, rhs: BigUInt) -> Bool {
        lhs.limbs == rhs.limbs
    }

    /// -1, 0 or 1 as lhs is below, equal to or above rhs.
    static func compare(_ lhs: BigUInt, _ rhs: BigUInt) -> Int {
        if lhs.limbs.count != rhs.limbs.count { return lhs.limbs.count < rhs.limbs.count ? -1 : 1 }
        var i = lhs.limbs.count - 1
        while i >= 0 {
            if lhs.limbs[i] != rhs.limbs[i] { return lhs.limbs[i] < rhs.limbs[i] ? -1 : 1 }
            i -= 1
        }
        return 0
    }
}
