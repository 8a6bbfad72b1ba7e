import Plot

/// The modules `matplotlib`, `matplotlib.pyplot` and `matplotlib.cm`. pyplot keeps one
/// `PlotSession` per interpreter (created with the module); its drawing and decoration
/// functions are the Axes methods applied to `gca()` (see `AxesMethods`), its figure
/// functions the Figure methods applied to `gcf()`.
enum PyPlotModule {
    static func install() {
        Interpreter.builtinModuleFactories["matplotlib"] = { _ in makeMatplotlib() }
        Interpreter.builtinModuleFactories["matplotlib.pyplot"] = { try makePyplot($0) }
        Interpreter.builtinModuleFactories["matplotlib.cm"] = { _ in makeColormaps() }
    }

    static func makeMatplotlib() -> PyModule {
        let m = PyModule(name: "matplotlib")
        m["__doc__"] = .str("An object-oriented plotting library (kscript's subset: figures written as SVG).")
        var backend = "agg"
        m.defineFunction("use", "backend, *, force=True") { _, args in
            backend = try args.string("backend").lowercased()
            return .none
        }
        m.defineFunction("get_backend", "") { _, _ in .str(backend) }
        return m
    }

    /// `matplotlib.cm`: the colormaps as attributes (`cm.viridis`, `cm.gray_r`), and `get_cmap`.
    static func makeColormaps() -> PyModule {
        let m = PyModule(name: "matplotlib.cm")
        for name in colormapNames {
            for variant in [name, name + "_r"] {
                if let cmap = try? Colormap(named: variant) { m[variant] = .object(ColormapObject(cmap)) }
            }
        }
        m.defineFunction("get_cmap", "name=None, lut=None") { interp, args in
            .object(ColormapObject(try PlotArguments.colormap(args["name"], interp) ?? .viridis))
        }
        return m
    }

    static let colormapNames = ["viridis", "plasma", "inferno", "magma", "cividis", "gray", "Greys", "binary", "bone", "hot",
                                "jet", "cool", "coolwarm", "RdBu", "seismic", "Blues", "Greens", "Reds", "Oranges", "Purples",
                                "YlGnBu", "spring", "summer", "autumn", "winter", "turbo", "rainbow"]

