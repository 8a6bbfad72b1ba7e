/// Deterministic constructors: constants, ranges, identity, Swift arrays. `zeros`, `ones` and
/// `full` trust their shape (non-negative dimensions); check shapes from scripts or files with
/// `Tensor.checkShape` first. The throwing constructors check their own.
extension Tensor {
    /// A contiguous tensor of zeros.
    public static func zeros(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        Tensor(zeros: shape, dtype: dtype)
    }

    /// A contiguous tensor of ones.
    public static func ones(_ shape: [Int], dtype: DType = .float32) -> Tensor {
        full(shape, value: 1, dtype: dtype)
    }

    /// A tensor of `shape` with every element `value` converted to `dtype` (as `cast(to:)`).
    public static func full(_ shape: [Int], value: Double, dtype: DType = .float32) -> Tensor {
        var result = Tensor(uninitializedShape: shape, dtype: dtype)
        result.fill(with: Tensor(scalar: value, dtype: dtype))
        return result
    }

    /// A tensor of `shape` with every element equal to the single element of `scalar`
    /// (keeps its dtype, exactly — also for int64 beyond 2^53).
    public static func full(_ shape: [Int], scalar: Tensor) throws -> Tensor {
        guard scalar.count == 1 else { throw TensorError.invalid("full: the fill value must have one element") }
        try checkShape(shape, dtype: scalar.dtype)
        var result = Tensor(uninitializedShape: shape, dtype: scalar.dtype)
        result.fill(with: scalar)
        return result
    }

    /// Zeros of this tensor's shape and dtype.
    public func zerosLike() -> Tensor { Tensor(zeros: shape, dtype: dtype) }

    /// Ones of this tensor's shape and dtype.
    public func onesLike() -> Tensor { Tensor.ones(shape, dtype: dtype) }

    /// Sets every element of this contiguous, uniquely owned tensor to the element of `scalar`.
    mutating func fill(with scalar: Tensor) {
        let n = count
        if n == 0 { return }
        let source = scalar.storage.bytes.advanced(by: scalar.offset * dtype.size)
        switch dtype.size {
        case 1: basePointer(UInt8.self).initialize(repeating: source.load(as: UInt8.self), count: n)
        case 4: basePointer(UInt32.self).initialize(repeating: source.load(as: UInt32.self), count: n)
        default: basePointer(UInt64.self).initialize(repeating: source.load(as: UInt64.self), count: n)
        }
    }

    /// `np.arange(start, stop, step, dtype)`: `ceil((stop - start) / step)` values; floats are
    /// filled as NumPy does, `first + i * (second - first)` in the target precision.
    public static func arange(start: Double, stop: Double, step: Double = 1, dtype: DType) throws -> Tensor {
        guard step != 0 else { throw TensorError(.invalidArgument, "Maximum allowed size exceeded") }
        let steps = ((stop - start) / step).rounded(.up)
        guard steps.isFinite, steps < 1e15 else { throw TensorError(.memory, "Maximum allowed size exceeded") }
        let length = Swift.max(0, Int(steps))
        try checkShape([length], dtype: dtype)
        var result = Tensor(uninitializedShape: [length], dtype: dtype)
        switch dtype {
        case .float32:
            let first = Float(start), delta = Float(start + step) - first
            result.withUnsafeMutableBufferPointer(as: Float.self) { for i in 0..<length { $0[i] = first + Float(i) * delta } }
        case .float64:
            let delta = (start + step) - start
            result.withUnsafeMutableBufferPointer(as: Double.self) { for i in 0..<length { $0[i] = start + Double(i) * delta } }
        default:
            let first = Int64(fromDouble: start), delta = Int64(fromDouble: start + step) &- first
            result = try Tensor(shape: [length], values: (0..<length).map { first &+ Int64($0) &* delta }).cast(to: dtype)
        }
        return result
    }

    /// `np.arange(start, stop, step)` with integers: an int64 tensor.
    public static func arange(_ start: Int64, _ stop: Int64, step: Int64 = 1) throws -> Tensor {
        guard step != 0 else { throw TensorError(.invalidArgument, "Maximum allowed size exceeded") }
        let (span, overflow) = stop.subtractingReportingOverflow(start)
        guard !overflow, span / step < 1 << 37 else { throw TensorError(.memory, "Maximum allowed size exceeded") }
        var values: [Int64] = []
        var v = start
        while step > 0 ? v < stop : v > stop {
            values.append(v)
            v += step
        }
        return try Tensor(shape: [values.count], values: values)
    }

    /// `np.linspace(start, stop, num, endpoint)`: `start + i * step` in float64 (the last value
    /// exactly `stop` when `endpoint`), then converted to `dtype`.
    public static func linspace(start: Double, stop: Double, count num: Int, endpoint: Bool = true, dtype: DType = .float64) throws -> Tensor {
        guard num >= 0 else { throw TensorError.invalid("Number of samples, \(num), must be non-negative.") }
        try checkShape([num], dtype: .float64)
        let div = endpoint ? num - 1 : num
        let delta = stop - start
        var values = [Double](repeating: 0, count: num)
        if div > 0 {
            let step = delta / Double(div)
            for i in 0..<num { values[i] = step == 0 ? Double(i) / Double(div) * delta + start : Double(i) * step + start }
        } else {
            for i in 0..<num { values[i] = Double(i) * delta + start }
        }
        if endpoint && num > 1 { values[num - 1] = stop }
        return try Tensor(shape: [num], values: values).cast(to: dtype)
    }

    /// `np.eye(n, m, k)`: ones on the k-th diagonal.
    public static func eye(_ n: Int, _ m: Int? = nil, k: Int = 0, dtype: DType = .float64) throws -> Tensor {
        let columns = m ?? n
        try checkShape([n, columns], dtype: dtype)
        let result = Tensor(zeros: [n, columns], dtype: dtype)
        let one = Tensor(scalar: 1.0, dtype: dtype)
        let size = dtype.size
        for i in 0..<n where i + k >= 0 && i + k < columns {
            result.storage.bytes.advanced(by: (i * columns + i + k) * size).copyMemory(from: one.storage.bytes, byteCount: size)
        }
        return result
    }

    /// A 1-d tensor of Swift values.
    public init<T: TensorElement>(_ values: [T]) {
        // The count always matches a 1-d shape.
        self = (try? Tensor(shape: [values.count], values: values)) ?? Tensor(zeros: [0], dtype: T.dtype)
    }

    /// A 2-d tensor of rows; throws when the rows differ in length.
    public init<T: TensorElement>(_ rows: [[T]]) throws {
        let width = rows.first?.count ?? 0
        guard rows.allSatisfy({ $0.count == width }) else {
            throw TensorError.invalid("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.")
        }
        try self.init(shape: [rows.count, width], values: rows.flatMap { $0 })
    }

    /// A 3-d tensor; throws when the nesting is ragged.
    public init<T: TensorElement>(_ blocks: [[[T]]]) throws {
        let inner = try blocks.map { try Tensor($0) }
        let shape = inner.first?.shape ?? [0, 0]
        guard inner.allSatisfy({ $0.shape == shape }) else {
            throw TensorError.invalid("setting an array element with a sequence. The requested array has an inhomogeneous shape after 1 dimensions.")
        }
        try self.init(shape: [blocks.count] + shape, values: blocks.flatMap { $0.flatMap { $0 } })
    }
}
