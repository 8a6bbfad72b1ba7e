import Foundation

/// An axis' ticks, labels and offset text placed in display coordinates.
struct AxisLayout {
    struct Item {
        let tick: PlacedTick
        /// The labels on side 1 (bottom/left) and side 2 (top/right), with their positions.
        let labels: [(TextLayout, Point)]
    }

    var items: [Item] = []
    var label: (TextLayout, Point)?
    var offsetText: (TextLayout, Point)?

    /// Boxes of the visible tick labels.
    var tickLabelBounds: [Rect] {
        items.flatMap { $0.labels.map { $0.0.boundingBox(at: $0.1) } }.filter { $0.width != 0 || $0.height != 0 }
    }
}

/// An Axes laid out for drawing: its box, coordinate mappings, ticks, titles and legend.
struct AxesLayout {
    let context: DrawContext
    let x: AxisLayout
    let y: AxisLayout
    let titles: [(Text, TextLayout, Point)]
    let legendFrame: Rect?

    /// How far drawn ticks reach beyond each side of the axes box (left, bottom, right, top),
    /// counted in the spines' extents as matplotlib does.
    let tickReach: (Double, Double, Double, Double)

    /// matplotlib's `get_tightbbox`: the axes box with everything drawn around it. For
    /// layout, axis labels and titles only count across their text direction.
    func tightBounds(forLayout: Bool, children: [Artist]) -> Rect {
        var box = context.axesBox
        let a = context.axesBox
        box = box.union(Rect(x0: a.x0 - tickReach.0, y0: a.y0 - tickReach.1, x1: a.x1 + tickReach.2, y1: a.y1 + tickReach.3))
        for (axis, isX) in [(x, true), (y, false)] {
            for r in axis.tickLabelBounds { box = box.union(r) }
            if let (t, p) = axis.offsetText { box = box.union(t.boundingBox(at: p)) }
            if let (t, p) = axis.label {
                var r = t.boundingBox(at: p)
                if forLayout && isX {
                    r.x0 = r.midX - 0.5
                    r.x1 = r.x0 + 1
                } else if forLayout {
                    r.y0 = r.midY - 0.5
                    r.y1 = r.y0 + 1
                }
                box = box.union(r)
            }
        }
        for (_, layout, p) in titles {
            var r = layout.boundingBox(at: p)
            if forLayout {
                r.x0 = r.midX - 0.5
                r.x1 = r.x0 + 1
            }
            box = box.union(r)
        }
        if let legendFrame { box = box.union(legendFrame) }
        for artist in children where artist.visible && !artist.clipOn {
            if let r = artist.windowExtent(context) { box = box.union(r) }
        }
        return box
    }
}

extension Axes {
    /// The Axes' position in figure fractions before aspect adjustment, as `str(ax)` shows
    /// it (`get_position(original=True)`).
    public var originalPosition: Rect {
        figure?.originalPosition(self) ?? Rect(x0: 0, y0: 0, x1: 1, y1: 1)
    }

    /// The Axes' position in figure fractions after aspect adjustment (`get_position()`).
    func activePosition(figureSize: (Double, Double)) -> Rect {
        guard let figure else { return Rect(x0: 0, y0: 0, x1: 1, y1: 1) }
        let pb = figure.originalPosition(self)
        guard adjustable == .box else { return pb }
        let a: Double
        switch aspect {
        case .auto: return pb
        case .equal: a = 1
        case .ratio(let v): a = v
        }
        updateLimits()
        let tx0 = xaxis.scale.forward(xaxis.view.0), tx1 = xaxis.scale.forward(xaxis.view.1)
        let ty0 = yaxis.scale.forward(yaxis.view.0), ty1 = yaxis.scale.forward(yaxis.view.1)
        let dataRatio = abs(ty1 - ty0) / max(abs(tx1 - tx0), 1e-30)
        let boxAspect = a * dataRatio
        let figAspect = figureSize.1 / figureSize.0
        guard boxAspect > 0, boxAspect.isFinite else { return pb }
        var w = pb.width, h = pb.width * boxAspect / figAspect
        if h > pb.height {
            w = pb.height * figAspect / boxAspect
            h = pb.height
        }
        return Rect(x: 0, y: 0, width: w, height: h).anchored(anchor, in: pb)
    }

