import Plot

/// Methods and reprs of the artists plotting calls return (`Line2D`, `Text`, `AxesImage`,
/// `Rectangle`, `Legend`, `BarContainer`): the getters and setters scripts commonly use.
enum ArtistMethods {
    private static func artist<T: Artist>(_ args: BoundArguments, _ name: String, as: T.Type) throws -> T {
        let object = try args.receiver(as: ArtistObject.self, name)
        guard let a = object.artist as? T else {
            throw PyException.typeError("descriptor '\(name)' requires a different object, not '\(object.type.name)'")
        }
        return a
    }

    static func defineCommon(on t: PyType) {
        t.defineMethod("get_label", "") { _, args in .str(try artist(args, "get_label", as: Artist.self).label ?? "") }
        t.defineMethod("set_label", "s") { interp, args in
            try artist(args, "set_label", as: Artist.self).label = try PlotArguments.optionalString(args["s"], interp)
            return .none
        }
        t.defineMethod("get_visible", "") { _, args in .bool(try artist(args, "get_visible", as: Artist.self).visible) }
        t.defineMethod("set_visible", "b") { interp, args in
            try artist(args, "set_visible", as: Artist.self).visible = try interp.truthy(args["b"])
            return .none
        }
        t.defineMethod("set_alpha", "alpha") { interp, args in
            try artist(args, "set_alpha", as: Artist.self).alpha = try PlotArguments.optionalDouble(args["alpha"], interp, "alpha")
            return .none
        }
        t.defineMethod("set_zorder", "level") { interp, args in
            try artist(args, "set_zorder", as: Artist.self).zorder = try args.double("level")
            return .none
        }
    }

    static func defineLine(on t: PyType) {
        t.defineMethod("__str__", "") { _, args in .str("Line2D(\(try artist(args, "__str__", as: Line2D.self).label ?? ""))") }
        t.defineMethod("get_color", "") { _, args in .str(try artist(args, "get_color", as: Line2D.self).color.hexRGB) }
        t.defineMethod("set_color", "color") { interp, args in
            try artist(args, "set_color", as: Line2D.self).color = try PlotArguments.color(args["color"], interp)
            return .none
        }
        t.defineMethod("get_linestyle", "") { _, args in .str(try artist(args, "get_linestyle", as: Line2D.self).linestyle.shortName) }
        t.defineMethod("set_linestyle", "ls") { interp, args in
            try artist(args, "set_linestyle", as: Line2D.self).linestyle = try PlotArguments.lineStyle(args["ls"], interp) ?? .solid
            return .none
        }
        t.defineMethod("get_linewidth", "") { _, args in .float(try artist(args, "get_linewidth", as: Line2D.self).linewidth) }
        t.defineMethod("set_linewidth", "w") { interp, args in
            try artist(args, "set_linewidth", as: Line2D.self).linewidth = try args.double("w")
            return .none
        }
        t.defineMethod("get_marker", "") { _, args in .str(try artist(args, "get_marker", as: Line2D.self).marker.rawValue) }
        t.defineMethod("get_xdata", "orig=True") { _, args in .object(PyList(try artist(args, "get_xdata", as: Line2D.self).xdata.map { .float($0) })) }
        t.defineMethod("get_ydata", "orig=True") { _, args in .object(PyList(try artist(args, "get_ydata", as: Line2D.self).ydata.map { .float($0) })) }
        t.defineMethod("set_data", "*args") { interp, args in
            let line = try artist(args, "set_data", as: Line2D.self)
            let parts = args.varArgs.count == 1 ? try interp.collect(args.varArgs[0]) : args.varArgs
            guard parts.count == 2 else { throw PyException.typeError("set_data() takes 2 positional arguments") }
            let x = try PlotArguments.doubles(parts[0], interp, "x"), y = try PlotArguments.doubles(parts[1], interp, "y")
            guard x.count == y.count else { throw PyException.runtimeError("xdata and ydata must be the same length") }
            (line.xdata, line.ydata) = (x, y)
            return .none
        }
    }

    static func defineText(on t: PyType) {
        t.defineMethod("__repr__", "") { interp, args in
            let object = try args.receiver(as: ArtistObject.self, "__repr__")
            guard let text = object.artist as? Text else { return .str("Text") }
            let (x, y) = object.position ?? (.float(text.x), .float(text.y))
            let name = text is Annotation ? "Annotation" : "Text"
            return .str("\(name)(\(try interp.repr(x)), \(try interp.repr(y)), \(Interpreter.quote(text.text)))")
        }
        t.defineMethod("get_text", "") { _, args in .str(try artist(args, "get_text", as: Text.self).text) }
        t.defineMethod("set_text", "s") { interp, args in
            try artist(args, "set_text", as: Text.self).text = try PlotArguments.string(args["s"], interp)
            return .none
        }
        t.defineMethod("set_fontsize", "fontsize") { interp, args in
            let text = try artist(args, "set_fontsize", as: Text.self)
            text.style.fontSize = try PlotArguments.fontSize(args["fontsize"], interp) ?? text.style.fontSize
            return .none
        }
        t.defineMethod("set_color", "color") { interp, args in
            try artist(args, "set_color", as: Text.self).style.color = try PlotArguments.color(args["color"], interp)
            return .none
        }
        t.defineMethod("get_position", "") { _, args in
            let text = try artist(args, "get_position", as: Text.self)
            return PyTuple.make([.float(text.x), .float(text.y)])
        }
    }

