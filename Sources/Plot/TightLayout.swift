/// matplotlib's `tight_layout`: subplot parameters chosen so that every subplot's tick
/// labels, axis labels and titles fit, with `pad` (in multiples of the font size) around the
/// figure edge and between subplots.
extension Figure {
    /// `tight_layout(pad=1.08, h_pad=None, w_pad=None)`. Applies once, to the figure as it is
    /// now. Does nothing (as matplotlib, which warns) when the decorations cannot fit or the
    /// subplot grids are incompatible.
    public func tightLayout(pad: Double = 1.08, hPad: Double? = nil, wPad: Double? = nil) {
        guard let params = tightSubplotParams(pad: pad, hPad: hPad, wPad: wPad) else { return }
        subplotParams = params
    }

    func tightSubplotParams(pad: Double, hPad: Double?, wPad: Double?) -> SubplotParams? {
        // Group the Axes by grid cell.
        var specs: [SubplotSpec] = []
        var groups: [[Axes]] = []
        for ax in axes {
            guard let spec = ax.subplotSpec else { continue }
            if let i = specs.firstIndex(of: spec) {
                groups[i].append(ax)
            } else {
                specs.append(spec)
                groups.append([ax])
            }
        }
        guard !specs.isEmpty else { return nil }
        let rows = specs.map(\.nrows).max() ?? 1, cols = specs.map(\.ncols).max() ?? 1
        var spans: [(rows: Range<Int>, cols: Range<Int>)] = []
        for spec in specs {
            guard rows % spec.nrows == 0, cols % spec.ncols == 0 else { return nil }
            let dr = rows / spec.nrows, dc = cols / spec.ncols
            spans.append(((spec.rows.lowerBound * dr)..<((spec.rows.upperBound + 1) * dr),
                          (spec.columns.lowerBound * dc)..<((spec.columns.upperBound + 1) * dc)))
        }
        let (w, h) = sizeInPoints
        let fontInch = 10.0 / 72
        let padInch = pad * fontInch
        let vpadInch = (hPad ?? pad) * fontInch, hpadInch = (wPad ?? pad) * fontInch
        let (figW, figH) = figsize
        var vspaces = [[Double]](repeating: [Double](repeating: 0, count: cols), count: rows + 1)
        var hspaces = [[Double]](repeating: [Double](repeating: 0, count: cols + 1), count: rows)
        let layouts = Dictionary(uniqueKeysWithValues: zip(axes.map(ObjectIdentifier.init), axesLayouts()))
        for (i, group) in groups.enumerated() {
            let cell = position(of: specs[i])
            var tight: Rect?
            for ax in group {
                guard let layout = layouts[ObjectIdentifier(ax)] else { continue }
                let r = layout.tightBounds(forLayout: true, children: ax.children)
                tight = tight.map { $0.union(r) } ?? r
            }
            guard let raw = tight else { continue }
            let t = Rect(x0: raw.x0 / w, y0: raw.y0 / h, x1: raw.x1 / w, y1: raw.y1 / h)
            let span = spans[i]
            for r in span.rows {
                hspaces[r][span.cols.lowerBound] += cell.x0 - t.x0
                hspaces[r][span.cols.upperBound] += t.x1 - cell.x1
            }
            for c in span.cols {
                vspaces[span.rows.lowerBound][c] += t.y1 - cell.y1
                vspaces[span.rows.upperBound][c] += cell.y0 - t.y0
            }
        }
        let left = max(hspaces.map { $0[0] }.max() ?? 0, 0) + padInch / figW
        let right = max(hspaces.map { $0[cols] }.max() ?? 0, 0) + padInch / figW
        var top = max(vspaces[0].max() ?? 0, 0) + padInch / figH
        if let sup = suptitleText, sup.visible, !sup.text.isEmpty {
            let box = sup.layout().boundingBox(at: Point(sup.x * w, sup.y * h))
            top += box.height / h + padInch / figH
        }
        let bottom = max(vspaces[rows].max() ?? 0, 0) + padInch / figH
        guard left + right < 1, bottom + top < 1 else { return nil }
        var params = subplotParams
        params.left = left
        params.right = 1 - right
        params.bottom = bottom
        params.top = 1 - top
        if cols > 1 {
            let inner = hspaces.flatMap { $0[1..<cols] }.max() ?? 0
            let hspace = inner + hpadInch / figW
            let axesWidth = (1 - right - left - hspace * Double(cols - 1)) / Double(cols)
            guard axesWidth >= 0 else { return nil }
            params.wspace = hspace / axesWidth
        }
        if rows > 1 {
            let inner = vspaces[1..<rows].flatMap { $0 }.max() ?? 0
            let vspace = inner + vpadInch / figH
            let axesHeight = (1 - top - bottom - vspace * Double(rows - 1)) / Double(rows)
            guard axesHeight >= 0 else { return nil }
            params.hspace = vspace / axesHeight
        }
        return params
    }
}
