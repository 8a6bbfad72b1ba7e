import Foundation

/// Which standard stream a piece of output belongs to.
public enum ConsoleStream: Sendable {
    case stdout
    case stderr
}

/// The one ordered, buffered output sink of the process. `print`, tracebacks, Keras progress
/// bars and summaries all write here, so their relative order is kept; the notebook redirects
/// it to capture a cell's output.
///
/// Output is buffered and written out in order: when the buffer grows large, when the other
/// stream is written (so stdout and stderr interleave correctly), on `flush()`, and — when
/// standard output is a terminal — at every newline.
public final class Console: @unchecked Sendable {
    /// The process-wide console.
    public static let shared = Console()

    private let lock = NSLock()
    private var buffer: [UInt8] = []
    private var bufferedStream: ConsoleStream = .stdout
    private var redirects: [(String, ConsoleStream) -> Void] = []
    private let stdoutIsTerminal: Bool
    private let flushThreshold = 1 << 16

    private init() {
        stdoutIsTerminal = isatty(STDOUT_FILENO) != 0
        buffer.reserveCapacity(flushThreshold)
    }

    /// Writes `text` to `stream` (or to the innermost redirect when one is active).
    public func write(_ text: String, to stream: ConsoleStream = .stdout) {
        lock.lock()
        defer { lock.unlock() }
        if let redirect = redirects.last {
            redirect(text, stream)
            return
        }
        if stream != bufferedStream && !buffer.isEmpty { writeOutLocked() }
        bufferedStream = stream
        buffer.append(contentsOf: text.utf8)
        if stream == .stderr || buffer.count >= flushThreshold
            || (stdoutIsTerminal && text.utf8.contains(10)) {
            writeOutLocked()
        }
    }

    /// Writes out everything buffered so far.
    public func flush() {
        lock.lock()
        defer { lock.unlock() }
        writeOutLocked()
    }

    /// Sends all output written while `body` runs to `sink` instead of the real streams.
    /// Redirects nest; the innermost one receives the text.
    public func withRedirect<T>(_ sink: @escaping (String, ConsoleStream) -> Void, _ body: () throws -> T) rethrows -> T {
        pushRedirect(sink)
        defer { popRedirect() }
        return try body()
    }

    /// Starts sending output to `sink` until the matching `popRedirect()`.
    public func pushRedirect(_ sink: @escaping (String, ConsoleStream) -> Void) {
        lock.lock()
        writeOutLocked()
        redirects.append(sink)
        lock.unlock()
    }

    /// Ends the innermost redirect.
    public func popRedirect() {
        lock.lock()
        if !redirects.isEmpty { redirects.removeLast() }
        lock.unlock()
    }

    /// Runs `body` and returns everything it wrote to stdout and stderr (in order, merged).
    public func capture(_ body: () throws -> Void) rethrows -> String {
        var captured = ""
        try withRedirect({ text, _ in captured += text }, body)
        return captured
    }

    private func writeOutLocked() {
        if buffer.isEmpty { return }
        let descriptor = bufferedStream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        buffer.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                if written <= 0 {
                    if written < 0 && errno == EINTR { continue }
                    break
                }
                offset += written
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
