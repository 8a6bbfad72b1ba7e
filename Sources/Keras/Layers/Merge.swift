import KTensor

/// The merge layers (`Add`, `Subtract`, `Multiply`, `Average`, `Maximum`, `Minimum`):
/// elementwise over a list of tensors of compatible shapes.
public final class Merge: Layer {
    public enum Operation: String, CaseIterable {
        case add = "Add", subtract = "Subtract", multiply = "Multiply", average = "Average", maximum = "Maximum", minimum = "Minimum"
    }

    public let operation: Operation

    public init(_ operation: Operation, name: String? = nil, trainable: Bool = true) {
        self.operation = operation
        super.init(name: name ?? Naming.uniqueName(Naming.snakeCase(operation.rawValue)), trainable: trainable)
    }

    public override var className: String { operation.rawValue }
    public override var expectsList: Bool { true }

    func checkCount(_ n: Int) throws {
        if operation == .subtract && n != 2 {
            throw KerasError.value("A `Subtract` layer should be called on exactly 2 inputs. Received: inputs=\(n) inputs")
        }
        if n < 1 {
            throw KerasError.value("A merge layer should be called on a list of at least 1 input. Got 0 inputs.")
        }
    }

    /// Keras' checks when the layer is built: at least one input (exactly two for
    /// `Subtract`), one batch size.
    public override func build(inputShapes: [TensorShape]) throws {
        let shapesText = "[" + inputShapes.map(formatShape).joined(separator: ", ") + "]"
        guard !inputShapes.isEmpty else {
            throw KerasError.value("A merge layer should be called on a list of at least 1 input. Got 0 inputs. Full input_shape received: []")
        }
        if operation == .subtract && inputShapes.count != 2 {
            throw KerasError.value("A `Subtract` layer should be called on exactly 2 inputs. Received: input_shape=\(shapesText)")
        }
        if Set(inputShapes.compactMap { $0.first ?? nil }).count > 1 {
            throw KerasError.value("Cannot merge tensors with different batch sizes. Got tensors with shapes \(shapesText)")
        }
        _ = try elementwiseShape(inputShapes)
    }

    /// Keras' `_compute_elemwise_op_output_shape` across all inputs.
    func elementwiseShape(_ shapes: [TensorShape]) throws -> TensorShape {
        var result = Array(shapes[0].dropFirst())
        for other in shapes.dropFirst() {
            let shape = Array(other.dropFirst())
            let rank = max(result.count, shape.count)
            let a = Array(repeating: Optional(1), count: rank - result.count) + result
            let b = Array(repeating: Optional(1), count: rank - shape.count) + shape
            var merged: TensorShape = []
            for (i, j) in zip(a, b) {
                if i == nil || j == nil { merged.append(nil) }
                else if i == 1 { merged.append(j) }
                else if j == 1 { merged.append(i) }
                else if i != j {
                    throw KerasError.value("Inputs have incompatible shapes. Received shapes \(formatShape(result)) and \(formatShape(shape))")
                } else { merged.append(i) }
            }
            result = merged
        }
        let batches = Set(shapes.map { $0.first ?? nil })
        return [batches.count == 1 ? (batches.first ?? nil) : nil] + result
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        try checkCount(inputs.count)
        var result = inputs[0]
        for other in inputs.dropFirst() {
            switch operation {
            case .add, .average: result = try result + other
            case .subtract: result = try result - other
            case .multiply: result = try result * other
            case .maximum: result = try Tensor.maximum(result, other)
            case .minimum: result = try Tensor.minimum(result, other)
            }
        }
        if operation == .average { result = try result / Double(inputs.count) }
        return [result]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [try elementwiseShape(inputShapes)]
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        [try Merge.combinedMask(masks)]
    }

    /// The logical AND of the given masks (nil when none is given).
    static func combinedMask(_ masks: [Tensor?]) throws -> Tensor? {
        var result: Tensor?
        for case let mask? in masks { result = try result.map { try Tensor.logicalAnd($0, mask) } ?? mask }
        return result
    }

    public static func fromConfig(_ c: Config, operation: Operation) throws -> Merge {
        Merge(operation, name: c.layerName, trainable: c.isTrainable)
    }
}

/// `keras.layers.Concatenate(axis=-1)`: joins a list of tensors along `axis`.
public final class Concatenate: Layer {
    public let axis: Int

    public init(axis: Int = -1, name: String? = nil, trainable: Bool = true) {
        self.axis = axis
        super.init(name: name, trainable: trainable)
    }

    public override var expectsList: Bool { true }

    func outputShape(_ shapes: [TensorShape]) throws -> TensorShape {
        guard !shapes.isEmpty else {
            throw KerasError.value("A `Concatenate` layer should be called on a list of at least 1 input. Received: input_shape=[]")
        }
        let rank = shapes[0].count
        /// Built only when thrown: a layer call checks the shapes every step.
        func mismatch() -> KerasError {
            KerasError.value("A `Concatenate` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=[\(shapes.map(formatShape).joined(separator: ", "))]")
        }
        guard shapes.allSatisfy({ $0.count == rank }), rank > 0 else { throw mismatch() }
        let position = axis < 0 ? rank + axis : axis
        guard position >= 0, position < rank else { throw mismatch() }
        var result = shapes[0]
        for shape in shapes.dropFirst() {
            for d in 0..<rank where d != position {
                if let a = result[d], let b = shape[d], a != b { throw mismatch() }
                if result[d] == nil { result[d] = shape[d] }
            }
            if let a = result[position], let b = shape[position] { result[position] = a + b } else { result[position] = nil }
        }
        return result
    }

    public override func build(inputShapes: [TensorShape]) throws {
        _ = try outputShape(inputShapes)
    }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        _ = try outputShape(inputs.map { $0.shape.asTensorShape })
        return [try Tensor.concat(inputs, axis: axis)]
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        [try outputShape(inputShapes)]
    }

    public override func computeMask(_ inputs: [Tensor], masks: [Tensor?]) throws -> [Tensor?] {
        [try Merge.combinedMask(masks)]
    }

    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["axis"] = .int(axis)
        return c
    }

    public static func fromConfig(_ c: Config) throws -> Concatenate {
        Concatenate(axis: try c.int("axis", default: -1), name: c.layerName, trainable: c.isTrainable)
    }
}
