import Foundation

/// Colours for `scatter(c=...)`: one colour, one per point, or values to colour-map.
public enum ScatterColors {
    case color(Color)
    case colors([Color])
    case values([Double])
}

/// Bar alignment on its x (`align`).
public enum BarAlign: String {
    case center, edge
}

/// Histogram bins (`bins`): a count of equal bins over the range, or explicit edges.
public enum HistBins {
    case count(Int)
    case edges([Double])
}

/// Histogram drawing (`histtype`).
public enum HistType: String {
    case bar, barstacked, step, stepfilled
}

/// What `hist` returns: counts per bin (one array per data set), the bin edges and the bars.
public struct HistResult {
    public let n: [[Double]]
    public let bins: [Double]
    public let patches: [BarContainer]
    public let steps: [PolyCollection]
}

extension Axes {
    /// `plot([x], y, [fmt], **kwargs)`: one line; `x` nil means 0, 1, 2, .... The colour comes
    /// from the property cycle unless given by `color` or the format string.
    @discardableResult
    public func plot(_ x: [Double]?, _ y: [Double], _ fmt: String? = nil, label: String? = nil, color: Color? = nil,
                     linestyle: LineStyle? = nil, linewidth: Double? = nil, marker: MarkerStyle? = nil,
                     markersize: Double? = nil, markerfacecolor: Color? = nil, markeredgecolor: Color? = nil,
                     markeredgewidth: Double? = nil, alpha: Double? = nil, zorder: Double? = nil) throws -> Line2D {
        let xs = x ?? y.indices.map(Double.init)
        guard xs.count == y.count else {
            throw PlotError.value("x and y must have same first dimension, but have shapes (\(xs.count),) and (\(y.count),)")
        }
        let format = try fmt.map(FormatString.init(parsing:))
        let lineColor = color ?? format?.color ?? nextLineColor()
        let line = Line2D(x: xs, y: y, color: lineColor, linestyle: linestyle ?? format?.linestyle ?? .solid,
                          linewidth: linewidth ?? 1.5, marker: marker ?? format?.marker ?? .none, markersize: markersize ?? 6)
        line.markerfacecolor = markerfacecolor
        line.markeredgecolor = markeredgecolor
        if let markeredgewidth { line.markeredgewidth = markeredgewidth }
        line.alpha = alpha
        if let zorder { line.zorder = zorder }
        line.label = label
        add(line)
        return line
    }

    /// `semilogx(...)`: `plot` with a log x axis.
    @discardableResult
    public func semilogx(_ x: [Double]?, _ y: [Double], _ fmt: String? = nil, label: String? = nil, color: Color? = nil,
                         linestyle: LineStyle? = nil, linewidth: Double? = nil, marker: MarkerStyle? = nil) throws -> Line2D {
        let line = try plot(x, y, fmt, label: label, color: color, linestyle: linestyle, linewidth: linewidth, marker: marker)
        try setXscale("log")
        return line
    }

    /// `semilogy(...)`: `plot` with a log y axis.
    @discardableResult
    public func semilogy(_ x: [Double]?, _ y: [Double], _ fmt: String? = nil, label: String? = nil, color: Color? = nil,
                         linestyle: LineStyle? = nil, linewidth: Double? = nil, marker: MarkerStyle? = nil) throws -> Line2D {
        let line = try plot(x, y, fmt, label: label, color: color, linestyle: linestyle, linewidth: linewidth, marker: marker)
        try setYscale("log")
        return line
    }

    /// `loglog(...)`: `plot` with both axes logarithmic.
    @discardableResult
    public func loglog(_ x: [Double]?, _ y: [Double], _ fmt: String? = nil, label: String? = nil, color: Color? = nil,
                       linestyle: LineStyle? = nil, linewidth: Double? = nil, marker: MarkerStyle? = nil) throws -> Line2D {
        let line = try plot(x, y, fmt, label: label, color: color, linestyle: linestyle, linewidth: linewidth, marker: marker)
        try setXscale("log")
        try setYscale("log")
        return line
    }

