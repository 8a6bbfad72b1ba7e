import Foundation
import KScript
import KTensor

/// The interactive notebook: reads cells at `In [n]:` prompts, runs them with
/// `CellExecutor`, and keeps the workspace in a persistent session.
final class NotebookREPL {
    let options: LaunchOptions
    let interpreter: Interpreter
    let module: PyModule
    let executor: CellExecutor
    var reader: LineReader
    private(set) var session: SessionController?
    private var magics: Magics?

    init(options: LaunchOptions) {
        self.options = options
        interpreter = Interpreter(argv: [""], scriptDirectory: FileManager.default.currentDirectoryPath)
        module = interpreter.makeMainModule(filename: "<stdin>")
        executor = CellExecutor(interpreter: interpreter, module: module, echo: true)
        let completer = Completer(interpreter: interpreter, module: module, magicNames: Magics.names)
        if options.useReadline {
            reader = ReadlineReader(historyPath: (homeDirectory() as NSString).appendingPathComponent(".kscript_history"),
                                    completer: completer)
        } else {
            reader = PlainLineReader()
        }
        let magics = Magics(notebook: self)
        self.magics = magics
        executor.magics = magics
        interpreter.plotsDirectory = options.plotsDirectory
    }

    /// Runs the notebook until Ctrl-D or `exit()`; returns the exit status.
    func run() -> Int32 {
        InterruptPipe.install()
        var banner = "kscript \(KScriptVersion.string) notebook. Type %quickref for help, Ctrl-D to quit.\n"
        if options.persistSession {
            guard let opened = openSession(options.sessionName, restore: !options.freshSession) else { return 1 }
            banner += opened
        }
        Terminal.write(banner + "\n", to: .stdout)
        var status: Int32 = 0
        while let cell = readCell() {
            let word = cell.trimmingCharacters(in: .whitespaces)
            if (word == "exit" || word == "quit") && module[word] == nil { break }
            if case .exit(let code) = executor.execute(cell) {
                status = code
                saveSession()
                break
            }
            saveSession()
            Terminal.write("\n", to: .stdout)
        }
        Console.shared.flush()
        return status
    }

    // MARK: Reading cells

    private func prompt(_ number: Int) -> String { "In [\(number)]: " }

    private func continuationPrompt(_ number: Int) -> String {
        String(repeating: " ", count: max(0, prompt(number).count - 5)) + "...: "
    }

    /// Reads lines until they form a complete cell; nil at end of input. Ctrl-C discards the
    /// lines typed so far and starts the cell again.
    private func readCell() -> String? {
        var lines: [String] = []
        while true {
            let number = executor.executionCount
            switch reader.readLine(prompt: lines.isEmpty ? prompt(number) : continuationPrompt(number)) {
            case .endOfInput:
                return lines.isEmpty ? nil : trimmedCell(lines)
            case .interrupted:
                lines.removeAll()
            case .line(let line):
                if lines.isEmpty && line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                lines.append(line)
                if (lines.count == 1 && isSingleLineCommand(line)) || isComplete(lines) {
                    let cell = trimmedCell(lines)
                    reader.addHistory(cell)
                    return cell
                }
            }
        }
    }

    /// `%magic` lines and `obj?` help requests are complete as typed.
    private func isSingleLineCommand(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("%") || CellExecutor.helpTarget(trimmed) != nil
    }

    /// Python's interactive rule: brackets, strings and backslash continuations must be
    /// closed, a line ending in `:` continues, and a cell with an indented block ends with an
    /// empty line. A multi-line cell recalled from history counts as ended.
    private func isComplete(_ lines: [String]) -> Bool {
        let text = lines.joined(separator: "\n")
        if lines.count > 1, lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true {
            return Interpreter.isComplete(text + "\n")
        }
        if lines.count == 1 && text.contains("\n") { return Interpreter.isComplete(text + "\n\n") }
        let last = lines.last?.trimmingCharacters(in: .whitespaces) ?? ""
        let hasBlock = lines.dropFirst().contains { $0.first == " " || $0.first == "\t" }
        return Interpreter.isComplete(text) && !last.hasSuffix(":") && !last.hasSuffix("\\") && !hasBlock
    }

