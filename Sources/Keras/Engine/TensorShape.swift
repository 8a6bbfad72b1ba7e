import KTensor

/// A static shape with unknown dimensions as nil (`(None, 784)`).
public typealias TensorShape = [Int?]

/// Python's `str()` of a shape tuple: `(None, 64)`, `(10,)`, `()`.
public func formatShape(_ shape: TensorShape) -> String {
    let parts = shape.map { $0.map(String.init) ?? "None" }
    return parts.count == 1 ? "(\(parts[0]),)" : "(" + parts.joined(separator: ", ") + ")"
}

/// Python's `str()` of a concrete shape tuple.
public func formatShape(_ shape: [Int]) -> String {
    formatShape(shape.map { Optional($0) })
}

extension Array where Element == Int? {
    /// This shape with unknown dimensions replaced by `fill` (for dry runs).
    func concrete(fill: Int = 1) -> [Int] { map { $0 ?? fill } }
}

extension Array where Element == Int {
    /// This concrete shape as a static shape.
    var asTensorShape: TensorShape { map { Optional($0) } }
}