    /// matplotlib's `apply_aspect` with adjustable 'datalim': widens the x or the y limits
    /// (about their centre) so the box shows the data at the requested aspect.
    func applyDatalimAspect(figureSize: (Double, Double)) {
        guard adjustable == .datalim, let figure else { return }
        let a: Double
        switch aspect {
        case .auto: return
        case .equal: a = 1
        case .ratio(let v): a = v
        }
        let pos = figure.originalPosition(self)
        let boxAspect = (figureSize.1 / figureSize.0) * (pos.height / pos.width)
        let dataRatio = boxAspect / a
        let xs = xaxis.scale, ys = yaxis.scale
        let (xmin, xmax) = (xs.forward(min(xaxis.view.0, xaxis.view.1)), xs.forward(max(xaxis.view.0, xaxis.view.1)))
        let (ymin, ymax) = (ys.forward(min(yaxis.view.0, yaxis.view.1)), ys.forward(max(yaxis.view.0, yaxis.view.1)))
        let xsize = max(xmax - xmin, 1e-30), ysize = max(ymax - ymin, 1e-30)
        let yExpander = dataRatio * xsize / ysize - 1
        guard abs(yExpander) >= 0.005, yExpander.isFinite else { return }
        var dx = DataInterval(), dy = DataInterval()
        for artist in children where artist.visible {
            let e = artist.dataExtent()
            dx.add(e.x)
            dy.add(e.y)
        }
        let xr = dx.isEmpty ? 0 : 1.05 * (xs.forward(dx.max) - xs.forward(dx.min))
        let yr = dy.isEmpty ? 0 : 1.05 * (ys.forward(dy.max) - ys.forward(dy.min))
        let xmarg = xsize - xr, ymarg = ysize - yr
        let newYSize = dataRatio * xsize, newXSize = ysize / dataRatio
        let adjustY: Bool
        if xmarg > 0 && ymarg > 0 {
            adjustY = (newYSize - yr > 0 && yExpander < 0) || (newXSize - xr < 0 && yExpander > 0)
        } else {
            adjustY = yExpander > 0
        }
        if adjustY {
            let c = (ymin + ymax) / 2
            let (lo, hi) = (ys.inverse(c - newYSize / 2), ys.inverse(c + newYSize / 2))
            yaxis.view = yaxis.inverted ? (hi, lo) : (lo, hi)
        } else {
            let c = (xmin + xmax) / 2
            let (lo, hi) = (xs.inverse(c - newXSize / 2), xs.inverse(c + newXSize / 2))
            xaxis.view = xaxis.inverted ? (hi, lo) : (lo, hi)
        }
    }

    /// Lays the Axes out in a figure of the given size in points.
    func layout(figureSize: (Double, Double), dpi: Double) -> AxesLayout {
        updateLimits()
        applyDatalimAspect(figureSize: figureSize)
        let pos = activePosition(figureSize: figureSize)
        let box = Rect(x0: pos.x0 * figureSize.0, y0: pos.y0 * figureSize.1, x1: pos.x1 * figureSize.0, y1: pos.y1 * figureSize.1)
        let context = DrawContext(
            axesBox: box,
            x: AxisMapping(scale: xaxis.scale, view: xaxis.view, display: (box.x0, box.x1)),
            y: AxisMapping(scale: yaxis.scale, view: yaxis.view, display: (box.y0, box.y1)),
            figureBox: Rect(x0: 0, y0: 0, x1: figureSize.0, y1: figureSize.1), dpi: dpi)
        let xLayout = axisOn ? layoutAxis(xaxis, context) : AxisLayout()
        let yLayout = axisOn ? layoutAxis(yaxis, context) : AxisLayout()
        var titlePlacements: [(Text, TextLayout, Point)] = []
        var titleBase = box.y1
        for b in xLayout.items.flatMap({ $0.labels }) where b.1.y > box.y1 {
            titleBase = max(titleBase, b.0.boundingBox(at: b.1).y1)
        }
        for loc in TitleLocation.allCases {
            guard let t = titles[loc], !t.text.isEmpty, t.visible else { continue }
            let x = loc == .left ? box.x0 : loc == .right ? box.x1 : box.midX
            titlePlacements.append((t, t.layout(), Point(x, titleBase + titlePad)))
        }
        var legendFrame: Rect?
        if let legend, legend.visible {
            legendFrame = legend.frame(context) { self.legendObstacles(context) }
        }
        return AxesLayout(context: context, x: xLayout, y: yLayout, titles: titlePlacements, legendFrame: legendFrame,
                          tickReach: axisOn ? tickReach(xLayout, yLayout) : (0, 0, 0, 0))
    }

