// Temporary stand-in for KTensor's `MersenneTwister` (landing from the engine helper): the
// same names and behaviour (MT19937, `init_by_array`, `genrand_uint32`, `genrand_res53`),
// internal to KScript. Delete this file when KTensor's generator is merged.
struct MersenneTwister {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var mti = 625

    init(key: [UInt32]) {
        initialize(19650218)
        var i = 1, j = 0
        let keyLength = max(key.count, 1)
        for _ in 0..<max(624, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1664525)) &+ (key.isEmpty ? 0 : key[j]) &+ UInt32(j)
            i += 1
            j += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
            if j >= keyLength { j = 0 }
        }
        for _ in 0..<623 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1566083941)) &- UInt32(i)
            i += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
        }
        mt[0] = 0x8000_0000
    }

    private mutating func initialize(_ seed: UInt32) {
        mt[0] = seed
        for i in 1..<624 { mt[i] = 1812433253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i) }
        mti = 624
    }

    mutating func genrandUInt32() -> UInt32 {
        if mti >= 624 {
            for k in 0..<624 {
                let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7fff_ffff)
                mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 == 0 ? 0 : 0x9908_b0df)
            }
            mti = 0
        }
        var y = mt[mti]
        mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9d2c_5680
        y ^= (y << 15) & 0xefc6_0000
        y ^= y >> 18
        return y
    }

    mutating func random53() -> Double {
        let a = genrandUInt32() >> 5, b = genrandUInt32() >> 6
        return (Double(a) * 67108864.0 + Double(b)) * (1.0 / 9007199254740992.0)
    }
}
