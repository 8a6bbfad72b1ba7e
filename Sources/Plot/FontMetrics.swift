/// The size of a line of text as matplotlib measures it: `width` is the advance of the
/// whole string (with kerning), `height` the ink from the lowest to the highest glyph
/// outline, `descent` how far the ink reaches below the baseline. All in points.
struct TextExtent: Equatable {
    var width: Double
    var height: Double
    var descent: Double
}

/// DejaVu Sans metrics, read once from the system font file (with a built-in table for
/// ASCII when the file is missing), reproducing matplotlib's measurement: FreeType at 100 pt
/// without hinting and 8x horizontal oversampling, values in 1/64 pt, scaled to the size.
struct FontMetrics {
    private enum Source {
        case file(TrueTypeFont)
        case fallback
    }

    private let source: Source
    private let unitsPerEm: Int

    static let fontDirectory = "/usr/share/fonts/truetype/dejavu/"
    static let regular = FontMetrics(path: fontDirectory + "DejaVuSans.ttf")
    static let bold = FontMetrics(path: fontDirectory + "DejaVuSans-Bold.ttf")

    static func forWeight(_ weight: FontWeight) -> FontMetrics {
        weight == .bold ? bold : regular
    }

    init(path: String) {
        if let font = TrueTypeFont(path: path) {
            source = .file(font)
            unitsPerEm = font.unitsPerEm
        } else {
            source = .fallback
            unitsPerEm = 2048
        }
    }

    /// True when metrics come from the font file rather than the built-in table.
    var usesFontFile: Bool {
        if case .file = source { return true }
        return false
    }

    /// Measures one line of text at `size` points.
    func measure(_ text: String, size: Double) -> TextExtent {
        if text.isEmpty { return TextExtent(width: 0, height: 0, descent: 0) }
        let em = Double(unitsPerEm)
        var pen = 0
        var yMin = Int.max, yMax = Int.min
        var previous: (scalar: UInt32, glyph: UInt16)?
        for scalar in text.unicodeScalars {
            let g = glyphMetrics(scalar.value)
            if let previous {
                let k = kern(previous, (scalar.value, g.glyph))
                if k != 0 {
                    // Kerning is grid-fitted to whole pixels at 800 ppem, then scaled back by 8.
                    let scaled = Double(k) * 51200 / em
                    pen += Int(((scaled + 32) / 64).rounded(.down)) * 64 / 8
                }
            }
            yMin = min(yMin, FontMetrics.roundAway(Double(g.yMin) * 6400 / em))
            yMax = max(yMax, FontMetrics.roundAway(Double(g.yMax) * 6400 / em))
            pen += FontMetrics.roundAway(Double(g.advance) * 6400 / em)
            previous = (scalar.value, g.glyph)
        }
        let scale = size / 100 / 64
        return TextExtent(width: Double(pen) * scale, height: Double(yMax - yMin) * scale,
                          descent: Double(-yMin) * scale)
    }

    private struct Glyph {
        var glyph: UInt16
        var advance: Int
        var yMin: Int
        var yMax: Int
    }

    private func glyphMetrics(_ scalar: UInt32) -> Glyph {
        switch source {
        case .file(let font):
            let glyph = font.glyph(for: scalar)
            if glyph == 0, FontMetrics.isWide(scalar) { return wideGlyph }
            let bounds = font.verticalBounds(glyph)
            return Glyph(glyph: glyph, advance: font.advance(glyph), yMin: bounds.yMin, yMax: bounds.yMax)
        case .fallback:
            if let m = dejaVuSansFallbackGlyphs[scalar] {
                return Glyph(glyph: 1, advance: m.advance, yMin: m.yMin, yMax: m.yMax)
            }
            if FontMetrics.isWide(scalar) { return wideGlyph }
            return Glyph(glyph: 0, advance: dejaVuSansFallbackMissingAdvance, yMin: 0, yMax: 1493)
        }
    }

    /// A CJK or other full-width character the font lacks: one em wide, as CJK fonts draw it.
    private var wideGlyph: Glyph {
        Glyph(glyph: 0, advance: unitsPerEm, yMin: -unitsPerEm * 12 / 100, yMax: unitsPerEm * 88 / 100)
    }

    private func kern(_ left: (scalar: UInt32, glyph: UInt16), _ right: (UInt32, UInt16)) -> Int {
        switch source {
        case .file(let font):
            return font.kern(left.glyph, right.1)
        case .fallback:
            return dejaVuSansFallbackKerning[UInt64(left.scalar) << 32 | UInt64(right.0)] ?? 0
        }
    }

    /// Round half away from zero (FreeType's fixed-point multiply).
    private static func roundAway(_ x: Double) -> Int {
        Int(x.rounded(.toNearestOrAwayFromZero))
    }

    /// East Asian wide and full-width characters.
    static func isWide(_ c: UInt32) -> Bool {
        (0x1100...0x115F).contains(c) || (0x2E80...0xA4CF).contains(c) || (0xAC00...0xD7A3).contains(c)
            || (0xF900...0xFAFF).contains(c) || (0xFE30...0xFE4F).contains(c) || (0xFF00...0xFF60).contains(c)
            || (0xFFE0...0xFFE6).contains(c) || (0x20000...0x3FFFD).contains(c)
    }
}
