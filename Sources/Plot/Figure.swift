import Foundation

/// The figure margins and gaps between subplots, as fractions of the figure (matplotlib's
/// `SubplotParams`; `wspace`/`hspace` relative to the average axes width/height).
public struct SubplotParams: Equatable {
    public var left = 0.125
    public var right = 0.9
    public var bottom = 0.11
    public var top = 0.88
    public var wspace = 0.2
    public var hspace = 0.2

    public init() {}
}

/// A figure (matplotlib's `Figure`): a canvas of `figsize` inches holding Axes and text,
/// written as SVG with 72 units per inch.
public final class Figure {
    /// Width and height in inches.
    public var figsize: (width: Double, height: Double)
    /// Dots per inch for raster output (PNG); SVG is always in points.
    public var dpi: Double
    public var facecolor: Color
    /// The pyplot figure number, when managed by `PyPlot`.
    public internal(set) var number: Int
    public private(set) var axes: [Axes] = []
    public var subplotParams = SubplotParams()
    public internal(set) var suptitleText: Text?
    public private(set) var texts: [Text] = []

    public init(figsize: (width: Double, height: Double) = (6.4, 4.8), dpi: Double = 100,
                facecolor: Color = .white, number: Int = 1) throws {
        guard figsize.width > 0, figsize.height > 0, figsize.width.isFinite, figsize.height.isFinite else {
            throw PlotError.value("figure size must be positive finite not (\(figsize.width), \(figsize.height))")
        }
        guard dpi > 0, dpi.isFinite else { throw PlotError.value("dpi must be positive, not \(dpi)") }
        self.figsize = figsize
        self.dpi = dpi
        self.facecolor = facecolor
        self.number = number
    }

    /// Width and height in points.
    var sizeInPoints: (Double, Double) { (figsize.width * 72, figsize.height * 72) }

    // MARK: Axes

    /// `add_subplot(nrows, ncols, index)`; `index` may be a (first, last) span.
    @discardableResult
    public func addSubplot(_ nrows: Int, _ ncols: Int, _ index: Int, last: Int? = nil) throws -> Axes {
        let spec = try SubplotSpec(nrows: nrows, ncols: ncols, first: index, last: last)
        let ax = Axes(figure: self)
        ax.subplotSpec = spec
        axes.append(ax)
        return ax
    }

    /// `add_subplot(pos)` with a three-digit code such as 121.
    @discardableResult
    public func addSubplot(_ code: Int) throws -> Axes {
        let (r, c, i) = try Figure.splitSubplotCode(code)
        return try addSubplot(r, c, i)
    }

    /// Splits 121 into (1, 2, 1).
    static func splitSubplotCode(_ code: Int) throws -> (Int, Int, Int) {
        guard code >= 111 && code <= 999 else {
            throw PlotError.value("Integer subplot specification must be a three-digit number, not \(code)")
        }
        return (code / 100, code / 10 % 10, code % 10)
    }

    /// `add_axes([left, bottom, width, height])` in figure fractions.
    @discardableResult
    public func addAxes(_ rect: [Double]) throws -> Axes {
        guard rect.count == 4, rect.allSatisfy({ $0.isFinite }) else {
            throw PlotError.value("all entries in rect must be finite not \(rect)")
        }
        let ax = Axes(figure: self)
        ax.explicitRect = Rect(x: rect[0], y: rect[1], width: rect[2], height: rect[3])
        axes.append(ax)
        return ax
    }

    /// `subplots(nrows, ncols, sharex, sharey)`: a grid of new Axes, row by row.
    public func subplots(nrows: Int = 1, ncols: Int = 1, sharex: Bool = false, sharey: Bool = false) throws -> [[Axes]] {
        guard nrows > 0, ncols > 0 else {
            throw PlotError.value("Number of rows and columns must be > 0, not \(nrows) and \(ncols)")
        }
        let xGroup = sharex ? SharedAxisGroup() : nil, yGroup = sharey ? SharedAxisGroup() : nil
        var grid: [[Axes]] = []
        for r in 0..<nrows {
            var row: [Axes] = []
            for c in 0..<ncols {
                let ax = try addSubplot(nrows, ncols, r * ncols + c + 1)
                if let xGroup {
                    xGroup.add(ax)
                    ax.sharedX = xGroup
                    if r < nrows - 1 { ax.xaxis.majorStyle.label1On = false }
                }
                if let yGroup {
                    yGroup.add(ax)
                    ax.sharedY = yGroup
                    if c > 0 { ax.yaxis.majorStyle.label1On = false }
                }
                row.append(ax)
            }
            grid.append(row)
        }
        return grid
    }

