import Plot

/// Axes methods that decorate rather than plot: titles, axis labels, legend, grid, ticks,
/// limits, scales, aspect.
extension AxesMethods {
    /// A Text value for a title or label just set.
    static func textValue(_ text: Text, x: Value, y: Value) -> Value {
        let object = ArtistObject.make(text)
        object.position = (x, y)
        return .object(object)
    }

    static func labelStyle(_ args: BoundArguments, _ interp: Interpreter) throws -> (Double?, Color?, FontWeight?) {
        let p = try ArtistProperties(try textKeywords(args, interp), artist: "Text", accepted: textProperties)
        return (try PlotArguments.fontSize(p["fontsize"], interp), try PlotArguments.optionalColor(p["color"], interp),
                try PlotArguments.fontWeight(p["fontweight"], interp))
    }

    static func setTitle(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let (size, color, weight) = try labelStyle(args, interp)
        var loc = TitleLocation.center
        if let s = try args.optionalString("loc") {
            guard let l = TitleLocation(rawValue: s) else {
                throw PyException.valueError("'\(s)' is not a valid value for loc; supported values are 'left', 'center', 'right'")
            }
            loc = l
        }
        let t = ax.axes.setTitle(try PlotArguments.string(args["label"], interp), loc: loc,
                                 pad: try PlotArguments.optionalDouble(args["pad"], interp, "pad"), fontsize: size,
                                 fontweight: weight ?? .normal, color: color ?? .black)
        return textValue(t, x: .float(loc == .left ? 0 : loc == .right ? 1 : 0.5), y: .float(1))
    }

    static func setLabel(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool) throws -> Value {
        let (size, color, weight) = try labelStyle(args, interp)
        let text = try PlotArguments.string(args[x ? "xlabel" : "ylabel"], interp)
        let pad = try PlotArguments.optionalDouble(args["labelpad"], interp, "labelpad")
        if x {
            ax.axes.setXlabel(text, fontsize: size, labelpad: pad, color: color, fontweight: weight)
            return textValue(ax.axes.xaxis.label, x: .float(0.5), y: .int(0))
        }
        ax.axes.setYlabel(text, fontsize: size, labelpad: pad, color: color, fontweight: weight)
        return textValue(ax.axes.yaxis.label, x: .int(0), y: .float(0.5))
    }

