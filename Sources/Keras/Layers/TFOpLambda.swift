import KTensor

/// What Keras records when a TensorFlow operator is applied to symbolic tensors
/// (`x + y`, `x * 2.0`, `-x` in the Functional API): a `TFOpLambda` layer named after the
/// op (`tf.__operators__.add`, `tf.math.multiply`, ...; counters as for layers).
public final class TFOpLambda: Layer {
    public enum Operation: String {
        case add = "__operators__.add", subtract = "math.subtract", multiply = "math.multiply"
        case divide = "math.truediv", negative = "math.negative"
    }

    public let operation: Operation
    /// A Python number operand, and whether it comes first (`1.0 - x`).
    public let constant: Double?
    public let constantFirst: Bool

    public init(_ operation: Operation, constant: Double? = nil, constantFirst: Bool = false, name: String? = nil) {
        self.operation = operation
        self.constant = constant
        self.constantFirst = constantFirst
        super.init(name: name ?? Naming.uniqueName("tf." + operation.rawValue))
    }

    public override var className: String { "TFOpLambda" }
    public override var supportsMasking: Bool { true }

    public override func call(_ inputs: [Tensor], training: Bool?) throws -> [Tensor] {
        var operands = inputs
        if let constant {
            let c = Tensor.pythonScalar(constant, for: inputs[0])
            operands = constantFirst ? [c, inputs[0]] : [inputs[0], c]
        }
        switch operation {
        case .negative: return [inputs[0].negative()]
        case .add, .subtract, .multiply, .divide:
            guard operands.count == 2 else { throw KerasError.value("\(name) expects two operands, got \(operands.count)") }
            let a = operands[0], b = operands[1]
            switch operation {
            case .add: return [try a + b]
            case .subtract: return [try a - b]
            case .multiply: return [try a * b]
            default: return [try a / b]
            }
        }
    }

    public override func computeOutputShape(_ inputShapes: [TensorShape]) throws -> [TensorShape]? {
        guard inputShapes.count == 2 else { return [inputShapes[0]] }
        let a = inputShapes[0], b = inputShapes[1]
        let rank = max(a.count, b.count)
        let x = Array(repeating: Optional(1), count: rank - a.count) + a
        let y = Array(repeating: Optional(1), count: rank - b.count) + b
        var result: TensorShape = []
        for (i, j) in zip(x, y) {
            if i == 1 { result.append(j) } else if j == 1 { result.append(i) }
            else if let i, let j, i != j {
                throw KerasError.value("Dimensions must be equal, but are \(i) and \(j) for '{{node \(name)}}' with input shapes: \(formatShape(a)), \(formatShape(b)).")
            } else { result.append(i ?? j) }
        }
        return [result]
    }

    /// Keras' config (`function`), plus the number operand under `constant` /
    /// `constant_first` (Keras keeps it in the inbound node's arguments instead).
    public override func getConfig() -> Config {
        var c = super.getConfig()
        c["function"] = .string(operation.rawValue)
        if let constant {
            c["constant"] = .double(constant)
            c["constant_first"] = .bool(constantFirst)
        }
        return c
    }

    public static func fromConfig(_ c: Config) throws -> TFOpLambda {
        guard let function = c.string("function"), let operation = Operation(rawValue: function) else {
            throw KerasError.value("kscript: unsupported TFOpLambda function \(c.string("function") ?? "None")")
        }
        return TFOpLambda(operation, constant: c["constant"]?.doubleValue, constantFirst: try c.bool("constant_first", default: false), name: c.layerName)
    }
}