    /// Removes an Axes (`delaxes`).
    public func removeAxes(_ ax: Axes) {
        axes.removeAll { $0 === ax }
    }

    /// `clear()`/`clf()`: removes all Axes and texts.
    public func clear() {
        axes = []
        texts = []
        suptitleText = nil
    }

    // MARK: Text

    /// `suptitle(t, x=0.5, y=0.98, fontsize='large', fontweight='normal', ha='center', va='top')`.
    @discardableResult
    public func suptitle(_ t: String, x: Double = 0.5, y: Double = 0.98, fontsize: Double? = nil,
                         fontweight: FontWeight = .normal, color: Color = .black,
                         ha: HorizontalAlignment = .center, va: VerticalAlignment = .top) -> Text {
        let style = TextStyle(fontSize: fontsize ?? 12, weight: fontweight, color: color, ha: ha, va: va)
        let text = Text(x: x, y: y, text: t, style: style, coordinates: .figure)
        suptitleText = text
        return text
    }

    /// `fig.text(x, y, s)` in figure fractions.
    @discardableResult
    public func text(_ x: Double, _ y: Double, _ s: String, fontsize: Double? = nil, color: Color = .black,
                     ha: HorizontalAlignment = .left, va: VerticalAlignment = .baseline, rotation: Double = 0,
                     fontweight: FontWeight = .normal) -> Text {
        let style = TextStyle(fontSize: fontsize ?? 10, weight: fontweight, color: color, ha: ha, va: va, rotation: rotation)
        let text = Text(x: x, y: y, text: s, style: style, coordinates: .figure)
        texts.append(text)
        return text
    }

    /// `subplots_adjust(left, bottom, right, top, wspace, hspace)`.
    public func subplotsAdjust(left: Double? = nil, bottom: Double? = nil, right: Double? = nil, top: Double? = nil,
                               wspace: Double? = nil, hspace: Double? = nil) throws {
        var p = subplotParams
        if let left { p.left = left }
        if let bottom { p.bottom = bottom }
        if let right { p.right = right }
        if let top { p.top = top }
        if let wspace { p.wspace = wspace }
        if let hspace { p.hspace = hspace }
        guard p.left < p.right else { throw PlotError.value("left cannot be >= right") }
        guard p.bottom < p.top else { throw PlotError.value("bottom cannot be >= top") }
        subplotParams = p
    }

    // MARK: Geometry

    /// The position of a grid cell range in figure fractions (matplotlib's
    /// `GridSpec.get_grid_positions`, accumulated the same way).
    func position(of spec: SubplotSpec, params: SubplotParams? = nil) -> Rect {
        let p = params ?? subplotParams
        let totalWidth = p.right - p.left, totalHeight = p.top - p.bottom
        let cellH = totalHeight / (Double(spec.nrows) + p.hspace * Double(spec.nrows - 1))
        let sepH = p.hspace * cellH
        let cellW = totalWidth / (Double(spec.ncols) + p.wspace * Double(spec.ncols - 1))
        let sepW = p.wspace * cellW
        func cumulative(_ n: Int, cell: Double, sep: Double) -> [Double] {
            var out: [Double] = []
            var acc = 0.0
            for i in 0..<n {
                acc += i == 0 ? 0 : sep
                out.append(acc)
                acc += cell
                out.append(acc)
            }
            return out
        }
        let hs = cumulative(spec.nrows, cell: cellH, sep: sepH), ws = cumulative(spec.ncols, cell: cellW, sep: sepW)
        let top = p.top - hs[2 * spec.rows.lowerBound], bottom = p.top - hs[2 * spec.rows.upperBound + 1]
        let left = p.left + ws[2 * spec.columns.lowerBound], right = p.left + ws[2 * spec.columns.upperBound + 1]
        return Rect(x0: left, y0: bottom, x1: right, y1: top)
    }

    /// An Axes' position before aspect adjustment, in figure fractions.
    func originalPosition(_ ax: Axes) -> Rect {
        if let rect = ax.explicitRect { return rect }
        if let spec = ax.subplotSpec { return position(of: spec) }
        return Rect(x0: subplotParams.left, y0: subplotParams.bottom, x1: subplotParams.right, y1: subplotParams.top)
    }
}
