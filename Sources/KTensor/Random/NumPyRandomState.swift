#if canImport(Glibc)
import Glibc
#endif

/// NumPy's legacy `numpy.random.RandomState` (NumPy 1.23), bit for bit: the same MT19937
/// seeding, the same draws and the same algorithms — `random_sample` (53 bits from two
/// draws), `standard_normal` (polar Box–Muller keeping the second value), `randint` (masked
/// rejection), `shuffle`/`permutation` (Fisher–Yates from the end with masked intervals) and
/// `choice`. Results are tensors; a nil `shape` means NumPy's `size=None` (a 0-d tensor).
/// Shapes from scripts should be checked with `Tensor.checkShape` (the throwing methods do).
public final class NumPyRandomState {
    public var generator: MersenneTwister
    /// The cached second normal deviate of the polar method (`has_gauss`, `gauss`).
    public var cachedGaussian: Double?

    /// `RandomState(seed)` with an integer seed (`init_genrand(seed)`, as NumPy does for
    /// scalars).
    public init(seed: UInt32) {
        generator = MersenneTwister(seed: seed)
    }

    /// `RandomState(array)`: `init_by_array` of the 32-bit words.
    public init(seedArray: [UInt32]) {
        generator = MersenneTwister(key: seedArray)
    }

    /// `RandomState()`: seeded from the system's entropy.
    public convenience init() {
        var system = SystemRandomNumberGenerator()
        self.init(seedArray: (0..<MersenneTwister.stateSize).map { _ in UInt32.random(in: .min ... .max, using: &system) })
    }

    /// `seed(n)`.
    public func seed(_ value: UInt32) {
        generator = MersenneTwister(seed: value)
        cachedGaussian = nil
    }

    /// `seed(array)`.
    public func seed(array: [UInt32]) throws {
        guard !array.isEmpty else { throw TensorError.invalid("Seed must be non-empty") }
        generator = MersenneTwister(key: array)
        cachedGaussian = nil
    }

    // MARK: Scalars

    /// One `random_sample()` draw in [0, 1).
    public func nextDouble() -> Double { generator.random53() }

    /// One legacy `standard_normal()` draw.
    public func nextGaussian() -> Double {
        if let cached = cachedGaussian {
            cachedGaussian = nil
            return cached
        }
        var x1 = 0.0, x2 = 0.0, r2 = 0.0
        repeat {
            x1 = 2 * generator.random53() - 1
            x2 = 2 * generator.random53() - 1
            r2 = x1 * x1 + x2 * x2
        } while r2 >= 1 || r2 == 0
        let f = (-2 * Glibc.log(r2) / r2).squareRoot()
        cachedGaussian = f * x1
        return f * x2
    }

    /// A uniform integer in `0...max` by masked rejection (NumPy's `random_interval`).
    public func interval(_ max: UInt64) -> UInt64 {
        if max == 0 { return 0 }
        let mask = Self.mask(covering: max)
        if max <= 0xFFFF_FFFF {
            while true {
                let value = UInt64(generator.genrandUInt32()) & mask
                if value <= max { return value }
            }
        }
        while true {
            let value = generator.genrandUInt64() & mask
            if value <= max { return value }
        }
    }

    /// The smallest all-ones bit mask >= `value`.
    static func mask(covering value: UInt64) -> UInt64 {
        var mask = value
        mask |= mask >> 1
        mask |= mask >> 2
        mask |= mask >> 4
        mask |= mask >> 8
        mask |= mask >> 16
        mask |= mask >> 32
        return mask
    }

    // MARK: Arrays

    /// `random_sample(size)` / `rand(*shape)`: float64 in [0, 1).
    public func randomSample(_ shape: [Int]? = nil) -> Tensor {
        fill(shape) { $0.nextDouble() }
    }

    /// `standard_normal(size)` / `randn(*shape)`.
    public func standardNormal(_ shape: [Int]? = nil) -> Tensor {
        fill(shape) { $0.nextGaussian() }
    }

    /// `uniform(low, high, size)`: `low + (high - low) * random_sample()`.
    public func uniform(low: Double = 0, high: Double = 1, _ shape: [Int]? = nil) throws -> Tensor {
        let range = high - low
        guard range.isFinite else { throw TensorError(.runtime, "Range exceeds valid bounds") }
        try Tensor.checkShape(shape ?? [], dtype: .float64)
        return fill(shape) { low + range * $0.nextDouble() }
    }

    /// `normal(loc, scale, size)`: `loc + scale * standard_normal()`.
    public func normal(mean: Double = 0, standardDeviation: Double = 1, _ shape: [Int]? = nil) throws -> Tensor {
        guard standardDeviation >= 0 else { throw TensorError.invalid("scale < 0") }
        try Tensor.checkShape(shape ?? [], dtype: .float64)
        return fill(shape) { mean + standardDeviation * $0.nextGaussian() }
    }

