import KTensor

/// The per-axis window arguments of convolution and pooling layers (`kernel_size`, `strides`,
/// `pool_size`, ...): Keras' `normalize_tuple` checks, their config form (tuples), and
/// `padding`.
enum WindowArguments {
    /// Checks that `values` has one positive entry per spatial axis (Keras' messages).
    static func check(_ values: [Int], _ name: String, rank: Int) throws {
        let text = "The `\(name)` argument must be a tuple of \(rank) integers. Received \(name)=\(tupleText(values))"
        guard values.count == rank else { throw KerasError.value(text) }
        let bad = Set(values.filter { $0 <= 0 })
        if !bad.isEmpty {
            throw KerasError.value(text + " including {\(bad.sorted().map(String.init).joined(separator: ", "))} that does not satisfy the requirement `> 0`.")
        }
    }

    /// Checks a padding name: `valid`, `same`, or `causal` where allowed.
    static func checkPadding(_ padding: String, allowsCausal: Bool) throws {
        switch padding {
        case "valid", "same": return
        case "causal" where allowsCausal: return
        case "causal": throw KerasError.value("Causal padding is only supported for `Conv1D`and `SeparableConv1D`.")
        default:
            throw KerasError.value("The `padding` argument must be a list/tuple or one of \"valid\", \"same\" (or \"causal\", only for `Conv1D). Received: \(padding)")
        }
    }

    /// The window padding a padding name runs with (`causal` runs as `valid` after padding the start).
    static func windowPadding(_ padding: String) -> WindowPadding { padding == "same" ? .same : .valid }

    static func tuple(_ values: [Int]) -> ConfigValue { .tuple(values.map(ConfigValue.int)) }

    /// Python's tuple text: `(3,)`, `(3, 3)`.
    static func tupleText(_ values: [Int]) -> String {
        values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
    }

    /// TensorFlow's graph-shape text in its messages: `[?,2,2,1]`.
    static func graphShapeText(_ shape: TensorShape) -> String {
        "[" + shape.map { $0.map(String.init) ?? "?" }.joined(separator: ",") + "]"
    }

    /// A config entry that is an int (repeated per axis) or a tuple/list of ints; `fallback`
    /// (repeated) when absent or None.
    static func read(_ c: Config, _ key: String, rank: Int, default fallback: Int?) throws -> [Int] {
        switch c[key] {
        case .int(let v)?: return Array(repeating: v, count: rank)
        case .list(let items)?, .tuple(let items)?:
            let values = items.compactMap(\.intValue)
            guard values.count == items.count else { throw KerasError.type("config entry '\(key)' must be a tuple of ints") }
            return values
        case nil, .none?:
            guard let fallback else { throw KerasError.value("config entry '\(key)' is missing") }
            return Array(repeating: fallback, count: rank)
        default: throw KerasError.type("config entry '\(key)' must be a tuple of ints")
        }
    }
}
