import Foundation

/// A minimal PNG reader for the tests (8-bit RGB/RGBA/gray, non-interlaced) with its own
/// inflate, to look at what rsvg-convert rendered.
struct DecodedImage {
    let width: Int
    let height: Int
    /// RGBA, row 0 at the top.
    let pixels: [UInt8]

    func pixel(_ x: Int, _ y: Int) -> (UInt8, UInt8, UInt8, UInt8) {
        let i = 4 * (y * width + x)
        return (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
    }

    /// The pixel composited over white, as viewers show transparent PNGs.
    func onWhite(_ x: Int, _ y: Int) -> (Double, Double, Double) {
        let (r, g, b, a) = pixel(x, y)
        let alpha = Double(a) / 255
        func c(_ v: UInt8) -> Double { Double(v) / 255 * alpha + (1 - alpha) }
        return (c(r), c(g), c(b))
    }

    static func decode(_ data: Data) throws -> DecodedImage {
        let bytes = [UInt8](data)
        guard bytes.count > 8, bytes[0...7] == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] else {
            throw FixtureError("not a PNG")
        }
        var p = 8
        var width = 0, height = 0, colorType = 0, depth = 0
        var idat: [UInt8] = []
        func u32(_ i: Int) -> Int { Int(bytes[i]) << 24 | Int(bytes[i + 1]) << 16 | Int(bytes[i + 2]) << 8 | Int(bytes[i + 3]) }
        while p + 8 <= bytes.count {
            let length = u32(p)
            let type = String(decoding: bytes[(p + 4)..<(p + 8)], as: UTF8.self)
            let body = Array(bytes[(p + 8)..<(p + 8 + length)])
            if type == "IHDR" {
                width = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
                height = Int(body[4]) << 24 | Int(body[5]) << 16 | Int(body[6]) << 8 | Int(body[7])
                depth = Int(body[8])
                colorType = Int(body[9])
                guard body[12] == 0 else { throw FixtureError("interlaced PNG") }
            } else if type == "IDAT" {
                idat += body
            } else if type == "IEND" {
                break
            }
            p += 12 + length
        }
        guard depth == 8 else { throw FixtureError("unsupported bit depth \(depth)") }
        let channels: Int
        switch colorType {
        case 0: channels = 1
        case 2: channels = 3
        case 4: channels = 2
        case 6: channels = 4
        default: throw FixtureError("unsupported colour type \(colorType)")
        }
        let raw = try Inflate.zlib(idat)
        let stride = width * channels
        var out = [UInt8](repeating: 0, count: width * height * 4)
        var previous = [UInt8](repeating: 0, count: stride)
        var current = [UInt8](repeating: 0, count: stride)
        for y in 0..<height {
            let base = y * (stride + 1)
            let filter = raw[base]
            for i in 0..<stride {
                let x = raw[base + 1 + i]
                let a = i >= channels ? Int(current[i - channels]) : 0
                let b = Int(previous[i])
                let c = i >= channels ? Int(previous[i - channels]) : 0
                var v: Int
                switch filter {
                case 0: v = Int(x)
                case 1: v = Int(x) + a
                case 2: v = Int(x) + b
                case 3: v = Int(x) + (a + b) / 2
                case 4:
                    let pp = a + b - c
                    let pa = abs(pp - a), pb = abs(pp - b), pc = abs(pp - c)
                    v = Int(x) + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)
                default: throw FixtureError("bad filter \(filter)")
                }
                current[i] = UInt8(v & 0xff)
            }
            for x in 0..<width {
                let o = 4 * (y * width + x), s = x * channels
                switch channels {
                case 1: out[o] = current[s]; out[o + 1] = current[s]; out[o + 2] = current[s]; out[o + 3] = 255
                case 2: out[o] = current[s]; out[o + 1] = current[s]; out[o + 2] = current[s]; out[o + 3] = current[s + 1]
                case 3: out[o] = current[s]; out[o + 1] = current[s + 1]; out[o + 2] = current[s + 2]; out[o + 3] = 255
                default: out[o] = current[s]; out[o + 1] = current[s + 1]; out[o + 2] = current[s + 2]; out[o + 3] = current[s + 3]
                }
            }
            swap(&previous, &current)
        }
        return DecodedImage(width: width, height: height, pixels: out)
    }
}

/// RFC 1950/1951 decompression (stored, fixed and dynamic Huffman blocks).
enum Inflate {
    static func zlib(_ data: [UInt8]) throws -> [UInt8] {
        guard data.count > 2 else { throw FixtureError("short zlib stream") }
        var reader = BitReader(data: data, position: 2)
        return try inflate(&reader)
    }

