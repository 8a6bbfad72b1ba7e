/// Drawing an Axes in matplotlib's order: background, then artists, axes, spines, titles and
/// legend sorted by z-order (stable, in matplotlib's child order).
extension Axes {
    private enum Part {
        case artist(Artist)
        case axis(Axis)
        case spine(String)
        case title(Int)
        case legend
    }

    func render(_ renderer: SVGRenderer, _ layout: AxesLayout) {
        renderer.openGroup(id: renderer.nextID("axes"))
        defer { renderer.closeGroup() }
        let box = layout.context.axesBox
        if axisOn && frameOn {
            renderer.openGroup(id: renderer.nextID("patch"))
            renderer.drawPath(PathData.rectangle(box), style: PathStyle(fill: facecolor))
            renderer.closeGroup()
        }
        var parts: [(Double, Part)] = children.filter(\.visible).map { ($0.zorder, .artist($0)) }
        if axisOn {
            parts += ["left", "right", "bottom", "top"].map { (2.5, .spine($0)) }
            parts += [(1.5, .axis(xaxis)), (1.5, .axis(yaxis))]
        }
        parts += layout.titles.indices.map { (3, .title($0)) }
        if layout.legendFrame != nil { parts.append((5, .legend)) }
        let ordered = parts.enumerated().sorted { a, b in
            a.element.0 != b.element.0 ? a.element.0 < b.element.0 : a.offset < b.offset
        }
        for (_, (_, part)) in ordered {
            switch part {
            case .artist(let artist):
                if artist is Text {
                    renderer.openGroup(id: renderer.nextID("text"))
                } else {
                    renderer.openGroup(id: renderer.nextID(artist.svgGroupName))
                }
                artist.draw(renderer, layout.context)
                renderer.closeGroup()
            case .axis(let axis):
                renderAxis(axis, axis.direction == .x ? layout.x : layout.y, renderer, layout.context)
            case .spine(let side):
                renderSpine(side, box, renderer)
            case .title(let i):
                let (text, textLayout, p) = layout.titles[i]
                renderer.openGroup(id: renderer.nextID("text"))
                renderer.comment(text.text)
                textLayout.draw(renderer, at: p)
                renderer.closeGroup()
            case .legend:
                if let legend, let frame = layout.legendFrame { legend.draw(renderer, frame: frame) }
            }
        }
    }

    private func renderSpine(_ side: String, _ box: Rect, _ renderer: SVGRenderer) {
        guard let spine = spines[side], spine.visible else { return }
        let (a, b): (Point, Point)
        switch side {
        case "left": (a, b) = (Point(box.x0, box.y0), Point(box.x0, box.y1))
        case "right": (a, b) = (Point(box.x1, box.y0), Point(box.x1, box.y1))
        case "bottom": (a, b) = (Point(box.x0, box.y0), Point(box.x1, box.y0))
        default: (a, b) = (Point(box.x0, box.y1), Point(box.x1, box.y1))
        }
        renderer.openGroup(id: renderer.nextID("patch"))
        renderer.drawPath(PathData.polyline([a, b]),
                          style: PathStyle(fill: nil, stroke: spine.color, lineWidth: spine.linewidth, lineCap: .square, lineJoin: .miter))
        renderer.closeGroup()
    }

    private func renderAxis(_ axis: Axis, _ layout: AxisLayout, _ renderer: SVGRenderer, _ context: DrawContext) {
        let box = context.axesBox
        let isX = axis.direction == .x
        renderer.openGroup(id: renderer.nextID("matplotlib.axis"))
        for item in layout.items {
            let style = item.tick.major ? axis.majorStyle : axis.minorStyle
            let grid = item.tick.major ? axis.majorGrid : axis.minorGrid
            renderer.openGroup(id: renderer.nextID(isX ? "xtick" : "ytick"))
            let p = item.tick.position
            if let grid {
                renderer.openGroup(id: renderer.nextID("line2d"))
                var gs = PathStyle(fill: nil, stroke: grid.color.withAlpha(grid.alpha), lineWidth: grid.linewidth, lineCap: .square)
                if let dashes = grid.linestyle.dashes(lineWidth: grid.linewidth) {
                    gs.dashes = dashes.pattern
                    gs.dashOffset = dashes.offset
                    gs.lineCap = .butt
                }
                let line = isX ? [Point(p, box.y0), Point(p, box.y1)] : [Point(box.x0, p), Point(box.x1, p)]
                if grid.linestyle.isVisible { renderer.drawPath(PathData.polyline(line), style: gs, clip: box) }
                renderer.closeGroup()
            }
            let tickStyle = PathStyle(fill: nil, stroke: style.color, lineWidth: style.width)
            for side in [1, 2] where (side == 1 ? style.tick1On : style.tick2On) && style.length > 0 {
                renderer.openGroup(id: renderer.nextID("line2d"))
                // Outward is down/left on side 1, up/right on side 2.
                let outward: Double = side == 1 ? -1 : 1
                let (from, to): (Double, Double)
                switch style.direction {
                case .out: (from, to) = (0, outward * style.length)
                case .in: (from, to) = (0, -outward * style.length)
                case .inOut: (from, to) = (-outward * style.length / 2, outward * style.length / 2)
                }
                var mark = PathData()
                mark.move(isX ? Point(0, from) : Point(from, 0))
                mark.line(isX ? Point(0, to) : Point(to, 0))
                let at = isX ? Point(p, side == 1 ? box.y0 : box.y1) : Point(side == 1 ? box.x0 : box.x1, p)
                renderer.drawMarkers(mark, at: [at], style: tickStyle, clip: nil)
                renderer.closeGroup()
            }
            for (text, at) in item.labels {
                renderer.openGroup(id: renderer.nextID("text"))
                renderer.comment(item.tick.label)
                text.draw(renderer, at: at)
                renderer.closeGroup()
            }
            renderer.closeGroup()
        }
        if let (text, at) = layout.label {
            renderer.openGroup(id: renderer.nextID("text"))
            renderer.comment(axis.label.text)
            text.draw(renderer, at: at)
            renderer.closeGroup()
        }
        if let (text, at) = layout.offsetText {
            renderer.openGroup(id: renderer.nextID("text"))
            text.draw(renderer, at: at)
            renderer.closeGroup()
        }
        renderer.closeGroup()
    }
}
