/// A non-negative arbitrary-precision integer with just the arithmetic that exact
/// binary-to-decimal conversion needs: shifts, multiplication by small factors, addition,
/// subtraction, comparison and division with a single-digit quotient. Operations work in
/// place so a digit loop allocates nothing after its first iterations.
///
/// Limbs are base 2^32, least significant first, with no high zero limbs (zero is empty).
struct BigUInt {
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = []
        limbs.reserveCapacity(8)
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
        if factor == 0 { limbs.removeAll(keepingCapacity: true); return }
        var carry: UInt64 = 0
        for i in 0..<limbs.count {
            let product = UInt64(limbs[i]) &* UInt64(factor) &+ carry
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

    /// self = lhs + rhs, reusing self's storage.
    mutating func setSum(_ lhs: BigUInt, _ rhs: BigUInt) {
        limbs.removeAll(keepingCapacity: true)
        let count = max(lhs.limbs.count, rhs.limbs.count)
        var carry: UInt64 = 0
        for i in 0..<count {
            let a: UInt64 = i < lhs.limbs.count ? UInt64(lhs.limbs[i]) : 0
            let b: UInt64 = i < rhs.limbs.count ? UInt64(rhs.limbs[i]) : 0
            let sum = a &+ b &+ carry
            limbs.append(UInt32(truncatingIfNeeded: sum))
            carry = sum >> 32
        }
        if carry != 0 { limbs.append(UInt32(truncatingIfNeeded: carry)) }
    }

    /// self -= factor * other; requires the result to be non-negative.
    private mutating func subtract(_ other: BigUInt, times factor: UInt32) {
        var borrow: UInt64 = 0
        var carry: UInt64 = 0
        for i in 0..<limbs.count {
            var subtrahend = carry
            if i < other.limbs.count { subtrahend &+= UInt64(other.limbs[i]) &* UInt64(factor) }
            carry = subtrahend >> 32
            let low = subtrahend & 0xffff_ffff
            let minuend = UInt64(limbs[i])
            let total = low &+ borrow
            if minuend >= total {
                limbs[i] = UInt32(truncatingIfNeeded: minuend &- total)
                borrow = 0
            } else {
                limbs[i] = UInt32(truncatingIfNeeded: minuend &+ (1 << 32) &- total)
                borrow = 1
            }
        }
        while let last = limbs.last, last == 0 { limbs.removeLast() }
    }

    /// Replaces self by self mod divisor and returns self / divisor, which must be below 10.
    mutating func divideSingleDigit(by divisor: BigUInt) -> UInt32 {
        guard let top = divisor.limbs.last, limbs.count >= divisor.limbs.count else { return 0 }
        // An underestimate from the leading limbs, then at most a couple of corrections.
        var quotient: UInt32 = 0
        let n = divisor.limbs.count
        if limbs.count == n {
            let estimate = UInt32(UInt64(limbs[n - 1]) / (UInt64(top) + 1))
            if estimate > 0 {
                subtract(divisor, times: estimate)
                quotient = estimate
            }
        } else if limbs.count == n + 1 {
            let leading = (UInt64(limbs[n]) << 32) | UInt64(limbs[n - 1])
            let estimate = UInt32(min(leading / (UInt64(top) + 1), 9))
            if estimate > 0 {
                subtract(divisor, times: estimate)
                quotient = estimate
            }
        }
        while BigUInt.compare(self, divisor) >= 0 {
            subtract(divisor, times: 1)
            quotient += 1
        }
        return quotient
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
