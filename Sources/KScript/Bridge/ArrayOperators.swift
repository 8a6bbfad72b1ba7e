import KTensor

/// Python operators on arrays (`+ - * / // % ** @ & | ^`, comparisons, unary ops), shared by
/// NumPy arrays/scalars and TF tensors/variables. NumPy style follows NumPy 1.23's promotion
/// (Python scalars and 0-d operands by kind and value) and defers to TF objects so mixed
/// expressions give tf tensors, as in TF; TF style converts Python scalars to the tensor's dtype.
enum ArrayOperators {
    enum Style { case numpy, tensorflow }

    enum Operation {
        case arithmetic(BinaryOperation)
        case matmul
        case logical(String)
        case compare(ComparisonOperation)
    }

    static let binaryOperations: [(String, String?, String?, Operation)] = [
        ("__add__", "__radd__", "__iadd__", .arithmetic(.add)),
        ("__sub__", "__rsub__", "__isub__", .arithmetic(.subtract)),
        ("__mul__", "__rmul__", "__imul__", .arithmetic(.multiply)),
        ("__truediv__", "__rtruediv__", "__itruediv__", .arithmetic(.divide)),
        ("__floordiv__", "__rfloordiv__", "__ifloordiv__", .arithmetic(.floorDivide)),
        ("__mod__", "__rmod__", "__imod__", .arithmetic(.remainder)),
        ("__pow__", "__rpow__", "__ipow__", .arithmetic(.power)),
        ("__matmul__", "__rmatmul__", nil, .matmul),
        ("__and__", "__rand__", nil, .logical("and")),
        ("__or__", "__ror__", nil, .logical("or")),
        ("__xor__", "__rxor__", nil, .logical("xor")),
        ("__eq__", nil, nil, .compare(.equal)),
        ("__ne__", nil, nil, .compare(.notEqual)),
        ("__lt__", nil, nil, .compare(.less)),
        ("__le__", nil, nil, .compare(.lessEqual)),
        ("__gt__", nil, nil, .compare(.greater)),
        ("__ge__", nil, nil, .compare(.greaterEqual)),
    ]

    static func install(on t: PyType, style: Style) {
        for (forward, reflected, inplace, operation) in binaryOperations {
            t.defineRawMethod(forward, "other") { _, a in
                try apply(operation, a[0], a[1], reflected: false, style: style)
            }
            if let reflected {
                t.defineRawMethod(reflected, "other") { _, a in
                    try apply(operation, a[0], a[1], reflected: true, style: style)
                }
            }
            if let inplace, style == .numpy, case .arithmetic(let op) = operation {
                t.defineRawMethod(inplace, "other") { _, a in
                    guard case .object(let o) = a[0], let array = o as? NDArrayObject, o.type.isSubtype(of: NumPyTypes.ndarray) else {
                        return try apply(operation, a[0], a[1], reflected: false, style: style)
                    }
                    guard let other = try operand(a[1], partner: array.tensor, style: style) else {
                        return .object(BuiltinTypes.notImplementedValue)
                    }
                    if op == .divide && !array.tensor.dtype.isFloatingPoint {
                        throw PyException(BuiltinTypes.typeError, "Cannot cast ufunc 'divide' output from dtype('float64') to dtype('\(array.tensor.dtype.name)') with casting rule 'same_kind'")
                    }
                    try array.tensor.applyInPlace(op, other)
                    return a[0]
                }
            }
        }
        t.defineRawMethod("__neg__", "") { _, a in try unary(a[0], style: style) { $0.negative() } }
        t.defineRawMethod("__pos__", "") { _, a in try unary(a[0], style: style) { $0 } }
        t.defineRawMethod("__abs__", "") { _, a in try unary(a[0], style: style) { $0.abs() } }
        t.defineRawMethod("__invert__", "") { _, a in
            try unary(a[0], style: style) { x in
                guard x.dtype == .bool else {
                    throw PyException.typeError("kscript supports ~ on boolean arrays only")
                }
                return x.logicalNot()
            }
        }
    }

    static func wrap(_ t: Tensor, style: Style) -> Value {
        style == .numpy ? ArrayBridge.numpyValue(t) : ArrayBridge.tfTensor(t)
    }

    static func unary(_ v: Value, style: Style, _ f: (Tensor) throws -> Tensor) throws -> Value {
        guard let t = ArrayBridge.arrayPayload(v) else { throw PyException.typeError("expected an array") }
        return wrap(try f(t), style: style)
    }

