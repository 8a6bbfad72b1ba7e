/// Trigonometric and hyperbolic functions, elementwise, with NumPy's dtypes (integers compute in
/// `dtype.floatResult`) and TensorFlow's gradients, written as TF's gradient functions compose
/// them (`tan`: `g * square(reciprocal(cos(x)))` and so on).
extension Tensor {
    public func sin() -> Tensor {
        let y = floatMap(SinKernel<Float>.self, SinKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * self.cos() }
    }

    public func cos() -> Tensor {
        let y = floatMap(CosKernel<Float>.self, CosKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g.negative() * self.sin() }
    }

    public func tan() -> Tensor {
        let y = floatMap(TanKernel<Float>.self, TanKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * self.cos().reciprocal().square() }
    }

    /// Arc sine (NaN outside [-1, 1]).
    public func asin() -> Tensor {
        let y = floatMap(AsinKernel<Float>.self, AsinKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * (1.0 - self.square()).sqrt().reciprocal() }
    }

    /// Arc cosine (NaN outside [-1, 1]).
    public func acos() -> Tensor {
        let y = floatMap(AcosKernel<Float>.self, AcosKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g.negative() * (1.0 - self.square()).sqrt().reciprocal() }
    }

    public func atan() -> Tensor {
        let y = floatMap(AtanKernel<Float>.self, AtanKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * (1.0 + self.square()).reciprocal() }
    }

    public func sinh() -> Tensor {
        let y = floatMap(SinhKernel<Float>.self, SinhKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * self.cosh() }
    }

    public func cosh() -> Tensor {
        let y = floatMap(CoshKernel<Float>.self, CoshKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * self.sinh() }
    }

    public func asinh() -> Tensor {
        let y = floatMap(AsinhKernel<Float>.self, AsinhKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g / y.cosh() }
    }

    /// Inverse hyperbolic cosine (NaN below 1).
    public func acosh() -> Tensor {
        let y = floatMap(AcoshKernel<Float>.self, AcoshKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { g in try g / y.sinh() }
    }

    /// Inverse hyperbolic tangent (±inf at ±1, NaN beyond).
    public func atanh() -> Tensor {
        let y = floatMap(AtanhKernel<Float>.self, AtanhKernel<Double>.self)
        guard Autodiff.needsGradient(self) else { return y }
        return recordUnary(y) { [self] g in try g * (1.0 - self.square()).reciprocal() }
    }

    /// The angle of the point `(x, y)`, in (-π, π], with broadcasting; differentiable in both.
    public static func atan2(_ y: Tensor, _ x: Tensor) throws -> Tensor {
        let (a, b, shape) = try floatOperands(y, x)
        let result = a.dtype == .float32 ? applyBinary(Atan2Kernel<Float>.self, a, b, shape: shape, dtype: .float32)
                                         : applyBinary(Atan2Kernel<Double>.self, a, b, shape: shape, dtype: .float64)
        guard Autodiff.needsGradient(y, x) else { return result }
        return Autodiff.record(inputs: [y, x], output: result) { g, needs in
            let scaled = try g / (x.square() + y.square())
            return [needs[0] ? try x * scaled : nil, needs[1] ? try y.negative() * scaled : nil]
        }
    }

    /// `sqrt(x² + y²)` without intermediate overflow, with broadcasting (not differentiable).
    public static func hypot(_ x: Tensor, _ y: Tensor) throws -> Tensor {
        let (a, b, shape) = try floatOperands(x, y)
        return a.dtype == .float32 ? applyBinary(HypotKernel<Float>.self, a, b, shape: shape, dtype: .float32)
                                   : applyBinary(HypotKernel<Double>.self, a, b, shape: shape, dtype: .float64)
    }

    /// Degrees to radians, `x * (π / 180)` in the float result type, as NumPy's `deg2rad`.
    public func radiansFromDegrees() throws -> Tensor {
        let source = dtype.isFloatingPoint ? self : castValue(to: dtype.floatResult)
        let factor = source.dtype == .float32 ? Double(Float(Double.pi) / 180) : Double.pi / 180
        return try source * Tensor(scalar: factor, dtype: source.dtype)
    }

    /// Radians to degrees, `x * (180 / π)` in the float result type, as NumPy's `rad2deg`.
    public func degreesFromRadians() throws -> Tensor {
        let source = dtype.isFloatingPoint ? self : castValue(to: dtype.floatResult)
        let factor = source.dtype == .float32 ? Double(180 / Float(Double.pi)) : 180 / Double.pi
        return try source * Tensor(scalar: factor, dtype: source.dtype)
    }

    /// Both operands cast to their common float type (NumPy's float ufunc promotion) and the
    /// broadcast shape.
    private static func floatOperands(_ a: Tensor, _ b: Tensor) throws -> (Tensor, Tensor, [Int]) {
        let shape = try broadcastShapes(a.shape, b.shape)
        let common = DType.promoted(a.dtype, b.dtype).floatResult
        return (a.castValue(to: common), b.castValue(to: common), shape)
    }
}
