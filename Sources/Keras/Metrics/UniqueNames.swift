/// Keras' per-process default-name counters (`backend.unique_object_name`): the first object
/// of a base name gets the bare name, later ones `_1`, `_2` ... Reset by `clear_session()`.
///
/// Metrics created without a name (`Precision()` → `precision`, `precision_1`) draw from here.
/// Keras uses one counter table for layers and metrics alike; the layer engine should share
/// this table (or this one should forward to the engine's) so both consume the same counters.
public enum UniqueNames {
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    /// The next default name for `base` (`"precision"`, then `"precision_1"` ...).
    public static func next(_ base: String) -> String {
        let n = counters[base, default: 0]
        counters[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// Forgets every counter (`keras.backend.clear_session()`).
    public static func reset() {
        counters.removeAll()
    }
}