    /// The other operand as a tensor, or nil when this type should return NotImplemented.
    static func operand(_ v: Value, partner: Tensor, style: Style) throws -> Tensor? {
        switch v {
        case .bool(let b):
            return style == .numpy ? Tensor(scalar: b) : try Tensor(scalar: b).cast(to: partner.dtype)
        case .int(let i):
            return style == .numpy ? Tensor.pythonScalar(Int64(i), for: partner) : Tensor(scalar: Int64(i), dtype: partner.dtype)
        case .float(let d):
            if style == .tensorflow && !partner.dtype.isFloatingPoint {
                throw PyException.typeError("Cannot convert \(try Interpreter.current.repr(v)) to EagerTensor of dtype \(partner.dtype.name)")
            }
            return style == .numpy ? Tensor.pythonScalar(d, for: partner) : Tensor(scalar: d, dtype: partner.dtype)
        case .object(let o):
            if o is TFTensorObject || o is TFVariableObject {
                return style == .numpy ? nil : ArrayBridge.arrayPayload(v)
            }
            if let slices = o as? IndexedSlicesObject { return style == .numpy ? nil : try slices.dense(dtype: partner.dtype) }
            // TF converts NumPy values to the tensor's dtype.
            if let t = ArrayBridge.arrayPayload(v) { return style == .numpy ? t : try t.cast(to: partner.dtype) }
            if o is PyList || o is PyTuple {
                return try ArrayBridge.tensor(from: v, dtype: style == .tensorflow ? partner.dtype : nil,
                                              defaults: style == .numpy ? .numpy : .tensorflow)
            }
            return nil
        default:
            return nil
        }
    }

    /// NumPy 1.23 value-based casting: a 0-d operand meeting an n-d one adopts the n-d dtype
    /// unless it is of a higher kind.
    static func valueBased(_ scalar: Tensor, against array: Tensor) throws -> Tensor {
        let kind: DType.ScalarKind = scalar.dtype == .bool ? .bool : scalar.dtype.isFloatingPoint ? .float : .int
        let integer = scalar.dtype.isFloatingPoint ? 0 : try scalar.scalarInt64()
        let target = array.dtype.promoted(withScalar: kind, integerValue: integer)
        if kind == .float && !array.dtype.isFloatingPoint { return scalar }
        return try scalar.cast(to: target)
    }

    /// NumPy 1.23's promotion of the operands of an operation between the array `mine` and
    /// `otherValue` (converted to `other`): Python scalars and 0-d operands by kind and value.
    static func promoteNumPyOperands(_ mine: inout Tensor, _ other: inout Tensor, otherValue: Value) throws {
        if ArrayBridge.arrayPayload(otherValue) != nil {
            if other.rank == 0 && mine.rank > 0 { other = try valueBased(other, against: mine) }
            else if mine.rank == 0 && other.rank > 0 { mine = try valueBased(mine, against: other) }
        } else if mine.rank == 0 {
            // All operands scalars: ordinary promotion, Python numbers as int64/float64/bool.
            other = try ArrayBridge.tensor(from: otherValue)
        }
    }

    /// The operands of a two-operand NumPy function as its ufunc promotes them (`np.arctan2(a, 2.0)`
    /// keeps a float32 `a`'s dtype).
    static func numpyOperands(_ first: Value, _ second: Value) throws -> (Tensor, Tensor) {
        var mine = try ArrayBridge.arrayPayload(first) ?? ArrayBridge.tensor(from: first)
        var other = try operand(second, partner: mine, style: .numpy) ?? ArrayBridge.tensor(from: second)
        try promoteNumPyOperands(&mine, &other, otherValue: second)
        return (mine, other)
    }

    static func apply(_ operation: Operation, _ selfValue: Value, _ otherValue: Value, reflected: Bool, style: Style) throws -> Value {
        guard let me = ArrayBridge.arrayPayload(selfValue) else { return .object(BuiltinTypes.notImplementedValue) }
        guard var other = try operand(otherValue, partner: me, style: style) else {
            let isTF = otherValue.object is TFTensorObject || otherValue.object is TFVariableObject
            if !isTF, case .compare(let c) = operation, c == .equal || c == .notEqual { return .bool(c == .notEqual) }
            return .object(BuiltinTypes.notImplementedValue)
        }
        var mine = me
        if style == .numpy { try promoteNumPyOperands(&mine, &other, otherValue: otherValue) }
        if style == .tensorflow && mine.dtype != other.dtype {
            let (expected, given) = reflected ? (other.dtype, mine.dtype) : (mine.dtype, other.dtype)
            throw PyException(TFErrors.invalidArgument, "cannot compute \(tfOpName(operation)) as input #1(zero-based) was expected to be a \(TFErrors.kernelName(expected)) tensor but is a \(TFErrors.kernelName(given)) tensor [Op:\(tfOpName(operation))]")
        }
        let (l, r) = reflected ? (other, mine) : (mine, other)
        let result: Tensor
        switch operation {
        case .arithmetic(let op):
            if style == .numpy && op == .subtract && l.dtype == .bool && r.dtype == .bool {
                throw PyException.typeError("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, the `^` operator, or the logical_xor function instead.")
            }
            result = try Tensor.binary(op, l, r)
        case .matmul:
            if l.rank == 0 || r.rank == 0 {
                throw PyException.valueError("matmul: Input operand \(l.rank == 0 ? 0 : 1) does not have enough dimensions (has 0, gufunc core with signature (n?,k),(k,m?)->(n?,m?) requires 1)")
            }
            result = try Tensor.matmul(l, r)
        case .logical(let name):
            guard l.dtype == .bool && r.dtype == .bool else {
                throw PyException.typeError("kscript supports \(name == "and" ? "&" : name == "or" ? "|" : "^") on boolean arrays only")
            }
            switch name {
            case "and": result = try Tensor.logicalAnd(l, r)
            case "or": result = try Tensor.logicalOr(l, r)
            default: result = try Tensor.logicalXor(l, r)
            }
        case .compare(let c):
            result = try Tensor.compare(c, l, r)
        }
        return wrap(result, style: style)
    }

