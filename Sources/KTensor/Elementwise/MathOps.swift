/// Elementwise math. Float functions on integer tensors compute in `dtype.floatResult`
/// (float64 for int32/int64, float32 for bool/uint8 where NumPy would use float16).
extension Tensor {
    /// `K32`/`K64` over this tensor converted to its float result type.
    func floatMap<K32: UnaryKernel, K64: UnaryKernel>(_ k32: K32.Type, _ k64: K64.Type) -> Tensor
    where K32.Element == Float, K32.Result == Float, K64.Element == Double, K64.Result == Double {
        let source = dtype.isFloatingPoint ? self : castValue(to: dtype.floatResult)
        return source.dtype == .float32 ? applyUnary(k32, source, dtype: .float32) : applyUnary(k64, source, dtype: .float64)
    }

    /// Records a unary op whose gradient is `backward(upstream)`, when a tape watches `self`.
    func recordUnary(_ result: Tensor, _ backward: @escaping (Tensor) throws -> Tensor?) -> Tensor {
        guard Autodiff.needsGradient(self) else { return result }
        return Autodiff.record(inputs: [self], output: result) { g, _ in [try backward(g)] }
    }

    /// `-x` (bools are negated as integers, giving int64).
    public func negative() -> Tensor {
        let result: Tensor
        switch dtype {
        case .float32: result = applyUnary(NegateKernel<Float>.self, self, dtype: dtype)
        case .float64: result = applyUnary(NegateKernel<Double>.self, self, dtype: dtype)
        case .int32: result = applyUnary(NegateKernel<Int32>.self, self, dtype: dtype)
        case .int64: result = applyUnary(NegateKernel<Int64>.self, self, dtype: dtype)
        case .uint8: result = applyUnary(NegateKernel<UInt8>.self, self, dtype: dtype)
        case .bool: return castValue(to: .int64).negative()
        }
        guard Autodiff.needsGradient(self) else { return result }
        return recordUnary(result) { g in g.negative() }
    }

    public static prefix func - (x: Tensor) -> Tensor { x.negative() }

    /// `|x|` (keeps the dtype).
    public func abs() -> Tensor {
        let result: Tensor
        switch dtype {
        case .float32: result = applyUnary(AbsKernel<Float>.self, self, dtype: dtype)
        case .float64: result = applyUnary(AbsKernel<Double>.self, self, dtype: dtype)
        case .int32: result = applyUnary(AbsKernel<Int32>.self, self, dtype: dtype)
        case .int64: result = applyUnary(AbsKernel<Int64>.self, self, dtype: dtype)
        case .uint8, .bool: return self.contiguousCopy()
        }
        guard Autodiff.needsGradient(self) else { return result }
        return recordUnary(result) { [self] g in try g * self.sign() }
    }

    /// -1, 0 or 1 per element (NaN stays NaN; bools as int64). Gradient: none.
    public func sign() -> Tensor {
        switch dtype {
        case .float32: return applyUnary(SignKernel<Float>.self, self, dtype: dtype)
        case .float64: return applyUnary(SignKernel<Double>.self, self, dtype: dtype)
        case .int32: return applyUnary(SignKernel<Int32>.self, self, dtype: dtype)
        case .int64: return applyUnary(SignKernel<Int64>.self, self, dtype: dtype)
        case .uint8: return applyUnary(SignKernel<UInt8>.self, self, dtype: dtype)
        case .bool: return castValue(to: .int64)
        }
    }

    /// `x * x` (keeps the dtype; bools as int64).
    public func square() -> Tensor {
        let result: Tensor
        switch dtype {
        case .float32: result = applyUnary(SquareKernel<Float>.self, self, dtype: dtype)
        case .float64: result = applyUnary(SquareKernel<Double>.self, self, dtype: dtype)
        case .int32: result = applyUnary(SquareKernel<Int32>.self, self, dtype: dtype)
        case .int64: result = applyUnary(SquareKernel<Int64>.self, self, dtype: dtype)
        case .uint8: result = applyUnary(SquareKernel<UInt8>.self, self, dtype: dtype)
        case .bool: return castValue(to: .int64)
        }
        guard Autodiff.needsGradient(self) else { return result }
        return recordUnary(result) { [self] g in try g * (self * 2.0) }
    }

    /// `e^x`.
    public func exp() -> Tensor {
        let y = floatMap(ExpKernel<Float>.self, ExpKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g * y }
    }

    /// `exp(x) - 1`, accurate near 0.
    public func expm1() -> Tensor {
        let y = floatMap(Expm1Kernel<Float>.self, Expm1Kernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g * (y + 1.0) }
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        let y = floatMap(LogKernel<Float>.self, LogKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g / self }
    }

    /// `log(1 + x)`, accurate near 0.
    public func log1p() -> Tensor {
        let y = floatMap(Log1pKernel<Float>.self, Log1pKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g / (self + 1.0) }
    }

    /// Square root (NaN for negative inputs).
    public func sqrt() -> Tensor {
        let y = floatMap(SqrtKernel<Float>.self, SqrtKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g * 0.5 / y }
    }