    /// `scatter(x, y, s=None, c=None, marker='o', cmap=None, vmin=None, vmax=None, alpha=None,
    /// linewidths=None, edgecolors=None, label=None)`. `s` is the marker area in points².
    @discardableResult
    public func scatter(_ x: [Double], _ y: [Double], s: [Double]? = nil, c: ScatterColors? = nil,
                        marker: MarkerStyle = .circle, cmap: Colormap? = nil, vmin: Double? = nil, vmax: Double? = nil,
                        alpha: Double? = nil, linewidths: Double? = nil, edgecolors: [Color]? = nil,
                        label: String? = nil, zorder: Double? = nil) throws -> PathCollection {
        guard x.count == y.count else { throw PlotError.value("x and y must be the same size") }
        let sizes = s ?? [36]
        guard sizes.count == 1 || sizes.count == x.count else {
            throw PlotError.value("s must be a scalar, or float array-like with the same size as x and y")
        }
        let collection = PathCollection(x: x, y: y, sizes: sizes, facecolors: [], marker: marker)
        switch c {
        case nil:
            collection.facecolors = [nextPatchColor()]
        case .color(let color):
            collection.facecolors = [color]
        case .colors(let colors):
            guard colors.count == 1 || colors.count == x.count else {
                throw PlotError.value("'c' argument has \(colors.count) elements, which is inconsistent with 'x' and 'y' with size \(x.count).")
            }
            collection.facecolors = colors
        case .values(let values):
            guard values.count == x.count else {
                throw PlotError.value("'c' argument has \(values.count) elements, which is inconsistent with 'x' and 'y' with size \(x.count).")
            }
            collection.setMappedColors(values, cmap: cmap ?? .viridis, norm: .autoscaled(values, vmin: vmin, vmax: vmax))
        }
        collection.edgecolors = edgecolors
        if let linewidths { collection.linewidth = linewidths }
        collection.alpha = alpha
        if let zorder { collection.zorder = zorder }
        collection.label = label
        add(collection)
        return collection
    }

    private func broadcast<T>(_ values: [T], _ n: Int, _ name: String) throws -> [T] {
        if values.count == n { return values }
        if values.count == 1 { return Array(repeating: values[0], count: n) }
        throw PlotError.value("shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between arg 0 with shape (\(n),) and arg \(name) with shape (\(values.count),).")
    }

    private func makeBars(positions: [Double], lengths: [Double], thickness: [Double], base: [Double]?, align: BarAlign,
                          vertical: Bool, color: [Color]?, edgecolor: [Color]?, linewidth: Double?, label: String?,
                          alpha: Double?, tickLabel: [String]?, zorder: Double?, cycleColor: () -> Color) throws -> BarContainer {
        let n = max(positions.count, lengths.count)
        let xs = try broadcast(positions, n, "x"), hs = try broadcast(lengths, n, "height")
        let ws = try broadcast(thickness, n, "width"), bs = try broadcast(base ?? [0], n, "bottom")
        let colors = try broadcast(color ?? [cycleColor()], n, "color")
        let edges = try edgecolor.map { try broadcast($0, n, "edgecolor") }
        var patches: [Rectangle] = []
        for i in 0..<n {
            let start = align == .center ? xs[i] - ws[i] / 2 : xs[i]
            let r = vertical
                ? Rectangle(x: start, y: bs[i], width: ws[i], height: hs[i], facecolor: colors[i])
                : Rectangle(x: bs[i], y: start, width: hs[i], height: ws[i], facecolor: colors[i])
            if vertical { r.stickyY = [bs[i]] } else { r.stickyX = [bs[i]] }
            r.edgecolor = edges?[i]
            if let linewidth { r.linewidth = linewidth }
            r.alpha = alpha
            if let zorder { r.zorder = zorder }
            r.label = "_nolegend_"
            add(r)
            patches.append(r)
        }
        if let tickLabel {
            let names = try broadcast(tickLabel, n, "tick_label")
            let axis = vertical ? xaxis : yaxis
            axis.majorLocator = .fixed(xs)
            axis.majorFormatter = .fixed(names)
        }
        let container = BarContainer(patches: patches, label: label, vertical: vertical)
        addContainer(container)
        return container
    }

