/// Two-operand arithmetic with NumPy broadcasting and dtype promotion.
public enum BinaryOperation: Sendable {
    /// `+` (logical or on bools).
    case add
    /// `-` (a TypeError on two bools, as in NumPy).
    case subtract
    /// `*` (logical and on bools).
    case multiply
    /// True division `/`: integers and bools give float64.
    case divide
    /// `//` with Python's rounding toward negative infinity; integer division by 0 gives 0.
    case floorDivide
    /// `%` with the sign of the divisor; integer modulo 0 gives 0.
    case remainder
    /// `**`; integers to negative integer powers are an error.
    case power
    /// Elementwise maximum, propagating NaN.
    case maximum
    /// Elementwise minimum, propagating NaN.
    case minimum
}

extension Tensor {
    /// `a op b` with broadcasting; differentiable in both operands (floor division is not).
    public static func binary(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let result = try binaryValue(op, a, b)
        guard Autodiff.needsGradient(a, b) else { return result }
        return Autodiff.record(inputs: [a, b], output: result) { g, needs in
            try binaryGradients(op, a, b, result: result, upstream: g, needs: needs)
        }
    }

    /// The forward computation of `binary` (not recorded).
    static func binaryValue(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try broadcastShapes(a.shape, b.shape)
        var common = DType.promoted(a.dtype, b.dtype)
        if common == .bool {
            switch op {
            case .add: return applyBinary(LogicalOrKernel.self, a, b, shape: shape, dtype: .bool)
            case .multiply: return applyBinary(LogicalAndKernel.self, a, b, shape: shape, dtype: .bool)
            case .maximum: return applyBinary(MaximumKernel<UInt8>.self, a, b, shape: shape, dtype: .bool)
            case .minimum: return applyBinary(MinimumKernel<UInt8>.self, a, b, shape: shape, dtype: .bool)
            case .subtract:
                throw TensorError.type("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
            case .divide: common = .float64
            case .floorDivide, .remainder, .power: common = .int64
            }
        }
        if op == .divide && !common.isFloatingPoint { common = .float64 }
        if a.dtype == common && b.dtype == common && !(op == .power && common.isInteger) {
            return binaryKernel(op, a, b, shape: shape, dtype: common)
        }
        let x = a.castValue(to: common), y = b.castValue(to: common)
        if op == .power && common.isInteger && y.containsNegative() {
            throw TensorError.invalid("Integers to negative integer powers are not allowed.")
        }
        return binaryKernel(op, x, y, shape: shape, dtype: common)
    }

    /// `a op b` for operands already of the computation dtype `common`.
    private static func binaryKernel(_ op: BinaryOperation, _ x: Tensor, _ y: Tensor, shape: [Int], dtype common: DType) -> Tensor {
        switch common {
        case .float32: return op == .divide ? applyBinary(DivideKernel<Float>.self, x, y, shape: shape, dtype: common)
                                            : numericBinary(op, Float.self, x, y, shape: shape, dtype: common)
        case .float64: return op == .divide ? applyBinary(DivideKernel<Double>.self, x, y, shape: shape, dtype: common)
                                            : numericBinary(op, Double.self, x, y, shape: shape, dtype: common)
        case .int32: return numericBinary(op, Int32.self, x, y, shape: shape, dtype: common)
        case .int64: return numericBinary(op, Int64.self, x, y, shape: shape, dtype: common)
        case .uint8, .bool: return numericBinary(op, UInt8.self, x, y, shape: shape, dtype: common)
        }
    }

    static func numericBinary<T: NumericElement>(_ op: BinaryOperation, _ type: T.Type, _ a: Tensor, _ b: Tensor, shape: [Int], dtype: DType) -> Tensor {
        switch op {
        case .add: return applyBinary(AddKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .subtract: return applyBinary(SubtractKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .multiply: return applyBinary(MultiplyKernel<T>.self, a, b, shape: shape, dtype: dtype)
        // True division is computed in a float type before reaching here.
        case .divide, .floorDivide: return applyBinary(FloorDivideKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .remainder: return applyBinary(RemainderKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .power: return applyBinary(PowerKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .maximum: return applyBinary(MaximumKernel<T>.self, a, b, shape: shape, dtype: dtype)
        case .minimum: return applyBinary(MinimumKernel<T>.self, a, b, shape: shape, dtype: dtype)
        }
    }

    private static func binaryGradients(_ op: BinaryOperation, _ a: Tensor, _ b: Tensor, result: Tensor,
                                        upstream g: Tensor, needs: [Bool]) throws -> [Tensor?] {
        switch op {
        case .add:
            return [needs[0] ? g : nil, needs[1] ? g : nil]
        case .subtract:
            return [needs[0] ? g : nil, needs[1] ? g.negative() : nil]
        case .multiply:
            return [needs[0] ? try g * b : nil, needs[1] ? try g * a : nil]
        case .divide:
            return [needs[0] ? try g / b : nil,
                    needs[1] ? try (g * a / (b * b)).negative() : nil]
        case .floorDivide:
            return [nil, nil]
        case .remainder:
            return [needs[0] ? g : nil,
                    needs[1] ? try (g * floorDivide(a, b)).negative() : nil]
        case .power:
            // d/da = b * a^(b-1); d/db = a^b * log(a), taken as 0 where a <= 0 (as TF does).
            let ga = needs[0] ? try g * b * pow(a, b - 1.0) : nil
            var gb: Tensor? = nil
            if needs[1] {
                let positive = try greater(a, Tensor(scalar: 0.0, dtype: a.dtype))
                let safeA = try Tensor.where(positive, a, Tensor.ones([], dtype: a.dtype))
                gb = try Tensor.where(positive, g * result * safeA.log(), Tensor(zeros: [], dtype: result.dtype))
            }
            return [ga, gb]
        case .maximum, .minimum:
            let takesA = op == .maximum ? try greaterEqual(a, b) : try lessEqual(a, b)
            let zero = Tensor(zeros: [], dtype: g.dtype)
            return [needs[0] ? try Tensor.where(takesA, g, zero) : nil,
                    needs[1] ? try Tensor.where(takesA, zero, g) : nil]
        }
    }

    /// True when an integer tensor holds a negative element.
    func containsNegative() -> Bool {
        switch dtype {
        case .int32: return contiguous().withUnsafeBufferPointer(as: Int32.self) { $0.contains { $0 < 0 } }
        case .int64: return contiguous().withUnsafeBufferPointer(as: Int64.self) { $0.contains { $0 < 0 } }
        default: return false
        }
    }

    // MARK: Named forms

    /// `a // b` (Python floor division; not differentiable).
    public static func floorDivide(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.floorDivide, a, b) }
    /// `a % b` (sign of the divisor).
    public static func remainder(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.remainder, a, b) }
    /// `a ** b`.
    public static func pow(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.power, a, b) }
    /// `a ** b` with a Python-float exponent.
    public static func pow(_ a: Tensor, _ b: Double) throws -> Tensor {
        try binary(.power, a, Tensor(scalar: b, dtype: a.dtype.promoted(withScalar: .float)))
    }
    /// Elementwise maximum with broadcasting (gradient goes to `a` where `a >= b`).
    public static func maximum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.maximum, a, b) }
    /// Elementwise minimum with broadcasting (gradient goes to `a` where `a <= b`).
    public static func minimum(_ a: Tensor, _ b: Tensor) throws -> Tensor { try binary(.minimum, a, b) }

    // MARK: Operators

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try binary(.add, a, b) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try binary(.subtract, a, b) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try binary(.multiply, a, b) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try binary(.divide, a, b) }
    public static func % (a: Tensor, b: Tensor) throws -> Tensor { try binary(.remainder, a, b) }

