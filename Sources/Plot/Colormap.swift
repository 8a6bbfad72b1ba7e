/// A colormap: maps values in 0...1 to colours through a 256-entry table, as matplotlib's
/// `Colormap(x)` does (`x` in bins of 1/256, values outside 0...1 take the end colours).
public struct Colormap: Equatable {
    public let name: String
    let table: [UInt32]

    /// The colormap with this matplotlib name (`'viridis'`, `'gray'`, `'gray_r'`, ...).
    public init(named name: String) throws {
        let reversed = name.hasSuffix("_r")
        let base = reversed ? String(name.dropLast(2)) : name
        guard let text = colormapTables[base] else {
            let known = colormapTables.keys.sorted().joined(separator: ", ")
            throw PlotError.value("'\(name)' is not a valid value for cmap; supported values are \(known) (and their '_r' reversals)")
        }
        self.init(name: name, hexTable: text, reversed: reversed)
    }

    private init(name: String, hexTable text: String, reversed: Bool) {
        var table: [UInt32] = []
        table.reserveCapacity(256)
        var digits = text.utf8.filter { $0 != UInt8(ascii: "\n") }.makeIterator()
        var value: UInt32 = 0
        var count = 0
        while let d = digits.next() {
            let nibble: UInt32 = d <= UInt8(ascii: "9") ? UInt32(d - UInt8(ascii: "0")) : UInt32(d - UInt8(ascii: "a") + 10)
            value = value << 4 | nibble
            count += 1
            if count == 6 {
                table.append(value)
                value = 0
                count = 0
            }
        }
        self.name = name
        self.table = reversed ? table.reversed() : table
    }

    /// matplotlib's default colormap (`image.cmap`).
    public static let viridis = Colormap(name: "viridis", hexTable: colormapTables["viridis"] ?? "", reversed: false)

    /// The table index of a normalised value (NaN maps to the "bad" colour, see `color(at:)`).
    func index(_ x: Double) -> Int {
        // NaN here comes from a norm that cannot place the value (a range overflowing to
        // infinity); it takes the low end rather than trapping.
        if x.isNaN { return 0 }
        if x >= 1 { return 255 }
        if x <= 0 { return 0 }
        return min(Int(x * 256), 255)
    }

    /// The colour for a normalised value in 0...1; NaN gives transparent.
    public func color(at x: Double) -> Color {
        if x.isNaN { return .none }
        return Color(rgb24: Int(table[index(x)]))
    }

    /// The RGB bytes for a normalised value, as matplotlib's `cmap(x, bytes=True)`.
    func bytes(at x: Double) -> (UInt8, UInt8, UInt8) {
        let v = table[index(x)]
        return (UInt8(v >> 16 & 0xff), UInt8(v >> 8 & 0xff), UInt8(v & 0xff))
    }
}

/// Linear normalisation of data values to 0...1 (matplotlib's `Normalize(vmin, vmax)`).
public struct Normalize: Equatable {
    public var vmin: Double
    public var vmax: Double

    public init(vmin: Double, vmax: Double) {
        self.vmin = vmin
        self.vmax = vmax
    }

    /// The limits of the finite values, or (0, 1) when there are none.
    static func autoscaled(_ values: [Double], vmin: Double?, vmax: Double?) -> Normalize {
        var lo = Double.infinity, hi = -Double.infinity
        for v in values where v.isFinite {
            lo = min(lo, v)
            hi = max(hi, v)
        }
        if lo > hi { lo = 0; hi = 1 }
        return Normalize(vmin: vmin ?? lo, vmax: vmax ?? hi)
    }

    public func callAsFunction(_ v: Double) -> Double {
        if vmin == vmax { return 0 }
        return (v - vmin) / (vmax - vmin)
    }
}
