import CHDF5
import Foundation

/// Reading an HDF5 file from outside safely. HDF5 1.10 trusts a file's metadata and can crash
/// on damaged or crafted files, so before kscript opens one in its own process, a forked child
/// walks every object, attribute and dataset with the same calls (`kscript_h5_probe_image`);
/// a file that kills the child is refused with an error instead of taking kscript down.
enum HDF5Probe {
    /// How long the child may take before the file is refused.
    static let timeLimit: TimeInterval = 120

    /// Throws when reading `image` crashes (or hangs) the HDF5 library. Where `fork` is not
    /// available the file is read without the check.
    static func check(_ image: [UInt8], name: String) throws {
        let internalName = "kscript-hdf5-probe-\(UUID().uuidString)"
        let pid: pid_t = image.withUnsafeBytes { buffer in
            internalName.withCString { cName in
                let child = fork()
                if child == 0 {
                    _exit(Int32(kscript_h5_probe_image(UnsafeMutableRawPointer(mutating: buffer.baseAddress), buffer.count, cName)))
                }
                return child
            }
        }
        guard pid > 0 else { return }
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeLimit)
        while true {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid { break }
            if result < 0 && errno != EINTR { return }
            if Date() > deadline {
                kill(pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                throw HDF5Error("\(name): reading the HDF5 file did not finish (damaged or crafted metadata)")
            }
            usleep(500)
        }
        let signal = status & 0x7f
        if signal != 0 {
            throw HDF5Error("\(name): corrupt HDF5 file (its metadata crashes the HDF5 library, signal \(signal))")
        }
    }
}
