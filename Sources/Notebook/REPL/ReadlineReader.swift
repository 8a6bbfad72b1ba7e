import CReadline
import Foundation
import KTensor

#if canImport(Glibc)
import Glibc
#endif

/// Line input through GNU readline (keys and `~/.inputrc` bindings, Ctrl-R, tab completion).
/// It uses readline's callback interface and waits for input with `poll`, so a Ctrl-C at
/// the prompt interrupts the wait and clears the line instead of killing the process.
final class ReadlineReader: LineReader {
    /// The reader readline's C callbacks talk to (one terminal, one reader).
    nonisolated(unsafe) static var active: ReadlineReader?

    private var history: InputHistory
    private let completer: Completer
    private var result: LineInput?
    private var matches: [String] = []
    var prefill: String?
    /// Word-break characters for completion: `.` and `/` stay in the word so that dotted
    /// names and paths reach the completer whole.
    private let wordBreaks = strdup(" \t\n\"'`@$><=;|&{(,[)]}+-*%^~!:")

    init(historyPath: String, completer: Completer) {
        self.history = InputHistory(path: historyPath)
        self.completer = completer
        ReadlineReader.active = self
        rl_readline_name = UnsafePointer(strdup("kscript"))
        rl_catch_signals = 0
        rl_catch_sigwinch = 1
        rl_completer_word_break_characters = UnsafePointer(wordBreaks)
        // No quote characters: readline would otherwise append the quote that ended the
        // previous word (`"abc".upp` completing to `"abc".upper"`).
        rl_basic_quote_characters = UnsafePointer(strdup(""))
        rl_attempted_completion_function = { _, start, _ in
            ReadlineReader.active?.complete(wordStart: Int(start))
        }
        using_history()
        for entry in history.entries { add_history(entry) }
    }

    func readLine(prompt: String) -> LineInput {
        Console.shared.flush()
        result = nil
        rl_callback_handler_install(prompt) { line in
            rl_callback_handler_remove()
            guard let active = ReadlineReader.active else { return }
            if let line {
                active.result = .line(String(cString: line))
                free(line)
            } else {
                active.result = .endOfInput
            }
        }
        if let text = prefill {
            prefill = nil
            rl_insert_text(text)
            rl_redisplay()
        }
        while result == nil {
            guard InterruptPipe.waitForInput() else {
                rl_replace_line("", 0)
                rl_callback_sigcleanup()
                rl_callback_handler_remove()
                fputs("^C\n", stdout)
                fflush(stdout)
                return .interrupted
            }
            rl_callback_read_char()
        }
        if result == .endOfInput { fputs("\n", stdout) }
        return result ?? .endOfInput
    }

    func addHistory(_ cell: String) {
        let entry = cell.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !entry.isEmpty else { return }
        history.add(entry)
        var index = history_length - 1
        while index >= 0 {
            if let old = history_get(history_base + index), let line = old.pointee.line, String(cString: line) == entry {
                if let removed = remove_history(index) { free_history_entry(removed) }
            }
            index -= 1
        }
        add_history(entry)
    }

    /// readline's completion entry: completes the text before the cursor with `Completer`,
    /// re-expressed relative to readline's own word start.
    private func complete(wordStart start: Int) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
        rl_attempted_completion_over = 1
        rl_completion_suppress_append = 1
        rl_completion_suppress_quote = 1
        guard let buffer = rl_line_buffer else { return nil }
        let line = Array(String(cString: buffer).utf8)
        let cursor = min(Int(rl_point), line.count)
        let before = String(decoding: line[..<cursor], as: UTF8.self)
        let completion = completer.complete(before)
        let wordStart = min(start, cursor)
        let ownStart = completion.replacementStart
        var candidates: [String] = []
        for candidate in completion.candidates {
            if ownStart >= wordStart {
                candidates.append(String(decoding: line[wordStart..<ownStart], as: UTF8.self) + candidate)
            } else {
                let skipped = String(decoding: line[ownStart..<wordStart], as: UTF8.self)
                if candidate.hasPrefix(skipped) { candidates.append(String(candidate.dropFirst(skipped.count))) }
            }
        }
        guard !candidates.isEmpty else { return nil }
        matches = candidates
        return rl_completion_matches("") { _, state in
            guard let reader = ReadlineReader.active else { return nil }
            let index = Int(state)
            guard index < reader.matches.count else { return nil }
            return strdup(reader.matches[index])
        }
    }
}
