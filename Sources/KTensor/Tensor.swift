/// An n-dimensional array of one `DType`: shape, element strides and an offset into shared
/// `TensorStorage`. Values are copy-on-write: copies share storage until one of them is
/// written through `withUnsafeMutablePointer` / `makeUnique()`. Views (slices, transposes)
/// share storage and differ in strides and offset.
public struct Tensor {
    public internal(set) var storage: TensorStorage
    public internal(set) var dtype: DType
    public internal(set) var shape: [Int]
    /// Strides in elements, one per dimension.
    public internal(set) var strides: [Int]
    /// Offset of element [0, 0, ...] in elements.
    public internal(set) var offset: Int

    /// A view over existing storage. The caller guarantees every addressed element lies inside it.
    public init(storage: TensorStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.strides = strides
        self.offset = offset
    }

    /// A contiguous tensor with unspecified contents.
    public init(uninitializedShape shape: [Int], dtype: DType) {
        let count = Tensor.elementCount(shape)
        self.init(storage: TensorStorage(byteCount: count * dtype.size), dtype: dtype,
                  shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0)
    }

    /// A contiguous tensor of zeros.
    public init(zeros shape: [Int], dtype: DType = .float32) {
        let count = Tensor.elementCount(shape)
        self.init(storage: TensorStorage(zeroedByteCount: count * dtype.size), dtype: dtype,
                  shape: shape, strides: Tensor.contiguousStrides(shape), offset: 0)
    }

    /// A contiguous tensor holding `values` in row-major order; `values.count` must equal the
    /// product of `shape`.
    public init<T: TensorElement>(shape: [Int], values: [T]) {
        precondition(values.count == Tensor.elementCount(shape), "Tensor(shape:values:) count mismatch")
        self.init(uninitializedShape: shape, dtype: T.dtype)
        values.withUnsafeBufferPointer { source in
            storage.bytes.copyMemory(from: UnsafeRawPointer(source.baseAddress!), byteCount: values.count * T.dtype.size)
        }
    }

    /// A 0-d tensor.
    public init<T: TensorElement>(scalar: T) {
        self.init(shape: [], values: [scalar])
    }

    /// A bool tensor from Swift Bools.
    public init(shape: [Int], bools: [Bool]) {
        self.init(shape: shape, values: bools.map { UInt8($0 ? 1 : 0) })
        dtype = .bool
    }

    // MARK: Geometry

    @inlinable public var rank: Int { shape.count }
    @inlinable public var count: Int { Tensor.elementCount(shape) }

    @inlinable public static func elementCount(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape { n &*= d }
        return n
    }

    @inlinable public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            strides[i] = step
            step &*= max(shape[i], 1)
            i -= 1
        }
        return strides
    }

    /// True when the elements are laid out row-major with no gaps (offset may be non-zero).
    public var isContiguous: Bool {
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            if shape[i] != 1 && strides[i] != step { return false }
            step &*= shape[i]
            i -= 1
        }
        return true
    }

    // MARK: Raw access

    /// Reads the contiguous elements; the tensor must be contiguous and of element type `T`
    /// (bool tensors read as `UInt8`).
    @inlinable
    public func withUnsafeBufferPointer<T, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        precondition(isContiguous, "withUnsafeBufferPointer on a non-contiguous tensor")
        let base = storage.bytes.advanced(by: offset * dtype.size).assumingMemoryBound(to: T.self)
        return try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// Writes the elements in place after making the storage unique and contiguous.
    @inlinable
    public mutating func withUnsafeMutableBufferPointer<T, R>(as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        makeUniqueContiguous()
        let base = storage.bytes.advanced(by: offset * dtype.size).assumingMemoryBound(to: T.self)
        return try body(UnsafeMutableBufferPointer(start: base, count: count))
    }

    /// Ensures this value owns its storage alone and is contiguous, copying if needed.
    public mutating func makeUniqueContiguous() {
        if isKnownUniquelyReferenced(&storage) && isContiguous { return }
        self = contiguousCopy()
    }

    /// A fresh contiguous copy (also of views).
    public func contiguousCopy() -> Tensor {
        var result = Tensor(uninitializedShape: shape, dtype: dtype)
        let size = dtype.size
        let destination = result.storage.bytes
        if isContiguous {
            destination.copyMemory(from: storage.bytes.advanced(by: offset * size), byteCount: count * size)
        } else {
            var written = 0
            forEachElementOffset { elementOffset in
                destination.advanced(by: written * size)
                    .copyMemory(from: storage.bytes.advanced(by: elementOffset * size), byteCount: size)
                written += 1
            }
        }
        result.offset = 0
        return result
    }

    /// Calls `body` with the storage offset (in elements) of every element in row-major order.
    /// Used for strided views; hot kernels work on contiguous buffers instead.
    public func forEachElementOffset(_ body: (Int) -> Void) {
        let n = count
        if n == 0 { return }
        if rank == 0 { body(offset); return }
        var index = [Int](repeating: 0, count: rank)
        var position = offset
        let last = rank - 1
        for _ in 0..<n {
            body(position)
            var axis = last
            while axis >= 0 {
                index[axis] += 1
                position += strides[axis]
                if index[axis] < shape[axis] { break }
                position -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    // MARK: Element values (slow path: printing, conversion, tests)

    /// Element at storage offset `elementOffset` converted to Double.
    public func doubleValue(atOffset elementOffset: Int) -> Double {
        let p = storage.bytes.advanced(by: elementOffset * dtype.size)
        switch dtype {
        case .bool, .uint8: return Double(p.load(as: UInt8.self))
        case .int32: return Double(p.load(as: Int32.self))
        case .int64: return Double(p.load(as: Int64.self))
        case .float32: return Double(p.load(as: Float.self))
        case .float64: return p.load(as: Double.self)
        }
    }

    /// Element at storage offset `elementOffset` as Int64 (integers and bools exactly).
    public func int64Value(atOffset elementOffset: Int) -> Int64 {
        let p = storage.bytes.advanced(by: elementOffset * dtype.size)
        switch dtype {
        case .bool, .uint8: return Int64(p.load(as: UInt8.self))
        case .int32: return Int64(p.load(as: Int32.self))
        case .int64: return p.load(as: Int64.self)
        case .float32: return Int64(fromDouble: Double(p.load(as: Float.self)))
        case .float64: return Int64(fromDouble: p.load(as: Double.self))
        }
    }

    /// All elements in row-major order as Doubles.
    public func doubles() -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(count)
        forEachElementOffset { out.append(doubleValue(atOffset: $0)) }
        return out
    }

    /// All elements in row-major order as Floats.
    public func floats() -> [Float] { doubles().map { Float($0) } }
}
