import KTensor
import Plot

/// One method of `matplotlib.axes.Axes`, also exposed as the pyplot function `pyplotName`
/// acting on `plt.gca()` (`ax.set_title` is `plt.title`, `ax.plot` is `plt.plot`).
struct AxesFunction {
    let name: String
    let pyplotName: String?
    let signature: String
    let body: (Interpreter, AxesObject, BoundArguments) throws -> Value
}

/// The Axes methods: plotting (`plot`, `scatter`, `bar`, `barh`, `hist`, `fill_between`,
/// `axhline`, `axvline`, `imshow`, `text`, `annotate`) and decorations (titles, labels,
/// limits, ticks, scales, legend, grid), with matplotlib's signatures and return values.
enum AxesMethods {
    static func define(on t: PyType) {
        for f in all {
            t.defineMethod(f.name, f.signature) { interp, args in
                let ax = try args.receiver(as: AxesObject.self, f.name)
                return try PlotArguments.bridged { try f.body(interp, ax, args) }
            }
        }
        t.defineMethod("__repr__", "") { interp, args in .str(try repr(try args.receiver(as: AxesObject.self, "__repr__"), interp)) }
        t.defineMethod("__str__", "") { _, args in
            let p = try args.receiver(as: AxesObject.self, "__str__").axes.originalPosition
            return .str("Axes(\(PlotFormat.g(p.x0)),\(PlotFormat.g(p.y0));\(PlotFormat.g(p.width))x\(PlotFormat.g(p.height)))")
        }
        t.defineProperty("figure") { _, v in
            guard case .object(let o) = v, let ax = o as? AxesObject, let fig = ax.axes.figure else { return .none }
            return .object(ax.session.wrap(fig))
        }
        t.defineProperty("transAxes") { _, _ in .object(TransformObject(.axes)) }
        t.defineProperty("transData") { _, _ in .object(TransformObject(.data)) }
    }

    /// `<Axes: title={'center': 'Loss'}, xlabel='epoch', ylabel='loss'>`.
    static func repr(_ ax: AxesObject, _ interp: Interpreter) throws -> String {
        var parts: [String] = []
        let titles = TitleLocation.allCases.compactMap { loc -> String? in
            let t = ax.axes.getTitle(loc: loc)
            return t.isEmpty ? nil : "'\(loc.rawValue)': \(Interpreter.quote(t))"
        }
        if !titles.isEmpty { parts.append("title={" + titles.joined(separator: ", ") + "}") }
        if !ax.axes.getXlabel().isEmpty { parts.append("xlabel=\(Interpreter.quote(ax.axes.getXlabel()))") }
        if !ax.axes.getYlabel().isEmpty { parts.append("ylabel=\(Interpreter.quote(ax.axes.getYlabel()))") }
        return "<Axes: " + parts.joined(separator: ", ") + ">"
    }

    static let all: [AxesFunction] = plotting + decorations + limits

    // MARK: Plotting

    static let lineProperties: Set<String> = ["label", "color", "linestyle", "linewidth", "marker", "markersize", "markerfacecolor",
                                               "markeredgecolor", "markeredgewidth", "alpha", "zorder", "visible", "clip_on"]
    static let patchProperties: Set<String> = ["label", "color", "facecolor", "edgecolor", "linewidth", "alpha", "zorder", "visible",
                                                "clip_on", "tick_label"]
    static let textProperties: Set<String> = ["fontsize", "color", "horizontalalignment", "verticalalignment", "rotation",
                                               "fontweight", "transform", "bbox", "alpha", "zorder", "visible", "clip_on"]

    /// `visible`, `clip_on`: settings every artist takes.
    static func applyCommon(_ artist: Artist, _ p: ArtistProperties, _ interp: Interpreter) throws {
        if p.has("visible") { artist.visible = try interp.truthy(p["visible"]) }
        if p.has("clip_on") { artist.clipOn = try interp.truthy(p["clip_on"]) }
    }

