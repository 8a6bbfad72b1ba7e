import COpenBLAS

/// The floating-point mode kernels run in. TensorFlow flushes denormal numbers to zero in its
/// kernels; training does the same (it matches TF's numbers where values underflow and avoids
/// the CPU's slow path for denormal operands). Plain array arithmetic keeps IEEE behaviour, as
/// NumPy does.
public enum FloatMode {
    /// Runs `body` with denormals flushed to zero on this thread, restoring the mode after.
    public static func flushingDenormals<R>(_ body: () throws -> R) rethrows -> R {
        let previous = kscript_flush_denormals()
        defer { kscript_restore_float_mode(previous) }
        return try body()
    }
}
