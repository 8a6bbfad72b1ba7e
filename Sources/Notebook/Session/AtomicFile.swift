import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Crash-safe file replacement: the new contents go to a temporary file in the same
/// directory, are flushed to disk with `fsync`, and then renamed over the target; the
/// directory is synced too. A reader (or a restart after `kill -9`) sees either the old
/// file or the complete new one, never a mixture.
enum AtomicFile {
    struct WriteError: Error, CustomStringConvertible {
        let description: String
    }

    /// Suffix of temporary files; leftovers from an interrupted write are removed later.
    static let temporaryMarker = ".tmp-"

    static func write(_ data: Data, to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = path + temporaryMarker + String(getpid())
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw WriteError(description: "cannot create \(temporary): \(String(cString: strerror(errno)))") }
        var failure: String?
        data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var offset = 0
            while offset < raw.count {
                let written = Glibc.write(descriptor, base + offset, raw.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 {
                    failure = "cannot write \(temporary): \(String(cString: strerror(errno)))"
                    return
                }
                offset += written
            }
        }
        if failure == nil && fsync(descriptor) != 0 { failure = "cannot sync \(temporary): \(String(cString: strerror(errno)))" }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw WriteError(description: failure)
        }
        guard rename(temporary, path) == 0 else {
            let message = "cannot rename \(temporary) to \(path): \(String(cString: strerror(errno)))"
            unlink(temporary)
            throw WriteError(description: message)
        }
        syncDirectory(directory.isEmpty ? "." : directory)
    }

    /// Flushes a file someone else wrote to disk.
    static func sync(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw WriteError(description: "cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw WriteError(description: "cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Makes a rename in `directory` durable.
    static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
