import Foundation
import KTensor

/// A 128-bit digest of a saved value's contents, so a session can tell an unchanged value
/// without writing it again. It detects change, it is not a cryptographic hash: four
/// independent 64-bit lanes take 32 bytes per step (multiply and shift, so a 12 MB model
/// hashes in a few milliseconds), and the lanes are mixed into two words at the end.
public struct SessionDigest: Hashable, CustomStringConvertible {
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (0x243f_6a88_85a3_08d3, 0x1319_8a2e_0370_7344,
                                                           0xa409_3822_299f_31d0, 0x082e_fa98_ec4e_6c89)
    private var length: UInt64 = 0

    public init() {}

    private static let multiplier: UInt64 = 0x9e37_79b9_7f4a_7c15

    @inline(__always)
    private static func step(_ lane: inout UInt64, _ word: UInt64) {
        lane = (lane ^ word) &* multiplier
        lane ^= lane >> 29
    }

    /// Adds raw bytes.
    public mutating func combine(bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress else { return }
        let count = bytes.count
        var offset = 0
        var (a, b, c, d) = lanes
        while offset + 32 <= count {
            SessionDigest.step(&a, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            SessionDigest.step(&b, base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            SessionDigest.step(&c, base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self))
            SessionDigest.step(&d, base.loadUnaligned(fromByteOffset: offset + 24, as: UInt64.self))
            offset += 32
        }
        while offset + 8 <= count {
            SessionDigest.step(&a, base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < count {
            var tail: UInt64 = 0
            for i in offset..<count { tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << (8 * UInt64(i - offset)) }
            SessionDigest.step(&b, tail)
        }
        // The length separates adjacent pieces: "ab" + "c" differs from "a" + "bc".
        SessionDigest.step(&c, UInt64(count))
        lanes = (a, b, c, d)
        length &+= UInt64(count)
    }

    public mutating func combine(_ data: Data) {
        data.withUnsafeBytes { combine(bytes: $0) }
    }

    public mutating func combine(_ text: String) {
        var copy = text
        copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    public mutating func combine(_ number: Int) {
        withUnsafeBytes(of: Int64(number).littleEndian) { combine(bytes: $0) }
    }

    /// Adds a tensor's dtype, shape and elements (in row-major order).
    public mutating func combine(_ tensor: Tensor) {
        combine(tensor.dtype.name)
        combine(tensor.shape.count)
        for dimension in tensor.shape { combine(dimension) }
        switch tensor.dtype.size {
        case 1: tensor.withUnsafeBufferPointer(as: UInt8.self) { combine(bytes: UnsafeRawBufferPointer($0)) }
        case 4: tensor.withUnsafeBufferPointer(as: UInt32.self) { combine(bytes: UnsafeRawBufferPointer($0)) }
        default: tensor.withUnsafeBufferPointer(as: UInt64.self) { combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    /// The digest's two words after mixing every lane into both.
    public var words: (UInt64, UInt64) {
        func mix(_ x: UInt64) -> UInt64 {
            var z = x
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
        let (a, b, c, d) = lanes
        let first = mix(a ^ mix(b ^ mix(c ^ mix(d ^ length))))
        let second = mix(d &+ mix(c &+ mix(b &+ mix(a &+ ~length))))
        return (first, second)
    }

    public static func == (lhs: SessionDigest, rhs: SessionDigest) -> Bool { lhs.words == rhs.words }

    public func hash(into hasher: inout Hasher) {
        let (first, second) = words
        hasher.combine(first)
        hasher.combine(second)
    }

    /// 32 hexadecimal digits.
    public var description: String {
        let (first, second) = words
        func hex(_ x: UInt64) -> String {
            let digits = String(x, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(first) + hex(second)
    }
}