    /// `legend()`, `legend(labels)`, `legend(handles, labels)`, with matplotlib's warning
    /// when nothing has a label.
    static func legend(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        var handles: [Artist]?
        var labels: [String]?
        func artists(_ v: Value) throws -> [Artist] {
            try interp.collect(v).compactMap { item in
                guard case .object(let o) = item else { return nil }
                if let a = o as? ArtistObject { return a.artist }
                if let c = o as? BarContainerObject { return c.container.patches.first }
                if let l = o as? PyList, let first = l.items.first, case .object(let inner) = first, let a = inner as? ArtistObject {
                    return a.artist
                }
                throw PyException.typeError("Legend does not support handles for \(item.type.name) instances.")
            }
        }
        func strings(_ v: Value) throws -> [String] { try interp.collect(v).map { try PlotArguments.string($0, interp) } }
        let kw = Dictionary(args.varKeywords, uniquingKeysWith: { $1 })
        switch args.varArgs.count {
        case 0: break
        case 1: labels = try strings(args.varArgs[0])
        case 2:
            handles = try artists(args.varArgs[0])
            labels = try strings(args.varArgs[1])
        default:
            throw PyException.typeError("legend() takes 0-2 positional arguments but \(args.varArgs.count) were given")
        }
        if let h = kw["handles"] { handles = try artists(h) }
        if let l = kw["labels"] { labels = try strings(l) }
        let known: Set<String> = ["handles", "labels", "loc", "fontsize", "ncol", "ncols", "frameon", "title", "title_fontsize",
                                  "bbox_to_anchor", "framealpha", "fancybox", "facecolor", "edgecolor", "labelcolor", "markerscale",
                                  "borderpad", "labelspacing", "handlelength", "handletextpad", "borderaxespad", "columnspacing", "prop"]
        for (name, _) in args.varKeywords where !known.contains(name) {
            throw PyException.typeError("Legend.__init__() got an unexpected keyword argument '\(name)'")
        }
        func number(_ name: String) throws -> Double? { try kw[name].flatMap { try PlotArguments.optionalDouble($0, interp, name) } }
        var fontsize = try kw["fontsize"].flatMap { try PlotArguments.fontSize($0, interp) }
        if case .object(let o)? = kw["prop"], let prop = o as? PyDict, let size = prop["size"] {
            fontsize = try PlotArguments.fontSize(size, interp)
        }
        let ncols = try (kw["ncols"] ?? kw["ncol"]).map { try interp.toInt($0, what: "ncols") } ?? 1
        let legend = try ax.axes.legend(handles: handles, labels: labels, fontsize: fontsize, ncols: ncols,
                                        frameon: try kw["frameon"].map { try interp.truthy($0) } ?? true,
                                        title: try kw["title"].flatMap { try PlotArguments.optionalString($0, interp) },
                                        titleFontsize: try kw["title_fontsize"].flatMap { try PlotArguments.fontSize($0, interp) },
                                        framealpha: try number("framealpha"),
                                        fancybox: try kw["fancybox"].map { v in try v.isNone || interp.truthy(v) } ?? true,
                                        facecolor: try kw["facecolor"].flatMap { try PlotArguments.optionalColor($0, interp) },
                                        edgecolor: try kw["edgecolor"].flatMap { try PlotArguments.optionalColor($0, interp) },
                                        labelcolor: try kw["labelcolor"].flatMap { try PlotArguments.optionalColor($0, interp) },
                                        markerscale: try number("markerscale") ?? 1, borderpad: try number("borderpad"),
                                        labelspacing: try number("labelspacing"), handlelength: try number("handlelength"),
                                        handletextpad: try number("handletextpad"), columnspacing: try number("columnspacing"))
        // matplotlib gathers the entries (and warns) before it checks the placement.
        if handles == nil && labels == nil && legend.labels.isEmpty {
            PlotWarnings.warn("No artists with labels found to put in legend.  Note that artists whose label start with an underscore are ignored when legend() is called with no argument.",
                              session: ax.session, interp)
        }
        if let anchor = try kw["bbox_to_anchor"].flatMap({ try PlotArguments.optionalDoubles($0, interp, "bbox_to_anchor") }) {
            guard anchor.count == 2 || anchor.count == 4 else { throw PyException.valueError("Invalid bbox: \(anchor)") }
            legend.bboxToAnchor = anchor
        }
        if let pad = try number("borderaxespad") { legend.borderaxespad = pad }
        if let l = kw["loc"] {
            if PlotArguments.isSequence(l) {
                legend.bboxToAnchor = try PlotArguments.doubles(l, interp, "loc")
                legend.loc = .lowerLeft
                legend.borderaxespad = 0
            } else {
                legend.loc = try PlotArguments.legendLocation(l, interp)
            }
        }
        return .object(LegendObject(legend))
    }