    /// The outward reach of drawn ticks on each visible spine (left, bottom, right, top).
    private func tickReach(_ x: AxisLayout, _ y: AxisLayout) -> (Double, Double, Double, Double) {
        func reach(_ layout: AxisLayout, _ axis: Axis, side: Int, spine: String) -> Double {
            guard spines[spine]?.visible ?? false else { return 0 }
            var r = 0.0
            for major in [true, false] where layout.items.contains(where: { $0.tick.major == major }) {
                let s = major ? axis.majorStyle : axis.minorStyle
                guard side == 1 ? s.tick1On : s.tick2On else { continue }
                let out: Double
                switch s.direction {
                case .out: out = s.length
                case .in: out = 0
                case .inOut: out = s.length / 2
                }
                r = max(r, out)
            }
            return r
        }
        return (reach(y, yaxis, side: 1, spine: "left"), reach(x, xaxis, side: 1, spine: "bottom"),
                reach(y, yaxis, side: 2, spine: "right"), reach(x, xaxis, side: 2, spine: "top"))
    }

    private func legendObstacles(_ context: DrawContext) -> LegendObstacles {
        var all = LegendObstacles()
        for artist in children where artist.visible {
            let o = artist.legendObstacles(context)
            all.paths += o.paths
            all.boxes += o.boxes
            all.offsets += o.offsets
        }
        return all
    }

    private func layoutAxis(_ axis: Axis, _ context: DrawContext) -> AxisLayout {
        let box = context.axesBox
        let isX = axis.direction == .x
        let mapping = isX ? context.x : context.y
        let length = isX ? box.width : box.height
        let (ticks, offset) = axis.placedTicks(mapping: mapping, length: length, minPositive: minPositive(axis))
        var layout = AxisLayout()
        for tick in ticks {
            let style = tick.major ? axis.majorStyle : axis.minorStyle
            var labels: [(TextLayout, Point)] = []
            if !tick.label.isEmpty {
                for side in [1, 2] where side == 1 ? style.label1On : style.label2On {
                    var ts = TextStyle(fontSize: style.labelsize, color: style.labelcolor, rotation: style.labelrotation)
                    let p: Point
                    if isX {
                        ts.ha = style.labelHA ?? .center
                        ts.va = side == 1 ? .top : .bottom
                        p = Point(tick.position, side == 1 ? box.y0 - style.labelOffset : box.y1 + style.labelOffset)
                    } else {
                        ts.ha = style.labelHA ?? (side == 1 ? .right : .left)
                        ts.va = .centerBaseline
                        p = Point(side == 1 ? box.x0 - style.labelOffset : box.x1 + style.labelOffset, tick.position)
                    }
                    labels.append((TextLayout(tick.label, style: ts), p))
                }
            }
            layout.items.append(AxisLayout.Item(tick: tick, labels: labels))
        }
        let side1 = layout.items.flatMap { $0.labels.filter { isX ? $0.1.y < box.y0 : $0.1.x < box.x0 } }
            .map { $0.0.boundingBox(at: $0.1) }
        let offsetStyle = TextStyle(fontSize: axis.majorStyle.labelsize, color: axis.majorStyle.labelcolor,
                                    ha: isX ? .right : .left, va: isX ? .top : .baseline)
        if !offset.isEmpty {
            if isX {
                let bottom = side1.map(\.y0).min() ?? box.y0
                layout.offsetText = (TextLayout(offset, style: offsetStyle), Point(box.x1, bottom - 3))
            } else {
                layout.offsetText = (TextLayout(offset, style: offsetStyle), Point(box.x0, box.y1 + 3))
            }
        }
        if !axis.label.text.isEmpty && axis.label.visible {
            let t = axis.label.layout()
            if isX {
                let bottom = min(side1.map(\.y0).min() ?? box.y0, box.y0)
                layout.label = (t, Point(box.x0 + axis.label.x * box.width, bottom - axis.labelpad))
            } else {
                let left = min(side1.map(\.x0).min() ?? box.x0, box.x0)
                layout.label = (t, Point(left - axis.labelpad, box.y0 + axis.label.y * box.height))
            }
        }
        return layout
    }
}
