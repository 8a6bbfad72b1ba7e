import Plot

/// Axes methods for the view: limits, scales, `axis(...)`, aspect and margins.
extension AxesMethods {
    static func limitsTuple(_ l: (Double, Double)) -> Value { PyTuple.make([.float(l.0), .float(l.1)]) }

    /// `set_xlim(left=None, right=None, *, emit=True, xmin=None, xmax=None)`;
    /// `left` may be a (left, right) pair.
    static func setLimits(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool) throws -> Value {
        let (lowName, highName) = x ? ("left", "right") : ("bottom", "top")
        var low = args[lowName], high = args[highName]
        if PlotArguments.isSequence(low) {
            guard high.isNone else { throw PyException.typeError("Cannot pass both '\(lowName)' and '\(highName)'") }
            let pair = try interp.collect(low)
            guard pair.count == 2 else { throw PyException.valueError("too many values to unpack (expected 2)") }
            (low, high) = (pair[0], pair[1])
        }
        let minName = x ? "xmin" : "ymin", maxName = x ? "xmax" : "ymax"
        if !args[minName].isNone {
            guard low.isNone else { throw PyException.typeError("Cannot pass both '\(lowName)' and '\(minName)'") }
            low = args[minName]
        }
        if !args[maxName].isNone {
            guard high.isNone else { throw PyException.typeError("Cannot pass both '\(highName)' and '\(maxName)'") }
            high = args[maxName]
        }
        let a = try PlotArguments.optionalDouble(low, interp, lowName), b = try PlotArguments.optionalDouble(high, interp, highName)
        if x { try ax.axes.setXlim(a, b) } else { try ax.axes.setYlim(a, b) }
        return limitsTuple(x ? ax.axes.getXlim() : ax.axes.getYlim())
    }

    static func setScale(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments, x: Bool) throws -> Value {
        let p = try ArtistProperties(args.varKeywords, artist: x ? "XAxis" : "YAxis", accepted: ["base"])
        let base = try PlotArguments.optionalDouble(p["base"], interp, "base") ?? 10
        let value = try PlotArguments.string(args["value"], interp)
        if x { try ax.axes.setXscale(value, base: base) } else { try ax.axes.setYscale(value, base: base) }
        return .none
    }

    /// `axis()`, `axis('off')`, `axis([xmin, xmax, ymin, ymax])`, `axis(False)`: returns the limits.
    static func axis(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let arg = args["arg"]
        if case .bool(let on) = arg {
            try ax.axes.axis(on ? "on" : "off")
        } else if let s = arg.stringValue {
            try ax.axes.axis(s.lowercased())
        } else if !arg.isNone {
            try ax.axes.axis(limits: try PlotArguments.doubles(arg, interp, "axis"))
        }
        let limitNames = ["xmin", "xmax", "ymin", "ymax"]
        let kw = Dictionary(args.varKeywords, uniquingKeysWith: { $1 })
        for (name, _) in kw where !limitNames.contains(name) {
            throw PyException.attributeError("Axes.set() got an unexpected keyword argument '\(name)'")
        }
        if kw["xmin"] != nil || kw["xmax"] != nil {
            try ax.axes.setXlim(try kw["xmin"].flatMap { try PlotArguments.optionalDouble($0, interp, "xmin") },
                                try kw["xmax"].flatMap { try PlotArguments.optionalDouble($0, interp, "xmax") })
        }
        if kw["ymin"] != nil || kw["ymax"] != nil {
            try ax.axes.setYlim(try kw["ymin"].flatMap { try PlotArguments.optionalDouble($0, interp, "ymin") },
                                try kw["ymax"].flatMap { try PlotArguments.optionalDouble($0, interp, "ymax") })
        }
        let (x0, x1) = ax.axes.getXlim(), (y0, y1) = ax.axes.getYlim()
        return PyTuple.make([.float(x0), .float(x1), .float(y0), .float(y1)])
    }

