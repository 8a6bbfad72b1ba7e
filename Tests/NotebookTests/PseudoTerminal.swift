import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// Runs the real `kscript` binary on a pseudo-terminal it has as its controlling terminal,
/// so readline, Ctrl-C (byte 0x03 → SIGINT) and Ctrl-D behave as for a user.
final class PseudoTerminal {
    let pid: pid_t
    private let master: Int32
    /// Everything the program wrote so far (terminal escapes included).
    private var bytes: [UInt8] = []
    var output: String { String(decoding: bytes, as: UTF8.self) }
    private var exitStatus: Int32?

    /// The `kscript` executable next to the test bundle.
    static var executable: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [bundleDirectory.appendingPathComponent("kscript").path,
                          URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                              .deletingLastPathComponent().appendingPathComponent(".build/debug/kscript").path]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[0]
    }

    /// glibc's `POSIX_SPAWN_SETSID`: the child starts a new session, so the terminal it
    /// opens first becomes its controlling terminal.
    static let spawnSetsid: Int16 = 0x80

    private static func libc<T>(_ name: String) -> T? {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(symbol, to: T.self)
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    init(arguments: [String], environment: [String: String], directory: String) throws {
        // glibc declares these only with _XOPEN_SOURCE/_GNU_SOURCE, which Swift's Glibc module
        // is not built with; they are looked up by name.
        guard let openpt: @convention(c) (Int32) -> Int32 = PseudoTerminal.libc("posix_openpt"),
              let grantpt: @convention(c) (Int32) -> Int32 = PseudoTerminal.libc("grantpt"),
              let unlockpt: @convention(c) (Int32) -> Int32 = PseudoTerminal.libc("unlockpt"),
              let ptsname: @convention(c) (Int32) -> UnsafeMutablePointer<CChar>? = PseudoTerminal.libc("ptsname"),
              let addchdir: @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32
                = PseudoTerminal.libc("posix_spawn_file_actions_addchdir_np") else {
            throw Failure(description: "pseudo-terminal functions are missing from libc")
        }
        master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0, grantpt(master) == 0, unlockpt(master) == 0, let name = ptsname(master) else {
            throw Failure(description: "cannot open a pseudo-terminal")
        }
        let slavePath = String(cString: name)
        var size = winsize(ws_row: 40, ws_col: 200, ws_xpixel: 0, ws_ypixel: 0)
        _ = ioctl(master, UInt(TIOCSWINSZ), &size)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, PseudoTerminal.spawnSetsid)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
        posix_spawn_file_actions_adddup2(&actions, 0, 1)
        posix_spawn_file_actions_adddup2(&actions, 0, 2)
        _ = addchdir(&actions, directory)

        let executable = PseudoTerminal.executable
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard status == 0 else { throw Failure(description: "cannot start \(executable): \(String(cString: strerror(status)))") }
        pid = child
    }

    deinit {
        if exitStatus == nil {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        close(master)
    }

    /// Types `text` (use "\r" for Enter, "\t" for Tab, "\u{03}" for Ctrl-C, "\u{04}" for Ctrl-D).
    func type(_ text: String) {
        var bytes = Array(text.utf8)
        _ = write(master, &bytes, bytes.count)
    }

    /// Reads output until `text` appears after `position` (or the timeout passes); returns
    /// the output from `position` on. Fails the test on timeout.
    @discardableResult
    func waitFor(_ text: String, after position: Int = 0, timeout: Double = 20,
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(text.utf8)
        var searchFrom = position
        while true {
            if bytes.count - searchFrom >= needle.count {
                var i = searchFrom
                while i + needle.count <= bytes.count {
                    if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle {
                        return String(decoding: bytes[position..<(i + needle.count)], as: UTF8.self)
                    }
                    i += 1
                }
                searchFrom = max(position, bytes.count - needle.count + 1)
            }
            if Date() > deadline || !readMore(until: deadline) {
                XCTFail("timed out waiting for \(text.debugDescription); output was:\n\(String(decoding: bytes[position...], as: UTF8.self))",
                        file: file, line: line)
                return String(decoding: bytes[position...], as: UTF8.self)
            }
        }
    }

    /// The current end of the output, to wait for text that comes after it.
    var mark: Int { bytes.count }

    /// Waits for the program to end; returns its exit status (128+signal when killed).
    func waitForExit(timeout: Double = 20) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            _ = readMore(until: Date().addingTimeInterval(0.05))
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
                exitStatus = code
                return code
            }
        }
        return nil
    }

    /// Sends a signal to the program (SIGKILL for `kill -9`).
    func signal(_ number: Int32) { kill(pid, number) }

    private func readMore(until deadline: Date) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(max(0, min(deadline.timeIntervalSinceNow, 0.2)) * 1000)
        let ready = poll(&descriptor, 1, milliseconds)
        if ready <= 0 { return true }
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = read(master, &buffer, buffer.count)
        if count <= 0 { return Date() < deadline && descriptor.revents & Int16(POLLHUP) == 0 }
        bytes.append(contentsOf: buffer[..<count])
        return true
    }
}