    struct BitReader {
        let data: [UInt8]
        var position: Int
        var bitBuffer = 0
        var bitCount = 0

        init(data: [UInt8], position: Int) {
            self.data = data
            self.position = position
        }

        mutating func bits(_ n: Int) throws -> Int {
            while bitCount < n {
                guard position < data.count else { throw FixtureError("truncated deflate stream") }
                bitBuffer |= Int(data[position]) << bitCount
                position += 1
                bitCount += 8
            }
            let v = bitBuffer & ((1 << n) - 1)
            bitBuffer >>= n
            bitCount -= n
            return v
        }

        mutating func alignToByte() {
            bitBuffer = 0
            bitCount = 0
        }
    }

    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int] = []

        init(lengths: [Int]) {
            for l in lengths { counts[l] += 1 }
            counts[0] = 0
            var offsets = [Int](repeating: 0, count: 16)
            for i in 1..<16 { offsets[i] = offsets[i - 1] + counts[i - 1] }
            symbols = [Int](repeating: 0, count: lengths.count)
            for (s, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = s
                offsets[l] += 1
            }
        }

        func decode(_ r: inout BitReader) throws -> Int {
            var code = 0, first = 0, index = 0
            for len in 1..<16 {
                code |= try r.bits(1)
                let count = counts[len]
                if code - count < first { return symbols[index + (code - first)] }
                index += count
                first += count
                first <<= 1
                code <<= 1
            }
            throw FixtureError("bad Huffman code")
        }
    }

    static let lengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
                           4097, 6145, 8193, 12289, 16385, 24577]
    static let distExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static func inflate(_ r: inout BitReader) throws -> [UInt8] {
        var out: [UInt8] = []
        var final = 0
        repeat {
            final = try r.bits(1)
            let type = try r.bits(2)
            switch type {
            case 0:
                r.alignToByte()
                guard r.position + 4 <= r.data.count else { throw FixtureError("truncated stored block") }
                let len = Int(r.data[r.position]) | Int(r.data[r.position + 1]) << 8
                r.position += 4
                out += r.data[r.position..<(r.position + len)]
                r.position += len
            case 1:
                var lengths = [Int](repeating: 8, count: 288)
                for i in 144..<256 { lengths[i] = 9 }
                for i in 256..<280 { lengths[i] = 7 }
                try codes(&r, &out, Huffman(lengths: lengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
            case 2:
                let hlit = try r.bits(5) + 257, hdist = try r.bits(5) + 1, hclen = try r.bits(4) + 4
                let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
                var codeLengths = [Int](repeating: 0, count: 19)
                for i in 0..<hclen { codeLengths[order[i]] = try r.bits(3) }
                let codeTree = Huffman(lengths: codeLengths)
                var lengths: [Int] = []
                while lengths.count < hlit + hdist {
                    let sym = try codeTree.decode(&r)
                    switch sym {
                    case 0..<16: lengths.append(sym)
                    case 16:
                        guard let last = lengths.last else { throw FixtureError("repeat with no length") }
                        lengths += [Int](repeating: last, count: 3 + (try r.bits(2)))
                    case 17: lengths += [Int](repeating: 0, count: 3 + (try r.bits(3)))
                    default: lengths += [Int](repeating: 0, count: 11 + (try r.bits(7)))
                    }
                }
                try codes(&r, &out, Huffman(lengths: Array(lengths[0..<hlit])), Huffman(lengths: Array(lengths[hlit...])))
            default:
                throw FixtureError("bad block type")
            }
        } while final == 0
        return out
    }

    private static func codes(_ r: inout BitReader, _ out: inout [UInt8], _ lit: Huffman, _ dist: Huffman) throws {
        while true {
            let sym = try lit.decode(&r)
            if sym < 256 {
                out.append(UInt8(sym))
            } else if sym == 256 {
                return
            } else {
                let li = sym - 257
                guard li < lengthBase.count else { throw FixtureError("bad length symbol") }
                let length = lengthBase[li] + (try r.bits(lengthExtra[li]))
                let di = try dist.decode(&r)
                guard di < distBase.count else { throw FixtureError("bad distance symbol") }
                let distance = distBase[di] + (try r.bits(distExtra[di]))
                guard distance <= out.count else { throw FixtureError("distance too far back") }
                let start = out.count - distance
                for k in 0..<length { out.append(out[start + k]) }
            }
        }
    }
}