    // MARK: Temporary elision

    /// Arrays smaller than this (in bytes) are never reused as results (NumPy's threshold).
    static let elisionThreshold = 256 * 1024

    /// NumPy's temporary elision, `ndarray`'s `PyType.temporaryBinary`: `+ - * / // % **` on a
    /// temporary array of at least `elisionThreshold` bytes that owns its whole buffer and
    /// already has the result's dtype and shape are computed in that buffer, with the kernels
    /// and values of the ordinary operation. A temporary on the right is reused by the
    /// commutative `+` and `*` only, computing `temporary op other` as NumPy does.
    static func elideTemporary(_ op: BinaryOperator, _ temporary: PyObject, _ otherValue: Value,
                               temporaryIsLeft: Bool) throws -> Value? {
        guard let operation = inPlaceOperation(op), temporaryIsLeft || operation == .add || operation == .multiply,
              let array = temporary as? NDArrayObject, array.tensor.storage.byteCount >= elisionThreshold,
              array.tensor.ownsWholeStorage(), let other = elisionOperand(otherValue, against: array.tensor),
              fitsInPlace(operation, array.tensor, other), !Autodiff.needsGradient(array.tensor, other) else {
            return nil
        }
        try array.tensor.applyInPlace(operation, other)
        return .object(array)
    }

    /// The other operand of an operation on the array `target`, as `apply` promotes it; nil when
    /// it is not one NumPy arrays compute with, or its conversion fails (the ordinary path then
    /// reports the error).
    static func elisionOperand(_ otherValue: Value, against target: Tensor) -> Tensor? {
        do {
            guard var other = try operand(otherValue, partner: target, style: .numpy) else { return nil }
            var mine = target
            try promoteNumPyOperands(&mine, &other, otherValue: otherValue)
            return other
        } catch {
            return nil
        }
    }

    /// The tensor operation of an operator that `applyInPlace` computes, if any.
    static func inPlaceOperation(_ op: BinaryOperator) -> BinaryOperation? {
        switch op {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .trueDivide: return .divide
        case .floorDivide: return .floorDivide
        case .modulo: return .remainder
        case .power: return .power
        default: return nil
        }
    }

    /// True when `target op other` has `target`'s dtype and shape and `applyInPlace` computes it
    /// in place with the kernel `Tensor.binary` would use (bools, integer true division and
    /// integer powers take other paths there).
    static func fitsInPlace(_ op: BinaryOperation, _ target: Tensor, _ other: Tensor) -> Bool {
        guard target.dtype != .bool, DType.promoted(target.dtype, other.dtype) == target.dtype,
              target.dtype.isFloatingPoint || (op != .divide && op != .power),
              let shape = try? Tensor.broadcastShapes(target.shape, other.shape) else { return false }
        return shape == target.shape
    }

    static func tfOpName(_ operation: Operation) -> String {
        switch operation {
        case .arithmetic(let op):
            switch op {
            case .add: return "AddV2"
            case .subtract: return "Sub"
            case .multiply: return "Mul"
            case .divide: return "RealDiv"
            case .floorDivide: return "FloorDiv"
            case .remainder: return "FloorMod"
            case .power: return "Pow"
            case .maximum: return "Maximum"
            case .minimum: return "Minimum"
            }
        case .matmul: return "MatMul"
        case .logical(let n): return n == "and" ? "LogicalAnd" : n == "or" ? "LogicalOr" : "LogicalXor"
        case .compare(let c):
            switch c {
            case .equal: return "Equal"
            case .notEqual: return "NotEqual"
            case .less: return "Less"
            case .lessEqual: return "LessEqual"
            case .greater: return "Greater"
            case .greaterEqual: return "GreaterEqual"
            }
        }
    }
}
