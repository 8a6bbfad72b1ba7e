import Foundation
import Plot

/// The pyplot state of one interpreter: the `PyPlot` state machine, the script objects
/// wrapping its figures and Axes (so `plt.gca() is ax` holds), and the warnings already
/// shown. Created with the `matplotlib.pyplot` module; every wrapper keeps its session.
final class PlotSession {
    let pyplot = PyPlot()
    private var figureWrappers: [ObjectIdentifier: WeakWrapper<FigureObject>] = [:]
    private var axesWrappers: [ObjectIdentifier: WeakWrapper<AxesObject>] = [:]
    /// `file:line:message` of warnings printed (CPython shows each once per location).
    var shownWarnings: Set<String> = []

    private struct WeakWrapper<T: AnyObject> {
        weak var object: T?
    }

    init() {
        pyplot.showHandler = { [unowned self] figure in try FigureOutput.show(figure, session: self) }
    }

    func wrap(_ figure: Figure) -> FigureObject {
        if let existing = figureWrappers[ObjectIdentifier(figure)]?.object, existing.figure === figure { return existing }
        let object = FigureObject(figure, session: self)
        figureWrappers[ObjectIdentifier(figure)] = WeakWrapper(object: object)
        return object
    }

    func wrap(_ axes: Axes) -> AxesObject {
        if let existing = axesWrappers[ObjectIdentifier(axes)]?.object, existing.axes === axes { return existing }
        let object = AxesObject(axes, session: self)
        axesWrappers[ObjectIdentifier(axes)] = WeakWrapper(object: object)
        return object
    }
}

/// `matplotlib.figure.Figure`.
final class FigureObject: PyObject {
    let figure: Figure
    let session: PlotSession

    init(_ figure: Figure, session: PlotSession) {
        self.figure = figure
        self.session = session
        super.init(type: PlotTypes.figure)
    }

    /// `640x480`: the size in pixels at the figure's dpi.
    var pixelSize: String {
        "\(PlotFormat.g(figure.figsize.width * figure.dpi))x\(PlotFormat.g(figure.figsize.height * figure.dpi))"
    }
}

/// `matplotlib.axes.Axes`.
final class AxesObject: PyObject {
    let axes: Axes
    let session: PlotSession

    init(_ axes: Axes, session: PlotSession) {
        self.axes = axes
        self.session = session
        super.init(type: PlotTypes.axes)
    }
}

/// An artist an Axes method returned (`Line2D`, `Text`, `AxesImage`, `PathCollection`,
/// `PolyCollection`, `Rectangle`), typed by its matplotlib class.
final class ArtistObject: PyObject {
    let artist: Artist
    /// The position as the script gave it, for `Text(x, y, 's')` reprs.
    var position: (Value, Value)?

    init(_ artist: Artist, type: PyType) {
        self.artist = artist
        super.init(type: type)
    }

    /// The script type of a Plot artist.
    static func make(_ artist: Artist) -> ArtistObject {
        switch artist {
        case is Annotation: return ArtistObject(artist, type: PlotTypes.annotation)
        case is Text: return ArtistObject(artist, type: PlotTypes.text)
        case is Line2D: return ArtistObject(artist, type: PlotTypes.line2D)
        case is AxesImage: return ArtistObject(artist, type: PlotTypes.axesImage)
        case is PathCollection: return ArtistObject(artist, type: PlotTypes.pathCollection)
        case is PolyCollection: return ArtistObject(artist, type: PlotTypes.polyCollection)
        default: return ArtistObject(artist, type: PlotTypes.rectangle)
        }
    }
}

/// `matplotlib.legend.Legend`.
final class LegendObject: PyObject {
    let legend: Legend

    init(_ legend: Legend) {
        self.legend = legend
        super.init(type: PlotTypes.legend)
    }
}

/// `matplotlib.container.BarContainer`: the bars of one `bar`/`barh`/`hist` call, a
/// sequence of `Rectangle`s.
final class BarContainerObject: PyObject {
    let container: BarContainer
    let patches: [Value]

    init(_ container: BarContainer) {
        self.container = container
        patches = container.patches.map { .object(ArtistObject.make($0)) }
        super.init(type: PlotTypes.barContainer)
    }
}

