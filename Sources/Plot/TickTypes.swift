/// Where an axis puts its ticks (matplotlib's locators).
public enum TickLocator {
    /// `AutoLocator` on linear axes, `LogLocator` on log axes.
    case auto
    case maxN(MaxNLocator)
    case log(LogLocator)
    /// Exactly these locations (`set_xticks`).
    case fixed([Double])
    /// Multiples of a base (`MultipleLocator`).
    case multiple(Double)
    /// No ticks.
    case null
}

/// How an axis labels its ticks (matplotlib's formatters).
public enum TickFormatter {
    case scalar(ScalarFormatter)
    case log(LogFormatter)
    /// The i-th label for the i-th location, '' past the end (`FixedFormatter`).
    case fixed([String])
    /// A function of (value, position index), as `FuncFormatter`.
    case function((Double, Int) -> String)
    /// No labels.
    case null
}

/// Tick direction relative to the axes (`direction`).
public enum TickDirection: String {
    case out, `in`, inOut = "inout"
}

/// The look of one kind of tick (major or minor), as `tick_params` sets it.
public struct TickStyle {
    public var length: Double
    public var width: Double
    public var pad: Double
    public var color: Color
    public var labelsize: Double
    public var labelcolor: Color
    public var direction: TickDirection
    public var labelrotation: Double
    /// Horizontal alignment of the labels; nil: centred on x ticks, away from y ticks.
    public var labelHA: HorizontalAlignment?
    /// Ticks and labels on the bottom/left (1) and top/right (2) sides.
    public var tick1On = true
    public var tick2On = false
    public var label1On = true
    public var label2On = false

    static let major = TickStyle(length: 3.5, width: 0.8, pad: 3.5, color: .black, labelsize: 10, labelcolor: .black,
                                 direction: .out, labelrotation: 0)
    static let minor = TickStyle(length: 2, width: 0.6, pad: 3.4, color: .black, labelsize: 10, labelcolor: .black,
                                 direction: .out, labelrotation: 0)

    /// Distance from the axes edge to the tick label: the pad plus the part of the tick outside.
    var labelOffset: Double {
        switch direction {
        case .out: return pad + length
        case .inOut: return pad + length / 2
        case .in: return pad
        }
    }
}

/// Grid line properties (`grid(color=..., linestyle=..., linewidth=..., alpha=...)`).
public struct GridStyle {
    public var color: Color
    public var linestyle: LineStyle
    public var linewidth: Double
    public var alpha: Double?

    public init(color: Color = Color(red: 176.0 / 255, green: 176.0 / 255, blue: 176.0 / 255), linestyle: LineStyle = .solid, linewidth: Double = 0.8, alpha: Double? = nil) {
        self.color = color
        self.linestyle = linestyle
        self.linewidth = linewidth
        self.alpha = alpha
    }
}

/// One tick with its label, ready to draw.
struct PlacedTick {
    let value: Double
    /// Display coordinate along the axis.
    let position: Double
    let label: String
    let major: Bool
}
