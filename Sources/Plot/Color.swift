import Foundation

/// An RGBA colour with components in 0...1, parsed from any of matplotlib's colour forms.
public struct Color: Equatable, Hashable {
    public var red: Double
    public var green: Double
    public var blue: Double
    public var alpha: Double

    public init(red: Double, green: Double, blue: Double, alpha: Double = 1) {
        self.red = red
        self.green = green
        self.blue = blue
        self.alpha = alpha
    }

    /// A colour from an RGB or RGBA tuple of floats in 0...1, as matplotlib accepts them.
    public init(components: [Double]) throws {
        guard components.count == 3 || components.count == 4 else {
            throw PlotError.value("RGBA sequence should have length 3 or 4")
        }
        guard components.allSatisfy({ $0 >= 0 && $0 <= 1 }) else {
            throw PlotError.value("RGBA values should be within 0-1 range")
        }
        self.init(red: components[0], green: components[1], blue: components[2],
                  alpha: components.count == 4 ? components[3] : 1)
    }

    /// A colour from a matplotlib colour string: a name (`'red'`, `'tab:blue'`, `'r'`), hex
    /// (`'#1f77b4'`, `'#1f77b480'`, `'#abc'`), a cycle reference (`'C0'`...`'C9'`), or a
    /// grayscale level (`'0.8'`). `'none'` is fully transparent.
    public init(parsing text: String) throws {
        let s = text.trimmingCharacters(in: .whitespaces)
        let lower = s.lowercased()
        if lower == "none" {
            self.init(red: 0, green: 0, blue: 0, alpha: 0)
            return
        }
        if lower.hasPrefix("#"), let parsed = Color.hex(String(lower.dropFirst())) {
            self = parsed
            return
        }
        if s.count == 2, s.first == "C", let last = s.last, let digit = Int(String(last)) {
            self = Color.tab10[digit]
            return
        }
        // Names are case-insensitive except the one-letter base colours ('C' is not 'c').
        if let rgb = namedColorTable[s] ?? (s.count == 1 ? nil : namedColorTable[lower]) {
            self.init(red: rgb.0, green: rgb.1, blue: rgb.2)
            return
        }
        if let level = Double(s), s.first != "+" {
            guard level >= 0 && level <= 1 else {
                throw PlotError.value("Invalid string grayscale value '\(text)'. Value must be within 0-1 range")
            }
            self.init(red: level, green: level, blue: level)
            return
        }
        throw PlotError.value("'\(text)' is not a valid color value.")
    }

    private static func hex(_ digits: String) -> Color? {
        var chars = Array(digits)
        if chars.count == 3 || chars.count == 4 {
            chars = chars.flatMap { [$0, $0] }
        }
        guard chars.count == 6 || chars.count == 8 else { return nil }
        var bytes: [Double] = []
        for i in stride(from: 0, to: chars.count, by: 2) {
            guard let v = UInt8(String(chars[i...i + 1]), radix: 16) else { return nil }
            bytes.append(Double(v) / 255)
        }
        return Color(red: bytes[0], green: bytes[1], blue: bytes[2], alpha: bytes.count == 4 ? bytes[3] : 1)
    }

    /// The colour with its alpha replaced.
    public func withAlpha(_ alpha: Double?) -> Color {
        guard let alpha else { return self }
        var c = self
        c.alpha = alpha
        return c
    }

    /// `#rrggbb`, rounding each component as matplotlib's `to_hex` does.
    public var hexRGB: String {
        func byte(_ v: Double) -> Int { Int((min(max(v, 0), 1) * 255).rounded(.toNearestOrEven)) }
        return String(format: "#%02x%02x%02x", byte(red), byte(green), byte(blue))
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)
    public static let none = Color(red: 0, green: 0, blue: 0, alpha: 0)

    /// matplotlib's default property cycle ('tab10'): C0 ... C9.
    public static let tab10: [Color] = [
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
    ].map { Color(rgb24: $0) }

    init(rgb24 v: Int) {
        self.init(red: Double((v >> 16) & 0xff) / 255, green: Double((v >> 8) & 0xff) / 255,
                  blue: Double(v & 0xff) / 255)
    }
}