    /// `bar(x, height, width=0.8, bottom=None, align='center', color=None, edgecolor=None,
    /// linewidth=None, label=None, alpha=None, tick_label=None)`. Category names for `x`
    /// go through `xaxis.categoryPositions`.
    @discardableResult
    public func bar(_ x: [Double], _ height: [Double], width: [Double] = [0.8], bottom: [Double]? = nil,
                    align: BarAlign = .center, color: [Color]? = nil, edgecolor: [Color]? = nil, linewidth: Double? = nil,
                    label: String? = nil, alpha: Double? = nil, tickLabel: [String]? = nil, zorder: Double? = nil) throws -> BarContainer {
        try makeBars(positions: x, lengths: height, thickness: width, base: bottom, align: align, vertical: true, color: color,
                     edgecolor: edgecolor, linewidth: linewidth, label: label, alpha: alpha, tickLabel: tickLabel,
                     zorder: zorder, cycleColor: nextPatchColor)
    }

    /// `barh(y, width, height=0.8, left=None, align='center', ...)`.
    @discardableResult
    public func barh(_ y: [Double], _ width: [Double], height: [Double] = [0.8], left: [Double]? = nil,
                     align: BarAlign = .center, color: [Color]? = nil, edgecolor: [Color]? = nil, linewidth: Double? = nil,
                     label: String? = nil, alpha: Double? = nil, tickLabel: [String]? = nil, zorder: Double? = nil) throws -> BarContainer {
        try makeBars(positions: y, lengths: width, thickness: height, base: left, align: align, vertical: false, color: color,
                     edgecolor: edgecolor, linewidth: linewidth, label: label, alpha: alpha, tickLabel: tickLabel,
                     zorder: zorder, cycleColor: nextPatchColor)
    }