    /// With a Python float: float tensors keep their dtype, others become float64.
    public static func + (a: Tensor, b: Double) throws -> Tensor { try binary(.add, a, pythonScalar(b, for: a)) }
    public static func - (a: Tensor, b: Double) throws -> Tensor { try binary(.subtract, a, pythonScalar(b, for: a)) }
    public static func * (a: Tensor, b: Double) throws -> Tensor { try binary(.multiply, a, pythonScalar(b, for: a)) }
    public static func / (a: Tensor, b: Double) throws -> Tensor { try binary(.divide, a, pythonScalar(b, for: a)) }
    public static func + (a: Double, b: Tensor) throws -> Tensor { try binary(.add, pythonScalar(a, for: b), b) }
    public static func - (a: Double, b: Tensor) throws -> Tensor { try binary(.subtract, pythonScalar(a, for: b), b) }
    public static func * (a: Double, b: Tensor) throws -> Tensor { try binary(.multiply, pythonScalar(a, for: b), b) }
    public static func / (a: Double, b: Tensor) throws -> Tensor { try binary(.divide, pythonScalar(a, for: b), b) }

    /// A Python float as a 0-d tensor of the dtype NumPy would compute `tensor op value` in.
    public static func pythonScalar(_ value: Double, for tensor: Tensor) -> Tensor {
        Tensor(scalar: value, dtype: tensor.dtype.promoted(withScalar: .float))
    }

    /// A Python int as a 0-d tensor of the dtype NumPy would compute `tensor op value` in.
    public static func pythonScalar(_ value: Int64, for tensor: Tensor) -> Tensor {
        Tensor(scalar: value, dtype: tensor.dtype.promoted(withScalar: .int, integerValue: value))
    }

