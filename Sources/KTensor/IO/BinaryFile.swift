#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file access for the array readers and writers: sizes, exact reads into caller
/// buffers (so data goes straight into tensor storage) and atomic writes.
struct BinaryFile {
    let path: String
    private let descriptor: Int32

    /// Opens `path` for reading.
    init(reading path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        if descriptor < 0 { throw ArrayFileError.system(path, errno: errno) }
        var info = stat()
        if fstat(descriptor, &info) != 0 {
            let code = errno
            _ = posixClose(descriptor)
            throw ArrayFileError.system(path, errno: code)
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            _ = posixClose(descriptor)
            throw ArrayFileError.system(path, errno: EISDIR)
        }
        size = Int(info.st_size)
    }

    /// Bytes in the file when it was opened.
    let size: Int

    func close() { _ = posixClose(descriptor) }

    /// Reads up to `count` bytes into `buffer`; fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        try fill(buffer, count: count) { target, wanted, _ in posixRead(descriptor, target, wanted) }
    }

    /// Reads up to `count` bytes from file offset `offset` into `buffer` (not moving the file
    /// position); fewer only at the end of the file.
    func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws -> Int {
        try fill(buffer, count: count) { target, wanted, done in pread(descriptor, target, wanted, off_t(offset + done)) }
    }

    /// Calls `readSome(target, wanted, bytesSoFar)` until `count` bytes have arrived or the
    /// file ends, retrying interrupted calls.
    private func fill(_ buffer: UnsafeMutableRawPointer, count: Int,
                      _ readSome: (UnsafeMutableRawPointer, Int, Int) -> Int) throws -> Int {
        var total = 0
        while total < count {
            let got = readSome(buffer + total, count - total, total)
            if got < 0 {
                if errno == EINTR { continue }
                throw ArrayFileError.system(path, errno: errno)
            }
            if got == 0 { break }
            total += got
        }
        return total
    }

    /// Fills `bytes` from the file; returns how many were read.
    func read(into bytes: inout [UInt8]) throws -> Int {
        let count = bytes.count
        return try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return try read(into: base, count: count)
        }
    }

    /// Fills `bytes` from file offset `offset`; returns how many were read.
    func read(into bytes: inout [UInt8], at offset: Int) throws -> Int {
        let count = bytes.count
        return try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return try read(into: base, count: count, at: offset)
        }
    }

    /// Writes the file through a temporary sibling that replaces `path` when `body` succeeds,
    /// so a failed write never leaves a half-written file under the real name.
    static func writeAtomically(_ path: String, _ body: (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        let temporary = path + ".kscript-\(getpid())-tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if descriptor < 0 { throw ArrayFileError.system(path, errno: errno) }
        var succeeded = false
        defer {
            if !succeeded { unlink(temporary) }
        }
        do {
            try body { chunk in
                guard let base = chunk.baseAddress else { return }
                var offset = 0
                while offset < chunk.count {
                    let written = posixWrite(descriptor, base + offset, chunk.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw ArrayFileError.system(path, errno: errno)
                    }
                    offset += written
                }
            }
        } catch {
            _ = posixClose(descriptor)
            throw error
        }
        if posixClose(descriptor) != 0 { throw ArrayFileError.system(path, errno: errno) }
        if rename(temporary, path) != 0 { throw ArrayFileError.system(path, errno: errno) }
        succeeded = true
    }
}

// The C calls under names that `BinaryFile`'s own methods do not shadow.
private func posixRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

private func posixClose(_ descriptor: Int32) -> Int32 {
    close(descriptor)
}
