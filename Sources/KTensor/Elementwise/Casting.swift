/// Conversion between dtypes with NumPy's casting: float → integer truncates toward zero
/// (out-of-range and NaN give the type's minimum, as on x86-64), anything → bool is `!= 0`,
/// bool → number is 0/1, integer → integer wraps.
extension Tensor {
    /// This tensor converted to `dtype` (itself when it already has it). Float-to-float casts
    /// are differentiable; casts to or from integers stop gradients, as in TF.
    public func cast(to dtype: DType) throws -> Tensor {
        if dtype == self.dtype { return self }
        let result = castValue(to: dtype)
        guard dtype.isFloatingPoint, Autodiff.needsGradient(self) else { return result }
        let sourceType = self.dtype
        return Autodiff.record(inputs: [self], output: result) { g, _ in [try g.cast(to: sourceType)] }
    }

    /// The forward conversion, not recorded.
    func castValue(to target: DType) -> Tensor {
        if target == dtype { return withoutGradient() }
        let out = Tensor(uninitializedShape: shape, dtype: target)
        if count == 0 { return out }
        let source = contiguous()
        switch dtype {
        case .bool: Tensor.castFromBool(source, into: out)
        case .uint8: Tensor.castSource(UInt8.self, source, into: out)
        case .int32: Tensor.castSource(Int32.self, source, into: out)
        case .int64: Tensor.castSource(Int64.self, source, into: out)
        case .float32: Tensor.castSource(Float.self, source, into: out)
        case .float64: Tensor.castSource(Double.self, source, into: out)
        }
        return out
    }

    static func castSource<S: NumericElement>(_ type: S.Type, _ source: Tensor, into out: Tensor) {
        let p = UnsafePointer(source.basePointer(S.self))
        let n = source.count
        switch out.dtype {
        case .bool:
            let q = out.basePointer(UInt8.self)
            for i in 0..<n { q[i] = p[i].isNonZero ? 1 : 0 }
        case .uint8: castLoop(p, out.basePointer(UInt8.self), n)
        case .int32: castLoop(p, out.basePointer(Int32.self), n)
        case .int64: castLoop(p, out.basePointer(Int64.self), n)
        case .float32: castLoop(p, out.basePointer(Float.self), n)
        case .float64: castLoop(p, out.basePointer(Double.self), n)
        }
    }

    static func castFromBool(_ source: Tensor, into out: Tensor) {
        let p = UnsafePointer(source.basePointer(UInt8.self))
        let n = source.count
        switch out.dtype {
        case .bool, .uint8: out.basePointer(UInt8.self).update(from: p, count: n)
        case .int32: castLoop(p, out.basePointer(Int32.self), n)
        case .int64: castLoop(p, out.basePointer(Int64.self), n)
        case .float32: castLoop(p, out.basePointer(Float.self), n)
        case .float64: castLoop(p, out.basePointer(Double.self), n)
        }
    }
}

/// Converts `n` elements: integer sources go through Int64 exactly, float sources through
/// Double with NumPy's truncating semantics.
func castLoop<S: NumericElement, D: NumericElement>(_ p: UnsafePointer<S>, _ q: UnsafeMutablePointer<D>, _ n: Int) {
    if S.isFloat {
        if D.self == Float.self, S.self == Double.self {
            let src = UnsafeRawPointer(p).assumingMemoryBound(to: Double.self)
            let dst = UnsafeMutableRawPointer(q).assumingMemoryBound(to: Float.self)
            for i in 0..<n { dst[i] = Float(src[i]) }
        } else if D.self == Double.self, S.self == Float.self {
            let src = UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
            let dst = UnsafeMutableRawPointer(q).assumingMemoryBound(to: Double.self)
            for i in 0..<n { dst[i] = Double(src[i]) }
        } else {
            for i in 0..<n { q[i] = D(fromDouble: p[i].asDouble) }
        }
    } else {
        for i in 0..<n { q[i] = D(fromInt64: p[i].asInt64) }
    }
}