    /// The lines of `plot(*args, **kwargs)`: groups of `[x], y, [fmt]`, a 2-D y giving one
    /// line per column.
    static func plotLines(_ interp: Interpreter, _ ax: Axes, _ args: [Value], _ kwargs: [(String, Value)]) throws -> [Value] {
        let p = try ArtistProperties(kwargs, artist: "Line2D", accepted: lineProperties)
        var rest = args[...]
        var lines: [Value] = []
        while !rest.isEmpty {
            var group = Array(rest.prefix(2))
            rest = rest.dropFirst(2)
            if let next = rest.first, next.stringValue != nil {
                group.append(next)
                rest = rest.dropFirst()
            }
            var fmt: String?
            if group.count > 1, let s = group.last?.stringValue {
                fmt = s
                group.removeLast()
            }
            if group.contains(where: { $0.stringValue != nil }) {
                throw PyException.valueError("third arg must be a format string")
            }
            let x = group.count == 2 ? try PlotArguments.doubles(group[0], interp, "x") : nil
            let ys = try PlotArguments.columns(group[group.count - 1], interp, "y")
            for y in ys {
                let line = try ax.plot(x, y, fmt, label: try PlotArguments.optionalString(p["label"], interp),
                                       color: try PlotArguments.optionalColor(p["color"], interp),
                                       linestyle: try PlotArguments.lineStyle(p["linestyle"], interp),
                                       linewidth: try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth"),
                                       marker: try PlotArguments.marker(p["marker"], interp),
                                       markersize: try PlotArguments.optionalDouble(p["markersize"], interp, "markersize"),
                                       markerfacecolor: try PlotArguments.optionalColor(p["markerfacecolor"], interp),
                                       markeredgecolor: try PlotArguments.optionalColor(p["markeredgecolor"], interp),
                                       markeredgewidth: try PlotArguments.optionalDouble(p["markeredgewidth"], interp, "markeredgewidth"),
                                       alpha: try PlotArguments.optionalDouble(p["alpha"], interp, "alpha"),
                                       zorder: try PlotArguments.optionalDouble(p["zorder"], interp, "zorder"))
                try applyCommon(line, p, interp)
                lines.append(.object(ArtistObject.make(line)))
            }
        }
        return lines
    }

    static func scaled(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool, y: Bool) throws -> Value {
        let lines = try plotLines(interp, ax.axes, args.varArgs, args.varKeywords)
        if x { try ax.axes.setXscale("log") }
        if y { try ax.axes.setYscale("log") }
        return .object(PyList(lines))
    }

    /// Positions for `bar` x values: numbers, or category names on a category axis.
    static func positions(_ v: Value, _ axis: Axis, _ interp: Interpreter, _ name: String) throws -> [Double] {
        if let s = v.stringValue { return axis.categoryPositions([s]) }
        if PlotArguments.isSequence(v) {
            let items = try interp.collect(v)
            if !items.isEmpty && items.allSatisfy({ $0.stringValue != nil }) {
                return axis.categoryPositions(items.compactMap(\.stringValue))
            }
        }
        return try PlotArguments.doubles(v, interp, name)
    }

