/// Markers at data points with per-point sizes and colours (matplotlib's `PathCollection`),
/// as made by `scatter`.
public final class PathCollection: Artist {
    public var x: [Double]
    public var y: [Double]
    /// Marker areas in points², broadcast over the points.
    public var sizes: [Double]
    /// Face colours, broadcast over the points (computed from `values` when colour-mapped).
    public var facecolors: [Color]
    /// nil: the face colours ('face').
    public var edgecolors: [Color]?
    public var linewidth: Double
    public var marker: MarkerStyle
    /// Values mapped through `cmap` and `norm` when scatter's `c` was numbers.
    public private(set) var values: [Double]?
    public private(set) var cmap: Colormap?
    public private(set) var norm: Normalize?

    init(x: [Double], y: [Double], sizes: [Double], facecolors: [Color], marker: MarkerStyle) {
        self.x = x
        self.y = y
        self.sizes = sizes
        self.facecolors = facecolors
        self.marker = marker
        linewidth = 1
        super.init(zorder: 1)
    }

    /// Colours the points from values through a colormap.
    func setMappedColors(_ values: [Double], cmap: Colormap, norm: Normalize) {
        self.values = values
        self.cmap = cmap
        self.norm = norm
        facecolors = values.map { cmap.color(at: norm($0)) }
    }

    override var svgGroupName: String { "PathCollection" }

    override func dataExtent() -> DataExtent {
        var e = DataExtent()
        for (px, py) in zip(x, y) where px.isFinite && py.isFinite {
            e.x.add(px)
            e.y.add(py)
        }
        return e
    }

    private func element<T>(_ array: [T], _ i: Int) -> T? {
        array.isEmpty ? nil : array[i % array.count]
    }

    func style(at i: Int) -> PathStyle {
        let face = element(facecolors, i)?.withAlpha(alpha)
        let edge = (edgecolors.flatMap { element($0, i) } ?? face)?.withAlpha(alpha)
        if marker.isFilled {
            return PathStyle(fill: face, stroke: edge, lineWidth: linewidth)
        }
        return PathStyle(fill: nil, stroke: edgecolors == nil ? face : edge, lineWidth: linewidth)
    }

    override func draw(_ renderer: SVGRenderer, _ context: DrawContext) {
        let clip = context.clip(clipOn)
        let n = min(x.count, y.count)
        // As matplotlib's SVG backend: one shared outline with <use>s when every point has the
        // same size and there are several, else a path per point.
        let shared = Set(sizes).count <= 1 && n > 1
        if shared { renderer.beginMarkerGroup(clip: clip) }
        for i in 0..<n {
            let p = context.point(x[i], y[i])
            guard p.x.isFinite && p.y.isFinite else { continue }
            let outline = marker.path(size: (element(sizes, i) ?? 36).squareRoot())
            if shared {
                renderer.useMarker(outline, at: p, style: style(at: i))
            } else {
                renderer.drawPath(outline.transformed(scale: 1, origin: p), style: style(at: i), clip: clip)
            }
        }
        if shared { renderer.endMarkerGroup() }
    }

    override func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        LegendObstacles(offsets: zip(x, y).map { context.point($0, $1) })
    }

    override var legendHandle: LegendHandle? {
        .markers(marker: marker, area: ((sizes.max() ?? 36) + (sizes.min() ?? 36)) / 2, style: style(at: 0))
    }
}
