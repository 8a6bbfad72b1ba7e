import Foundation
import KScript
import KTensor

/// Writes notebook cells as a Jupyter notebook (nbformat 4.5) or as Markdown, and runs a
/// script block by block to produce such cells (`kscript --export-ipynb`).
enum NotebookExporter {
    /// The nbformat 4.5 document for `cells`.
    static func notebook(cells: [CellRecord]) -> [String: Any] {
        var jupyterCells: [[String: Any]] = []
        for (index, cell) in cells.enumerated() {
            var outputs: [[String: Any]] = []
            for output in cell.outputs {
                switch output {
                case .stream(let name, let text):
                    outputs.append(["output_type": "stream", "name": name, "text": lines(text)])
                case .result(let text):
                    outputs.append(["output_type": "execute_result", "execution_count": cell.number,
                                    "data": ["text/plain": lines(text)], "metadata": [String: Any]()])
                case .error(let name, let value, let traceback):
                    outputs.append(["output_type": "error", "ename": name, "evalue": value,
                                    "traceback": traceback.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)])
                case .figure(let path):
                    if let svg = FileManager.default.contents(atPath: path) {
                        outputs.append(["output_type": "display_data", "metadata": [String: Any](),
                                        "data": ["image/svg+xml": lines(String(decoding: svg, as: UTF8.self)),
                                                 "text/plain": ["<Figure>"]]])
                    }
                }
            }
            jupyterCells.append(["cell_type": "code", "id": String(format: "cell-%04d", index + 1),
                                 "execution_count": cell.number > 0 ? cell.number as Any : NSNull(),
                                 "metadata": [String: Any](), "source": lines(cell.source), "outputs": outputs])
        }
        return [
            "nbformat": 4, "nbformat_minor": 5,
            "metadata": [
                "kernelspec": ["name": "kscript", "display_name": "kscript", "language": "python"],
                "language_info": ["name": "python", "version": "3.11", "file_extension": ".kscript",
                                  "pygments_lexer": "ipython3"],
            ],
            "cells": jupyterCells,
        ]
    }

    /// Jupyter's multiline strings: a list of lines, each keeping its newline.
    static func lines(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == "\n" {
                result.append(current)
                current = ""
            }
        }
        if !current.isEmpty { result.append(current) }
        return result
    }

    static func writeNotebook(cells: [CellRecord], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: notebook(cells: cells), options: [.prettyPrinted, .sortedKeys])
        try AtomicFile.write(data + Data("\n".utf8), to: path)
    }

    /// Markdown: each cell's source in a fenced block, its text output in a plain block,
    /// figures as image links (relative to the Markdown file when possible).
    static func markdown(cells: [CellRecord], relativeTo directory: String) -> String {
        var text = ""
        for cell in cells {
            text += "**In [\(cell.number)]:**\n\n```python\n\(cell.source)\n```\n\n"
            var plain = ""
            func flushPlain() {
                guard !plain.isEmpty else { return }
                text += "```\n" + plain + (plain.hasSuffix("\n") ? "" : "\n") + "```\n\n"
                plain = ""
            }
            for output in cell.outputs {
                switch output {
                case .stream(_, let s): plain += s
                case .result(let s): plain += "Out[\(cell.number)]: " + (s.contains("\n") ? "\n" : "") + s + "\n"
                case .error(_, _, let traceback): plain += traceback
                case .figure(let path):
                    flushPlain()
                    let prefix = directory.hasSuffix("/") ? directory : directory + "/"
                    let link = path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
                    text += "![figure](\(link))\n\n"
                }
            }
            flushPlain()
        }
        return text
    }

    static func writeMarkdown(cells: [CellRecord], to path: String) throws {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let directory = (absolute as NSString).deletingLastPathComponent
        let resolvedCells = cells.map { cell -> CellRecord in
            var copy = cell
            copy.outputs = cell.outputs.map { output in
                if case .figure(let p) = output { return .figure(path: URL(fileURLWithPath: p).standardizedFileURL.path) }
                return output
            }
            return copy
        }
        try AtomicFile.write(Data(markdown(cells: resolvedCells, relativeTo: directory).utf8), to: absolute)
    }

    /// Splits a script into top-level blocks: a new block starts at a line at column 0 that
    /// follows a blank line, once the text so far is complete (not inside brackets, strings
    /// or an indented suite). Comments directly above a statement stay with it.
    static func blocks(of source: String) -> [String] {
        var blocks: [String] = []
        var current: [String] = []
        var sawBlank = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let isBlank = line.trimmingCharacters(in: .whitespaces).isEmpty
            let startsAtMargin = !isBlank && line.first != " " && line.first != "\t"
            let continues = ["else", "elif", "except", "finally", "case"].contains { line.hasPrefix($0) }
            if startsAtMargin && sawBlank && !continues && hasContent(current)
                && Interpreter.isComplete(current.joined(separator: "\n") + "\n\n") {
                blocks.append(trimmed(current))
                current = []
            }
            current.append(line)
            if !isBlank { sawBlank = false } else { sawBlank = true }
        }
        if hasContent(current) { blocks.append(trimmed(current)) }
        return blocks
    }

    private static func hasContent(_ lines: [String]) -> Bool {
        lines.contains { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }

    private static func trimmed(_ lines: [String]) -> String {
        var lines = lines
        while lines.first?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeFirst() }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Runs `script` block by block as notebook cells and writes the notebook; stops running
    /// at the first error (later cells are kept, unexecuted). Returns the exit status.
    static func exportScript(path: String, output: String, arguments: [String], plotsDirectory: String? = nil) -> Int32 {
        guard let data = FileManager.default.contents(atPath: path) else {
            Console.shared.write("kscript: can't open file '\(path)': [Errno 2] No such file or directory\n", to: .stderr)
            Console.shared.flush()
            return 2
        }
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        var status: Int32 = 0
        BatchRunner.onLargeStack {
            Interruption.installSignalHandler()
            let interpreter = Interpreter(argv: arguments.isEmpty ? [path] : arguments,
                                          scriptDirectory: (absolute as NSString).deletingLastPathComponent)
            interpreter.plotsDirectory = plotsDirectory
            let module = interpreter.makeMainModule(filename: absolute)
            let executor = CellExecutor(interpreter: interpreter, module: module, echo: false)
            var cells: [CellRecord] = []
            var failed = false
            for block in blocks(of: String(decoding: data, as: UTF8.self)) {
                if failed {
                    cells.append(CellRecord(number: 0, source: block))
                    continue
                }
                if case .exit(let code) = executor.execute(block) { status = code }
                if let record = executor.cells.last {
                    cells.append(record)
                    if record.outputs.contains(where: { if case .error = $0 { return true } else { return false } }) {
                        failed = true
                        status = 1
                    }
                }
            }
            do {
                try writeNotebook(cells: cells, to: output)
            } catch {
                Console.shared.write("kscript: cannot write \(output): \(error)\n", to: .stderr)
                status = 1
            }
        }
        Console.shared.flush()
        return status
    }
}