    static func makePyplot(_ interp: Interpreter) throws -> PyModule {
        let m = PyModule(name: "matplotlib.pyplot")
        m["__doc__"] = .str("matplotlib.pyplot: a state-based interface to matplotlib, drawing SVG figures.")
        let session = PlotSession()
        let plt = session.pyplot
        m["cm"] = .object(try interp.loadModule("matplotlib.cm"))

        func function(_ name: String, _ signature: String, _ body: @escaping (Interpreter, BoundArguments) throws -> Value) {
            m.defineFunction(name, signature) { interp, args in try PlotArguments.bridged { try body(interp, args) } }
        }
        func currentFigure() throws -> FigureObject { session.wrap(try plt.gcf()) }
        func currentAxes() throws -> AxesObject { session.wrap(try plt.gca()) }

        for f in AxesMethods.all {
            guard let name = f.pyplotName else { continue }
            function(name, f.signature) { interp, args in try f.body(interp, try currentAxes(), args) }
        }
        function("figure", "num=None, figsize=None, dpi=None, *, facecolor=None, clear=False") { interp, args in
            if case .object(let o) = args["num"], let fig = o as? FigureObject {
                plt.setCurrentFigure(fig.figure)
                return .object(fig)
            }
            let num = args["num"].isNone ? nil : try interp.toInt(args["num"], what: "num")
            let fig = try plt.figure(num: num, figsize: try PlotArguments.optionalPair(args["figsize"], interp, "figsize"),
                                     dpi: try PlotArguments.optionalDouble(args["dpi"], interp, "dpi"),
                                     facecolor: try PlotArguments.optionalColor(args["facecolor"], interp), clear: try args.bool("clear"))
            return .object(session.wrap(fig))
        }
        function("subplot", "*args, **kwargs") { interp, args in
            let a = args.varArgs
            let ax: Axes
            switch a.count {
            case 0: ax = try plt.subplot(1, 1, 1)
            case 1: ax = try plt.subplot(try interp.toInt(a[0], what: "subplot"))
            case 3:
                let (first, last) = try FigureMethods.subplotIndex(a[2], interp)
                ax = try plt.subplot(try interp.toInt(a[0], what: "nrows"), try interp.toInt(a[1], what: "ncols"), first, last: last)
            default:
                throw PyException.typeError("subplot() takes 1 or 3 positional arguments but \(a.count) were given")
            }
            return .object(session.wrap(ax))
        }
        function("subplots", "nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, figsize=None, dpi=None, facecolor=None") { interp, args in
            let (fig, grid) = try plt.subplots(nrows: try args.int("nrows"), ncols: try args.int("ncols"),
                                               sharex: try FigureMethods.share(args["sharex"], interp),
                                               sharey: try FigureMethods.share(args["sharey"], interp),
                                               figsize: try PlotArguments.optionalPair(args["figsize"], interp, "figsize"),
                                               dpi: try PlotArguments.optionalDouble(args["dpi"], interp, "dpi"))
            if let face = try PlotArguments.optionalColor(args["facecolor"], interp) { fig.facecolor = face }
            return PyTuple.make([.object(session.wrap(fig)), FigureMethods.axesGrid(grid, squeeze: try args.bool("squeeze"), session: session)])
        }
        function("axes", "arg=None") { interp, args in
            if args["arg"].isNone { return .object(try currentAxes()) }
            return .object(session.wrap(try plt.axes(try PlotArguments.doubles(args["arg"], interp, "arg"))))
        }
        function("gca", "") { _, _ in .object(try currentAxes()) }
        function("gcf", "") { _, _ in .object(try currentFigure()) }
        function("sca", "ax") { _, args in
            guard case .object(let o) = args["ax"], let ax = o as? AxesObject else {
                throw PyException.valueError("Axes instance argument was not found in a figure")
            }
            plt.sca(ax.axes)
            return .none
        }
        function("clf", "") { _, _ in
            try plt.clf()
            return .none
        }
        function("close", "fig=None") { interp, args in
            let fig = args["fig"]
            if fig.isNone {
                plt.close()
            } else if case .object(let o) = fig, let f = o as? FigureObject {
                plt.close(f.figure)
            } else if fig.stringValue == "all" {
                plt.closeAll()
            } else if let n = fig.intValue {
                plt.close(number: n)
            } else {
                throw PyException.typeError("close() argument must be a Figure, an int, a string, or None, not \(fig.type.name)")
            }
            return .none
        }
        function("show", "*, block=None") { _, _ in
            try plt.show()
            return .none
        }
        function("get_fignums", "") { _, _ in .object(PyList(plt.fignums().map { .int($0) })) }
        function("fignum_exists", "num") { interp, args in .bool(plt.fignums().contains(try interp.toInt(args["num"], what: "num"))) }
        function("savefig", FigureMethods.savefigSignature) { interp, args in try FigureMethods.savefig(interp, try currentFigure(), args) }
        function("suptitle", "t, **kwargs") { interp, args in try FigureMethods.suptitle(interp, try currentFigure(), args) }
        function("tight_layout", FigureMethods.tightLayoutSignature) { interp, args in
            try FigureMethods.tightLayout(interp, try currentFigure(), args)
        }
        function("subplots_adjust", FigureMethods.subplotsAdjustSignature) { interp, args in
            try FigureMethods.subplotsAdjust(interp, try currentFigure(), args)
        }
        for (name, setter, getter) in [("xlim", "set_xlim", "get_xlim"), ("ylim", "set_ylim", "get_ylim")] {
            function(name, "*args, **kwargs") { interp, args in
                let ax = Value.object(try currentAxes())
                if args.varArgs.isEmpty && args.varKeywords.isEmpty { return try interp.callMethod(ax, getter) }
                return try interp.callMethod(ax, setter, args.varArgs, args.varKeywords)
            }
        }
        for (name, x) in [("xticks", true), ("yticks", false)] {
            function(name, "ticks=None, labels=None, *, minor=False, **kwargs") { interp, args in
                let ax = try currentAxes()
                let given = args["ticks"].isNone ? nil : try interp.collect(args["ticks"])
                if let given {
                    let ticks = try given.map { try PlotArguments.double($0, interp, "ticks") }
                    let labels = args["labels"].isNone ? nil : try interp.collect(args["labels"]).map { try PlotArguments.string($0, interp) }
                    if x { try ax.axes.setXticks(ticks, labels: labels, minor: try args.bool("minor")) } else {
                        try ax.axes.setYticks(ticks, labels: labels, minor: try args.bool("minor"))
                    }
                } else if !args["labels"].isNone {
                    throw PyException.typeError("\(name)(): Parameter 'labels' can't be set without setting 'ticks'")
                }
                try AxesMethods.tickLabelStyle(interp, ax, args.varKeywords, x: x)
                let drawn = x ? ax.axes.getXticklabels() : ax.axes.getYticklabels()
                if let given {
                    // As NumPy converts them: all ints stay ints, else all become floats.
                    let positions = try given.allSatisfy { $0.intValue != nil }
                        ? given : given.map { Value.float(try PlotArguments.double($0, interp, "ticks")) }
                    return PyTuple.make([.object(PyList(given.map { _ in TickObjects.tick(x: x) })), TickObjects.labels(positions, drawn, x: x)])
                }
                // Locations include ticks just outside the view; labels are those drawn.
                let locations = x ? ax.axes.getXticks() : ax.axes.getYticks()
                let (lo, hi) = x ? ax.axes.getXlim() : ax.axes.getYlim()
                let inView = locations.filter { $0 >= min(lo, hi) - 1e-10 * abs(hi - lo) && $0 <= max(lo, hi) + 1e-10 * abs(hi - lo) }
                return PyTuple.make([PlotArguments.array(locations), TickObjects.labels(inView.map { .float($0) }, drawn, x: x)])
            }
        }
        function("get_cmap", "name=None, lut=None") { interp, args in
            .object(ColormapObject(try PlotArguments.colormap(args["name"], interp) ?? .viridis))
        }
        return m
    }
}