    static func grid(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: "Line2D", accepted: ["color", "linestyle", "linewidth", "alpha"])
        try ax.axes.grid(args["visible"].isNone ? nil : try args.bool("visible"), which: try args.string("which"),
                         axis: try args.string("axis"), color: try PlotArguments.optionalColor(p["color"], interp),
                         linestyle: try PlotArguments.lineStyle(p["linestyle"], interp),
                         linewidth: try PlotArguments.optionalDouble(p["linewidth"], interp, "linewidth"),
                         alpha: try PlotArguments.optionalDouble(p["alpha"], interp, "alpha"))
        return .none
    }

    /// `set_xticks(ticks, labels=None, *, minor=False, **kwargs)` and the y twin.
    static func setTicks(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool) throws -> Value {
        let ticks = try PlotArguments.doubles(args["ticks"], interp, "ticks")
        let labels = args["labels"].isNone ? nil : try interp.collect(args["labels"]).map { try PlotArguments.string($0, interp) }
        let minor = try args.bool("minor")
        if x { try ax.axes.setXticks(ticks, labels: labels, minor: minor) } else { try ax.axes.setYticks(ticks, labels: labels, minor: minor) }
        try tickLabelStyle(interp, ax, args.varKeywords, x: x)
        return .object(PyList(ticks.map { .float($0) }))
    }

    static func tickLabelStyle(_ interp: Interpreter, _ ax: AxesObject, _ kwargs: [(String, Value)], x: Bool) throws {
        guard !kwargs.isEmpty else { return }
        let p = try ArtistProperties(kwargs, artist: "Text", accepted: ["rotation", "fontsize", "horizontalalignment"])
        try ax.axes.setTicklabelProperties(x ? "x" : "y", rotation: p.has("rotation") ? try rotation(p["rotation"], interp) : nil,
                                           fontsize: try PlotArguments.fontSize(p["fontsize"], interp),
                                           ha: try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp))
    }

    static func setTickLabels(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool) throws -> Value {
        let labels = try interp.collect(args["labels"]).map { try PlotArguments.string($0, interp) }
        let p = try ArtistProperties(try textKeywords(args, interp), artist: "Text", accepted: ["rotation", "fontsize", "horizontalalignment"])
        let rot = p.has("rotation") ? try rotation(p["rotation"], interp) : nil
        let size = try PlotArguments.fontSize(p["fontsize"], interp)
        let ha = try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp)
        if x { ax.axes.setXticklabels(labels, rotation: rot, fontsize: size, ha: ha) } else {
            ax.axes.setYticklabels(labels, rotation: rot, fontsize: size, ha: ha)
        }
        return .none
    }

    static func tickParams(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let kw = Dictionary(args.varKeywords, uniquingKeysWith: { $1 })
        let known: Set<String> = ["which", "direction", "length", "width", "color", "pad", "labelsize", "labelcolor", "labelrotation",
                                  "bottom", "top", "left", "right", "labelbottom", "labeltop", "labelleft", "labelright", "colors"]
        for (name, _) in args.varKeywords where !known.contains(name) {
            throw PyException.valueError("keyword \(name) is not recognized; valid keywords are \(known.sorted())")
        }
        func flag(_ name: String) throws -> Bool? { try kw[name].map { try interp.truthy($0) } }
        func number(_ name: String) throws -> Double? { try kw[name].flatMap { try PlotArguments.optionalDouble($0, interp, name) } }
        var direction: TickDirection?
        if let d = try kw["direction"].flatMap({ try PlotArguments.optionalString($0, interp) }) {
            guard let parsed = TickDirection(rawValue: d) else {
                throw PyException.valueError("'\(d)' is not a valid value for direction; supported values are 'in', 'out', 'inout'")
            }
            direction = parsed
        }
        let colors = try kw["colors"].flatMap { try PlotArguments.optionalColor($0, interp) }
        try ax.axes.tickParams(axis: try args.string("axis"), which: try kw["which"].map { try PlotArguments.string($0, interp) } ?? "major",
                               direction: direction, length: try number("length"), width: try number("width"),
                               color: try kw["color"].flatMap { try PlotArguments.optionalColor($0, interp) } ?? colors,
                               pad: try number("pad"), labelsize: try kw["labelsize"].flatMap { try PlotArguments.fontSize($0, interp) },
                               labelcolor: try kw["labelcolor"].flatMap { try PlotArguments.optionalColor($0, interp) } ?? colors,
                               labelrotation: try number("labelrotation"), bottom: try flag("bottom"), top: try flag("top"),
                               left: try flag("left"), right: try flag("right"), labelbottom: try flag("labelbottom"),
                               labeltop: try flag("labeltop"), labelleft: try flag("labelleft"), labelright: try flag("labelright"))
        return .none
    }

    static let decorations: [AxesFunction] = [
        AxesFunction(name: "set_title", pyplotName: "title", signature: "label, fontdict=None, loc=None, pad=None, **kwargs", body: setTitle),
        AxesFunction(name: "get_title", pyplotName: nil, signature: "loc='center'") { interp, ax, args in
            guard let loc = TitleLocation(rawValue: try args.string("loc")) else {
                throw PyException.valueError("'\(try args.string("loc"))' is not a valid value for loc; supported values are 'left', 'center', 'right'")
            }
            return .str(ax.axes.getTitle(loc: loc))
        },
        AxesFunction(name: "set_xlabel", pyplotName: "xlabel", signature: "xlabel, fontdict=None, labelpad=None, **kwargs") { interp, ax, args in
            try setLabel(interp, ax, args, x: true)
        },
        AxesFunction(name: "set_ylabel", pyplotName: "ylabel", signature: "ylabel, fontdict=None, labelpad=None, **kwargs") { interp, ax, args in
            try setLabel(interp, ax, args, x: false)
        },
        AxesFunction(name: "get_xlabel", pyplotName: nil, signature: "") { _, ax, _ in .str(ax.axes.getXlabel()) },
        AxesFunction(name: "get_ylabel", pyplotName: nil, signature: "") { _, ax, _ in .str(ax.axes.getYlabel()) },
        AxesFunction(name: "legend", pyplotName: "legend", signature: "*args, **kwargs", body: legend),
        AxesFunction(name: "get_legend", pyplotName: nil, signature: "") { _, ax, _ in
            ax.axes.getLegend().map { .object(LegendObject($0)) } ?? .none
        },
        AxesFunction(name: "grid", pyplotName: "grid", signature: "visible=None, which='major', axis='both', **kwargs", body: grid),
        AxesFunction(name: "set_xticks", pyplotName: nil, signature: "ticks, labels=None, *, minor=False, **kwargs") { interp, ax, args in
            try setTicks(interp, ax, args, x: true)
        },
        AxesFunction(name: "set_yticks", pyplotName: nil, signature: "ticks, labels=None, *, minor=False, **kwargs") { interp, ax, args in
            try setTicks(interp, ax, args, x: false)
        },
        AxesFunction(name: "get_xticks", pyplotName: nil, signature: "") { _, ax, _ in
            PlotArguments.array(ax.axes.getXticks())
        },
        AxesFunction(name: "get_yticks", pyplotName: nil, signature: "") { _, ax, _ in
            PlotArguments.array(ax.axes.getYticks())
        },
        AxesFunction(name: "set_xticklabels", pyplotName: nil, signature: "labels, *, minor=False, fontdict=None, **kwargs") { interp, ax, args in
            try setTickLabels(interp, ax, args, x: true)
        },
        AxesFunction(name: "set_yticklabels", pyplotName: nil, signature: "labels, *, minor=False, fontdict=None, **kwargs") { interp, ax, args in
            try setTickLabels(interp, ax, args, x: false)
        },
        AxesFunction(name: "tick_params", pyplotName: "tick_params", signature: "axis='both', **kwargs", body: tickParams),
        AxesFunction(name: "set_facecolor", pyplotName: nil, signature: "color") { interp, ax, args in
            ax.axes.facecolor = try PlotArguments.color(args["color"], interp)
            return .none
        },
        AxesFunction(name: "cla", pyplotName: "cla", signature: "") { _, ax, _ in
            ax.axes.clear()
            return .none
        },
        AxesFunction(name: "clear", pyplotName: nil, signature: "") { _, ax, _ in
            ax.axes.clear()
            return .none
        },
        AxesFunction(name: "get_figure", pyplotName: nil, signature: "") { _, ax, _ in
            ax.axes.figure.map { .object(ax.session.wrap($0)) } ?? .none
        },
        AxesFunction(name: "set", pyplotName: nil, signature: "**kwargs") { interp, ax, args in
            for (name, value) in args.varKeywords {
                let setter = "set_" + name
                guard all.contains(where: { $0.name == setter }) else {
                    throw PyException.attributeError("Axes.set() got an unexpected keyword argument '\(name)'")
                }
                let star = PlotArguments.isSequence(value) && (name.hasSuffix("lim")) ? try interp.collect(value) : [value]
                _ = try interp.callMethod(.object(ax), setter, star)
            }
            return .none
        },
    ]
}
