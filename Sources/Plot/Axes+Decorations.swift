/// Titles, axis labels, ticks, grid and legend of an Axes.
extension Axes {
    /// `set_title(label, loc='center', pad=6, fontsize='large', fontweight='normal', color='black')`.
    @discardableResult
    public func setTitle(_ label: String, loc: TitleLocation = .center, pad: Double? = nil, fontsize: Double? = nil,
                         fontweight: FontWeight = .normal, color: Color = .black) -> Text {
        let ha: HorizontalAlignment = loc == .left ? .left : loc == .right ? .right : .center
        let style = TextStyle(fontSize: fontsize ?? 12, weight: fontweight, color: color, ha: ha, va: .baseline)
        let text = Text(x: 0, y: 0, text: label, style: style, coordinates: .axes)
        titles[loc] = text
        if let pad { titlePad = pad }
        return text
    }

    /// `get_title(loc='center')`.
    public func getTitle(loc: TitleLocation = .center) -> String { titles[loc]?.text ?? "" }

    private func setLabel(_ axis: Axis, _ text: String, fontsize: Double?, labelpad: Double?, color: Color?, fontweight: FontWeight?) {
        axis.label.text = text
        if let fontsize { axis.label.style.fontSize = fontsize }
        if let color { axis.label.style.color = color }
        if let fontweight { axis.label.style.weight = fontweight }
        if let labelpad { axis.labelpad = labelpad }
    }

    /// `set_xlabel(xlabel, fontsize=None, labelpad=None, color=None, fontweight=None)`.
    public func setXlabel(_ text: String, fontsize: Double? = nil, labelpad: Double? = nil, color: Color? = nil,
                          fontweight: FontWeight? = nil) {
        setLabel(xaxis, text, fontsize: fontsize, labelpad: labelpad, color: color, fontweight: fontweight)
    }

    /// `set_ylabel(ylabel, ...)`.
    public func setYlabel(_ text: String, fontsize: Double? = nil, labelpad: Double? = nil, color: Color? = nil,
                          fontweight: FontWeight? = nil) {
        setLabel(yaxis, text, fontsize: fontsize, labelpad: labelpad, color: color, fontweight: fontweight)
    }

    public func getXlabel() -> String { xaxis.label.text }
    public func getYlabel() -> String { yaxis.label.text }

    private func setTicks(_ axis: Axis, _ ticks: [Double], labels: [String]?, minor: Bool) throws {
        if let labels, labels.count != ticks.count {
            throw PlotError.value("The number of FixedLocator locations (\(ticks.count)), usually from a call to set_ticks, does not match the number of labels (\(labels.count)).")
        }
        if minor {
            axis.minorLocator = .fixed(ticks)
            if let labels { axis.minorFormatter = .fixed(labels) }
        } else {
            axis.majorLocator = .fixed(ticks)
            if let labels { axis.majorFormatter = .fixed(labels) }
        }
        // Ticks outside the data widen the view, as matplotlib's set_ticks does.
        guard !ticks.isEmpty, axis.autoscaleOn else { return }
        updateLimits()
        let lo = min(axis.view.0, axis.view.1), hi = max(axis.view.0, axis.view.1)
        let newLo = min(lo, ticks.min() ?? lo), newHi = max(hi, ticks.max() ?? hi)
        if newLo < lo || newHi > hi {
            axis.view = axis.inverted ? (newHi, newLo) : (newLo, newHi)
            axis.autoscaleOn = false
        }
    }

    /// `set_xticks(ticks, labels=None, minor=False)`; an empty list removes the ticks.
    public func setXticks(_ ticks: [Double], labels: [String]? = nil, minor: Bool = false) throws {
        try setTicks(xaxis, ticks, labels: labels, minor: minor)
    }

    public func setYticks(_ ticks: [Double], labels: [String]? = nil, minor: Bool = false) throws {
        try setTicks(yaxis, ticks, labels: labels, minor: minor)
    }

    private func setTickLabels(_ axis: Axis, _ labels: [String], rotation: Double?, fontsize: Double?, ha: HorizontalAlignment?) {
        if case .fixed = axis.majorLocator {} else {
            axis.majorLocator = .fixed(majorTicks(axis))
        }
        axis.majorFormatter = .fixed(labels)
        applyLabelStyle(axis, rotation: rotation, fontsize: fontsize, ha: ha)
    }

    /// Text properties of the tick labels, as the keyword arguments of `plt.xticks(...)`,
    /// `set_xticklabels(...)` or `plt.setp(ax.get_xticklabels(), ...)` set them; `axis` is
    /// 'x' or 'y'.
    public func setTicklabelProperties(_ axis: String, rotation: Double? = nil, fontsize: Double? = nil,
                                       ha: HorizontalAlignment? = nil) throws {
        guard axis == "x" || axis == "y" else {
            throw PlotError.value("'\(axis)' is not a valid value for axis; supported values are 'x', 'y'")
        }
        applyLabelStyle(axis == "x" ? xaxis : yaxis, rotation: rotation, fontsize: fontsize, ha: ha)
    }

