import Foundation

/// The horizontal metrics of a TrueType font that text layout needs: advance widths
/// (`hmtx`), the character map (`cmap` formats 4 and 12), glyph vertical bounds (`glyf`
/// headers through `loca`) and kerning pairs (`kern` format 0). Reads nothing else.
struct TrueTypeFont {
    let unitsPerEm: Int
    private let data: [UInt8]
    private let advances: [UInt16]
    private let glyphOffsets: [Int]
    private let glyfStart: Int
    private let characterMap: [UInt32: UInt16]
    private let kerning: [UInt32: Int16]

    /// Parses the font file's bytes; nil if a required table is missing or malformed.
    init?(bytes: [UInt8]) {
        data = bytes
        guard bytes.count > 12 else { return nil }
        var tables: [String: (offset: Int, length: Int)] = [:]
        let tableCount = Int(TrueTypeFont.u16(bytes, 4))
        for i in 0..<tableCount {
            let entry = 12 + 16 * i
            guard entry + 16 <= bytes.count else { return nil }
            let tag = String(decoding: bytes[entry..<entry + 4], as: UTF8.self)
            let offset = Int(TrueTypeFont.u32(bytes, entry + 8)), length = Int(TrueTypeFont.u32(bytes, entry + 12))
            guard offset + length <= bytes.count else { return nil }
            tables[tag] = (offset, length)
        }
        guard let head = tables["head"], let hhea = tables["hhea"], let maxp = tables["maxp"],
              let hmtx = tables["hmtx"], let loca = tables["loca"], let glyf = tables["glyf"],
              let cmap = tables["cmap"], head.length >= 54, hhea.length >= 36, maxp.length >= 6
        else { return nil }
        unitsPerEm = Int(TrueTypeFont.u16(bytes, head.offset + 18))
        let longOffsets = TrueTypeFont.u16(bytes, head.offset + 50) != 0
        let metricCount = Int(TrueTypeFont.u16(bytes, hhea.offset + 34))
        let glyphCount = Int(TrueTypeFont.u16(bytes, maxp.offset + 4))
        guard unitsPerEm > 0, metricCount > 0, hmtx.length >= 4 * metricCount,
              loca.length >= (glyphCount + 1) * (longOffsets ? 4 : 2) else { return nil }
        advances = (0..<metricCount).map { TrueTypeFont.u16(bytes, hmtx.offset + 4 * $0) }
        glyphOffsets = (0...glyphCount).map {
            longOffsets ? Int(TrueTypeFont.u32(bytes, loca.offset + 4 * $0))
                : 2 * Int(TrueTypeFont.u16(bytes, loca.offset + 2 * $0))
        }
        glyfStart = glyf.offset
        guard let map = TrueTypeFont.readCharacterMap(bytes, cmap.offset, cmap.length) else { return nil }
        characterMap = map
        kerning = tables["kern"].map { TrueTypeFont.readKerning(bytes, $0.offset, $0.length) } ?? [:]
    }

    /// Loads the font at `path`; nil if the file is missing or not a usable TrueType font.
    init?(path: String) {
        guard let contents = FileManager.default.contents(atPath: path) else { return nil }
        self.init(bytes: [UInt8](contents))
    }

    /// The glyph of a Unicode scalar; 0 (the missing-glyph box) when the font has none.
    func glyph(for scalar: UInt32) -> UInt16 { characterMap[scalar] ?? 0 }

    func advance(_ glyph: UInt16) -> Int {
        Int(advances[min(Int(glyph), advances.count - 1)])
    }

    /// The glyph's lowest and highest outline points (0, 0 for an empty glyph such as space).
    func verticalBounds(_ glyph: UInt16) -> (yMin: Int, yMax: Int) {
        let g = Int(glyph)
        guard g + 1 < glyphOffsets.count, glyphOffsets[g + 1] > glyphOffsets[g] else { return (0, 0) }
        let start = glyfStart + glyphOffsets[g]
        guard start + 10 <= data.count else { return (0, 0) }
        return (Int(Int16(bitPattern: TrueTypeFont.u16(data, start + 4))),
                Int(Int16(bitPattern: TrueTypeFont.u16(data, start + 8))))
    }

