#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure reading or writing an array file (`.npy`, `.npz`, IDX). `message` names the file
/// and the problem; the language raises `OSError` (`FileNotFoundError` for `ENOENT`) for
/// `.io` and `ValueError` for the others.
public struct ArrayFileError: Error, Equatable, CustomStringConvertible {
    public enum Kind: Sendable {
        /// The operating system refused: missing file, permissions, disk full.
        case io
        /// The bytes are not a valid file of the expected format.
        case malformed
        /// A valid file holding something kscript cannot represent (e.g. a float16 array).
        case unsupported
    }

    public let kind: Kind
    /// The file concerned, as given by the caller.
    public let path: String
    public let message: String
    /// The C `errno` of `.io` errors.
    public let errno: Int32?

    public var description: String { message }

    /// A format error: "`path`: `problem`".
    static func malformed(_ path: String, _ problem: String) -> ArrayFileError {
        ArrayFileError(kind: .malformed, path: path, message: "\(path): \(problem)", errno: nil)
    }

    static func unsupported(_ path: String, _ problem: String) -> ArrayFileError {
        ArrayFileError(kind: .unsupported, path: path, message: "\(path): \(problem)", errno: nil)
    }

    /// An I/O failure without an `errno`.
    static func ioFailure(_ path: String, _ problem: String) -> ArrayFileError {
        ArrayFileError(kind: .io, path: path, message: "\(path): \(problem)", errno: nil)
    }

    /// An operating-system error worded as Python's `OSError`: `[Errno 2] No such file or directory: 'x.npy'`.
    static func system(_ path: String, errno code: Int32) -> ArrayFileError {
        let reason = String(cString: strerror(code))
        return ArrayFileError(kind: .io, path: path, message: "[Errno \(code)] \(reason): '\(path)'", errno: code)
    }
}
