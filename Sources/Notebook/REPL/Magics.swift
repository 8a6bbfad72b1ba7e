import Foundation
import KScript
import KTensor

/// IPython's line magics (`%name arguments`). Each returns the value to show as `Out[n]`
/// (only `%pwd` has one) and writes its report through `Console`, so it lands in the cell log.
final class Magics {
    unowned let notebook: NotebookREPL

    init(notebook: NotebookREPL) {
        self.notebook = notebook
    }

    static let names = ["cd", "export", "history", "load", "plots", "pwd", "quickref", "reset", "run", "save",
                        "session", "time", "timeit", "who", "whos"]

    private var interpreter: Interpreter { notebook.interpreter }
    private var module: PyModule { notebook.module }

    /// Runs `line` (the text after `%`).
    func run(_ line: String) throws -> Value? {
        let name = String(line.prefix { !$0.isWhitespace })
        let argument = line.dropFirst(name.count).trimmingCharacters(in: .whitespaces)
        switch name {
        case "run": try runFile(argument)
        case "time": return try time(argument)
        case "timeit": try timeit(argument)
        case "who": who()
        case "whos": try whos()
        case "history": try history(argument)
        case "save": try save(argument)
        case "load": try load(argument)
        case "reset": reset(argument)
        case "pwd": return .str(FileManager.default.currentDirectoryPath)
        case "cd": try changeDirectory(argument)
        case "session": try notebook.sessionMagic(argument)
        case "export": try export(argument)
        case "plots": plots(argument)
        case "quickref": write(Magics.quickReference)
        default: throw PyException(BuiltinTypes.nameError, "UsageError: Line magic function `%\(name)` not found.")
        }
        return nil
    }

    private func write(_ text: String) { Console.shared.write(text) }

    private func usage(_ message: String) -> PyException {
        PyException(BuiltinTypes.valueError, "UsageError: " + message)
    }

    // MARK: Running code

