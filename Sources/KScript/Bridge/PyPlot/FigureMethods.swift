import Plot

/// The methods of `matplotlib.figure.Figure`: `savefig`, `suptitle`, `tight_layout`,
/// `add_subplot`, `subplots`, `gca`, `text`, `subplots_adjust`, `clf`, sizes.
enum FigureMethods {
    static func define(on t: PyType) {
        func method(_ name: String, _ signature: String, _ body: @escaping (Interpreter, FigureObject, BoundArguments) throws -> Value) {
            t.defineMethod(name, signature) { interp, args in
                let fig = try args.receiver(as: FigureObject.self, name)
                return try PlotArguments.bridged { try body(interp, fig, args) }
            }
        }
        method("savefig", savefigSignature, savefig)
        method("suptitle", "t, **kwargs", suptitle)
        method("tight_layout", tightLayoutSignature, tightLayout)
        method("subplots_adjust", subplotsAdjustSignature, subplotsAdjust)
        method("add_subplot", "*args, **kwargs") { interp, fig, args in
            let ax = try addSubplot(fig.figure, args.varArgs, interp)
            fig.session.pyplot.sca(ax)
            return .object(fig.session.wrap(ax))
        }
        method("add_axes", "rect") { interp, fig, args in
            let ax = try fig.figure.addAxes(try PlotArguments.doubles(args["rect"], interp, "rect"))
            fig.session.pyplot.sca(ax)
            return .object(fig.session.wrap(ax))
        }
        method("subplots", "nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True") { interp, fig, args in
            let grid = try fig.figure.subplots(nrows: try args.int("nrows"), ncols: try args.int("ncols"),
                                               sharex: try share(args["sharex"], interp), sharey: try share(args["sharey"], interp))
            if let last = grid.last?.last { fig.session.pyplot.sca(last) }
            return axesGrid(grid, squeeze: try args.bool("squeeze"), session: fig.session)
        }
        method("gca", "") { _, fig, _ in
            fig.session.pyplot.setCurrentFigure(fig.figure)
            return .object(fig.session.wrap(try fig.session.pyplot.gca()))
        }
        method("get_axes", "") { _, fig, _ in .object(PyList(fig.figure.axes.map { .object(fig.session.wrap($0)) })) }
        method("text", "x, y, s, fontdict=None, **kwargs") { interp, fig, args in
            let p = try ArtistProperties(try AxesMethods.textKeywords(args, interp), artist: "Text", accepted: AxesMethods.textProperties)
            let text = fig.figure.text(try args.double("x"), try args.double("y"), try PlotArguments.string(args["s"], interp),
                                       fontsize: try PlotArguments.fontSize(p["fontsize"], interp),
                                       color: try PlotArguments.optionalColor(p["color"], interp) ?? .black,
                                       ha: try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp) ?? .left,
                                       va: try PlotArguments.verticalAlignment(p["verticalalignment"], interp) ?? .baseline,
                                       rotation: try AxesMethods.rotation(p["rotation"], interp),
                                       fontweight: try PlotArguments.fontWeight(p["fontweight"], interp) ?? .normal)
            return AxesMethods.textValue(text, x: args["x"], y: args["y"])
        }
        method("clf", "keep_observers=False") { _, fig, _ in
            fig.figure.clear()
            return .none
        }
        method("clear", "keep_observers=False") { _, fig, _ in
            fig.figure.clear()
            return .none
        }
        method("set_size_inches", "w, h=None") { interp, fig, args in
            let size = args["h"].isNone ? try PlotArguments.pair(args["w"], interp, "w") : (try args.double("w"), try args.double("h"))
            guard size.0 > 0, size.1 > 0, size.0.isFinite, size.1.isFinite else {
                throw PyException.valueError("figure size must be positive finite not \(try interp.repr(args["w"]))")
            }
            fig.figure.figsize = size
            return .none
        }
        method("get_size_inches", "") { _, fig, _ in
            PyTuple.make([.float(fig.figure.figsize.width), .float(fig.figure.figsize.height)])
        }
        t.defineMethod("__repr__", "") { _, args in
            let fig = try args.receiver(as: FigureObject.self, "__repr__")
            let n = fig.figure.axes.count
            return .str("<Figure size \(fig.pixelSize) with \(n) Axes>")
        }
        t.defineMethod("__str__", "") { _, args in .str("Figure(\(try args.receiver(as: FigureObject.self, "__str__").pixelSize))") }
        t.defineProperty("axes") { _, v in
            guard case .object(let o) = v, let fig = o as? FigureObject else { return .none }
            return .object(PyList(fig.figure.axes.map { .object(fig.session.wrap($0)) }))
        }
        t.defineProperty("number") { _, v in
            guard case .object(let o) = v, let fig = o as? FigureObject else { return .none }
            return .int(fig.figure.number)
        }
        t.defineProperty("dpi") { _, v in
            guard case .object(let o) = v, let fig = o as? FigureObject else { return .none }
            return .float(fig.figure.dpi)
        }
        t.defineProperty("transFigure") { _, _ in .object(TransformObject(.figure)) }
    }

    static let savefigSignature = "fname, *, dpi=None, format=None, bbox_inches=None, pad_inches=0.1, facecolor=None, transparent=False"

    /// `savefig(fname, ...)`; `dpi='figure'` keeps the figure's dpi.
    static func savefig(_ interp: Interpreter, _ fig: FigureObject, _ args: BoundArguments) throws -> Value {
        let dpi = args["dpi"].stringValue == "figure" ? nil : try PlotArguments.optionalDouble(args["dpi"], interp, "dpi")
        let facecolor = args["facecolor"].stringValue == "auto" ? nil : try PlotArguments.optionalColor(args["facecolor"], interp)
        let path = try PlotArguments.string(args["fname"], interp)
        try fig.figure.savefig(path, dpi: dpi, format: try args.optionalString("format"),
                               bboxInches: try args.optionalString("bbox_inches"),
                               padInches: try args.double("pad_inches"), facecolor: facecolor, transparent: try args.bool("transparent"))
        return .none
    }

    static func suptitle(_ interp: Interpreter, _ fig: FigureObject, _ args: BoundArguments) throws -> Value {
        var accepted = AxesMethods.textProperties
        accepted.formUnion(["x", "y"])
        let p = try ArtistProperties(args.varKeywords, artist: "Text", accepted: accepted)
        let x = try PlotArguments.optionalDouble(p["x"], interp, "x") ?? 0.5, y = try PlotArguments.optionalDouble(p["y"], interp, "y") ?? 0.98
        let text = fig.figure.suptitle(try PlotArguments.string(args["t"], interp), x: x, y: y,
                                       fontsize: try PlotArguments.fontSize(p["fontsize"], interp),
                                       fontweight: try PlotArguments.fontWeight(p["fontweight"], interp) ?? .normal,
                                       color: try PlotArguments.optionalColor(p["color"], interp) ?? .black,
                                       ha: try PlotArguments.horizontalAlignment(p["horizontalalignment"], interp) ?? .center,
                                       va: try PlotArguments.verticalAlignment(p["verticalalignment"], interp) ?? .top)
        return AxesMethods.textValue(text, x: .float(x), y: .float(y))
    }

    static let tightLayoutSignature = "*, pad=1.08, h_pad=None, w_pad=None"

    static func tightLayout(_ interp: Interpreter, _ fig: FigureObject, _ args: BoundArguments) throws -> Value {
        fig.figure.tightLayout(pad: try args.double("pad"), hPad: try PlotArguments.optionalDouble(args["h_pad"], interp, "h_pad"),
                               wPad: try PlotArguments.optionalDouble(args["w_pad"], interp, "w_pad"))
        return .none
    }

    static let subplotsAdjustSignature = "left=None, bottom=None, right=None, top=None, wspace=None, hspace=None"

    static func subplotsAdjust(_ interp: Interpreter, _ fig: FigureObject, _ args: BoundArguments) throws -> Value {
        func v(_ name: String) throws -> Double? { try PlotArguments.optionalDouble(args[name], interp, name) }
        try fig.figure.subplotsAdjust(left: try v("left"), bottom: try v("bottom"), right: try v("right"), top: try v("top"),
                                      wspace: try v("wspace"), hspace: try v("hspace"))
        return .none
    }

    /// `sharex=`/`sharey=`: a bool, or 'all'/'none' ('row' and 'col' are not supported).
    static func share(_ v: Value, _ interp: Interpreter) throws -> Bool {
        switch v.stringValue {
        case "all"?: return true
        case "none"?: return false
        case let s?: throw PyException.valueError("kscript's subplots supports sharex/sharey True, False, 'all' or 'none', not '\(s)'")
        case nil: return try interp.truthy(v)
        }
    }

    /// `add_subplot()`, `add_subplot(121)`, `add_subplot(1, 2, 1)`, `add_subplot(2, 2, (1, 2))`.
    static func addSubplot(_ fig: Figure, _ args: [Value], _ interp: Interpreter) throws -> Axes {
        switch args.count {
        case 0: return try fig.addSubplot(1, 1, 1)
        case 1: return try fig.addSubplot(try interp.toInt(args[0], what: "subplot"))
        case 3:
            let (first, last) = try subplotIndex(args[2], interp)
            return try fig.addSubplot(try interp.toInt(args[0], what: "nrows"), try interp.toInt(args[1], what: "ncols"), first, last: last)
        default:
            throw PyException.typeError("add_subplot() takes 1 or 3 positional arguments but \(args.count) were given")
        }
    }

    /// A subplot index: a number, or a (first, last) span.
    static func subplotIndex(_ v: Value, _ interp: Interpreter) throws -> (Int, Int?) {
        if PlotArguments.isSequence(v) {
            let items = try interp.collect(v)
            guard items.count == 2 else { throw PyException.valueError("subplot index must be a number or a (first, last) pair") }
            return (try interp.toInt(items[0], what: "index"), try interp.toInt(items[1], what: "index"))
        }
        return (try interp.toInt(v, what: "index"), nil)
    }

    /// The Axes grid `subplots` returns: one Axes when squeezed 1x1, a 1-D array for a
    /// single row or column, else 2-D.
    static func axesGrid(_ grid: [[Axes]], squeeze: Bool, session: PlotSession) -> Value {
        let rows = grid.count, cols = grid.first?.count ?? 0
        let items: [Value] = grid.flatMap { $0.map { .object(session.wrap($0)) } }
        if squeeze {
            if rows == 1 && cols == 1 { return items[0] }
            if rows == 1 || cols == 1 { return .object(AxesArray(shape: [items.count], items: items)) }
        }
        return .object(AxesArray(shape: [rows, cols], items: items))
    }
}

/// `ax.transAxes`, `ax.transData`, `fig.transFigure`: the coordinate systems `text(...,
/// transform=...)` accepts.
final class TransformObject: PyObject {
    let coordinates: Coordinates

    init(_ coordinates: Coordinates) {
        self.coordinates = coordinates
        super.init(type: TransformObject.type)
    }

    static let type = PyType.native(name: "Transform", module: "matplotlib.transforms", doc: "A coordinate system of a figure.")
}
