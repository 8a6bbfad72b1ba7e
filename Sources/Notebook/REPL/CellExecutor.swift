import Foundation
import KScript
import KTensor

/// Runs notebook cells in one module the way IPython does: numbers them, keeps `In`, `Out`,
/// `_`, `__`, `___` and `_N`, shows the final expression's repr as `Out[n]`, and records each
/// cell's outputs (streams, result, error, figures) for the session log and notebook export.
final class CellExecutor {
    let interpreter: Interpreter
    let module: PyModule
    /// Write outputs to the terminal while recording them.
    let echo: Bool
    /// Number the next cell gets.
    var executionCount = 1
    private(set) var cells: [CellRecord] = []
    /// Handles `%magic` lines; nil when magics are not available (script export).
    var magics: Magics?

    /// What running one cell asked of the caller.
    enum Outcome {
        case done
        /// `exit()`/`quit()`/`SystemExit` with this status.
        case exit(Int32)
    }

    init(interpreter: Interpreter, module: PyModule, echo: Bool) {
        self.interpreter = interpreter
        self.module = module
        self.echo = echo
        resetHistoryNames()
    }

    /// Names the notebook itself defines in the namespace.
    static let reservedNames: Set<String> = ["In", "Out"]

    /// True for names the user made (not `_N`, `In`, `Out`, dunders).
    static func isUserName(_ name: String) -> Bool {
        if name.hasPrefix("_") || reservedNames.contains(name) { return false }
        return true
    }

    /// `In` (a list whose item 0 is empty) and `Out` (a dict by cell number).
    var inList: PyList {
        if case .object(let o)? = module["In"], let list = o as? PyList { return list }
        let list = PyList([.str("")])
        module["In"] = .object(list)
        return list
    }

    var outDict: PyDict {
        if case .object(let o)? = module["Out"], let dict = o as? PyDict { return dict }
        let dict = PyDict()
        module["Out"] = .object(dict)
        return dict
    }

    /// Empties `In`, `Out` and `_`, `__`, `___`.
    func resetHistoryNames() {
        module["In"] = .object(PyList([.str("")]))
        module["Out"] = .object(PyDict())
        for name in ["_", "__", "___"] { module[name] = .str("") }
    }

    /// Restores the numbering and log of a saved session.
    func restore(cells: [CellRecord], executionCount: Int) {
        self.cells = cells
        self.executionCount = max(executionCount, (cells.last?.number ?? 0) + 1)
    }

    /// Runs one cell and records it.
    @discardableResult
    func execute(_ source: String) -> Outcome {
        let number = executionCount
        executionCount += 1
        var record = CellRecord(number: number, source: source)
        inList.items.append(.str(source))
        var outcome = Outcome.done
        let echo = self.echo
        Console.shared.pushRedirect { text, stream in
            record.appendStream(stream == .stdout ? "stdout" : "stderr", text)
            if echo { Terminal.write(text, to: stream) }
        }
        let previousFigureHook = FigureDisplay.onShow
        FigureDisplay.onShow = { path in
            record.outputs.append(.figure(path: path))
            previousFigureHook?(path)
        }
        do {
            if let value = try evaluate(source, number: number), !value.isNone {
                let text = try interpreter.repr(value)
                record.outputs.append(.result(text: text))
                if echo { Terminal.write("Out[\(number)]: " + (text.contains("\n") ? "\n" : "") + text + "\n", to: .stdout) }
                storeResult(value, number: number)
            }
        } catch let e as PyException {
            if e.isInstance(of: BuiltinTypes.systemExit) {
                outcome = .exit(interpreter.exitStatus(for: e))
            } else {
                let traceback = interpreter.formatException(e)
                let valueText = (try? interpreter.str(.object(e))) ?? ""
                if echo { Terminal.write(traceback, to: .stderr) }
                record.outputs.append(.error(name: e.type.name, value: valueText, traceback: traceback))
            }
        } catch {
            let message = "kscript: internal error: \(error)\n"
            if echo { Terminal.write(message, to: .stderr) }
            record.appendStream("stderr", message)
        }
        FigureDisplay.onShow = previousFigureHook
        Console.shared.popRedirect()
        Interruption.clear()
        cells.append(record)
        return outcome
    }

    /// Runs a magic line, a help request or code; returns the value to show as `Out[n]` (none
    /// when the cell ends with `;`, as in IPython).
    private func evaluate(_ source: String, number: Int) throws -> Value? {
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("%"), let magics {
            return try magics.run(String(trimmed.dropFirst()))
        }
        if let target = CellExecutor.helpTarget(trimmed) {
            let value = try interpreter.run(source: target, filename: "<help>", in: module, interactive: true)
            Console.shared.write(try interpreter.helpText(value))
            return nil
        }
        let value = try interpreter.runCell(source, in: module, filename: "<In [\(number)]>")
        return trimmed.hasSuffix(";") ? nil : value
    }

    /// `obj?` / `obj??` / `?obj`: the expression whose help is asked for.
    static func helpTarget(_ line: String) -> String? {
        guard !line.contains("\n") else { return nil }
        var text = Substring(line)
        if text.hasSuffix("??") { text = text.dropLast(2) } else if text.hasSuffix("?") { text = text.dropLast() } else if text.hasPrefix("?") { text = text.dropFirst() } else { return nil }
        let expression = text.trimmingCharacters(in: .whitespaces)
        guard !expression.isEmpty, expression.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else { return nil }
        return expression
    }

    /// `Out[n]`, `_n` and the `_`/`__`/`___` rotation.
    private func storeResult(_ value: Value, number: Int) {
        try? outDict.set(.int(number), value)
        module["___"] = module["__"] ?? .str("")
        module["__"] = module["_"] ?? .str("")
        module["_"] = value
        module["_\(number)"] = value
    }
}