    private func runFile(_ path: String) throws {
        guard !path.isEmpty else { throw usage("%run needs a file name") }
        let expanded = (path as NSString).expandingTildeInPath
        guard let data = FileManager.default.contents(atPath: expanded) else {
            throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: 2, message: "No such file or directory", filename: path)
        }
        let source = String(decoding: data, as: UTF8.self)
        SourceRegistry.register(expanded, source)
        try interpreter.run(source: source, filename: expanded, in: module)
    }

    /// `%time STMT`: CPU and wall time of one run; an expression's value becomes `Out[n]`.
    private func time(_ statement: String) throws -> Value? {
        guard !statement.isEmpty else { throw usage("%time needs a statement") }
        let cpuStart = Magics.cpuTimes()
        let wallStart = Magics.now()
        let value = try interpreter.runCell(statement, in: module, filename: "<timed exec>")
        let wall = Magics.now() - wallStart
        let cpuEnd = Magics.cpuTimes()
        let user = cpuEnd.user - cpuStart.user
        let system = cpuEnd.system - cpuStart.system
        write("CPU times: user \(Magics.formatTime(user)), sys: \(Magics.formatTime(system)), total: \(Magics.formatTime(user + system))\n")
        write("Wall time: \(Magics.formatTime(wall))\n")
        return value
    }

    /// `%timeit [-n LOOPS] [-r RUNS] STMT`: the statement runs in a helper function (its
    /// assignments stay local, as in IPython); without `-n` the loop count grows by tens until
    /// one run takes 0.2 s; the report is the mean ± standard deviation per loop over the runs.
    private func timeit(_ argument: String) throws {
        var words = Substring(argument)
        var loops: Int?
        var runs = 7
        while words.hasPrefix("-n") || words.hasPrefix("-r") {
            let option = words.prefix(2)
            words = words.dropFirst(2).drop { $0 == " " }
            let number = words.prefix { $0.isNumber }
            guard let value = Int(number), value > 0 else { throw usage("%timeit \(option) needs a positive number") }
            if option == "-n" { loops = value } else { runs = value }
            words = words.dropFirst(number.count).drop { $0 == " " }
        }
        let statement = String(words)
        guard !statement.isEmpty else { throw usage("%timeit needs a statement") }
        let helper = "__kscript_timeit__"
        let body = statement.split(separator: "\n", omittingEmptySubsequences: false).map { "        " + $0 }.joined(separator: "\n")
        let source = "def \(helper)(__kscript_count):\n    for __kscript_i in range(__kscript_count):\n\(body)\n"
        try interpreter.run(source: source, filename: "<magic-timeit>", in: module)
        defer { module[helper] = nil }
        guard let function = module[helper] else { return }
        func measure(_ count: Int) throws -> Double {
            let start = Magics.now()
            _ = try interpreter.call(function, [.int(count)])
            return Magics.now() - start
        }
        let count: Int
        if let loops {
            count = loops
        } else {
            var candidate = 1
            for exponent in 0..<10 {
                candidate = Int(pow(10.0, Double(exponent)))
                if try measure(candidate) >= 0.2 { break }
            }
            count = candidate
        }
        var perLoop: [Double] = []
        for _ in 0..<runs { perLoop.append(try measure(count) / Double(count)) }
        let mean = perLoop.reduce(0, +) / Double(runs)
        let deviation = (perLoop.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(runs)).squareRoot()
        write("\(Magics.formatTime(mean)) ± \(Magics.formatTime(deviation)) per loop (mean ± std. dev. of \(runs) run\(runs == 1 ? "" : "s"), "
              + "\(Magics.grouped(count)) loop\(count == 1 ? "" : "s") each)\n")
    }

    /// `1,000,000`: thousands separated by commas, as Python's `{:,}`.
    static func grouped(_ n: Int) -> String {
        var digits = String(n)
        var index = digits.count - 3
        while index > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: index))
            index -= 3
        }
        return digits
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    static func cpuTimes() -> (user: Double, system: Double) {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return (seconds(usage.ru_utime), seconds(usage.ru_stime))
    }

    /// IPython's `_format_time`: three significant digits in s, ms, µs or ns; minutes and
    /// hours spelled out from a minute on.
    static func formatTime(_ span: Double) -> String {
        if span >= 60 {
            var parts: [String] = []
            var leftover = span
            for (suffix, length) in [("d", 86400.0), ("h", 3600.0), ("min", 60.0), ("s", 1.0)] {
                let value = Int(leftover / length)
                if value > 0 {
                    leftover = leftover.truncatingRemainder(dividingBy: length)
                    parts.append("\(value)\(suffix)")
                }
                if leftover < 1 { break }
            }
            return parts.joined(separator: " ")
        }
        let units = ["s", "ms", "µs", "ns"]
        let scaling = [1.0, 1e3, 1e6, 1e9]
        var order = 3
        if span > 0 {
            let exponent = Int(log10(span).rounded(.down))
            let thousands = Int((Double(exponent) / 3).rounded(.down))
            order = min(max(-thousands, 0), 3)
        }
        return String(format: "%.3g %@", span * scaling[order], units[order])
    }

    // MARK: The namespace

    /// User variables in definition order (no modules' internals, no `_N`, `In`, `Out`).
    func userNames() -> [String] {
        module.names.filter(CellExecutor.isUserName)
    }

    private func who() {
        let names = userNames().sorted()
        write(names.isEmpty ? "Interactive namespace is empty.\n" : names.joined(separator: "\t ") + "\t \n")
    }

    /// IPython's `%whos` table: name, type and a summary, columns three spaces apart.
    private func whos() throws {
        let names = userNames().sorted()
        guard !names.isEmpty else { return write("Interactive namespace is empty.\n") }
        var rows: [(String, String, String)] = []
        for name in names {
            guard let value = module[name] else { continue }
            rows.append((name, value.type.name, try summary(value)))
        }
        let nameWidth = max(8, rows.map(\.0.count).max() ?? 0) + 3
        let typeWidth = max(4, rows.map(\.1.count).max() ?? 0) + 3
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        var text = pad("Variable", nameWidth) + pad("Type", typeWidth) + " Data/Info\n"
        text += String(repeating: "-", count: nameWidth + typeWidth + 10) + "\n"
        for (name, type, info) in rows { text += pad(name, nameWidth) + pad(type, typeWidth) + " " + info + "\n" }
        write(text)
    }

    /// `%whos`' Data/Info column as IPython writes it: `2x3: 6 elems, type `float32`, 24 bytes`
    /// for arrays, `n=3` for lists, tuples and dicts, else `str()` shortened to 50 characters;
    /// models show their parameter count.
    private func summary(_ value: Value) throws -> String {
        if case .object(let o) = value {
            if let shape = try? interpreter.getAttributeIfPresent(value, "shape"),
               let dtype = try? interpreter.getAttributeIfPresent(value, "dtype"),
               let size = (try? interpreter.getAttributeIfPresent(value, "size"))?.intValue,
               let bytes = (try? interpreter.getAttributeIfPresent(value, "nbytes"))?.intValue {
                let dimensions = try interpreter.collect(shape).map { try interpreter.str($0) }.joined(separator: "x")
                var text = "\(dimensions): \(size) elems, type `\(try interpreter.str(dtype))`, \(bytes) bytes"
                if bytes >= 100_000 {
                    let (amount, unit) = bytes < 1 << 20 ? (Double(bytes) / 1024, "kb") : (Double(bytes) / Double(1 << 20), "Mb")
                    text += " (\(try interpreter.repr(.float(amount))) \(unit))"
                }
                return text
            }
            if let countParams = try? interpreter.getAttributeIfPresent(value, "count_params"),
               let count = try? interpreter.call(countParams, []) {
                return "\(try interpreter.str(count)) params"
            }
            if o is PyList || o is PyDict || o is PyTuple {
                return "n=\(try interpreter.length(value))"
            }
        }
        let text = try interpreter.str(value).replacingOccurrences(of: "\n", with: "\\n")
        return text.count < 50 ? text : String(text.prefix(25)) + "<...>" + String(text.suffix(25))
    }

    private func reset(_ argument: String) {
        if argument != "-f" {
            let answer = notebook.ask("Once deleted, variables cannot be recovered. Proceed (y/[n])? ")
            guard answer.lowercased().hasPrefix("y") else { return write("Nothing done.\n") }
        }
        notebook.resetNamespace()
    }

    // MARK: History

    /// Cell numbers named by `range` ("4", "2-5", "1 3-4"); all cells when empty.
    private func cellNumbers(_ range: [String]) throws -> [Int] {
        let available = notebook.executor.cells.map(\.number)
        if range.isEmpty { return available }
        var numbers: [Int] = []
        for part in range {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0) }
            guard let first = bounds.first ?? nil, bounds.allSatisfy({ $0 != nil }) else { throw usage("bad range '\(part)'") }
            let last = bounds.count == 2 ? (bounds[1] ?? first) : first
            numbers += available.filter { $0 >= first && $0 <= last }
        }
        return numbers
    }

    private func source(of number: Int) -> String? {
        notebook.executor.cells.first { $0.number == number }?.source
    }

    private func history(_ argument: String) throws {
        var words = argument.split(separator: " ").map(String.init)
        let numbered = words.contains("-n")
        words.removeAll { $0 == "-n" }
        for number in try cellNumbers(words) {
            guard let text = source(of: number) else { continue }
            if numbered {
                write(String(format: "%4d:", number) + (text.contains("\n") ? "\n" : " ") + text + "\n")
            } else {
                write(text + "\n")
            }
        }
    }

    private func save(_ argument: String) throws {
        var words = argument.split(separator: " ").map(String.init)
        guard !words.isEmpty else { throw usage("%save needs a file name and a range") }
        var path = words.removeFirst()
        if (path as NSString).pathExtension.isEmpty { path += ".kscript" }
        let text = try cellNumbers(words).compactMap(source(of:)).joined(separator: "\n") + "\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: (path as NSString).expandingTildeInPath))
        write("The following commands were written to file `\(path)`:\n\(text)")
    }

    private func load(_ path: String) throws {
        let expanded = (path as NSString).expandingTildeInPath
        guard !path.isEmpty, let data = FileManager.default.contents(atPath: expanded) else {
            throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: 2, message: "No such file or directory", filename: path)
        }
        var text = String(decoding: data, as: UTF8.self)
        while text.hasSuffix("\n") { text.removeLast() }
        notebook.reader.prefill = text
    }

    // MARK: Files and output

    private func changeDirectory(_ argument: String) throws {
        let target = argument.isEmpty ? homeDirectory() : (argument as NSString).expandingTildeInPath
        guard FileManager.default.changeCurrentDirectoryPath(target) else {
            throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: 2, message: "No such file or directory", filename: argument)
        }
        write(FileManager.default.currentDirectoryPath + "\n")
    }

    private func export(_ path: String) throws {
        guard !path.isEmpty else { throw usage("%export needs a file name ending in .ipynb or .md") }
        let expanded = (path as NSString).expandingTildeInPath
        let cells = notebook.executor.cells
        if path.hasSuffix(".md") {
            try NotebookExporter.writeMarkdown(cells: cells, to: expanded)
        } else if path.hasSuffix(".ipynb") {
            try NotebookExporter.writeNotebook(cells: cells, to: expanded)
        } else {
            throw usage("%export writes .ipynb or .md files")
        }
        write("Exported \(cells.count) cells to \(path)\n")
    }

    /// `%plots DIR` sets where `plt.show()` writes figures; `%plots` shows it.
    private func plots(_ directory: String) {
        if !directory.isEmpty { interpreter.plotsDirectory = (directory as NSString).expandingTildeInPath }
        let current = interpreter.plotsDirectory ?? ProcessInfo.processInfo.environment["KSCRIPT_PLOTS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "kscript_figures"
        write("Figures are written to \(current)\n")
    }

    static let quickReference = """
    kscript notebook quick reference
    --------------------------------
    obj?, help(obj)      signature and docstring
    Tab                  complete names, attributes, dict keys, paths
    _, __, ___, _N       last outputs; In[N], Out[N] inputs and outputs
    Ctrl-C               clear the line / interrupt the running cell
    Ctrl-D, exit()       quit (the session is saved)

    %run FILE            run a file in the session namespace
    %time STMT           time one run;  %timeit STMT  mean ± std of many runs
    %who, %whos          list variables (with type and summary)
    %history [-n] [R]    show inputs (R: 4, 2-5, "1 3-4")
    %save FILE R         write inputs to a file;  %load FILE  put a file in the next input
    %reset [-f]          delete all variables
    %pwd, %cd DIR        working directory
    %session [list | save | switch NAME | delete NAME]
    %export FILE.ipynb|FILE.md   write the session as a notebook
    %plots DIR           where plt.show() writes figures
    %quickref            this text

    """
}
