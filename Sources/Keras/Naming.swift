/// Keras' per-process default names: one counter per snake_cased class name (`dense`,
/// `dense_1`, ...), shared by layers, models and inputs, reset only by `clearSession()`.
public enum Naming {
    nonisolated(unsafe) private static var counters: [String: Int] = [:]

    /// The next default name for `base` (`"dense"` → `dense`, then `dense_1`, ...).
    public static func uniqueName(_ base: String) -> String {
        let n = counters[base, default: 0]
        counters[base] = n + 1
        return n == 0 ? base : "\(base)_\(n)"
    }

    /// Every counter (the number of default names given per base), for a notebook session to
    /// save and set again so names continue after a restart.
    public static var counterSnapshot: [String: Int] {
        get { counters }
        set { counters = newValue }
    }

    /// `keras.backend.clear_session()`: every counter starts again from zero.
    public static func clearSession() {
        counters.removeAll()
    }

    /// Keras' `to_snake_case` of a class name: `BatchNormalization` → `batch_normalization`,
    /// `MyModel` → `my_model`, `HTTPModel2` → `http_model2`, `LSTM` → `lstm`.
    public static func snakeCase(_ name: String) -> String {
        let chars = Array(name)
        // First pass: an underscore before each capital that starts a word
        // (`(.)([A-Z][a-z0-9]+)` → `\1_\2`).
        var first: [Character] = []
        for (i, c) in chars.enumerated() {
            if i > 0, c.isUppercase, i + 1 < chars.count, chars[i + 1].isLowercase || chars[i + 1].isNumber { first.append("_") }
            first.append(c)
        }
        // Second pass: an underscore between a lowercase letter and a capital
        // (`([a-z])([A-Z])` → `\1_\2`).
        var second: [Character] = []
        for (i, c) in first.enumerated() {
            if i > 0, c.isUppercase, first[i - 1].isLowercase { second.append("_") }
            second.append(c)
        }
        let lowered = String(second).lowercased()
        // A name starting with an underscore gets the `private` prefix in Keras.
        if lowered.hasPrefix("_") { return "private" + lowered }
        return lowered
    }
}
