import Foundation

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, then renamed over
/// it, so a crash leaves either the old file or the new one.
func writeFileAtomically(_ bytes: [UInt8], to path: String) throws {
    let temporary = path + ".kscript-\(getpid())-tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard descriptor >= 0 else {
        throw SavingError("\(path): cannot write the file (\(String(cString: strerror(errno))))", kind: .io)
    }
    var written = 0
    while written < bytes.count {
        let result = bytes.withUnsafeBytes { buffer in
            buffer.baseAddress.map { write(descriptor, $0 + written, buffer.count - written) } ?? 0
        }
        if result <= 0 {
            let reason = String(cString: strerror(errno))
            _ = close(descriptor)
            _ = unlink(temporary)
            throw SavingError("\(path): cannot write the file (\(reason))", kind: .io)
        }
        written += result
    }
    _ = fsync(descriptor)
    _ = close(descriptor)
    if rename(temporary, path) != 0 {
        let reason = String(cString: strerror(errno))
        _ = unlink(temporary)
        throw SavingError("\(path): cannot write the file (\(reason))", kind: .io)
    }
}
