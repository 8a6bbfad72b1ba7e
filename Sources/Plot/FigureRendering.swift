import Foundation

/// Output formats `savefig` writes.
public enum FigureFormat: String, CaseIterable {
    case svg, png, pdf

    /// The format for a `format=` argument or a file extension.
    public init(parsing name: String) throws {
        guard let f = FigureFormat(rawValue: name.lowercased()) else {
            throw PlotError.value("Format '\(name)' is not supported (supported formats: pdf, png, svg)")
        }
        self = f
    }
}

extension Figure {
    /// Lays out every Axes (autoscaling them first).
    func axesLayouts() -> [AxesLayout] {
        let size = sizeInPoints
        return axes.map { $0.layout(figureSize: size, dpi: dpi) }
    }

    private var figureContext: DrawContext {
        let (w, h) = sizeInPoints
        let identity = AxisMapping(scale: .linear, view: (0, 1), display: (0, 1))
        return DrawContext(axesBox: Rect(x0: 0, y0: 0, x1: w, y1: h), x: identity, y: identity,
                           figureBox: Rect(x0: 0, y0: 0, x1: w, y1: h), dpi: dpi)
    }

    private var figureTexts: [Text] {
        (suptitleText.map { [$0] } ?? []) + texts
    }

    /// The box around everything drawn (`get_tightbbox`), in points.
    public func tightBoundingBox() -> Rect {
        let layouts = axesLayouts()
        var box: Rect?
        for (ax, layout) in zip(axes, layouts) {
            let r = layout.tightBounds(forLayout: false, children: ax.children)
            box = box.map { $0.union(r) } ?? r
        }
        for t in figureTexts where t.visible {
            if let r = t.windowExtent(figureContext) { box = box.map { $0.union(r) } ?? r }
        }
        let (w, h) = sizeInPoints
        return box ?? Rect(x0: 0, y0: 0, x1: w, y1: h)
    }

    /// The figure as an SVG document. `bboxInches: "tight"` crops to the drawn content plus
    /// `padInches`; `transparent` leaves the background unpainted.
    public func svg(bboxInches: String? = nil, padInches: Double = 0.1, facecolor: Color? = nil,
                    transparent: Bool = false) throws -> String {
        let (w, h) = sizeInPoints
        var page = Rect(x0: 0, y0: 0, x1: w, y1: h)
        if let bboxInches {
            guard bboxInches == "tight" else {
                throw PlotError.value("bbox_inches must be 'tight' or None, not '\(bboxInches)'")
            }
            page = tightBoundingBox().padded(padInches * 72)
        }
        let renderer = SVGRenderer(width: page.width, height: page.height, origin: Point(page.x0, page.y0))
        renderer.openGroup(id: "figure_\(number)")
        if !transparent {
            renderer.openGroup(id: renderer.nextID("patch"))
            renderer.drawPath(PathData.rectangle(page), style: PathStyle(fill: facecolor ?? self.facecolor))
            renderer.closeGroup()
        }
        for (ax, layout) in zip(axes, axesLayouts()) {
            ax.render(renderer, layout)
        }
        for text in figureTexts where text.visible && !text.text.isEmpty {
            renderer.openGroup(id: renderer.nextID("text"))
            text.draw(renderer, figureContext)
            renderer.closeGroup()
        }
        renderer.closeGroup()
        return renderer.document()
    }

    /// `savefig(fname, dpi=None, format=None, bbox_inches=None, pad_inches=0.1, facecolor=None,
    /// transparent=False)`. SVG is written directly; PNG and PDF are converted from it with
    /// `rsvg-convert` (librsvg), and refused with an error when it is not installed.
    public func savefig(_ path: String, dpi: Double? = nil, format: String? = nil, bboxInches: String? = nil,
                        padInches: Double = 0.1, facecolor: Color? = nil, transparent: Bool = false) throws {
        let ext = (path as NSString).pathExtension
        let fmt = try FigureFormat(parsing: format ?? (ext.isEmpty ? "png" : ext))
        let document = try svg(bboxInches: bboxInches, padInches: padInches, facecolor: facecolor, transparent: transparent)
        let target = (format == nil && ext.isEmpty) ? path + ".png" : path
        switch fmt {
        case .svg:
            try write(Data(document.utf8), to: target)
        case .png, .pdf:
            guard let converter = Figure.findExecutable("rsvg-convert") else {
                throw PlotError.value("Format '\(fmt.rawValue)' needs rsvg-convert (librsvg2-bin), which is not installed; save as .svg instead")
            }
            let resolution = dpi ?? self.dpi
            let png = try Figure.run(converter, ["-f", fmt.rawValue, "-d", String(resolution), "-p", String(resolution)],
                                     input: Data(document.utf8))
            try write(png, to: target)
        }
    }

    private func write(_ data: Data, to path: String) throws {
        do {
            try data.write(to: URL(fileURLWithPath: path))
        } catch {
            throw PlotError(.osError, "[Errno 2] No such file or directory: '\(path)'")
        }
    }

    /// The path of an executable found on PATH.
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a program with `input` on stdin; returns its stdout.
    static func run(_ executable: String, _ arguments: [String], input: Data) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        // Feed stdin from another thread so a full stdout pipe cannot deadlock us.
        let writer = Thread {
            stdin.fileHandleForWriting.write(input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PlotError(.osError, "\((executable as NSString).lastPathComponent) failed: \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }
}
