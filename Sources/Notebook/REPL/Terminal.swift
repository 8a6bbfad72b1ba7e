import KTensor

#if canImport(Glibc)
import Glibc
#endif

/// Writes straight to the process's standard streams (bypassing `Console`).
enum Terminal {
    static func write(_ text: String, to stream: ConsoleStream) {
        let descriptor = stream == .stdout ? STDOUT_FILENO : STDERR_FILENO
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
