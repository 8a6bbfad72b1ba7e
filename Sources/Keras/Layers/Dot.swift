import KTensor

/// `keras.layers.Dot(axes, normalize=False)`: the dot product of two tensors sample by sample
/// (Keras' `batch_dot`) along one axis of each, optionally of their L2-normalised values
/// (cosine proximity).
public final class Dot: Layer {
    /// `axes=2` (the same axis of both inputs) or `axes=(1, 2)`.
    public enum Axes: Equatable {
        case same(Int)
        case pair(Int, Int)
    }

    public let axes: Axes
    public let normalize: Bool

    public init(axes: Axes, normalize: Bool = false, name: String? = nil, trainable: Bool = true) {
        self.axes = axes
        self.normalize = normalize
        super.init(name: name, trainable: trainable)
    }

    public override var expectsList: Bool { true }
    public override var supportsMasking: Bool { true }

    /// The contracted axis of each input, negative axes counted from the end (Python's `%`).
    func resolvedAxes(ranks: (Int, Int)) -> (Int, Int) {
        func wrap(_ axis: Int, _ rank: Int) -> Int { axis < 0 && rank > 0 ? ((axis % rank) + rank) % rank : axis }
        switch axes {
        case .same(let a): return a < 0 ? (wrap(a, ranks.0), wrap(a, ranks.1)) : (a, a)
        case .pair(let a, let b): return (wrap(a, ranks.0), wrap(b, ranks.1))
        }
    }

    private static func listError(_ shapes: [TensorShape]) -> KerasError {
        KerasError.value("A `Dot` layer should be called on a list of 2 inputs. Received: input_shape=[\(shapes.map(formatShape).joined(separator: ", "))]")
    }

    public override func build(inputShapes shapes: [TensorShape]) throws {
        guard shapes.count == 2 else { throw Dot.listError(shapes) }
        let (a, b) = resolvedAxes(ranks: (shapes[0].count, shapes[1].count))
        guard a < shapes[0].count, b < shapes[1].count else {
            throw KerasError.value("Invalid `axes` for inputs of shapes \(formatShape(shapes[0])) and \(formatShape(shapes[1]))")
        }
        if shapes[0][a] != shapes[1][b] {
            func dimension(_ d: Int?) -> String { d.map(String.init) ?? "None" }
            throw KerasError.value("Incompatible input shapes: axis values \(dimension(shapes[0][a])) (at axis \(a)) != \(dimension(shapes[1][b])) (at axis \(b)). Full input shapes: \(formatShape(shapes[0])), \(formatShape(shapes[1]))")
        }
    }

    public override func computeOutputShape(_ shapes: [TensorShape]) throws -> [TensorShape]? {
        guard shapes.count == 2 else { throw Dot.listError(shapes) }
        let (a, b) = resolvedAxes(ranks: (shapes[0].count, shapes[1].count))
        guard a < shapes[0].count, b < shapes[1].count, !shapes[1].isEmpty else { throw Dot.listError(shapes) }
        var first = shapes[0], second = shapes[1]
        first.remove(at: a)
        second.remove(at: b)
        if !second.isEmpty { second.removeFirst() }
        var output = first + second
        if output.count == 1 { output.append(1) }
        return [output]
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        guard inputs.count == 2 else {
            throw KerasError.value("A `Dot` layer should be called on exactly 2 inputs. Received: inputs=\(inputs.count) inputs")
        }
        let (a, b) = resolvedAxes(ranks: (inputs[0].rank, inputs[1].rank))
        var x = inputs[0], y = inputs[1]
        if normalize {
            x = try Dot.l2Normalized(x, axis: a)
            y = try Dot.l2Normalized(y, axis: b)
        }
        return [try Dot.batchDot(x, y, axes: (a, b))]
    }

    /// `tf.linalg.l2_normalize`: `x / sqrt(max(sum(x²), 1e-12))` along `axis`.
    static func l2Normalized(_ x: Tensor, axis: Int) throws -> Tensor {
        let squares = try (x * x).sum(axes: [axis], keepDims: true)
        return try x * Tensor.maximum(squares, Tensor(scalar: 1e-12, dtype: squares.dtype)).rsqrt()
    }

    /// Keras' `batch_dot`: for each sample (axis 0), the tensor product of `x` and `y`
    /// contracted over `axes` — `x`'s other axes, then `y`'s — with a trailing axis of 1 when
    /// only the batch axis would remain. One batched matrix product: `x` as (batch, rows,
    /// contracted), `y` as (batch, contracted, columns).
    static func batchDot(_ x: Tensor, _ y: Tensor, axes: (Int, Int)) throws -> Tensor {
        guard x.rank >= 2, y.rank >= 2 else {
            throw KerasError.value("Cannot do batch_dot on inputs with rank < 2. Received inputs with shapes \(formatShape(x.shape)) and \(formatShape(y.shape)).")
        }
        guard axes.0 > 0, axes.0 < x.rank, axes.1 > 0, axes.1 < y.rank else {
            throw KerasError.value("Cannot perform batch_dot over axis 0. If your inputs are not batched, add a dummy batch dimension to your inputs using K.expand_dims(x, 0)")
        }
        guard x.shape[0] == y.shape[0] else {
            throw KerasError.value("Cannot do batch_dot on inputs with different batch sizes. Received inputs with shapes \(formatShape(x.shape)) and \(formatShape(y.shape)).")
        }
        guard x.shape[axes.0] == y.shape[axes.1] else {
            throw KerasError.value("Cannot do batch_dot on inputs with shapes \(formatShape(x.shape)) and \(formatShape(y.shape)) with axes=(\(axes.0), \(axes.1)). x.shape[\(axes.0)] != y.shape[\(axes.1)] (\(x.shape[axes.0]) != \(y.shape[axes.1])).")
        }
        let batch = x.shape[0], depth = x.shape[axes.0]
        let xRest = (1..<x.rank).filter { $0 != axes.0 }, yRest = (1..<y.rank).filter { $0 != axes.1 }
        let left = try x.transposed([0] + xRest + [axes.0]).reshaped([batch, xRest.map { x.shape[$0] }.reduce(1, *), depth])
        let right = try y.transposed([0, axes.1] + yRest).reshaped([batch, depth, yRest.map { y.shape[$0] }.reduce(1, *)])
        var shape = [batch] + xRest.map { x.shape[$0] } + yRest.map { y.shape[$0] }
        if shape.count == 1 { shape.append(1) }
        return try Tensor.matmul(left, right).reshaped(shape)
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] { [nil] }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        switch axes {
        case .same(let a): c["axes"] = .int(a)
        case .pair(let a, let b): c["axes"] = .list([.int(a), .int(b)])
        }
        c["normalize"] = .bool(normalize)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Dot {
        let axes: Axes
        if let a = c["axes"]?.intValue {
            axes = .same(a)
        } else if let pair = c["axes"]?.elements, pair.count == 2, let a = pair[0].intValue, let b = pair[1].intValue {
            axes = .pair(a, b)
        } else {
            throw KerasError.value("Dot config needs `axes`: an int or a list of two ints")
        }
        return Dot(axes: axes, normalize: try c.bool("normalize", default: false), name: c.layerName, trainable: c.isTrainable)
    }
}