    static func bars(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, vertical: Bool) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "Rectangle", accepted: patchProperties)
        guard let align = BarAlign(rawValue: try args.string("align")) else {
            throw PyException.valueError("'\(try args.string("align"))' is not a valid value for align; supported values are 'center', 'edge'")
        }
        let color = try PlotArguments.optionalColors(p.has("facecolor") ? p["facecolor"] : p["color"], interp)
        let edge = try PlotArguments.optionalColors(p["edgecolor"], interp)
        let labels = p["tick_label"].isNone ? nil
            : try (p["tick_label"].stringValue.map { [$0] } ?? interp.collect(p["tick_label"]).map { try PlotArguments.string($0, interp) })
        let label = try PlotArguments.optionalString(p["label"], interp)
        let alpha = try PlotArguments.optionalDouble(p["alpha"], interp, "alpha")
        let linewidth = try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth")
        let zorder = try PlotArguments.optionalDouble(p["zorder"], interp, "zorder")
        let container: BarContainer
        if vertical {
            let x = try positions(args["x"], ax.axes.xaxis, interp, "x")
            container = try ax.axes.bar(x, try PlotArguments.doubles(args["height"], interp, "height"),
                                        width: try PlotArguments.doubles(args["width"], interp, "width"),
                                        bottom: try PlotArguments.optionalDoubles(args["bottom"], interp, "bottom"), align: align,
                                        color: color, edgecolor: edge, linewidth: linewidth, label: label, alpha: alpha,
                                        tickLabel: labels, zorder: zorder)
        } else {
            let y = try positions(args["y"], ax.axes.yaxis, interp, "y")
            container = try ax.axes.barh(y, try PlotArguments.doubles(args["width"], interp, "width"),
                                         height: try PlotArguments.doubles(args["height"], interp, "height"),
                                         left: try PlotArguments.optionalDoubles(args["left"], interp, "left"), align: align,
                                         color: color, edgecolor: edge, linewidth: linewidth, label: label, alpha: alpha,
                                         tickLabel: labels, zorder: zorder)
        }
        for patch in container.patches { try applyCommon(patch, p, interp) }
        return .object(BarContainerObject(container))
    }

    /// `hist(x, ...)`: data sets are the items of a list of sequences, else one.
    static func hist(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "Rectangle", accepted: ["alpha", "edgecolor", "linewidth", "facecolor", "zorder", "color", "label"])
        let xv = args["x"]
        let datasets: [[Double]]
        if let t = ArrayBridge.arrayPayload(xv) {
            datasets = PlotArguments.arrayColumns(t)
        } else {
            let items = xv.doubleValue != nil ? [xv] : try interp.collect(xv)
            datasets = items.contains(where: PlotArguments.isSequence)
                ? try items.map { try PlotArguments.doubles($0, interp, "x") }
                : [try PlotArguments.doubles(xv, interp, "x")]
        }
        var bins = HistBins.count(10)
        let binsValue = args["bins"]
        if let n = binsValue.intValue {
            bins = .count(n)
        } else if let s = binsValue.stringValue {
            throw PyException.valueError("kscript's hist does not support bins='\(s)'; give a number of bins or the bin edges")
        } else if !binsValue.isNone {
            bins = .edges(try PlotArguments.doubles(binsValue, interp, "bins"))
        }
        var histtype = try args.string("histtype")
        if try args.bool("stacked") && histtype == "bar" { histtype = "barstacked" }
        guard let type = HistType(rawValue: histtype) else {
            throw PyException.valueError("'\(histtype)' is not a valid value for histtype; supported values are 'bar', 'barstacked', 'step', 'stepfilled'")
        }
        let colorValue = args["color"].isNone ? (p.has("facecolor") ? p["facecolor"] : p["color"]) : args["color"]
        let labelValue = args["label"].isNone ? p["label"] : args["label"]
        var labels: [String]?
        if let s = labelValue.stringValue { labels = [s] } else if !labelValue.isNone {
            labels = try interp.collect(labelValue).map { try PlotArguments.string($0, interp) }
        }
        let weights = args["weights"].isNone ? nil
            : (datasets.count == 1 ? [try PlotArguments.doubles(args["weights"], interp, "weights")]
                : try interp.collect(args["weights"]).map { try PlotArguments.doubles($0, interp, "weights") })
        let result = try ax.axes.hist(datasets, bins: bins, range: try PlotArguments.optionalPair(args["range"], interp, "range"),
                                      density: try args.bool("density"), weights: weights, cumulative: try args.bool("cumulative"),
                                      bottom: try PlotArguments.optionalDouble(args["bottom"], interp, "bottom"), histtype: type,
                                      align: try args.string("align"), orientation: try args.string("orientation"),
                                      rwidth: try PlotArguments.optionalDouble(args["rwidth"], interp, "rwidth"),
                                      color: try PlotArguments.optionalColors(colorValue, interp), label: labels,
                                      alpha: try PlotArguments.optionalDouble(p["alpha"], interp, "alpha"),
                                      edgecolor: try PlotArguments.optionalColor(p["edgecolor"], interp),
                                      linewidth: try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth"))
        if try args.bool("log") {
            if try args.string("orientation") == "horizontal" { try ax.axes.setXscale("log") } else { try ax.axes.setYscale("log") }
        }
        let counts: [Value] = result.n.map(PlotArguments.array)
        let edges = PlotArguments.array(result.bins)
        let patches: [Value] = result.patches.isEmpty
            ? result.steps.map { .object(ArtistObject.make($0)) }
            : result.patches.map { .object(BarContainerObject($0)) }
        let single = datasets.count == 1
        let patchesValue: Value = single && result.patches.count == 1 ? patches[0] : .object(PyList(patches))
        return PyTuple.make([single ? counts[0] : .object(PyList(counts)), edges, patchesValue])
    }

    static func scatter(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "PathCollection", accepted: ["label", "color", "facecolor", "zorder", "visible", "clip_on"])
        let x = try PlotArguments.doubles(args["x"], interp, "x"), y = try PlotArguments.doubles(args["y"], interp, "y")
        guard args["norm"].isNone else { throw PyException.valueError("kscript's scatter does not support norm=; use vmin= and vmax=") }
        var cValue = args["c"]
        if cValue.isNone { cValue = p.has("facecolor") ? p["facecolor"] : p["color"] }
        var colors: ScatterColors?
        if cValue.stringValue != nil {
            colors = .color(try PlotArguments.color(cValue, interp))
        } else if !cValue.isNone {
            let items = try interp.collect(cValue)
            if items.allSatisfy({ $0.doubleValue != nil }) && items.count == x.count {
                colors = .values(try PlotArguments.doubles(cValue, interp, "c"))
            } else if items.allSatisfy({ $0.doubleValue != nil }) && (items.count == 3 || items.count == 4) {
                colors = .color(try PlotArguments.color(cValue, interp))
            } else {
                colors = .colors(try items.map { try PlotArguments.color($0, interp) })
            }
        }
        let collection = try ax.axes.scatter(x, y, s: try PlotArguments.optionalDoubles(args["s"], interp, "s"), c: colors,
                                             marker: try PlotArguments.marker(args["marker"], interp) ?? .circle,
                                             cmap: try PlotArguments.colormap(args["cmap"], interp),
                                             vmin: try PlotArguments.optionalDouble(args["vmin"], interp, "vmin"),
                                             vmax: try PlotArguments.optionalDouble(args["vmax"], interp, "vmax"),
                                             alpha: try PlotArguments.optionalDouble(args["alpha"], interp, "alpha"),
                                             linewidths: try PlotArguments.optionalDouble(args["linewidths"], interp, "linewidths"),
                                             edgecolors: try PlotArguments.optionalColors(args["edgecolors"], interp),
                                             label: try PlotArguments.optionalString(p["label"], interp),
                                             zorder: try PlotArguments.optionalDouble(p["zorder"], interp, "zorder"))
        try applyCommon(collection, p, interp)
        return .object(ArtistObject.make(collection))
    }

    static func referenceLine(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, horizontal: Bool) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "Line2D", accepted: lineProperties)
        let color = try PlotArguments.optionalColor(p["color"], interp)
        let style = try PlotArguments.lineStyle(p["linestyle"], interp) ?? .solid
        let width = try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth")
        let alpha = try PlotArguments.optionalDouble(p["alpha"], interp, "alpha")
        let label = try PlotArguments.optionalString(p["label"], interp)
        let zorder = try PlotArguments.optionalDouble(p["zorder"], interp, "zorder")
        let line = horizontal
            ? ax.axes.axhline(y: try args.double("y"), xmin: try args.double("xmin"), xmax: try args.double("xmax"), color: color,
                              linestyle: style, linewidth: width, alpha: alpha, label: label, zorder: zorder)
            : ax.axes.axvline(x: try args.double("x"), ymin: try args.double("ymin"), ymax: try args.double("ymax"), color: color,
                              linestyle: style, linewidth: width, alpha: alpha, label: label, zorder: zorder)
        try applyCommon(line, p, interp)
        return .object(ArtistObject.make(line))
    }

    static func fillBetween(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "FillBetweenPolyCollection", accepted: patchProperties)
        let mask = args["where"].isNone ? nil : try interp.collect(args["where"]).map { try interp.truthy($0) }
        let poly = try ax.axes.fillBetween(try PlotArguments.doubles(args["x"], interp, "x"), try PlotArguments.doubles(args["y1"], interp, "y1"),
                                           try PlotArguments.doubles(args["y2"], interp, "y2"), where: mask,
                                           color: try PlotArguments.optionalColor(p["color"], interp),
                                           facecolor: try PlotArguments.optionalColor(p["facecolor"], interp),
                                           edgecolor: try PlotArguments.optionalColor(p["edgecolor"], interp),
                                           linewidth: try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth"),
                                           alpha: try PlotArguments.optionalDouble(p["alpha"], interp, "alpha"),
                                           label: try PlotArguments.optionalString(p["label"], interp),
                                           zorder: try PlotArguments.optionalDouble(p["zorder"], interp, "zorder"))
        try applyCommon(poly, p, interp)
        return .object(ArtistObject.make(poly))
    }

    static func imshow(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        guard args["norm"].isNone else { throw PyException.valueError("kscript's imshow does not support norm=; use vmin= and vmax=") }
        _ = try ArtistProperties(args.varKeywords, artist: "AxesImage", accepted: [])
        var aspect: Aspect?
        let a = args["aspect"]
        if let s = a.stringValue { aspect = try PlotArguments.bridged { try Aspect(parsing: s) } } else if let d = a.doubleValue { aspect = .ratio(d) }
        var origin = ImageOrigin.upper
        if let s = try args.optionalString("origin") {
            guard let o = ImageOrigin(rawValue: s) else {
                throw PyException.valueError("'\(s)' is not a valid value for origin; supported values are 'upper', 'lower'")
            }
            origin = o
        }
        let image = try ax.axes.imshow(try PlotArguments.image(args["X"], interp), cmap: try PlotArguments.colormap(args["cmap"], interp),
                                       vmin: try PlotArguments.optionalDouble(args["vmin"], interp, "vmin"),
                                       vmax: try PlotArguments.optionalDouble(args["vmax"], interp, "vmax"), aspect: aspect,
                                       interpolation: try args.optionalString("interpolation"),
                                       alpha: try PlotArguments.optionalDouble(args["alpha"], interp, "alpha"), origin: origin,
                                       extent: try PlotArguments.optionalDoubles(args["extent"], interp, "extent"))
        return .object(ArtistObject.make(image))
    }

    /// `fontdict` merged under the keyword arguments, as matplotlib applies them.
    static func textKeywords(_ args: BoundArguments, _ interp: Interpreter, fontdict: String = "fontdict") throws -> [(String, Value)] {
        var merged: [(String, Value)] = []
        let fd = args[fontdict]
        if case .object(let o) = fd, let d = o as? PyDict {
            for key in try interp.collect(.object(d)) {
                guard let name = key.stringValue, let value = try d.get(key) else { continue }
                merged.append((name, value))
            }
        } else if !fd.isNone {
            throw PyException.typeError("fontdict must be a dict, not \(fd.type.name)")
        }
        return merged + args.varKeywords
    }

    /// The box behind a text: `bbox=dict(boxstyle='round', facecolor=..., edgecolor=..., alpha=..., pad=...)`.
    static func textBox(_ v: Value, _ interp: Interpreter) throws -> TextBox? {
        guard case .object(let o) = v, let d = o as? PyDict else { return nil }
        var box = TextBox()
        if let s = d["boxstyle"]?.stringValue {
            let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let style = TextBox.Style(rawValue: parts.first ?? "") else {
                throw PyException.valueError("Unknown style: '\(s)'")
            }
            box.style = style
            for part in parts.dropFirst() {
                let kv = part.split(separator: "=")
                if kv.count == 2, kv[0] == "pad", let v = Double(kv[1]) { box.pad = v }
            }
        }
        if let v = d["facecolor"] ?? d["fc"] { box.facecolor = try PlotArguments.color(v, interp) }
        if let v = d["edgecolor"] ?? d["ec"] { box.edgecolor = try PlotArguments.optionalColor(v, interp) }
        if let v = d["linewidth"] ?? d["lw"] { box.linewidth = try PlotArguments.double(v, interp, "linewidth") }
        if let v = d["alpha"] { box.alpha = try PlotArguments.optionalDouble(v, interp, "alpha") }
        if let v = d["pad"] { box.pad = try PlotArguments.double(v, interp, "pad") }
        return box
    }

    static func text(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(try textKeywords(args, interp), artist: "Text", accepted: textProperties)
        var transform = Coordinates.data
        if case .object(let o) = p["transform"], let t = o as? TransformObject { transform = t.coordinates }
        let t = ax.axes.text(try args.double("x"), try args.double("y"), try PlotArguments.string(args["s"], interp),
                             fontsize: try PlotArguments.fontSize(p["fontsize"], interp),
                             color: try PlotArguments.optionalColor(p["color"], interp),
                             ha: try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp) ?? .left,
                             va: try PlotArguments.verticalAlignment(p["verticalalignment"], interp) ?? .baseline,
                             rotation: try rotation(p["rotation"], interp),
                             fontweight: try PlotArguments.fontWeight(p["fontweight"], interp) ?? .normal, transform: transform,
                             bbox: try textBox(p["bbox"], interp), alpha: try PlotArguments.optionalDouble(p["alpha"], interp, "alpha"),
                             zorder: try PlotArguments.optionalDouble(p["zorder"], interp, "zorder"))
        try applyCommon(t, p, interp)
        let object = ArtistObject.make(t)
        object.position = (args["x"], args["y"])
        return .object(object)
    }

    /// Degrees, or 'horizontal'/'vertical'.
    static func rotation(_ v: Value, _ interp: Interpreter) throws -> Double {
        switch v.stringValue {
        case "horizontal"?: return 0
        case "vertical"?: return 90
        case let s?: throw PyException.valueError("rotation must be 'vertical', 'horizontal' or a number, not \(s)")
        case nil: return try PlotArguments.optionalDouble(v, interp, "rotation") ?? 0
        }
    }

    static func annotationCoordinates(_ v: Value, _ interp: Interpreter) throws -> AnnotationCoordinates? {
        if v.isNone { return nil }
        let s = try PlotArguments.string(v, interp)
        guard let c = AnnotationCoordinates(rawValue: s) else { throw PyException.valueError("'\(s)' is not a valid coordinate system") }
        return c
    }

    static func arrow(_ v: Value, _ interp: Interpreter) throws -> ArrowProperties? {
        guard case .object(let o) = v, let d = o as? PyDict else { return nil }
        func number(_ names: String...) throws -> Double? {
            for n in names { if let v = d[n] { return try PlotArguments.double(v, interp, n) } }
            return nil
        }
        return try PlotArguments.bridged {
            try ArrowProperties(arrowstyle: d["arrowstyle"]?.stringValue, color: try d["color"].flatMap { try PlotArguments.optionalColor($0, interp) },
                                facecolor: try (d["facecolor"] ?? d["fc"]).flatMap { try PlotArguments.optionalColor($0, interp) },
                                edgecolor: try (d["edgecolor"] ?? d["ec"]).flatMap { try PlotArguments.optionalColor($0, interp) },
                                linewidth: try number("linewidth", "lw"),
                                linestyle: try (d["linestyle"] ?? d["ls"]).flatMap { try PlotArguments.lineStyle($0, interp) } ?? .solid,
                                shrink: try number("shrink") ?? 0, width: try number("width") ?? 4, headwidth: try number("headwidth") ?? 12,
                                headlength: try number("headlength") ?? 12, shrinkA: try number("shrinkA") ?? 2, shrinkB: try number("shrinkB") ?? 2)
        }
    }

    static func annotate(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "Annotation", accepted: textProperties)
        let xy = try PlotArguments.pair(args["xy"], interp, "xy")
        let a = ax.axes.annotate(try PlotArguments.string(args["text"], interp), xy: xy,
                                 xytext: try PlotArguments.optionalPair(args["xytext"], interp, "xytext"),
                                 xycoords: try annotationCoordinates(args["xycoords"], interp) ?? .data,
                                 textcoords: try annotationCoordinates(args["textcoords"], interp),
                                 arrowprops: try arrow(args["arrowprops"], interp),
                                 fontsize: try PlotArguments.fontSize(p["fontsize"], interp),
                                 color: try PlotArguments.optionalColor(p["color"], interp),
                                 ha: try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp) ?? .left,
                                 va: try PlotArguments.verticalAlignment(p["verticalalignment"], interp) ?? .baseline,
                                 rotation: try rotation(p["rotation"], interp),
                                 fontweight: try PlotArguments.fontWeight(p["fontweight"], interp) ?? .normal,
                                 bbox: try textBox(p["bbox"], interp))
        try applyCommon(a, p, interp)
        let object = ArtistObject.make(a)
        let position = try interp.collect(args["xytext"].isNone ? args["xy"] : args["xytext"])
        if position.count == 2 { object.position = (position[0], position[1]) }
        return .object(object)
    }

    static let plotting: [AxesFunction] = [
        AxesFunction(name: "plot", pyplotName: "plot", signature: "*args, **kwargs") { interp, ax, args in
            .object(PyList(try plotLines(interp, ax.axes, args.varArgs, args.varKeywords)))
        },
        AxesFunction(name: "semilogx", pyplotName: "semilogx", signature: "*args, **kwargs") { interp, ax, args in
            try scaled(interp, ax, args, x: true, y: false)
        },
        AxesFunction(name: "semilogy", pyplotName: "semilogy", signature: "*args, **kwargs") { interp, ax, args in
            try scaled(interp, ax, args, x: false, y: true)
        },
        AxesFunction(name: "loglog", pyplotName: "loglog", signature: "*args, **kwargs") { interp, ax, args in
            try scaled(interp, ax, args, x: true, y: true)
        },
        AxesFunction(name: "scatter", pyplotName: "scatter",
                     signature: "x, y, s=None, c=None, *, marker=None, cmap=None, norm=None, vmin=None, vmax=None, alpha=None, linewidths=None, edgecolors=None, **kwargs",
                     body: scatter),
        AxesFunction(name: "bar", pyplotName: "bar", signature: "x, height, width=0.8, bottom=None, *, align='center', **kwargs") { interp, ax, args in
            try bars(interp, ax, args, vertical: true)
        },
        AxesFunction(name: "barh", pyplotName: "barh", signature: "y, width, height=0.8, left=None, *, align='center', **kwargs") { interp, ax, args in
            try bars(interp, ax, args, vertical: false)
        },
        AxesFunction(name: "hist", pyplotName: "hist",
                     signature: "x, bins=None, *, range=None, density=False, weights=None, cumulative=False, bottom=None, histtype='bar', align='mid', orientation='vertical', rwidth=None, log=False, color=None, label=None, stacked=False, **kwargs",
                     body: hist),
        AxesFunction(name: "fill_between", pyplotName: "fill_between", signature: "x, y1, y2=0, where=None, **kwargs", body: fillBetween),
        AxesFunction(name: "axhline", pyplotName: "axhline", signature: "y=0, xmin=0, xmax=1, **kwargs") { interp, ax, args in
            try referenceLine(interp, ax, args, horizontal: true)
        },
        AxesFunction(name: "axvline", pyplotName: "axvline", signature: "x=0, ymin=0, ymax=1, **kwargs") { interp, ax, args in
            try referenceLine(interp, ax, args, horizontal: false)
        },
        AxesFunction(name: "imshow", pyplotName: "imshow",
                     signature: "X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, vmin=None, vmax=None, origin=None, extent=None, **kwargs",
                     body: imshow),
        AxesFunction(name: "text", pyplotName: "text", signature: "x, y, s, fontdict=None, **kwargs", body: text),
        AxesFunction(name: "annotate", pyplotName: "annotate",
                     signature: "text, xy, xytext=None, xycoords='data', textcoords=None, arrowprops=None, **kwargs",
                     body: annotate),
    ]
}
