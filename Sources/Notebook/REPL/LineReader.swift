import KTensor

#if canImport(Glibc)
import Glibc
#endif

/// What one attempt to read a line produced.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C at the prompt: the line (and any unfinished cell) is discarded.
    case interrupted
    /// Ctrl-D on an empty line, or the end of standard input.
    case endOfInput
}

/// A source of typed lines for the notebook: GNU readline, or plain reads of standard input.
protocol LineReader: AnyObject {
    /// Shows `prompt` and reads one line (without its newline).
    func readLine(prompt: String) -> LineInput
    /// Records a finished cell (possibly several lines) as one history entry.
    func addHistory(_ cell: String)
    /// Text to place in the next input line, ready to edit (`%load`).
    var prefill: String? { get set }
}

/// Plain line input (`--no-readline`): reads bytes from standard input, waiting with `poll`
/// so that Ctrl-C at the prompt is noticed at once.
final class PlainLineReader: LineReader {
    private var pending: [UInt8] = []
    private var atEnd = false
    var prefill: String?

    func readLine(prompt: String) -> LineInput {
        Console.shared.write(prompt)
        Console.shared.flush()
        if let text = prefill {
            prefill = nil
            Console.shared.write(text + "\n")
            Console.shared.flush()
            return .line(text)
        }
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return .line(line)
            }
            if atEnd {
                if pending.isEmpty { return .endOfInput }
                let line = String(decoding: pending, as: UTF8.self)
                pending.removeAll()
                return .line(line)
            }
            guard InterruptPipe.waitForInput() else {
                pending.removeAll()
                Console.shared.write("^C\n")
                Console.shared.flush()
                return .interrupted
            }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = read(STDIN_FILENO, &buffer, buffer.count)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { atEnd = true } else { pending.append(contentsOf: buffer[..<count]) }
        }
    }

    func addHistory(_ cell: String) {}
}
