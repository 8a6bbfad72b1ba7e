/// A point in display coordinates: points (1/72 inch) from the figure's bottom-left corner,
/// y upwards, as matplotlib's display space at 72 dpi (the SVG writer flips y).
public struct Point: Equatable {
    public var x: Double
    public var y: Double

    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// An axis-aligned box given by two corners (matplotlib's `Bbox`); `x0 <= x1` and `y0 <= y1`
/// unless built otherwise.
public struct Rect: Equatable {
    public var x0: Double
    public var y0: Double
    public var x1: Double
    public var y1: Double

    public init(x0: Double, y0: Double, x1: Double, y1: Double) {
        self.x0 = x0
        self.y0 = y0
        self.x1 = x1
        self.y1 = y1
    }

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.init(x0: x, y0: y, x1: x + width, y1: y + height)
    }

    public var width: Double { x1 - x0 }
    public var height: Double { y1 - y0 }
    public var midX: Double { (x0 + x1) / 2 }
    public var midY: Double { (y0 + y1) / 2 }

    /// The smallest box containing both.
    func union(_ other: Rect) -> Rect {
        Rect(x0: min(x0, other.x0), y0: min(y0, other.y0), x1: max(x1, other.x1), y1: max(y1, other.y1))
    }

    /// The box grown by `pad` on every side (shrunk for negative `pad`).
    func padded(_ pad: Double) -> Rect {
        Rect(x0: x0 - pad, y0: y0 - pad, x1: x1 + pad, y1: y1 + pad)
    }

    func offsetBy(dx: Double, dy: Double) -> Rect {
        Rect(x0: x0 + dx, y0: y0 + dy, x1: x1 + dx, y1: y1 + dy)
    }

    /// Whether `p` lies strictly inside (matplotlib's `Bbox.count_contains` test).
    func strictlyContains(_ p: Point) -> Bool {
        p.x > x0 && p.x < x1 && p.y > y0 && p.y < y1
    }

    /// Whether the interiors of the two boxes overlap (matplotlib's `Bbox.count_overlaps` test).
    func overlaps(_ other: Rect) -> Bool {
        !(other.x1 <= x0 || other.y1 <= y0 || other.x0 >= x1 || other.y0 >= y1)
    }

    /// Whether the segment from `a` to `b` touches the box's interior: a separating-axis test
    /// on the box's two axes and the segment's normal, with strict inequalities.
    func intersectsSegment(_ a: Point, _ b: Point) -> Bool {
        let cx = midX, cy = midY, hw = width / 2, hh = height / 2
        let mx = (a.x + b.x) / 2 - cx, my = (a.y + b.y) / 2 - cy
        let hx = abs(a.x - b.x) / 2, hy = abs(a.y - b.y) / 2
        guard abs(mx) < hx + hw, abs(my) < hy + hh else { return false }
        // Normal of the segment: (dy, -dx); project the box centre offset and half-extents on it.
        let dx = b.x - a.x, dy = b.y - a.y
        let distance = abs((a.x - cx) * dy - (a.y - cy) * dx)
        let reach = hw * abs(dy) + hh * abs(dx)
        return distance < reach
    }

    /// The box of this box's size placed inside `container` at the anchor (matplotlib's
    /// `Bbox.anchored` with the compass codes "C", "N", "NE", ...).
    func anchored(_ anchor: Anchor, in container: Rect) -> Rect {
        let (fx, fy) = anchor.fractions
        let x = container.x0 + (container.width - width) * fx
        let y = container.y0 + (container.height - height) * fy
        return Rect(x: x, y: y, width: width, height: height)
    }
}

/// A compass anchor of a box inside a container (matplotlib's "C", "SW", "S", ..., "NW").
public enum Anchor: String, CaseIterable {
    case center = "C", south = "S", southWest = "SW", west = "W", northWest = "NW"
    case north = "N", northEast = "NE", east = "E", southEast = "SE"

    /// Where the box sits, as fractions of the free space from the left and the bottom.
    var fractions: (Double, Double) {
        switch self {
        case .center: return (0.5, 0.5)
        case .south: return (0.5, 0)
        case .southWest: return (0, 0)
        case .west: return (0, 0.5)
        case .northWest: return (0, 1)
        case .north: return (0.5, 1)
        case .northEast: return (1, 1)
        case .east: return (1, 0.5)
        case .southEast: return (1, 0)
        }
    }
}