    func applyLabelStyle(_ axis: Axis, rotation: Double?, fontsize: Double?, ha: HorizontalAlignment?) {
        if let rotation { axis.majorStyle.labelrotation = rotation }
        if let fontsize {
            axis.majorStyle.labelsize = fontsize
            axis.minorStyle.labelsize = fontsize
        }
        if let ha { axis.majorStyle.labelHA = ha }
    }

    /// `set_xticklabels(labels, rotation=None, fontsize=None, ha=None)`.
    public func setXticklabels(_ labels: [String], rotation: Double? = nil, fontsize: Double? = nil, ha: HorizontalAlignment? = nil) {
        setTickLabels(xaxis, labels, rotation: rotation, fontsize: fontsize, ha: ha)
    }

    public func setYticklabels(_ labels: [String], rotation: Double? = nil, fontsize: Double? = nil, ha: HorizontalAlignment? = nil) {
        setTickLabels(yaxis, labels, rotation: rotation, fontsize: fontsize, ha: ha)
    }

    private func majorTicks(_ axis: Axis) -> [Double] {
        let size = figure?.sizeInPoints ?? (460.8, 345.6)
        let pos = activePosition(figureSize: size)
        let length = axis.direction == .x ? pos.width * size.0 : pos.height * size.1
        return axis.majorTickLocations(length: length, minPositive: minPositive(axis))
    }

    /// `get_xticks()`: the major tick locations for the current limits (all of them, as
    /// matplotlib returns them, including those just outside the view).
    public func getXticks() -> [Double] {
        updateLimits()
        return majorTicks(xaxis)
    }

    public func getYticks() -> [Double] {
        updateLimits()
        return majorTicks(yaxis)
    }

    /// The labels of the major ticks inside the view, as drawn (`get_xticklabels`).
    public func getXticklabels() -> [String] { drawnLabels(xaxis) }

    public func getYticklabels() -> [String] { drawnLabels(yaxis) }

    private func drawnLabels(_ axis: Axis) -> [String] {
        let size = figure?.sizeInPoints ?? (460.8, 345.6)
        let layout = self.layout(figureSize: size, dpi: figure?.dpi ?? 100)
        return (axis.direction == .x ? layout.x : layout.y).items.filter(\.tick.major).map { $0.labels.isEmpty ? "" : $0.tick.label }
    }

    /// `grid(visible=None, which='major', axis='both', color=..., linestyle=..., linewidth=...,
    /// alpha=...)`: with no arguments toggles; with properties turns the grid on.
    public func grid(_ visible: Bool? = nil, which: String = "major", axis: String = "both", color: Color? = nil,
                     linestyle: LineStyle? = nil, linewidth: Double? = nil, alpha: Double? = nil) throws {
        guard ["major", "minor", "both"].contains(which) else {
            throw PlotError.value("'\(which)' is not a valid value for which; supported values are 'major', 'minor', 'both'")
        }
        guard ["both", "x", "y"].contains(axis) else {
            throw PlotError.value("'\(axis)' is not a valid value for axis; supported values are 'both', 'x', 'y'")
        }
        let hasStyle = color != nil || linestyle != nil || linewidth != nil || alpha != nil
        for a in [xaxis, yaxis] where axis == "both" || (axis == "x") == (a.direction == .x) {
            for major in [true, false] where which == "both" || (which == "major") == major {
                let current = major ? a.majorGrid : a.minorGrid
                let on = visible ?? (hasStyle ? true : current == nil)
                var style = current ?? GridStyle()
                if let color { style.color = color }
                if let linestyle { style.linestyle = linestyle }
                if let linewidth { style.linewidth = linewidth }
                if let alpha { style.alpha = alpha }
                if major { a.majorGrid = on ? style : nil } else { a.minorGrid = on ? style : nil }
            }
        }
    }

