import Foundation
import KTensor
import Plot

/// What `plt.show()` does without a window: each open figure is saved as SVG in the plots
/// directory — `interpreter.plotsDirectory` (`--plots-dir DIR`), else the `KSCRIPT_PLOTS`
/// environment variable, else `./kscript_figures` — as `figure_N.svg`, N one more than the
/// largest already there (nothing is overwritten), and the path is printed on standard
/// output as `Figure 1 saved to kscript_figures/figure_3.svg` (the figure's own number
/// first, then the file).
enum FigureOutput {
    /// The directory `show()` writes to.
    static func plotsDirectory(_ interp: Interpreter) -> String {
        if let dir = interp.plotsDirectory, !dir.isEmpty { return dir }
        if let env = ProcessInfo.processInfo.environment["KSCRIPT_PLOTS"], !env.isEmpty { return env }
        return "kscript_figures"
    }

    /// The next free `figure_N.svg` in `directory`.
    static func nextPath(in directory: String) -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var largest = 0
        for name in names where name.hasPrefix("figure_") && name.hasSuffix(".svg") {
            if let n = Int(name.dropFirst("figure_".count).dropLast(".svg".count)) { largest = max(largest, n) }
        }
        return (directory as NSString).appendingPathComponent("figure_\(largest + 1).svg")
    }

    /// Saves `figure` and prints where.
    static func show(_ figure: Figure, session: PlotSession) throws {
        guard let interp = Interpreter.current as Interpreter? else { return }
        let directory = plotsDirectory(interp)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw PlotError(.osError, "cannot create the plots directory '\(directory)': \(error.localizedDescription)")
        }
        let path = nextPath(in: directory)
        try figure.savefig(path)
        Console.shared.write("Figure \(figure.number) saved to \(path)\n")
        FigureDisplay.shown(path: path)
    }
}
