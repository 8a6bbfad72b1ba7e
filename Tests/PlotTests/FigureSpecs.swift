import Foundation
@testable import Plot

/// Replays the pyplot operations of a figures.json case through Plot's API, as a bridge
/// would for the same script.
enum FigureSpecs {
    static func color(_ v: Any?) throws -> Color? {
        guard let s = v as? String else { return nil }
        return try Color(parsing: s)
    }

    static func build(_ spec: [String: Any]) throws -> Figure {
        let plt = PyPlot()
        let size = spec.doubles("figsize")
        let fig = try plt.figure(figsize: (size[0], size[1]), dpi: 72)
        if let grid = spec["subplots"] as? [Int] {
            let axes = try fig.subplots(nrows: grid[0], ncols: grid[1], sharex: spec["sharex"] as? Bool ?? false)
            plt.sca(axes[0][0])
        }
        for op in spec["ops"] as? [[String: Any]] ?? [] {
            try apply(op, plt, fig)
        }
        return fig
    }

    private static func apply(_ op: [String: Any], _ plt: PyPlot, _ fig: Figure) throws {
        let name = op.string("op")
        switch name {
        case "subplot":
            let args = op["args"] as? [Int] ?? []
            if args.count == 1 { try plt.subplot(args[0]) } else { try plt.subplot(args[0], args[1], args[2]) }
        case "sca":
            plt.sca(fig.axes[op.int("index")])
        case "suptitle":
            fig.suptitle(op.string("text"))
        case "tight_layout":
            fig.tightLayout()
        default:
            try applyToAxes(name, op, plt.gca())
        }
    }

    private static func applyToAxes(_ name: String, _ op: [String: Any], _ ax: Axes) throws {
        switch name {
        case "plot":
            try ax.plot(op["x"] == nil ? nil : op.doubles("x"), op.doubles("y"), op["fmt"] as? String,
                        label: op["label"] as? String, color: color(op["color"]),
                        linewidth: op["linewidth"] == nil ? nil : op.double("linewidth"),
                        marker: try (op["marker"] as? String).map(MarkerStyle.init(parsing:)),
                        markersize: op["markersize"] == nil ? nil : op.double("markersize"))
        case "scatter":
            let c: ScatterColors? = op["c"] == nil ? nil : .values(op.doubles("c"))
            try ax.scatter(op.doubles("x"), op.doubles("y"), s: op["s"] == nil ? nil : op.doubles("s"), c: c,
                           marker: try (op["marker"] as? String).map(MarkerStyle.init(parsing:)) ?? .circle,
                           cmap: try (op["cmap"] as? String).map(Colormap.init(named:)), label: op["label"] as? String)
        case "bar":
            let x = op["categories"] != nil ? ax.xaxis.categoryPositions(op.strings("categories")) : op.doubles("x")
            try ax.bar(x, op.doubles("height"), color: try color(op["color"]).map { [$0] },
                       edgecolor: try color(op["edgecolor"]).map { [$0] }, label: op["label"] as? String)
        case "barh":
            try ax.barh(op.doubles("y"), op.doubles("width"))
        case "hist":
            let data = (op["x"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
            let bins: HistBins = op["bins"] is [Any] ? .edges(op.doubles("bins")) : .count(op.int("bins"))
            try ax.hist(data, bins: bins, histtype: HistType(rawValue: op["histtype"] as? String ?? "bar") ?? .bar,
                        label: op["label"] as? [String])
        case "fill_between":
            try ax.fillBetween(op.doubles("x"), op.doubles("y1"), op.doubles("y2"), alpha: op.double("alpha"),
                               label: op["label"] as? String)
        case "axhline":
            ax.axhline(y: op.double("y"), color: try color(op["color"]), linestyle: try LineStyle(parsing: op.string("linestyle")))
        case "axvline":
            ax.axvline(x: op.double("x"), color: try color(op["color"]))
        case "imshow":
            let rows = (op["rows"] as? [[Any]] ?? []).map { $0.compactMap { ($0 as? NSNumber)?.doubleValue } }
            try ax.imshow(ImageData(rows: rows), cmap: try (op["cmap"] as? String).map(Colormap.init(named:)),
                          aspect: try (op["aspect"] as? String).map(Aspect.init(parsing:)))
        case "axis":
            try ax.axis(op.string("value"))
        case "xscale":
            try ax.setXscale(op.string("value"))
        case "yscale":
            try ax.setYscale(op.string("value"))
        case "legend":
            try ax.legend(loc: try (op["loc"] as? String).map(LegendLocation.init(parsing:)) ?? .best,
                          ncols: op["ncols"] == nil ? 1 : op.int("ncols"), title: op["title"] as? String,
                          bboxToAnchor: op["bbox_to_anchor"] == nil ? nil : op.doubles("bbox_to_anchor"))
        case "title":
            ax.setTitle(op.string("text"))
        case "xlabel":
            ax.setXlabel(op.string("text"))
        case "ylabel":
            ax.setYlabel(op.string("text"))
        case "xlim":
            let v = op.doubles("value")
            try ax.setXlim(v[0], v[1])
        case "ylim":
            let v = op.doubles("value")
            try ax.setYlim(v[0], v[1])
        case "xticks":
            try ax.setXticks(op.doubles("ticks"), labels: op.strings("labels"))
        case "grid":
            try ax.grid(op["visible"] as? Bool, axis: op["axis"] as? String ?? "both")
        case "yticks":
            try ax.setYticks(op.doubles("ticks"))
        case "text":
            ax.text(op.double("x"), op.double("y"), op.string("s"))
        case "annotate":
            let xy = op.doubles("xy"), xytext = op.doubles("xytext")
            ax.annotate(op.string("text"), xy: (xy[0], xy[1]), xytext: (xytext[0], xytext[1]),
                        arrowprops: try ArrowProperties(arrowstyle: op["arrowstyle"] as? String))
        default:
            throw FixtureError("unknown op \(name)")
        }
    }
}