    /// `tick_params(axis='both', which='major', direction=, length=, width=, color=, pad=,
    /// labelsize=, labelcolor=, labelrotation=, bottom=, top=, left=, right=, labelbottom=,
    /// labeltop=, labelleft=, labelright=)`.
    public func tickParams(axis: String = "both", which: String = "major", direction: TickDirection? = nil,
                           length: Double? = nil, width: Double? = nil, color: Color? = nil, pad: Double? = nil,
                           labelsize: Double? = nil, labelcolor: Color? = nil, labelrotation: Double? = nil,
                           bottom: Bool? = nil, top: Bool? = nil, left: Bool? = nil, right: Bool? = nil,
                           labelbottom: Bool? = nil, labeltop: Bool? = nil, labelleft: Bool? = nil,
                           labelright: Bool? = nil) throws {
        guard ["major", "minor", "both"].contains(which) else {
            throw PlotError.value("'\(which)' is not a valid value for which; supported values are 'major', 'minor', 'both'")
        }
        guard ["both", "x", "y"].contains(axis) else {
            throw PlotError.value("'\(axis)' is not a valid value for axis; supported values are 'both', 'x', 'y'")
        }
        for a in [xaxis, yaxis] where axis == "both" || (axis == "x") == (a.direction == .x) {
            let isX = a.direction == .x
            func update(_ s: inout TickStyle) {
                if let direction { s.direction = direction }
                if let length { s.length = length }
                if let width { s.width = width }
                if let color { s.color = color }
                if let pad { s.pad = pad }
                if let labelsize { s.labelsize = labelsize }
                if let labelcolor { s.labelcolor = labelcolor }
                if let labelrotation { s.labelrotation = labelrotation }
                if let v = isX ? bottom : left { s.tick1On = v }
                if let v = isX ? top : right { s.tick2On = v }
                if let v = isX ? labelbottom : labelleft { s.label1On = v }
                if let v = isX ? labeltop : labelright { s.label2On = v }
            }
            if which != "minor" { update(&a.majorStyle) }
            if which != "major" { update(&a.minorStyle) }
        }
    }

    /// The artists and labels a legend shows by default: labelled lines, patches and
    /// collections in the order added, then labelled bar containers.
    func defaultLegendEntries() -> [Legend.Entry] {
        var entries: [Legend.Entry] = []
        for artist in children where artist.hasLegendLabel {
            if let handle = artist.legendHandle, let label = artist.label { entries.append(Legend.Entry(handle: handle, label: label)) }
        }
        for container in containers {
            guard let label = container.label, !label.isEmpty, !label.hasPrefix("_"), let first = container.patches.first,
                  let handle = first.legendHandle else { continue }
            entries.append(Legend.Entry(handle: handle, label: label))
        }
        return entries
    }

    /// `legend(handles=None, labels=None, loc='best', fontsize=None, ncols=1, frameon=True,
    /// title=None, bbox_to_anchor=None, framealpha=0.8, fancybox=True, markerscale=1.0, ...)`.
    /// `labels` alone relabels the artists in the order added.
    @discardableResult
    public func legend(handles: [Artist]? = nil, labels: [String]? = nil, loc: LegendLocation = .best,
                       fontsize: Double? = nil, ncols: Int = 1, frameon: Bool = true, title: String? = nil,
                       titleFontsize: Double? = nil, bboxToAnchor: [Double]? = nil, framealpha: Double? = nil,
                       fancybox: Bool = true, facecolor: Color? = nil, edgecolor: Color? = nil, labelcolor: Color? = nil,
                       markerscale: Double = 1, borderpad: Double? = nil, labelspacing: Double? = nil,
                       handlelength: Double? = nil, handletextpad: Double? = nil, borderaxespad: Double? = nil,
                       columnspacing: Double? = nil) throws -> Legend {
        var entries: [Legend.Entry] = []
        if let handles {
            let names = labels ?? handles.map { $0.label ?? "" }
            for (artist, name) in zip(handles, names) {
                if let handle = artist.legendHandle { entries.append(Legend.Entry(handle: handle, label: name)) }
            }
        } else if let labels {
            let candidates: [LegendHandle] = children.compactMap { $0 is Text ? nil : $0.legendHandle }
                + containers.compactMap { $0.patches.first?.legendHandle }
            entries = zip(candidates, labels).map { Legend.Entry(handle: $0, label: $1) }
        } else {
            entries = defaultLegendEntries()
        }
        if let bboxToAnchor, bboxToAnchor.count != 2 && bboxToAnchor.count != 4 {
            throw PlotError.value("Invalid bbox: \(bboxToAnchor)")
        }
        guard ncols >= 1 else { throw PlotError.value("ncols must be positive") }
        let legend = Legend(entries: entries, loc: loc)
        if let fontsize { legend.fontsize = fontsize }
        legend.ncols = ncols
        legend.frameon = frameon
        legend.title = title
        legend.titleFontsize = titleFontsize
        legend.bboxToAnchor = bboxToAnchor
        if let framealpha { legend.framealpha = framealpha }
        legend.fancybox = fancybox
        if let facecolor { legend.facecolor = facecolor }
        if let edgecolor { legend.edgecolor = edgecolor }
        legend.labelcolor = labelcolor
        legend.markerscale = markerscale
        if let borderpad { legend.borderpad = borderpad }
        if let labelspacing { legend.labelspacing = labelspacing }
        if let handlelength { legend.handlelength = handlelength }
        if let handletextpad { legend.handletextpad = handletextpad }
        if let borderaxespad { legend.borderaxespad = borderaxespad }
        if let columnspacing { legend.columnspacing = columnspacing }
        self.legend = legend
        return legend
    }

    /// `get_legend()`.
    public func getLegend() -> Legend? { legend }
}