    /// `1 / sqrt(x)`.
    public func rsqrt() -> Tensor {
        let s = floatMap(SqrtKernel<Float>.self, SqrtKernel<Double>.self)
        let y = applyReciprocal(s)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g * (y * y * y) * -0.5 }
    }

    /// `1 / x`.
    public func reciprocal() -> Tensor {
        let source = dtype.isFloatingPoint ? self : castValue(to: dtype.floatResult)
        let y = applyReciprocal(source)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try (g * (y * y)).negative() }
    }

    private func applyReciprocal(_ x: Tensor) -> Tensor {
        x.dtype == .float32 ? applyUnary(ReciprocalKernel<Float>.self, x, dtype: .float32)
                            : applyUnary(ReciprocalKernel<Double>.self, x, dtype: .float64)
    }

    /// The error function (float32: TensorFlow's CPU approximation, bit-identical to TF).
    public func erf() -> Tensor {
        let y = floatMap(ErfKernel<Float>.self, ErfKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * (self.square().negative().exp() * (2 / Double.pi.squareRoot())) }
    }

    /// Rounds toward negative infinity; integers are returned unchanged (as a copy). No gradient.
    public func floor() -> Tensor {
        dtype.isFloatingPoint ? floatMap(FloorKernel<Float>.self, FloorKernel<Double>.self) : contiguousCopy()
    }

    /// Rounds toward positive infinity; integers unchanged. No gradient.
    public func ceil() -> Tensor {
        dtype.isFloatingPoint ? floatMap(CeilKernel<Float>.self, CeilKernel<Double>.self) : contiguousCopy()
    }

    /// Rounds half to even (`np.round`, `tf.round`); integers unchanged. No gradient.
    public func round() -> Tensor {
        dtype.isFloatingPoint ? floatMap(RoundKernel<Float>.self, RoundKernel<Double>.self) : contiguousCopy()
    }

    /// Rounds to `decimals` places as `np.round(x, decimals)`: scale by 10^decimals, round half
    /// to even, scale back. Integers keep their dtype (unchanged unless `decimals < 0`).
    public func round(decimals: Int) throws -> Tensor {
        if decimals == 0 || (!dtype.isFloatingPoint && decimals > 0) { return round() }
        let source = dtype.isFloatingPoint ? self : castValue(to: .float64)
        let factor = Tensor(scalar: powerOfTen(Swift.abs(decimals)), dtype: source.dtype)
        let rounded = decimals > 0
            ? try Tensor.binaryValue(.divide, Tensor.binaryValue(.multiply, source, factor).round(), factor)
            : try Tensor.binaryValue(.multiply, Tensor.binaryValue(.divide, source, factor).round(), factor)
        return rounded.castValue(to: dtype)
    }

    /// True where the element is NaN.
    public func isNaN() -> Tensor {
        switch dtype {
        case .float32: return applyUnary(IsNaNKernel<Float>.self, self, dtype: .bool)
        case .float64: return applyUnary(IsNaNKernel<Double>.self, self, dtype: .bool)
        default: return Tensor(zeros: shape, dtype: .bool)
        }
    }

    /// True where the element is neither infinite nor NaN.
    public func isFinite() -> Tensor {
        switch dtype {
        case .float32: return applyUnary(IsFiniteKernel<Float>.self, self, dtype: .bool)
        case .float64: return applyUnary(IsFiniteKernel<Double>.self, self, dtype: .bool)
        default: return Tensor.full(shape, value: 1, dtype: .bool)
        }
    }

    /// True where the element is ±infinity.
    public func isInfinite() -> Tensor {
        switch dtype {
        case .float32: return applyUnary(IsInfiniteKernel<Float>.self, self, dtype: .bool)
        case .float64: return applyUnary(IsInfiniteKernel<Double>.self, self, dtype: .bool)
        default: return Tensor(zeros: shape, dtype: .bool)
        }
    }

    /// `np.clip` / `tf.clip_by_value`: `minimum(maximum(x, low), high)` with broadcasting; the
    /// gradient passes where `low <= x <= high`. Either bound may be nil.
    public func clipped(min low: Tensor?, max high: Tensor?) throws -> Tensor {
        var result = self
        if let low { result = try Tensor.maximum(result, low.cast(to: DType.promoted(dtype, low.dtype))) }
        if let high { result = try Tensor.minimum(result, high.cast(to: DType.promoted(result.dtype, high.dtype))) }
        return result
    }

    /// `clipped` with Python-number bounds (they adopt the tensor's dtype as NumPy scalars do).
    public func clipped(min low: Double?, max high: Double?) throws -> Tensor {
        try clipped(min: low.map { Tensor.pythonScalar($0, for: self) }, max: high.map { Tensor.pythonScalar($0, for: self) })
    }
}

/// 10^n for small non-negative n, exactly as a Double.
func powerOfTen(_ n: Int) -> Double {
    var result = 1.0
    for _ in 0..<n { result *= 10 }
    return result
}