    static func defineImage(on t: PyType) {
        t.defineMethod("__str__", "") { _, args in
            let image = try artist(args, "__str__", as: AxesImage.self).data
            let shape = image.channels == 1 ? "(\(image.height), \(image.width))" : "(\(image.height), \(image.width), \(image.channels))"
            return .str("AxesImage(shape=\(shape))")
        }
        t.defineMethod("get_clim", "") { _, args in
            let norm = try artist(args, "get_clim", as: AxesImage.self).norm
            return PyTuple.make([.float(norm.vmin), .float(norm.vmax)])
        }
        t.defineMethod("set_clim", "vmin=None, vmax=None") { interp, args in
            let image = try artist(args, "set_clim", as: AxesImage.self)
            if let v = try PlotArguments.optionalDouble(args["vmin"], interp, "vmin") { image.norm.vmin = v }
            if let v = try PlotArguments.optionalDouble(args["vmax"], interp, "vmax") { image.norm.vmax = v }
            return .none
        }
        t.defineMethod("set_cmap", "cmap") { interp, args in
            let image = try artist(args, "set_cmap", as: AxesImage.self)
            image.cmap = try PlotArguments.colormap(args["cmap"], interp) ?? image.cmap
            return .none
        }
    }

    static func defineRectangle(on t: PyType) {
        t.defineMethod("__str__", "") { interp, args in
            let r = try artist(args, "__str__", as: Rectangle.self)
            func g(_ v: Double) throws -> String { try interp.repr(v == v.rounded() && abs(v) < 1e15 ? .int(Int(v)) : .float(v)) }
            return .str("Rectangle(xy=(\(try g(r.x)), \(try g(r.y))), width=\(try g(r.width)), height=\(try g(r.height)), angle=0)")
        }
        t.defineMethod("get_height", "") { _, args in .float(try artist(args, "get_height", as: Rectangle.self).height) }
        t.defineMethod("get_width", "") { _, args in .float(try artist(args, "get_width", as: Rectangle.self).width) }
        t.defineMethod("get_x", "") { _, args in .float(try artist(args, "get_x", as: Rectangle.self).x) }
        t.defineMethod("get_y", "") { _, args in .float(try artist(args, "get_y", as: Rectangle.self).y) }
        t.defineMethod("set_color", "c") { interp, args in
            let r = try artist(args, "set_color", as: Rectangle.self)
            let c = try PlotArguments.color(args["c"], interp)
            r.facecolor = c
            r.edgecolor = c
            return .none
        }
        t.defineMethod("set_facecolor", "color") { interp, args in
            try artist(args, "set_facecolor", as: Rectangle.self).facecolor = try PlotArguments.color(args["color"], interp)
            return .none
        }
    }

    static func defineLegend(on t: PyType) {
        func me(_ args: BoundArguments, _ name: String) throws -> Legend { try args.receiver(as: LegendObject.self, name).legend }
        t.defineMethod("__str__", "") { _, _ in .str("Legend") }
        t.defineMethod("set_visible", "b") { interp, args in
            try me(args, "set_visible").visible = try interp.truthy(args["b"])
            return .none
        }
        t.defineMethod("get_visible", "") { _, args in .bool(try me(args, "get_visible").visible) }
    }

    static func defineBarContainer(on t: PyType) {
        func me(_ args: BoundArguments, _ name: String) throws -> BarContainerObject { try args.receiver(as: BarContainerObject.self, name) }
        t.defineMethod("__repr__", "") { _, args in .str("<BarContainer object of \(try me(args, "__repr__").patches.count) artists>") }
        t.defineMethod("__len__", "") { _, args in .int(try me(args, "__len__").patches.count) }
        t.defineMethod("__getitem__", "index, /") { interp, args in try interp.getItem(.object(PyList(try me(args, "__getitem__").patches)), args["index"]) }
        t.defineMethod("__iter__", "") { interp, args in try interp.iterator(.object(PyList(try me(args, "__iter__").patches))) }
        t.defineProperty("patches") { _, v in
            guard case .object(let o) = v, let c = o as? BarContainerObject else { return .none }
            return .object(PyList(c.patches))
        }
        t.defineMethod("get_label", "") { _, args in .str(try me(args, "get_label").container.label ?? "") }
    }
}
