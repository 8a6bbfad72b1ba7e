/// The MT19937 generator exactly as CPython's `random` and NumPy's `RandomState` use it
/// (Matsumoto & Nishimura's reference algorithm: `init_genrand`, `init_by_array`,
/// `genrand_uint32`, `genrand_res53`). The state is public so callers can implement
/// `getstate`/`setstate`.
public struct MersenneTwister: Sendable {
    /// Number of 32-bit words of state.
    public static let stateSize = 624

    /// The 624 state words (`mt[]`).
    public var state: [UInt32]
    /// Position of the next word to temper (`mti`); 624 means "regenerate before the next
    /// draw".
    public var index: Int

    /// Seeded with one 32-bit integer (`init_genrand`; NumPy's `RandomState(seed)` for a
    /// scalar seed).
    public init(seed: UInt32) {
        state = [UInt32](repeating: 0, count: Self.stateSize)
        index = Self.stateSize
        seed32(seed)
    }

    /// Seeded with a key of 32-bit words (`init_by_array`; CPython's `random.seed(n)` passes
    /// the little-endian 32-bit words of `abs(n)`, NumPy an array seed).
    public init(key: [UInt32]) {
        state = [UInt32](repeating: 0, count: Self.stateSize)
        index = Self.stateSize
        seed(key: key)
    }

    /// `init_genrand`.
    public mutating func seed32(_ seed: UInt32) {
        state[0] = seed
        for i in 1..<Self.stateSize {
            let previous = state[i - 1]
            state[i] = 1812433253 &* (previous ^ (previous >> 30)) &+ UInt32(i)
        }
        index = Self.stateSize
    }

    /// `init_by_array`.
    public mutating func seed(key: [UInt32]) {
        seed32(19650218)
        let n = Self.stateSize
        var i = 1, j = 0
        let length = Swift.max(key.count, 1)
        for _ in 0..<Swift.max(n, key.count) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1664525)) &+ (key.isEmpty ? 0 : key[j]) &+ UInt32(j)
            i += 1
            j += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
            if j >= length { j = 0 }
        }
        for _ in 0..<(n - 1) {
            let previous = state[i - 1]
            state[i] = (state[i] ^ ((previous ^ (previous >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= n {
                state[0] = state[n - 1]
                i = 1
            }
        }
        state[0] = 0x8000_0000
        index = n
    }

    /// The next 32 random bits (`genrand_uint32`).
    public mutating func genrandUInt32() -> UInt32 {
        if index >= Self.stateSize { regenerate() }
        var y = state[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    /// A double in [0, 1) with 53 random bits from two draws (`genrand_res53`, CPython's
    /// `random.random()`, NumPy's `random_sample`).
    public mutating func random53() -> Double {
        let a = genrandUInt32() >> 5, b = genrandUInt32() >> 6
        return (Double(a) * 67108864.0 + Double(b)) * (1.0 / 9007199254740992.0)
    }

    /// 64 random bits as NumPy's MT19937 builds them: the first draw is the high word.
    public mutating func genrandUInt64() -> UInt64 {
        let high = UInt64(genrandUInt32())
        return high << 32 | UInt64(genrandUInt32())
    }

    private mutating func regenerate() {
        let n = Self.stateSize, m = 397
        let upper: UInt32 = 0x8000_0000, lower: UInt32 = 0x7fff_ffff, matrix: UInt32 = 0x9908_b0df
        state.withUnsafeMutableBufferPointer { mt in
            for k in 0..<n {
                let y = (mt[k] & upper) | (mt[(k + 1) % n] & lower)
                mt[k] = mt[(k + m) % n] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : matrix)
            }
        }
        index = 0
    }
}