    private func trimmedCell(_ lines: [String]) -> String {
        var lines = lines
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// Asks a question at the terminal (for `%reset`, damaged sessions).
    func ask(_ question: String) -> String {
        Console.shared.flush()
        if case .line(let answer) = reader.readLine(prompt: question) { return answer }
        return ""
    }

    // MARK: The namespace

    /// `%reset`: removes every user name and the output history.
    func resetNamespace() {
        clearNamespace()
        session?.dropUnrestored()
    }

    /// Unbinds every name except the module's own dunders and resets `In`/`Out`/`_`.
    private func clearNamespace() {
        for name in module.names where !(name.hasPrefix("__") && name.hasSuffix("__") && name.count > 4) {
            module[name] = nil
        }
        executor.resetHistoryNames()
    }

    // MARK: Sessions

    /// Opens (and restores) a session; returns the banner line, or nil to quit.
    private func openSession(_ name: String, restore: Bool) -> String? {
        guard SessionStore.isValidName(name) else {
            Terminal.write("kscript: '\(name)' is not a valid session name (letters, digits, '-', '_', '.')\n", to: .stderr)
            return nil
        }
        let store = SessionStore(name: name)
        do {
            try store.open()
            let controller = SessionController(store: store)
            session = controller
            guard restore else { return "Session '\(name)' (started fresh).\n" }
            let report = try controller.restore(into: executor)
            var text = report.cellCount == 0 ? "Session '\(name)' (new).\n"
                : "Session '\(name)' restored: \(report.variableCount) variables, \(report.cellCount) cells.\n"
            if !report.failures.isEmpty { text += "Not restored: " + report.failures.joined(separator: "; ") + "\n" }
            return text
        } catch SessionStore.Problem.busy {
            Terminal.write("kscript: session '\(name)' is in use by another kscript.\n", to: .stderr)
            return chooseWithoutSession()
        } catch SessionStore.Problem.foreign(let reason) {
            Terminal.write("kscript: \(reason); kscript will not write into it.\n", to: .stderr)
            return chooseWithoutSession()
        } catch SessionStore.Problem.damaged(let reason) {
            session = nil
            store.release()
            clearNamespace()
            Terminal.write("kscript: session '\(name)' in \(store.directory) cannot be restored: \(reason).\n", to: .stderr)
            let aside = store.directory + ".damaged-" + SessionStore.timestamp()
            let answer = ask("Start a fresh session '\(name)'? The damaged files are kept in \(aside) [y/N] ")
            guard answer.lowercased().hasPrefix("y") else { return nil }
            do {
                try FileManager.default.moveItem(atPath: store.directory, toPath: aside)
            } catch {
                Terminal.write("kscript: cannot move \(store.directory) aside: \(error.localizedDescription)\n", to: .stderr)
                return nil
            }
            return openSession(name, restore: false)
        } catch {
            Terminal.write("kscript: session '\(name)': \(error)\n", to: .stderr)
            return chooseWithoutSession()
        }
    }

    private func chooseWithoutSession() -> String? {
        let answer = ask("Continue without saving the session? [y/N] ")
        return answer.lowercased().hasPrefix("y") ? "Session not saved (--no-session).\n" : nil
    }

    /// Saves after a cell; a failure is reported and the notebook goes on.
    private func saveSession() {
        guard let session else { return }
        do {
            if let notice = try session.save(executor) { Terminal.write(notice + "\n", to: .stderr) }
        } catch {
            Terminal.write("kscript: could not save session '\(session.name)': \(error)\n", to: .stderr)
        }
    }

    /// `%session [list | save | switch NAME | delete NAME]`.
    func sessionMagic(_ argument: String) throws {
        let words = argument.split(separator: " ").map(String.init)
        let root = SessionStore.defaultRoot()
        switch words.first {
        case nil:
            if let session {
                Console.shared.write("Session '\(session.name)' in \(session.store.directory)\n")
                if let last = session.lastSave {
                    let megabytes = String(format: "%.1f", Double(last.bytes) / 1e6)
                    Console.shared.write("Last save: \(String(format: "%.1f", last.seconds * 1000)) ms, \(last.files) file\(last.files == 1 ? "" : "s") written (\(megabytes) MB)\n")
                }
            } else {
                Console.shared.write("No session: nothing is saved (--no-session).\n")
            }
        case "list":
            for entry in SessionStore.list(root: root) {
                let marker = entry.name == session?.name ? "*" : " "
                Console.shared.write("\(marker) \(entry.name)\t\(entry.bytes) bytes\n")
            }
        case "save":
            guard let session else { throw PyException.valueError("UsageError: no session is open") }
            try session.save(executor)
            Console.shared.write("Saved session '\(session.name)'.\n")
        case "switch" where words.count == 2:
            saveSession()
            session?.store.release()
            session = nil
            clearNamespace()
            executor.restore(cells: [], executionCount: executor.executionCount)
            if let banner = openSession(words[1], restore: true) { Console.shared.write(banner) }
        case "delete" where words.count == 2:
            guard words[1] != session?.name else { throw PyException.valueError("UsageError: cannot delete the session in use") }
            guard SessionStore.isValidName(words[1]) else { throw PyException.valueError("UsageError: bad session name") }
            let directory = (root as NSString).appendingPathComponent(words[1])
            guard FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(SessionStore.manifestName)) else {
                throw PyException.valueError("UsageError: no session named '\(words[1])'")
            }
            let other = SessionStore(name: words[1], root: root)
            do {
                try other.open()
            } catch {
                throw PyException.valueError("UsageError: session '\(words[1])' is in use by another kscript")
            }
            defer { other.release() }
            try FileManager.default.removeItem(atPath: directory)
            Console.shared.write("Deleted session '\(words[1])'.\n")
        default:
            throw PyException.valueError("UsageError: %session [list | save | switch NAME | delete NAME]")
        }
    }
}