    /// `hist(x, bins=10, range=None, density=False, weights=None, cumulative=False, bottom=None,
    /// histtype='bar', align='mid', orientation='vertical', rwidth=None, color=None, label=None,
    /// alpha=None, edgecolor=None, linewidth=None)`. `x` holds one or more data sets; bins and
    /// counts follow NumPy's `histogram`.
    @discardableResult
    public func hist(_ x: [[Double]], bins: HistBins = .count(10), range: (Double, Double)? = nil, density: Bool = false,
                     weights: [[Double]]? = nil, cumulative: Bool = false, bottom: Double? = nil, histtype: HistType = .bar,
                     align: String = "mid", orientation: String = "vertical", rwidth: Double? = nil,
                     color: [Color]? = nil, label: [String]? = nil, alpha: Double? = nil, edgecolor: Color? = nil,
                     linewidth: Double? = nil) throws -> HistResult {
        guard ["left", "mid", "right"].contains(align) else {
            throw PlotError.value("'\(align)' is not a valid value for align; supported values are 'left', 'mid', 'right'")
        }
        guard ["vertical", "horizontal"].contains(orientation) else {
            throw PlotError.value("'\(orientation)' is not a valid value for orientation; supported values are 'horizontal', 'vertical'")
        }
        if let color, color.count != x.count {
            throw PlotError.value("The 'color' keyword argument must have one color per dataset, but \(x.count) datasets and \(color.count) colors were provided")
        }
        let edges = try Histogram.edges(x, bins: bins, range: range, weights: weights)
        let widths = zip(edges.dropFirst(), edges).map { $0 - $1 }
        let stacked = histtype == .barstacked
        var tops = try x.enumerated().map { i, data -> [Double] in
            let c = try Histogram.counts(data, edges: edges, weights: weights.flatMap { i < $0.count ? $0[i] : nil })
            guard density && !stacked else { return c }
            let total = c.reduce(0, +)
            return zip(c, widths).map { $0 / $1 / total }
        }
        if stacked {
            for i in tops.indices.dropFirst() { tops[i] = zip(tops[i], tops[i - 1]).map { $0 + $1 } }
            if density, let last = tops.last {
                let total = last.reduce(0, +)
                tops = tops.map { t in zip(t, widths).map { $0 / $1 / total } }
            }
        }
        if cumulative {
            tops = tops.map { t in
                var acc = 0.0
                return (density ? zip(t, widths).map { $0 * $1 } : t).map { acc += $0; return acc }
            }
        }
        let colors = color ?? x.map { _ in nextLineColor() }
        let vertical = orientation == "vertical"
        var containers: [BarContainer] = []
        var steps: [PolyCollection] = []
        let nx = tops.count
        let labels = label ?? []
        if histtype == .bar || histtype == .barstacked {
            let dr = rwidth.map { min(max($0, 0), 1) } ?? ((nx > 1 && !stacked) ? 0.8 : 1.0)
            let barWidths: [Double], dw: [Double]
            var boffset: [Double]
            if !stacked {
                barWidths = widths.map { dr * $0 / Double(nx) }
                dw = barWidths
                boffset = widths.map { -0.5 * dr * $0 * (1 - 1 / Double(nx)) }
            } else {
                barWidths = widths.map { dr * $0 }
                dw = widths.map { _ in 0 }
                boffset = widths.map { _ in 0 }
            }
            if align == "mid" { boffset = zip(boffset, widths).map { $0 + 0.5 * $1 } }
            if align == "right" { boffset = zip(boffset, widths).map { $0 + $1 } }
            var base = [Double](repeating: bottom ?? 0, count: widths.count)
            for (i, top) in tops.enumerated() {
                let positions = zip(edges.dropLast(), boffset).map { $0 + $1 }
                let heights = stacked ? zip(top, base).map { $0 - $1 } : top
                let container = try makeBars(positions: positions, lengths: heights, thickness: barWidths, base: base,
                                             align: .center, vertical: vertical, color: [colors[i]],
                                             edgecolor: edgecolor.map { [$0] }, linewidth: linewidth, label: nil,
                                             alpha: alpha, tickLabel: nil, zorder: nil, cycleColor: { colors[i] })
                if i < labels.count { container.patches.first?.label = labels[i] }
                if i > 0 {
                    for p in container.patches {
                        p.stickyX = []
                        p.stickyY = []
                    }
                }
                containers.append(container)
                if stacked { base = top }
                boffset = zip(boffset, dw).map { $0 + $1 }
            }
        } else {
            let b = bottom ?? 0
            for (i, top) in tops.enumerated() {
                var outline = [Point(edges[0], b)]
                for (k, v) in top.enumerated() {
                    outline.append(Point(edges[k], v + b))
                    outline.append(Point(edges[k + 1], v + b))
                }
                outline.append(Point(edges[edges.count - 1], b))
                if !vertical { outline = outline.map { Point($0.y, $0.x) } }
                let poly = PolyCollection(polygons: [outline], facecolor: colors[i])
                if histtype == .step {
                    poly.facecolor = .none
                    poly.edgecolor = colors[i]
                    poly.linewidth = linewidth ?? 1
                    poly.closed = false
                    poly.zorder = 2
                } else {
                    poly.edgecolor = edgecolor
                    if let linewidth { poly.linewidth = linewidth }
                }
                poly.alpha = alpha
                poly.label = i < labels.count ? labels[i] : nil
                if vertical { poly.stickyY = [b] } else { poly.stickyX = [b] }
                add(poly)
                steps.append(poly)
            }
        }
        return HistResult(n: tops, bins: edges, patches: containers, steps: steps)
    }

