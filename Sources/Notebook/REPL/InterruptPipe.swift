import KTensor

#if canImport(Glibc)
import Glibc
#endif

/// Makes Ctrl-C wake a prompt that is waiting for input. The kernel may deliver SIGINT to any
/// thread, so the waiting `poll` is not reliably interrupted; instead the notebook's SIGINT
/// handler sets `Interruption.flag` (as KTensor's does) and also writes a byte to a pipe that
/// the prompt polls together with standard input.
enum InterruptPipe {
    /// The pipe's ends (-1 before `install()`); plain integers, so the signal handler only loads a word.
    nonisolated(unsafe) private(set) static var readEnd: Int32 = -1
    nonisolated(unsafe) private static var writeEnd: Int32 = -1

    /// Installs the handler (once).
    static func install() {
        if readEnd < 0 {
            var pair: [Int32] = [-1, -1]
            guard pipe(&pair) == 0 else { return Interruption.installSignalHandler() }
            for descriptor in pair {
                _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            readEnd = pair[0]
            writeEnd = pair[1]
        }
        _ = Interruption.flag
        signal(SIGINT) { _ in
            Interruption.flag.pointee = 1
            var byte: UInt8 = 1
            _ = write(InterruptPipe.writeEnd, &byte, 1)
        }
    }

    /// Empties the pipe (after the interruption it reported was handled).
    static func drain() {
        guard readEnd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readEnd, &buffer, buffer.count) > 0 {}
    }

    /// Waits until standard input is readable or Ctrl-C is pressed. Returns false on Ctrl-C
    /// (the flag is cleared), true when input (or end of input) is ready.
    static func waitForInput() -> Bool {
        while true {
            if Interruption.checkpoint() {
                drain()
                return false
            }
            var descriptors = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                               pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&descriptors, readEnd >= 0 ? 2 : 1, -1)
            if ready < 0 { continue }
            if descriptors[1].revents != 0 { drain() }
            if Interruption.checkpoint() { return false }
            if descriptors[0].revents != 0 { return true }
        }
    }
}
