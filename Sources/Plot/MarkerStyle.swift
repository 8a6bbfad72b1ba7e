import Foundation

/// A marker shape (`marker`): matplotlib's one-character codes.
public enum MarkerStyle: String, CaseIterable {
    case none = "None"
    case point = ".", pixel = ",", circle = "o"
    case triangleDown = "v", triangleUp = "^", triangleLeft = "<", triangleRight = ">"
    case triDown = "1", triUp = "2", triLeft = "3", triRight = "4"
    case octagon = "8", square = "s", pentagon = "p", plusFilled = "P", star = "*"
    case hexagon1 = "h", hexagon2 = "H", plus = "+", x = "x", xFilled = "X"
    case diamond = "D", thinDiamond = "d", vline = "|", hline = "_"

    public init(parsing text: String) throws {
        if text == "" || text == "none" || text == " " {
            self = .none
            return
        }
        guard let m = MarkerStyle(rawValue: text) else {
            throw PlotError.value("Unrecognized marker style '\(text)'")
        }
        self = m
    }

    /// Markers drawn as outlines only, with the edge colour.
    var isFilled: Bool {
        switch self {
        case .plus, .x, .vline, .hline, .triDown, .triUp, .triLeft, .triRight, .none, .pixel: return false
        default: return true
        }
    }

    /// The outline for a marker of `size` points (the diameter of 'o'), centred on the origin.
    func path(size: Double) -> PathData {
        let half = size / 2
        func polygon(_ points: [(Double, Double)], scale: Double = half) -> PathData {
            PathData.polyline(points.map { Point($0.0 * scale, $0.1 * scale) }, closed: true)
        }
        func regular(_ n: Int, rotation: Double = 0, inner: Double? = nil) -> PathData {
            let count = inner == nil ? n : 2 * n
            let points = (0..<count).map { i -> (Double, Double) in
                let theta = 2 * Double.pi * Double(i) / Double(count) + Double.pi / 2 + rotation
                let r = i % 2 == 1 ? inner ?? 1 : 1
                return (r * cos(theta), r * sin(theta))
            }
            return polygon(points)
        }
        func segments(_ pairs: [((Double, Double), (Double, Double))], scale: Double = half) -> PathData {
            var path = PathData()
            for (a, b) in pairs {
                path.move(Point(a.0 * scale, a.1 * scale))
                path.line(Point(b.0 * scale, b.1 * scale))
            }
            return path
        }
        switch self {
        case .none: return PathData()
        case .circle: return MarkerStyle.circle(radius: half)
        case .point: return MarkerStyle.circle(radius: half / 2)
        case .pixel: return PathData.rectangle(Rect(x0: -0.5, y0: -0.5, x1: 0.5, y1: 0.5))
        case .square: return polygon([(-1, -1), (1, -1), (1, 1), (-1, 1)])
        case .triangleUp: return polygon([(0, 1), (-1, -1), (1, -1)])
        case .triangleDown: return polygon([(0, -1), (1, 1), (-1, 1)])
        case .triangleLeft: return polygon([(-1, 0), (1, -1), (1, 1)])
        case .triangleRight: return polygon([(1, 0), (-1, 1), (-1, -1)])
        case .diamond: return polygon([(0, -1), (1, 0), (0, 1), (-1, 0)], scale: half * sqrt(2))
        case .thinDiamond: return polygon([(0, -1), (0.6, 0), (0, 1), (-0.6, 0)], scale: half * sqrt(2))
        case .pentagon: return regular(5)
        case .hexagon1: return regular(6)
        case .hexagon2: return regular(6, rotation: Double.pi / 6)
        case .octagon: return regular(8, rotation: Double.pi / 8)
        case .star: return regular(5, inner: 0.381966)
        case .plus: return segments([((-1, 0), (1, 0)), ((0, -1), (0, 1))])
        case .x: return segments([((-1, -1), (1, 1)), ((-1, 1), (1, -1))])
        case .vline: return segments([((0, -1), (0, 1))])
        case .hline: return segments([((-1, 0), (1, 0))])
        case .triDown: return segments([((0, 0), (0, -1)), ((0, 0), (-0.866, 0.5)), ((0, 0), (0.866, 0.5))])
        case .triUp: return segments([((0, 0), (0, 1)), ((0, 0), (-0.866, -0.5)), ((0, 0), (0.866, -0.5))])
        case .triLeft: return segments([((0, 0), (-1, 0)), ((0, 0), (0.5, 0.866)), ((0, 0), (0.5, -0.866))])
        case .triRight: return segments([((0, 0), (1, 0)), ((0, 0), (-0.5, 0.866)), ((0, 0), (-0.5, -0.866))])
        case .plusFilled:
            return polygon([(-1, -1 / 3.0), (-1 / 3.0, -1 / 3.0), (-1 / 3.0, -1), (1 / 3.0, -1), (1 / 3.0, -1 / 3.0), (1, -1 / 3.0),
                            (1, 1 / 3.0), (1 / 3.0, 1 / 3.0), (1 / 3.0, 1), (-1 / 3.0, 1), (-1 / 3.0, 1 / 3.0), (-1, 1 / 3.0)])
        case .xFilled:
            let a = 0.25
            let arm: [(Double, Double)] = [(-1, -1 + a), (-1 + a, -1), (0, -a), (1 - a, -1), (1, -1 + a), (a, 0),
                                           (1, 1 - a), (1 - a, 1), (0, a), (-1 + a, 1), (-1, 1 - a), (-a, 0)]
            return polygon(arm)
        }
    }

    /// A circle as four cubic Béziers.
    static func circle(radius r: Double) -> PathData {
        let k = 0.5522847498 * r
        var path = PathData()
        path.move(Point(0, -r))
        path.cubic(Point(k, -r), Point(r, -k), Point(r, 0))
        path.cubic(Point(r, k), Point(k, r), Point(0, r))
        path.cubic(Point(-k, r), Point(-r, k), Point(-r, 0))
        path.cubic(Point(-r, -k), Point(-k, -r), Point(0, -r))
        path.close()
        return path
    }
}