    /// `fill_between(x, y1, y2=0, where=None, color=None, alpha=None, label=None,
    /// facecolor=None, edgecolor=None, linewidth=None)`: the area between two curves, split
    /// into separate polygons where `where` is false.
    @discardableResult
    public func fillBetween(_ x: [Double], _ y1: [Double], _ y2: [Double] = [0], where mask: [Bool]? = nil,
                            color: Color? = nil, facecolor: Color? = nil, edgecolor: Color? = nil,
                            linewidth: Double? = nil, alpha: Double? = nil, label: String? = nil,
                            zorder: Double? = nil) throws -> PolyCollection {
        let n = x.count
        let top = try broadcast(y1, n, "y1"), bottom = try broadcast(y2, n, "y2")
        let keep = try mask.map { try broadcast($0, n, "where") } ?? [Bool](repeating: true, count: n)
        var polygons: [[Point]] = []
        var run: [Int] = []
        func flush() {
            if !run.isEmpty {
                let upper = run.map { Point(x[$0], top[$0]) }
                let lower = run.reversed().map { Point(x[$0], bottom[$0]) }
                polygons.append([Point(x[run[0]], bottom[run[0]])] + upper + lower)
            }
            run = []
        }
        for i in 0..<n {
            if keep[i] && x[i].isFinite && top[i].isFinite && bottom[i].isFinite { run.append(i) } else { flush() }
        }
        flush()
        let face = facecolor ?? color ?? nextPatchColor()
        let collection = PolyCollection(polygons: polygons, facecolor: face)
        collection.edgecolor = edgecolor
        if let linewidth { collection.linewidth = linewidth }
        collection.alpha = alpha
        if let zorder { collection.zorder = zorder }
        collection.label = label
        add(collection)
        return collection
    }

    /// `axhline(y=0, xmin=0, xmax=1, ...)`: a horizontal line across the axes (x in axes
    /// fractions); its colour defaults to 'C0' without advancing the cycle.
    @discardableResult
    public func axhline(y: Double = 0, xmin: Double = 0, xmax: Double = 1, color: Color? = nil, linestyle: LineStyle = .solid,
                        linewidth: Double? = nil, alpha: Double? = nil, label: String? = nil, zorder: Double? = nil) -> Line2D {
        let line = Line2D(x: [xmin, xmax], y: [y, y], color: color ?? Color.tab10[0], linestyle: linestyle,
                          linewidth: linewidth ?? 1.5, coordinates: (.axes, .data))
        line.alpha = alpha
        line.label = label
        if let zorder { line.zorder = zorder }
        add(line, autoscaleX: false)
        return line
    }

    /// `axvline(x=0, ymin=0, ymax=1, ...)`.
    @discardableResult
    public func axvline(x: Double = 0, ymin: Double = 0, ymax: Double = 1, color: Color? = nil, linestyle: LineStyle = .solid,
                        linewidth: Double? = nil, alpha: Double? = nil, label: String? = nil, zorder: Double? = nil) -> Line2D {
        let line = Line2D(x: [x, x], y: [ymin, ymax], color: color ?? Color.tab10[0], linestyle: linestyle,
                          linewidth: linewidth ?? 1.5, coordinates: (.data, .axes))
        line.alpha = alpha
        line.label = label
        if let zorder { line.zorder = zorder }
        add(line, autoscaleY: false)
        return line
    }