    private func fill(_ shape: [Int]?, _ draw: (NumPyRandomState) -> Double) -> Tensor {
        var result = Tensor(uninitializedShape: shape ?? [], dtype: .float64)
        result.withUnsafeMutableBufferPointer(as: Double.self) { buffer in
            for i in 0..<buffer.count { buffer[i] = draw(self) }
        }
        return result
    }

    /// `randint(low, high, size, dtype)`: integers in `low..<high` (with `high` nil: `0..<low`)
    /// by NumPy's masked rejection; the default dtype is int64. For uint8 and bool NumPy takes
    /// bytes/bits from buffered 32-bit draws, and so does this.
    public func randint(_ low: Int64, _ high: Int64? = nil, _ shape: [Int]? = nil, dtype: DType = .int64) throws -> Tensor {
        let (lo, hi) = high.map { (low, $0) } ?? (0, low)
        guard dtype.isInteger || dtype == .bool else { throw TensorError.type("Unsupported dtype \"\(dtype.name)\" for randint") }
        guard lo < hi else { throw TensorError.invalid("low >= high") }
        try Tensor.checkShape(shape ?? [], dtype: .int64)
        let (minimum, maximum): (Int64, Int64)
        switch dtype {
        case .bool: (minimum, maximum) = (0, 1)
        case .uint8: (minimum, maximum) = (0, 255)
        case .int32: (minimum, maximum) = (Int64(Int32.min), Int64(Int32.max))
        default: (minimum, maximum) = (Int64.min, Int64.max)
        }
        guard lo >= minimum else { throw TensorError.invalid("low is out of bounds for \(dtype.name)") }
        guard hi - 1 <= maximum else { throw TensorError.invalid("high is out of bounds for \(dtype.name)") }
        let range = UInt64(bitPattern: (hi - 1) &- lo)
        let count = Tensor.elementCount(shape ?? [])
        var values = [Int64](repeating: lo, count: count)
        switch dtype {
        case .bool, .uint8:
            var buffer: UInt32 = 0, remaining = 0
            let mask = UInt32(Self.mask(covering: range))
            for i in 0..<count where range != 0 {
                var value: UInt32
                repeat {
                    if remaining == 0 {
                        buffer = generator.genrandUInt32()
                        remaining = dtype == .bool ? 31 : 3
                    } else {
                        buffer >>= dtype == .bool ? 1 : 8
                        remaining -= 1
                    }
                    value = dtype == .bool ? buffer & 1 : (buffer & 0xFF) & mask
                } while value > UInt32(range)
                values[i] = lo + Int64(value)
            }
        default:
            for i in 0..<count { values[i] = lo &+ Int64(bitPattern: boundedDraw(range)) }
        }
        return try Tensor(shape: shape ?? [], values: values).cast(to: dtype)
    }

    /// A value in `0...range` as NumPy's 32/64-bit bounded fills draw it.
    private func boundedDraw(_ range: UInt64) -> UInt64 {
        if range == 0 { return 0 }
        if range <= 0xFFFF_FFFF {
            if range == 0xFFFF_FFFF { return UInt64(generator.genrandUInt32()) }
            let mask = UInt32(Self.mask(covering: range))
            while true {
                let value = generator.genrandUInt32() & mask
                if UInt64(value) <= range { return UInt64(value) }
            }
        }
        if range == UInt64.max { return generator.genrandUInt64() }
        let mask = Self.mask(covering: range)
        while true {
            let value = generator.genrandUInt64() & mask
            if value <= range { return value }
        }
    }

    /// `shuffle(x)`: permutes `x` along its first axis in place (legacy algorithm: for i from
    /// n-1 down to 1 swap with `interval(i)`).
    public func shuffle(_ x: inout Tensor) throws {
        guard x.rank >= 1 else { throw TensorError.type("object of type 'numpy.float64' has no len()") }
        let n = x.shape[0]
        if n <= 1 || x.count == 0 { return }
        var order = Array(0..<n)
        for i in stride(from: n - 1, through: 1, by: -1) {
            let j = Int(interval(UInt64(i)))
            order.swapAt(i, j)
        }
        let shuffled = try x.take(Tensor(order.map { Int64($0) }), axis: 0).withoutGradient()
        try x.assign(shuffled)
    }

    /// `permutation(n)`: a shuffled `arange(n)` (int64).
    public func permutation(_ n: Int) throws -> Tensor {
        var values = try Tensor.arange(0, Int64(n))
        try shuffle(&values)
        return values
    }