    static func setAspect(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        let a = args["aspect"]
        let aspect: Aspect
        if let s = a.stringValue { aspect = try Aspect(parsing: s) } else {
            let v = try PlotArguments.double(a, interp, "aspect")
            guard v > 0, v.isFinite else { throw PyException.valueError("aspect must be finite and positive ") }
            aspect = .ratio(v)
        }
        var adjustable: Adjustable?
        if let s = try args.optionalString("adjustable") {
            guard let parsed = Adjustable(rawValue: s) else {
                throw PyException.valueError("'\(s)' is not a valid value for adjustable; supported values are 'box', 'datalim'")
            }
            adjustable = parsed
        }
        ax.axes.setAspect(aspect, adjustable: adjustable)
        return .none
    }

    static func margins(_ interp: Interpreter, _ ax: AxesObject, _ args: BoundArguments) throws -> Value {
        var x = try PlotArguments.optionalDouble(args["x"], interp, "x"), y = try PlotArguments.optionalDouble(args["y"], interp, "y")
        switch args.varArgs.count {
        case 0:
            if x == nil && y == nil { return PyTuple.make([.float(ax.axes.xmargin), .float(ax.axes.ymargin)]) }
        case 1:
            guard x == nil && y == nil else { throw PyException.typeError("Cannot pass both positional and keyword arguments for x and/or y.") }
            let m = try PlotArguments.double(args.varArgs[0], interp, "margins")
            (x, y) = (m, m)
        case 2:
            guard x == nil && y == nil else { throw PyException.typeError("Cannot pass both positional and keyword arguments for x and/or y.") }
            (x, y) = (try PlotArguments.double(args.varArgs[0], interp, "x"), try PlotArguments.double(args.varArgs[1], interp, "y"))
        default:
            throw PyException.typeError("Must pass a single positional argument for all margins, or one for each margin (x, y).")
        }
        try ax.axes.margins(x: x, y: y)
        return .none
    }

    static let limits: [AxesFunction] = [
        AxesFunction(name: "set_xlim", pyplotName: nil, signature: "left=None, right=None, *, emit=True, xmin=None, xmax=None") { interp, ax, args in
            try setLimits(interp, ax, args, x: true)
        },
        AxesFunction(name: "set_ylim", pyplotName: nil, signature: "bottom=None, top=None, *, emit=True, ymin=None, ymax=None") { interp, ax, args in
            try setLimits(interp, ax, args, x: false)
        },
        AxesFunction(name: "get_xlim", pyplotName: nil, signature: "") { _, ax, _ in limitsTuple(ax.axes.getXlim()) },
        AxesFunction(name: "get_ylim", pyplotName: nil, signature: "") { _, ax, _ in limitsTuple(ax.axes.getYlim()) },
        AxesFunction(name: "set_xscale", pyplotName: "xscale", signature: "value, **kwargs") { interp, ax, args in
            try setScale(interp, ax, args, x: true)
        },
        AxesFunction(name: "set_yscale", pyplotName: "yscale", signature: "value, **kwargs") { interp, ax, args in
            try setScale(interp, ax, args, x: false)
        },
        AxesFunction(name: "get_xscale", pyplotName: nil, signature: "") { _, ax, _ in .str(ax.axes.getXscale()) },
        AxesFunction(name: "get_yscale", pyplotName: nil, signature: "") { _, ax, _ in .str(ax.axes.getYscale()) },
        AxesFunction(name: "axis", pyplotName: "axis", signature: "arg=None, /, *, emit=True, **kwargs", body: axis),
        AxesFunction(name: "set_aspect", pyplotName: nil, signature: "aspect, adjustable=None", body: setAspect),
        AxesFunction(name: "margins", pyplotName: "margins", signature: "*margins, x=None, y=None, tight=True", body: margins),
        AxesFunction(name: "invert_xaxis", pyplotName: nil, signature: "") { _, ax, _ in
            ax.axes.invertXaxis()
            return .none
        },
        AxesFunction(name: "invert_yaxis", pyplotName: nil, signature: "") { _, ax, _ in
            ax.axes.invertYaxis()
            return .none
        },
    ]
}
