/// Writes 8-bit RGBA PNG files without zlib: rows are filtered (Up for a row equal to the
/// one above, Sub otherwise) and deflated with fixed Huffman codes and runs of repeated bytes,
/// which compresses the block-upscaled images `imshow` embeds very well.
enum PNGEncoder {
    /// `pixels` holds `width * height` RGBA quadruples, row 0 first (top of the image).
    static func encode(width: Int, height: Int, rgba pixels: [UInt8]) -> [UInt8] {
        let stride = 4 * width
        var filtered: [UInt8] = []
        filtered.reserveCapacity(height * (1 + stride))
        for row in 0..<height {
            let start = row * stride
            if row > 0 && pixels[start..<(start + stride)] == pixels[(start - stride)..<start] {
                filtered.append(2)  // Up: a zero row
                filtered += [UInt8](repeating: 0, count: stride)
            } else {
                filtered.append(1)  // Sub: difference from the pixel to the left
                for i in 0..<stride {
                    let left = i >= 4 ? pixels[start + i - 4] : 0
                    filtered.append(pixels[start + i] &- left)
                }
            }
        }
        var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header: [UInt8] = []
        header += bigEndian(UInt32(width))
        header += bigEndian(UInt32(height))
        header += [8, 6, 0, 0, 0]  // 8-bit, RGBA, deflate, adaptive filtering, no interlace
        chunk("IHDR", header, into: &png)
        chunk("IDAT", zlib(filtered), into: &png)
        chunk("IEND", [], into: &png)
        return png
    }

    private static func bigEndian(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
    }

    private static func chunk(_ type: String, _ data: [UInt8], into png: inout [UInt8]) {
        let typeBytes = Array(type.utf8)
        png += bigEndian(UInt32(data.count))
        png += typeBytes
        png += data
        png += bigEndian(crc32(typeBytes + data))
    }

    /// LSB-first bit writer for deflate.
    private struct BitWriter {
        var bytes: [UInt8] = []
        var buffer: UInt32 = 0
        var count: UInt32 = 0

        mutating func write(_ value: UInt32, bits: UInt32) {
            buffer |= value << count
            count += bits
            while count >= 8 {
                bytes.append(UInt8(buffer & 0xff))
                buffer >>= 8
                count -= 8
            }
        }

        /// Huffman codes go most significant bit first.
        mutating func writeCode(_ code: UInt32, bits: UInt32) {
            var reversed: UInt32 = 0
            for i in 0..<bits where code & (1 << i) != 0 { reversed |= 1 << (bits - 1 - i) }
            write(reversed, bits: bits)
        }

        mutating func flush() {
            if count > 0 { bytes.append(UInt8(buffer & 0xff)) }
            buffer = 0
            count = 0
        }
    }

    private static let lengthBase: [Int] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99,
                                            115, 131, 163, 195, 227, 258]
    private static let lengthExtra: [UInt32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]

    private static func writeLiteral(_ v: Int, _ w: inout BitWriter) {
        switch v {
        case 0...143: w.writeCode(UInt32(0x30 + v), bits: 8)
        case 144...255: w.writeCode(UInt32(0x190 + v - 144), bits: 9)
        case 256...279: w.writeCode(UInt32(v - 256), bits: 7)
        default: w.writeCode(UInt32(0xC0 + v - 280), bits: 8)
        }
    }

    /// A zlib stream: one fixed-Huffman deflate block of literals and distance-1 runs.
    private static func zlib(_ data: [UInt8]) -> [UInt8] {
        var w = BitWriter()
        w.write(1, bits: 1)  // final block
        w.write(1, bits: 2)  // fixed Huffman
        var i = 0
        while i < data.count {
            var run = 0
            if i > 0 {
                while i + run < data.count && run < 258 && data[i + run] == data[i - 1] { run += 1 }
            }
            if run >= 3 {
                var code = lengthBase.count - 1
                while lengthBase[code] > run { code -= 1 }
                writeLiteral(257 + code, &w)
                w.write(UInt32(run - lengthBase[code]), bits: lengthExtra[code])
                w.writeCode(0, bits: 5)  // distance code 0: distance 1
                i += run
            } else {
                writeLiteral(Int(data[i]), &w)
                i += 1
            }
        }
        writeLiteral(256, &w)
        w.flush()
        return [0x78, 0x01] + w.bytes + bigEndian(adler32(data))
    }

    private static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    private static let crcTable: [UInt32] = (0..<256).map { n -> UInt32 in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        var c: UInt32 = 0xFFFFFFFF
        for byte in data { c = crcTable[Int((c ^ UInt32(byte)) & 0xff)] ^ (c >> 8) }
        return c ^ 0xFFFFFFFF
    }
}