    /// `imshow(X, cmap=None, vmin=None, vmax=None, aspect=None, interpolation=None, alpha=None,
    /// origin='upper', extent=None)`. Scalar data is colour-mapped ('viridis' by default);
    /// the axes get equal aspect unless `aspect` says otherwise.
    @discardableResult
    public func imshow(_ image: ImageData, cmap: Colormap? = nil, vmin: Double? = nil, vmax: Double? = nil,
                       aspect: Aspect? = nil, interpolation: String? = nil, alpha: Double? = nil,
                       origin: ImageOrigin = .upper, extent: [Double]? = nil) throws -> AxesImage {
        let w = Double(image.width), h = Double(image.height)
        var ext: (Double, Double, Double, Double)
        if let extent {
            guard extent.count == 4 else { throw PlotError.value("extent must be a sequence of 4 numbers") }
            ext = (extent[0], extent[1], extent[2], extent[3])
        } else {
            ext = origin == .upper ? (-0.5, w - 0.5, h - 0.5, -0.5) : (-0.5, w - 0.5, -0.5, h - 0.5)
        }
        let smoothKinds: Set<String> = ["bilinear", "bicubic", "spline16", "spline36", "hanning", "hamming", "hermite",
                                        "kaiser", "quadric", "catrom", "gaussian", "bessel", "mitchell", "sinc", "lanczos", "blackman"]
        let known: Set<String> = smoothKinds.union(["nearest", "none", "antialiased", "auto"])
        if let interpolation, !known.contains(interpolation) {
            throw PlotError.value("'\(interpolation)' is not a valid value for interpolation")
        }
        let norm = Normalize.autoscaled(image.channels == 1 ? image.values : [], vmin: vmin, vmax: vmax)
        let artist = AxesImage(data: image, cmap: cmap ?? .viridis, norm: norm, origin: origin, extent: ext,
                               smooth: interpolation.map { smoothKinds.contains($0) } ?? false)
        artist.alpha = alpha
        add(artist)
        self.aspect = aspect ?? .equal
        // imshow sets the limits to the extent, keeping the image's orientation; like
        // matplotlib's set_xlim this settles any pending autoscale (earlier artists do not
        // widen the view until more data is added).
        let (x0, x1) = (ext.0, ext.1), (y0, y1) = (ext.2, ext.3)
        xaxis.view = (x0, x1)
        yaxis.view = (y0, y1)
        xaxis.autoscaleRequested = false
        yaxis.autoscaleRequested = false
        return artist
    }

    /// `text(x, y, s, fontsize=None, color=None, ha='left', va='baseline', rotation=0,
    /// fontweight='normal', transform=ax.transData, bbox=None)`.
    @discardableResult
    public func text(_ x: Double, _ y: Double, _ s: String, fontsize: Double? = nil, color: Color? = nil,
                     ha: HorizontalAlignment = .left, va: VerticalAlignment = .baseline, rotation: Double = 0,
                     fontweight: FontWeight = .normal, transform: Coordinates = .data, bbox: TextBox? = nil,
                     alpha: Double? = nil, zorder: Double? = nil) -> Text {
        let style = TextStyle(fontSize: fontsize ?? 10, weight: fontweight, color: color ?? .black, ha: ha, va: va, rotation: rotation)
        let t = Text(x: x, y: y, text: s, style: style, coordinates: transform)
        t.box = bbox
        t.alpha = alpha
        if let zorder { t.zorder = zorder }
        addText(t)
        return t
    }

    /// `annotate(text, xy, xytext=None, xycoords='data', textcoords=None, arrowprops=None,
    /// fontsize=None, color=None, ha='left', va='baseline')`.
    @discardableResult
    public func annotate(_ text: String, xy: (Double, Double), xytext: (Double, Double)? = nil,
                         xycoords: AnnotationCoordinates = .data, textcoords: AnnotationCoordinates? = nil,
                         arrowprops: ArrowProperties? = nil, fontsize: Double? = nil, color: Color? = nil,
                         ha: HorizontalAlignment = .left, va: VerticalAlignment = .baseline, rotation: Double = 0,
                         fontweight: FontWeight = .normal, bbox: TextBox? = nil) -> Annotation {
        let style = TextStyle(fontSize: fontsize ?? 10, weight: fontweight, color: color ?? .black, ha: ha, va: va, rotation: rotation)
        let a = Annotation(text: text, xy: xy, xytext: xytext ?? xy, xycoords: xycoords,
                           textcoords: textcoords ?? xycoords, arrow: arrowprops, style: style)
        a.box = bbox
        addText(a)
        return a
    }

    private func addText(_ t: Text) {
        if t.label == nil { t.label = "_child\(children.count)" }
        add(t, autoscaleX: false, autoscaleY: false)
    }
}
