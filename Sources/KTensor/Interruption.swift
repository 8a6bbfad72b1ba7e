#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The process-wide Ctrl-C flag. A SIGINT handler sets it; the interpreter polls it at
/// backward jumps and calls, Keras' training loop between batches, and whoever sees it first
/// clears it and raises `KeyboardInterrupt`.
public enum Interruption {
    /// The word the signal handler sets; hot loops may cache this address and test it directly.
    public static let flag: UnsafeMutablePointer<sig_atomic_t> = {
        let pointer = UnsafeMutablePointer<sig_atomic_t>.allocate(capacity: 1)
        pointer.initialize(to: 0)
        return pointer
    }()

    /// True when Ctrl-C was pressed and nobody has handled it yet.
    public static var requested: Bool { flag.pointee != 0 }

    /// Forgets a pending Ctrl-C.
    public static func clear() { flag.pointee = 0 }

    /// Marks a Ctrl-C as pending (what the SIGINT handler does; also useful in tests).
    public static func request() { flag.pointee = 1 }

    /// Returns true once for each pending Ctrl-C, clearing it: the caller then stops its work.
    public static func checkpoint() -> Bool {
        if flag.pointee == 0 { return false }
        flag.pointee = 0
        return true
    }

    /// Installs the SIGINT handler that sets the flag instead of killing the process.
    public static func installSignalHandler() {
        _ = flag
        signal(SIGINT) { _ in Interruption.flag.pointee = 1 }
    }

    /// Restores the default SIGINT behaviour (terminate).
    public static func uninstallSignalHandler() {
        signal(SIGINT, SIG_DFL)
    }
}