    /// `permutation(x)`: a shuffled copy of `x` along its first axis.
    public func permutation(_ x: Tensor) throws -> Tensor {
        guard x.rank >= 1 else { throw TensorError.index("x must be an integer or at least 1-dimensional") }
        var order = try Tensor.arange(0, Int64(x.shape[0]))
        try shuffle(&order)
        return try x.take(order, axis: 0).withoutGradient()
    }

    /// `choice(a, size, replace, p)` where `a` is a population size: indices into `0..<a`.
    /// Use `take` on the returned indices to choose from an array.
    public func choice(_ populationSize: Int, _ shape: [Int]? = nil, replace: Bool = true, p: Tensor? = nil) throws -> Tensor {
        guard populationSize >= 0 else { throw TensorError.invalid("a must be greater than 0 unless no samples are taken") }
        try Tensor.checkShape(shape ?? [], dtype: .int64)
        let count = Tensor.elementCount(shape ?? [])
        guard populationSize > 0 || count == 0 else { throw TensorError.invalid("a cannot be empty unless no samples are taken") }
        var weights: [Double]? = nil
        if let p {
            guard p.rank == 1 else { throw TensorError.invalid("p must be 1-dimensional") }
            guard p.count == populationSize else { throw TensorError.invalid("a and p must have same size") }
            let values = p.doubles()
            guard values.allSatisfy({ !$0.isNaN }) else { throw TensorError.invalid("probabilities contain NaN") }
            guard values.allSatisfy({ $0 >= 0 }) else { throw TensorError.invalid("probabilities are not non-negative") }
            guard Swift.abs(kahanSum(values) - 1) <= (2.220446049250313e-16).squareRoot() else {
                throw TensorError.invalid("probabilities do not sum to 1")
            }
            weights = values
        }
        if replace {
            if let weights {
                let cdf = normalizedCumulative(weights)
                let samples = randomSample(shape).doubles()
                return try Tensor(shape: shape ?? [], values: samples.map { Int64(searchRight(cdf, $0)) })
            }
            return try randint(0, Int64(populationSize), shape)
        }
        guard count <= populationSize else {
            throw TensorError.invalid("Cannot take a larger sample than population when 'replace=False'")
        }
        if var weights {
            guard weights.filter({ $0 > 0 }).count >= count else { throw TensorError.invalid("Fewer non-zero entries in p than size") }
            var found: [Int64] = []
            while found.count < count {
                let draws = randomSample([count - found.count]).doubles()
                for index in found { weights[Int(index)] = 0 }
                let cdf = normalizedCumulative(weights)
                var seen = Set<Int64>(), firstOccurrence: [Int64] = []
                for draw in draws {
                    let index = Int64(searchRight(cdf, draw))
                    if seen.insert(index).inserted { firstOccurrence.append(index) }
                }
                found += firstOccurrence
            }
            return try Tensor(shape: shape ?? [], values: found)
        }
        let order = try permutation(populationSize).int64s()
        return try Tensor(shape: shape ?? [], values: Array(order.prefix(count)))
    }

    /// `cumsum(p) / cumsum(p)[-1]`, as `choice` computes its CDF.
    private func normalizedCumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        var cdf = weights.map { w -> Double in
            total += w
            return total
        }
        let last = cdf.last ?? 1
        for i in cdf.indices { cdf[i] /= last }
        return cdf
    }

    /// `searchsorted(cdf, x, side='right')`.
    private func searchRight(_ cdf: [Double], _ x: Double) -> Int {
        var low = 0, high = cdf.count
        while low < high {
            let mid = (low + high) / 2
            if cdf[mid] <= x { low = mid + 1 } else { high = mid }
        }
        return low
    }

    private func kahanSum(_ values: [Double]) -> Double {
        var sum = 0.0, compensation = 0.0
        for v in values {
            let y = v - compensation
            let t = sum + y
            compensation = (t - sum) - y
            sum = t
        }
        return sum
    }

    // MARK: State

    /// `get_state()`: the 624 key words, the position, and the cached gaussian.
    public func getState() -> (key: [UInt32], position: Int, cachedGaussian: Double?) {
        (generator.state, generator.index, cachedGaussian)
    }

    /// `set_state(...)`; the key must have 624 words and the position be in 0...624.
    public func setState(key: [UInt32], position: Int, cachedGaussian: Double?) throws {
        guard key.count == MersenneTwister.stateSize else { throw TensorError.invalid("state must be 624 longs") }
        guard (0...MersenneTwister.stateSize).contains(position) else { throw TensorError.invalid("invalid state position \(position)") }
        generator.state = key
        generator.index = position
        self.cachedGaussian = cachedGaussian
    }
}