    func kern(_ left: UInt16, _ right: UInt16) -> Int {
        Int(kerning[UInt32(left) << 16 | UInt32(right)] ?? 0)
    }

    private static func u16(_ b: [UInt8], _ i: Int) -> UInt16 {
        guard i + 2 <= b.count else { return 0 }
        return UInt16(b[i]) << 8 | UInt16(b[i + 1])
    }

    private static func u32(_ b: [UInt8], _ i: Int) -> UInt32 {
        guard i + 4 <= b.count else { return 0 }
        return UInt32(b[i]) << 24 | UInt32(b[i + 1]) << 16 | UInt32(b[i + 2]) << 8 | UInt32(b[i + 3])
    }

    /// Reads the Unicode subtables of `cmap`: format 12 (full range) if present, else format 4.
    private static func readCharacterMap(_ b: [UInt8], _ offset: Int, _ length: Int) -> [UInt32: UInt16]? {
        let count = Int(u16(b, offset + 2))
        var format4: Int?, format12: Int?
        for i in 0..<count {
            let platform = u16(b, offset + 4 + 8 * i), encoding = u16(b, offset + 6 + 8 * i)
            let sub = offset + Int(u32(b, offset + 8 + 8 * i))
            let unicode = platform == 0 || (platform == 3 && (encoding == 1 || encoding == 10))
            guard unicode, sub + 2 <= b.count else { continue }
            switch u16(b, sub) {
            case 4: format4 = format4 ?? sub
            case 12: format12 = format12 ?? sub
            default: break
            }
        }
        var map: [UInt32: UInt16] = [:]
        if let sub = format12 {
            let groups = Int(u32(b, sub + 12))
            for g in 0..<groups {
                let entry = sub + 16 + 12 * g
                let first = u32(b, entry), last = u32(b, entry + 4), glyph = u32(b, entry + 8)
                guard first <= last, last - first < 0x110000 else { continue }
                for c in first...last { map[c] = UInt16(truncatingIfNeeded: glyph + (c - first)) }
            }
            return map
        }
        guard let sub = format4 else { return nil }
        let segments = Int(u16(b, sub + 6)) / 2
        let ends = sub + 14, starts = ends + 2 * segments + 2
        let deltas = starts + 2 * segments, rangeOffsets = deltas + 2 * segments
        for s in 0..<segments {
            let end = u16(b, ends + 2 * s), start = u16(b, starts + 2 * s)
            let delta = u16(b, deltas + 2 * s), rangeOffset = Int(u16(b, rangeOffsets + 2 * s))
            guard start <= end else { continue }
            for c in start...end where c != 0xFFFF {
                var glyph: UInt16
                if rangeOffset == 0 {
                    glyph = c &+ delta
                } else {
                    glyph = u16(b, rangeOffsets + 2 * s + rangeOffset + 2 * Int(c - start))
                    if glyph != 0 { glyph = glyph &+ delta }
                }
                map[UInt32(c)] = glyph
            }
        }
        return map
    }

    /// Reads the horizontal format-0 subtables of `kern`: (left << 16 | right) -> value.
    private static func readKerning(_ b: [UInt8], _ offset: Int, _ length: Int) -> [UInt32: Int16] {
        var pairs: [UInt32: Int16] = [:]
        let subtables = Int(u16(b, offset + 2))
        var p = offset + 4
        for _ in 0..<subtables {
            let subLength = Int(u16(b, p + 2)), coverage = u16(b, p + 4)
            if coverage >> 8 == 0 && coverage & 1 == 1 {
                let count = Int(u16(b, p + 6))
                for j in 0..<count {
                    let e = p + 14 + 6 * j
                    guard e + 6 <= b.count else { break }
                    pairs[UInt32(u16(b, e)) << 16 | UInt32(u16(b, e + 2))] = Int16(bitPattern: u16(b, e + 4))
                }
            }
            guard subLength > 0 else { break }
            p += subLength
        }
        return pairs
    }
}
