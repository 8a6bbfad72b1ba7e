/// Comparisons (bool results), logical ops on bools, and `where`.
public enum ComparisonOperation: Sendable {
    case equal, notEqual, less, lessEqual, greater, greaterEqual
}

extension Tensor {
    /// `a op b` elementwise with broadcasting, compared in the promoted dtype; a bool tensor.
    public static func compare(_ op: ComparisonOperation, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try broadcastShapes(a.shape, b.shape)
        let common = DType.promoted(a.dtype, b.dtype)
        let x = try a.cast(to: common).withoutGradient(), y = try b.cast(to: common).withoutGradient()
        switch common {
        case .float32: return compareTyped(op, Float.self, x, y, shape: shape)
        case .float64: return compareTyped(op, Double.self, x, y, shape: shape)
        case .int32: return compareTyped(op, Int32.self, x, y, shape: shape)
        case .int64: return compareTyped(op, Int64.self, x, y, shape: shape)
        case .uint8, .bool: return compareTyped(op, UInt8.self, x, y, shape: shape)
        }
    }

    static func compareTyped<T: NumericElement>(_ op: ComparisonOperation, _ type: T.Type, _ a: Tensor, _ b: Tensor, shape: [Int]) -> Tensor {
        switch op {
        case .equal: return applyBinary(EqualKernel<T>.self, a, b, shape: shape, dtype: .bool)
        case .notEqual: return applyBinary(NotEqualKernel<T>.self, a, b, shape: shape, dtype: .bool)
        case .less: return applyBinary(LessKernel<T>.self, a, b, shape: shape, dtype: .bool)
        case .lessEqual: return applyBinary(LessEqualKernel<T>.self, a, b, shape: shape, dtype: .bool)
        case .greater: return applyBinary(GreaterKernel<T>.self, a, b, shape: shape, dtype: .bool)
        case .greaterEqual: return applyBinary(GreaterEqualKernel<T>.self, a, b, shape: shape, dtype: .bool)
        }
    }

    /// Named forms of `compare`.
    public static func equal(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.equal, a, b) }
    public static func notEqual(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.notEqual, a, b) }
    public static func less(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.less, a, b) }
    public static func lessEqual(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.lessEqual, a, b) }
    public static func greater(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.greater, a, b) }
    public static func greaterEqual(_ a: Tensor, _ b: Tensor) throws -> Tensor { try compare(.greaterEqual, a, b) }

    /// Elementwise logical and of the truth values (`x != 0`) of both operands.
    public static func logicalAnd(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try applyBinary(LogicalAndKernel.self, a.cast(to: .bool), b.cast(to: .bool), shape: broadcastShapes(a.shape, b.shape), dtype: .bool)
    }
    /// Elementwise logical or.
    public static func logicalOr(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try applyBinary(LogicalOrKernel.self, a.cast(to: .bool), b.cast(to: .bool), shape: broadcastShapes(a.shape, b.shape), dtype: .bool)
    }
    /// Elementwise logical exclusive or.
    public static func logicalXor(_ a: Tensor, _ b: Tensor) throws -> Tensor {
        try applyBinary(LogicalXorKernel.self, a.cast(to: .bool), b.cast(to: .bool), shape: broadcastShapes(a.shape, b.shape), dtype: .bool)
    }
    /// Elementwise logical not of the truth values.
    public func logicalNot() -> Tensor {
        applyUnary(LogicalNotKernel.self, castValue(to: .bool), dtype: .bool)
    }

    /// `np.where(condition, a, b)` / `tf.where`: elements of `a` where the condition is true,
    /// else of `b`, all three broadcast together; `a` and `b` are promoted to a common dtype.
    /// Differentiable in `a` and `b`.
    public static func `where`(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let shape = try broadcastShapes(broadcastShapes(condition.shape, a.shape), b.shape)
        let common = DType.promoted(a.dtype, b.dtype)
        let c = try condition.cast(to: .bool)
        let x = try a.cast(to: common), y = try b.cast(to: common)
        let out = Tensor(uninitializedShape: shape, dtype: common)
        if out.count > 0 {
            switch common.size {
            case 1: selectLoop(UInt8.self, c, x, y, out)
            case 4: selectLoop(UInt32.self, c, x, y, out)
            default: selectLoop(UInt64.self, c, x, y, out)
            }
        }
        guard Autodiff.needsGradient(x, y) else { return out }
        return Autodiff.record(inputs: [x, y], output: out) { g, needs in
            let zero = Tensor(zeros: [], dtype: g.dtype)
            return [needs[0] ? try Tensor.where(c, g, zero) : nil,
                    needs[1] ? try Tensor.where(c, zero, g) : nil]
        }
    }

    static func selectLoop<T>(_ type: T.Type, _ c: Tensor, _ a: Tensor, _ b: Tensor, _ out: Tensor) {
        let shape = out.shape
        let layout = coalescedLayout(shape: shape, strides: [c.broadcastStrides(to: shape), a.broadcastStrides(to: shape),
                                                             b.broadcastStrides(to: shape), out.strides])
        let last = layout.shape.count - 1
        let n = layout.shape[last]
        let sc = layout.strides[0][last], sa = layout.strides[1][last], sb = layout.strides[2][last], so = layout.strides[3][last]
        let pc = c.basePointer(UInt8.self), pa = a.basePointer(T.self), pb = b.basePointer(T.self), po = out.basePointer(T.self)
        forEachRow(shape: layout.shape, strides: layout.strides, bases: [0, 0, 0, 0]) { offsets in
            let rc = pc + offsets[0], ra = pa + offsets[1], rb = pb + offsets[2], ro = po + offsets[3]
            for i in 0..<n { ro[i * so] = rc[i * sc] != 0 ? ra[i * sa] : rb[i * sb] }
        }
    }
}