    // MARK: In place

    /// `self = self op other` in place, `other` broadcast to this shape; the result is cast to
    /// this dtype (NumPy's `a += b` with `same_kind` relaxed to unsafe casting). Keeps the
    /// buffer when this value owns it; not recorded on tapes.
    public mutating func applyInPlace(_ op: BinaryOperation, _ other: Tensor) throws {
        let target = try Tensor.broadcastShapes(shape, other.shape)
        guard target == shape else {
            throw TensorError.invalid("non-broadcastable output operand with shape \(numpyShape(shape)) doesn't match the broadcast shape \(numpyShape(target))")
        }
        if dtype == .bool || DType.promoted(dtype, other.dtype) != dtype || (op == .divide && !dtype.isFloatingPoint)
            || (op == .power && dtype.isInteger) {
            // Computed in the promoted type, then cast back (NumPy's `out=` with unsafe casting).
            let result = try Tensor.binaryValue(op, self, other)
            try assign(result)
            return
        }
        var operand = other.castValue(to: dtype)
        if operand.storage === storage { operand = operand.contiguousCopy() }
        makeUnique()
        tapeID = 0
        attachment = nil
        switch dtype {
        case .float32 where op == .divide: applyBinaryInPlace(DivideKernel<Float>.self, &self, operand)
        case .float64 where op == .divide: applyBinaryInPlace(DivideKernel<Double>.self, &self, operand)
        case .float32: Tensor.numericBinaryInPlace(op, Float.self, &self, operand)
        case .float64: Tensor.numericBinaryInPlace(op, Double.self, &self, operand)
        case .int32: Tensor.numericBinaryInPlace(op, Int32.self, &self, operand)
        case .int64: Tensor.numericBinaryInPlace(op, Int64.self, &self, operand)
        case .uint8, .bool: Tensor.numericBinaryInPlace(op, UInt8.self, &self, operand)
        }
    }

    static func numericBinaryInPlace<T: NumericElement>(_ op: BinaryOperation, _ type: T.Type, _ a: inout Tensor, _ b: Tensor) {
        switch op {
        case .add: applyBinaryInPlace(AddKernel<T>.self, &a, b)
        case .subtract: applyBinaryInPlace(SubtractKernel<T>.self, &a, b)
        case .multiply: applyBinaryInPlace(MultiplyKernel<T>.self, &a, b)
        case .divide, .floorDivide: applyBinaryInPlace(FloorDivideKernel<T>.self, &a, b)
        case .remainder: applyBinaryInPlace(RemainderKernel<T>.self, &a, b)
        case .power: applyBinaryInPlace(PowerKernel<T>.self, &a, b)
        case .maximum: applyBinaryInPlace(MaximumKernel<T>.self, &a, b)
        case .minimum: applyBinaryInPlace(MinimumKernel<T>.self, &a, b)
        }
    }

    public static func += (a: inout Tensor, b: Tensor) throws { try a.applyInPlace(.add, b) }
    public static func -= (a: inout Tensor, b: Tensor) throws { try a.applyInPlace(.subtract, b) }
    public static func *= (a: inout Tensor, b: Tensor) throws { try a.applyInPlace(.multiply, b) }
    public static func /= (a: inout Tensor, b: Tensor) throws { try a.applyInPlace(.divide, b) }

    /// Overwrites every element with `value` broadcast to this shape and cast to this dtype,
    /// writing through this value's own strides (so a view writes into the storage it views;
    /// shared storage is copied first). Not recorded on tapes.
    public mutating func assign(_ value: Tensor) throws {
        var source = try value.cast(to: dtype).broadcastView(to: shape)
        if source.storage === storage { source = source.contiguousCopy() }
        makeUnique()
        tapeID = 0
        attachment = nil
        if count == 0 { return }
        switch dtype.size {
        case 1: Tensor.copyElements(UInt8.self, from: source, into: &self)
        case 4: Tensor.copyElements(UInt32.self, from: source, into: &self)
        default: Tensor.copyElements(UInt64.self, from: source, into: &self)
        }
    }

    static func copyElements<T>(_ type: T.Type, from source: Tensor, into destination: inout Tensor) {
        binaryLoop(CopyKernel<T>.self, shape: destination.shape,
                   a: UnsafePointer(source.basePointer(T.self)), aStrides: source.strides,
                   b: UnsafePointer(source.basePointer(T.self)), bStrides: source.strides,
                   out: destination.basePointer(T.self), outStrides: destination.strides)
    }
}

/// Copies the first operand (used by strided assignment).
struct CopyKernel<T>: BinaryKernel {
    static func apply(_ a: T, _ b: T) -> T { a }
}
