/// A line's dash style (`linestyle`): `'-'`, `'--'`, `'-.'`, `':'`, `'None'`, or an explicit
/// `(offset, (on, off, ...))` pattern in multiples of the line width.
public enum LineStyle: Equatable {
    case solid, dashed, dashDot, dotted, none
    case custom(offset: Double, pattern: [Double])

    public init(parsing text: String) throws {
        switch text {
        case "-", "solid": self = .solid
        case "--", "dashed": self = .dashed
        case "-.", "dashdot": self = .dashDot
        case ":", "dotted": self = .dotted
        case "None", "none", " ", "": self = .none
        default:
            throw PlotError.value("'\(text)' is not a valid value for ls; supported values are '-', '--', '-.', ':', 'None', ' ', '', 'solid', 'dashed', 'dashdot', 'dotted'")
        }
    }

    /// The pattern in points for a line of this width (matplotlib scales dashes by width).
    func dashes(lineWidth: Double) -> (offset: Double, pattern: [Double])? {
        let scale = max(lineWidth, 1e-12)
        switch self {
        case .solid, .none: return nil
        case .dashed: return (0, [3.7 * scale, 1.6 * scale])
        case .dashDot: return (0, [6.4 * scale, 1.6 * scale, 1 * scale, 1.6 * scale])
        case .dotted: return (0, [1 * scale, 1.65 * scale])
        case .custom(let offset, let pattern):
            return pattern.isEmpty ? nil : (offset * scale, pattern.map { $0 * scale })
        }
    }

    var isVisible: Bool { self != .none }

    /// The matplotlib spelling (`'-'`, `'--'`, ...).
    public var shortName: String {
        switch self {
        case .solid: return "-"
        case .dashed: return "--"
        case .dashDot: return "-."
        case .dotted: return ":"
        case .none: return "None"
        case .custom: return "--"
        }
    }
}
