import Foundation
import KTensor

/// A generator object of the native `_random` module (CPython's `_random.Random`): MT19937
/// seeded as CPython seeds it. `stdlib/random.kscript` builds the `random` API on top.
final class RandomObject: PyObject {
    var generator = MersenneTwister(key: [0])
}

enum RandomModule {
    /// CPython's key for `seed(n)`: the little-endian 32-bit words of |n| (at least one word).
    static func key(for seed: UInt64) -> [UInt32] {
        var words: [UInt32] = []
        var n = seed
        repeat {
            words.append(UInt32(truncatingIfNeeded: n))
            n >>= 32
        } while n != 0
        return words
    }

    static func make(_ interpreter: Interpreter) -> PyModule {
        let m = PyModule(name: "_random")
        let type = PyType.native(name: "Random", module: "_random", doc: "Random() -> create a random number generator with its own internal state.",
                                 instancesHaveDict: true) { _, type, _ in
            let r = RandomObject(type: type)
            r.generator = MersenneTwister(key: key(for: UInt64(Date().timeIntervalSince1970 * 1_000_000)))
            return r
        }
        func me(_ args: BoundArguments, _ name: String) throws -> RandomObject { try args.receiver(as: RandomObject.self, name) }
        type.defineMethod("seed", "n=None", doc: "seed([n]) -> None.  Defaults to use urandom and falls back to a combination of the current time and the process identifier.") { interp, args in
            let r = try me(args, "seed")
            let n = args["n"]
            let value: UInt64
            switch n {
            case .none:
                var bytes = UInt64(Date().timeIntervalSince1970 * 1_000_000) ^ UInt64(getpid()) << 40
                bytes ^= UInt64.random(in: 0...UInt64.max)
                value = bytes
            case .int(let i): value = UInt64(i.magnitude)
            case .bool(let b): value = b ? 1 : 0
            default: value = UInt64(bitPattern: Int64(try interp.hash(n)))
            }
            r.generator = MersenneTwister(key: key(for: value))
            return .none
        }
        type.defineMethod("random", "", doc: "random() -> x in the interval [0, 1).") { _, args in
            .float(try me(args, "random").generator.random53())
        }
        type.defineMethod("getrandbits", "k, /", doc: "getrandbits(k) -> x.  Generates an int with k random bits.") { _, args in
            let r = try me(args, "getrandbits")
            let k = try args.int("k")
            if k < 0 { throw PyException.valueError("number of bits must be non-negative") }
            if k == 0 { return .int(0) }
            if k > 63 { throw PyException.overflow("getrandbits(\(k)) does not fit in a 64-bit int (kscript ints are 64-bit)") }
            if k <= 32 { return .int(Int(r.generator.genrandUInt32() >> UInt32(32 - k))) }
            let low = UInt64(r.generator.genrandUInt32())
            let high = UInt64(r.generator.genrandUInt32() >> UInt32(64 - k))
            return .int(Int(high << 32 | low))
        }
        m.addType(type)
        return m
    }
}