/// A colormap value (`plt.cm.gray`, `matplotlib.cm.viridis`), accepted wherever `cmap=` is.
final class ColormapObject: PyObject {
    let colormap: Colormap

    init(_ colormap: Colormap) {
        self.colormap = colormap
        super.init(type: PlotTypes.colormap)
    }
}

/// The script types of the bridge, created once per process.
enum PlotTypes {
    static let figure: PyType = {
        let t = PyType.native(name: "Figure", module: "matplotlib.figure", doc: "The top level container for all the plot elements.")
        FigureMethods.define(on: t)
        return t
    }()

    static let axes: PyType = {
        let t = PyType.native(name: "Axes", module: "matplotlib.axes", doc: "An Axes object encapsulates all the elements of an individual (sub-)plot in a figure.")
        AxesMethods.define(on: t)
        return t
    }()

    static let artist: PyType = {
        let t = PyType.native(name: "Artist", module: "matplotlib.artist", doc: "Abstract base class for objects that render into a FigureCanvas.")
        ArtistMethods.defineCommon(on: t)
        return t
    }()

    static let line2D: PyType = {
        let t = PyType.native(name: "Line2D", module: "matplotlib.lines", base: artist, doc: "A line - the line can have both a solid linestyle connecting all the vertices, and a marker at each vertex.")
        ArtistMethods.defineLine(on: t)
        return t
    }()

    static let text: PyType = {
        let t = PyType.native(name: "Text", module: "matplotlib.text", base: artist, doc: "Handle storing and drawing of text in window or data coordinates.")
        ArtistMethods.defineText(on: t)
        return t
    }()

    static let annotation = PyType.native(name: "Annotation", module: "matplotlib.text", base: text,
                                          doc: "An Annotation is a Text that can refer to a specific position xy.")
    static let axesImage: PyType = {
        let t = PyType.native(name: "AxesImage", module: "matplotlib.image", base: artist, doc: "An image attached to an Axes.")
        ArtistMethods.defineImage(on: t)
        return t
    }()

    static let pathCollection = PyType.native(name: "PathCollection", module: "matplotlib.collections", base: artist,
                                              doc: "A collection of Paths, as created by scatter.")
    static let polyCollection = PyType.native(name: "PolyCollection", module: "matplotlib.collections", base: artist,
                                              doc: "A collection of polygons, as created by fill_between.")
    static let rectangle: PyType = {
        let t = PyType.native(name: "Rectangle", module: "matplotlib.patches", base: artist, doc: "A rectangle defined via an anchor point xy and its width and height.")
        ArtistMethods.defineRectangle(on: t)
        return t
    }()

    static let legend: PyType = {
        let t = PyType.native(name: "Legend", module: "matplotlib.legend", doc: "Place a legend on the figure/axes.")
        ArtistMethods.defineLegend(on: t)
        return t
    }()

    static let barContainer: PyType = {
        let t = PyType.native(name: "BarContainer", module: "matplotlib.container", doc: "Container for the artists of bar plots (e.g. created by Axes.bar).")
        ArtistMethods.defineBarContainer(on: t)
        return t
    }()

    static let colormap: PyType = {
        let t = PyType.native(name: "Colormap", module: "matplotlib.colors", doc: "Baseclass for all scalar to RGBA mappings.")
        t.defineMethod("__repr__", "") { _, args in
            .str("<matplotlib.colors.Colormap object: \(try args.receiver(as: ColormapObject.self, "__repr__").colormap.name)>")
        }
        t.defineProperty("name") { _, v in
            guard case .object(let o) = v, let c = o as? ColormapObject else { return .none }
            return .str(c.colormap.name)
        }
        return t
    }()

    static let axesArray: PyType = {
        let t = PyType.native(name: "AxesArray", module: "matplotlib", doc: "The grid of Axes subplots() returns: indexable like a NumPy object array (axes[0], axes[0, 1], axes.flat, axes.ravel()).")
        AxesArray.define(on: t)
        return t
    }()
}

/// Number formatting as matplotlib's reprs do it.
enum PlotFormat {
    /// `%g`.
    static func g(_ v: Double) -> String {
        String(format: "%g", v)
    }
}
