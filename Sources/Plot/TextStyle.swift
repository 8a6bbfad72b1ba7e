/// Font weights text can be laid out in.
public enum FontWeight: String {
    case normal, bold
}

extension FontWeight {
    /// The weight for a matplotlib `fontweight`: a name or a number 0-1000; the weights at
    /// or above semibold (600) draw bold, lighter ones normal.
    public init(parsing text: String) throws {
        let bold: Set<String> = ["bold", "heavy", "extra bold", "black", "semibold", "demibold", "demi"]
        let normal: Set<String> = ["normal", "regular", "light", "ultralight", "medium", "book", "roman"]
        if bold.contains(text) {
            self = .bold
        } else if normal.contains(text) {
            self = .normal
        } else if let v = Double(text), v >= 0, v <= 1000 {
            self = v >= 600 ? .bold : .normal
        } else {
            throw PlotError.value("'\(text)' is not a valid font weight")
        }
    }
}

/// Horizontal alignment of text relative to its position (`ha`).
public enum HorizontalAlignment: String {
    case left, center, right
}

/// Vertical alignment of text relative to its position (`va`).
public enum VerticalAlignment: String {
    case top, center, bottom, baseline
    case centerBaseline = "center_baseline"
}

/// matplotlib's font sizes by name, relative to the default size (`font.size` = 10).
public enum FontSize {
    public static let defaultSize = 10.0

    /// Points for a size name (`'small'`, `'large'`, ...) or a number as text.
    public static func points(_ name: String) throws -> Double {
        let scalings: [String: Double] = [
            "xx-small": 0.579, "x-small": 0.694, "small": 0.833, "medium": 1.0,
            "large": 1.2, "x-large": 1.44, "xx-large": 1.728, "larger": 1.2, "smaller": 0.833,
        ]
        if let s = scalings[name] { return s * defaultSize }
        if let v = Double(name) { return v }
        throw PlotError.value("'\(name)' is not a valid font size; supported values are xx-small, x-small, small, medium, large, x-large, xx-large, larger, smaller, or a number")
    }
}

/// How a piece of text looks and how it is anchored at its position.
public struct TextStyle: Equatable {
    public var fontSize: Double
    public var weight: FontWeight
    public var color: Color
    public var ha: HorizontalAlignment
    public var va: VerticalAlignment
    /// Degrees counter-clockwise.
    public var rotation: Double
    /// `true` for matplotlib's rotation_mode='anchor' (align first, then rotate).
    public var rotateAroundAnchor: Bool
    public var lineSpacing: Double
    /// Horizontal alignment of the lines of multi-line text (`multialignment`); nil follows `ha`.
    public var multiAlignment: HorizontalAlignment?

    public init(fontSize: Double = FontSize.defaultSize, weight: FontWeight = .normal, color: Color = .black,
                ha: HorizontalAlignment = .left, va: VerticalAlignment = .baseline, rotation: Double = 0,
                rotateAroundAnchor: Bool = false, lineSpacing: Double = 1.2, multiAlignment: HorizontalAlignment? = nil) {
        self.fontSize = fontSize
        self.weight = weight
        self.color = color
        self.ha = ha
        self.va = va
        self.rotation = rotation
        self.rotateAroundAnchor = rotateAroundAnchor
        self.lineSpacing = lineSpacing
        self.multiAlignment = multiAlignment
    }
}
