import Foundation

/// An axis scale: how data values map to positions along the axis (`'linear'`, `'log'`).
public enum AxisScale: Equatable {
    case linear
    case log(base: Double)

    /// The scale for a matplotlib scale name (`'linear'`, `'log'`).
    public init(parsing name: String, base: Double = 10) throws {
        switch name {
        case "linear": self = .linear
        case "log":
            guard base > 0 && base != 1 else { throw PlotError.value("The log base cannot be <= 0 or == 1") }
            self = .log(base: base)
        default:
            throw PlotError.value("'\(name)' is not a valid value for scale; supported values are 'linear', 'log'")
        }
    }

    public var name: String {
        switch self {
        case .linear: return "linear"
        case .log: return "log"
        }
    }

    var isLog: Bool {
        if case .log = self { return true }
        return false
    }

    /// The scaled coordinate; non-positive values on a log scale clip to -1000 decades, as
    /// matplotlib's `nonpositive='clip'`.
    func forward(_ v: Double) -> Double {
        switch self {
        case .linear: return v
        case .log(let base): return v > 0 ? Foundation.log(v) / Foundation.log(base) : (v.isNaN ? v : -1000)
        }
    }

    func inverse(_ t: Double) -> Double {
        switch self {
        case .linear: return t
        case .log(let base): return pow(base, t)
        }
    }
}

/// Maps one axis' view interval onto a span of display coordinates.
struct AxisMapping {
    let scale: AxisScale
    /// The view interval (reversed for an inverted axis).
    let view: (Double, Double)
    /// The display coordinates of the view interval's ends.
    let display: (Double, Double)

    func callAsFunction(_ v: Double) -> Double {
        let t0 = scale.forward(view.0), t1 = scale.forward(view.1)
        guard t1 != t0 else { return display.0 }
        return display.0 + (scale.forward(v) - t0) / (t1 - t0) * (display.1 - display.0)
    }
}
