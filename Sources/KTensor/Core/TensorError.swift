/// An error raised by a tensor operation on bad input (incompatible shapes, an axis or index
/// out of range, an unsupported dtype). `kind` tells the language bridge which Python
/// exception to raise; `message` is the text NumPy/TensorFlow would show where practical.
public struct TensorError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Python `ValueError` (and TensorFlow's `InvalidArgumentError`).
        case invalidArgument
        /// Python `IndexError`.
        case index
        /// Python `TypeError`.
        case type
        /// Python `RuntimeError` (e.g. a used-up non-persistent tape).
        case runtime
        /// Python `MemoryError` (an array too large to allocate).
        case memory
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func invalid(_ message: String) -> TensorError { TensorError(.invalidArgument, message) }
    static func index(_ message: String) -> TensorError { TensorError(.index, message) }
    static func type(_ message: String) -> TensorError { TensorError(.type, message) }
}

/// Normalises a possibly negative `axis` for a tensor of `rank` dimensions (NumPy's
/// `normalize_axis_index`), throwing NumPy's `AxisError` text when it is out of range.
@inlinable
public func normalizeAxis(_ axis: Int, rank: Int) throws -> Int {
    let resolved = axis < 0 ? axis + rank : axis
    guard resolved >= 0 && resolved < rank else {
        throw TensorError(.index, "axis \(axis) is out of bounds for array of dimension \(rank)")
    }
    return resolved
}

/// Normalises a list of axes, rejecting duplicates; the result is sorted.
public func normalizeAxes(_ axes: [Int], rank: Int) throws -> [Int] {
    var seen = [Bool](repeating: false, count: rank)
    for axis in axes {
        let a = try normalizeAxis(axis, rank: rank)
        if seen[a] { throw TensorError(.invalidArgument, "duplicate value in 'axis'") }
        seen[a] = true
    }
    return (0..<rank).filter { seen[$0] }
}
