/// matplotlib.pyplot's state machine: numbered figures, the current figure and Axes, and the
/// functions that act on them. A bridge owns one `PyPlot` per interpreter session and maps
/// `plt.<name>(...)` onto it; pyplot functions that draw (`plt.plot`, `plt.bar`, ...) and set
/// Axes properties (`plt.title` → `setTitle`, `plt.xlabel` → `setXlabel`, `plt.xlim` →
/// `setXlim`/`getXlim`, `plt.xticks` → `setXticks`, `plt.legend`, `plt.grid`, ...) are the
/// same-named `Axes` methods called on `gca()`; `plt.suptitle`, `plt.tight_layout` and
/// `plt.savefig` are `Figure` methods called on `gcf()`.
public final class PyPlot {
    /// Open figures by number, in creation order.
    public private(set) var figures: [Figure] = []
    private var current: Figure?
    private var currentAxes: [ObjectIdentifier: Axes] = [:]
    /// Called by `show()` for each open figure (kscript saves it and prints the path).
    public var showHandler: ((Figure) throws -> Void)?

    public init() {}

    /// `figure(num=None, figsize=None, dpi=None, facecolor=None, clear=False)`: activates figure
    /// `num` if open, else creates it (the next free number when nil).
    @discardableResult
    public func figure(num: Int? = nil, figsize: (Double, Double)? = nil, dpi: Double? = nil,
                       facecolor: Color? = nil, clear: Bool = false) throws -> Figure {
        if let num, let existing = figures.first(where: { $0.number == num }) {
            current = existing
            if clear { existing.clear() }
            return existing
        }
        let number = num ?? ((figures.map(\.number).max() ?? 0) + 1)
        let fig = try Figure(figsize: figsize ?? (6.4, 4.8), dpi: dpi ?? 100, facecolor: facecolor ?? .white, number: number)
        figures.append(fig)
        current = fig
        return fig
    }

    /// Makes an existing figure current (`plt.figure(fig)`).
    public func setCurrentFigure(_ fig: Figure) {
        if !figures.contains(where: { $0 === fig }) {
            figures.append(fig)
        }
        current = fig
    }

    /// `gcf()`: the current figure, created if there is none.
    public func gcf() throws -> Figure {
        if let current { return current }
        return try figure()
    }

    /// `gca()`: the current Axes of the current figure, created (`add_subplot(111)`) if none.
    public func gca() throws -> Axes {
        let fig = try gcf()
        if let ax = currentAxes[ObjectIdentifier(fig)], fig.axes.contains(where: { $0 === ax }) { return ax }
        if let last = fig.axes.last {
            currentAxes[ObjectIdentifier(fig)] = last
            return last
        }
        let ax = try fig.addSubplot(1, 1, 1)
        currentAxes[ObjectIdentifier(fig)] = ax
        return ax
    }

    /// `sca(ax)`: makes `ax` and its figure current.
    public func sca(_ ax: Axes) {
        guard let fig = ax.figure else { return }
        setCurrentFigure(fig)
        currentAxes[ObjectIdentifier(fig)] = ax
    }

    /// `subplot(nrows, ncols, index)`: the Axes at that grid position of the current figure,
    /// reusing an existing one with the same position.
    @discardableResult
    public func subplot(_ nrows: Int, _ ncols: Int, _ index: Int, last: Int? = nil) throws -> Axes {
        let fig = try gcf()
        let spec = try SubplotSpec(nrows: nrows, ncols: ncols, first: index, last: last)
        let ax = try fig.axes.first(where: { $0.subplotSpec == spec }) ?? fig.addSubplot(nrows, ncols, index, last: last)
        sca(ax)
        return ax
    }

    /// `subplot(121)`.
    @discardableResult
    public func subplot(_ code: Int) throws -> Axes {
        let (r, c, i) = try Figure.splitSubplotCode(code)
        return try subplot(r, c, i)
    }

    /// `subplots(nrows=1, ncols=1, sharex=False, sharey=False, figsize=None, dpi=None)`: a new
    /// figure and its grid of Axes, row by row (a bridge applies `squeeze`); the last Axes
    /// is current, as in matplotlib.
    public func subplots(nrows: Int = 1, ncols: Int = 1, sharex: Bool = false, sharey: Bool = false,
                         figsize: (Double, Double)? = nil, dpi: Double? = nil) throws -> (Figure, [[Axes]]) {
        let fig = try figure(figsize: figsize, dpi: dpi)
        let grid = try fig.subplots(nrows: nrows, ncols: ncols, sharex: sharex, sharey: sharey)
        if let last = grid.last?.last { sca(last) }
        return (fig, grid)
    }

    /// `axes([left, bottom, width, height])`: a new Axes at a figure-fraction rectangle.
    @discardableResult
    public func axes(_ rect: [Double]) throws -> Axes {
        let ax = try gcf().addAxes(rect)
        sca(ax)
        return ax
    }

    /// `clf()`: clears the current figure.
    public func clf() throws {
        let fig = try gcf()
        fig.clear()
        currentAxes[ObjectIdentifier(fig)] = nil
    }

    /// `cla()`: clears the current Axes.
    public func cla() throws {
        try gca().clear()
    }

    /// `close()`: closes the current figure.
    public func close() {
        if let current { close(current) }
    }

    /// `close(num)`.
    public func close(number: Int) {
        if let fig = figures.first(where: { $0.number == number }) { close(fig) }
    }

    /// `close(fig)`.
    public func close(_ fig: Figure) {
        figures.removeAll { $0 === fig }
        currentAxes[ObjectIdentifier(fig)] = nil
        if current === fig { current = figures.last }
    }

    /// `close('all')`.
    public func closeAll() {
        figures = []
        currentAxes = [:]
        current = nil
    }

    /// `get_fignums()`.
    public func fignums() -> [Int] { figures.map(\.number).sorted() }

    /// `show()`: hands every open figure to `showHandler`, in number order, then closes them
    /// (as notebook backends do).
    public func show() throws {
        let open = figures.sorted { $0.number < $1.number }
        for fig in open {
            try showHandler?(fig)
        }
        closeAll()
    }
}
