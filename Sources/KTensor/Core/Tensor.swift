/// An n-dimensional array of one `DType`: shape, element strides and an offset into shared
/// `TensorStorage`. Values are copy-on-write: copies share storage until one of them is
/// written through `withUnsafeMutableBufferPointer` / `makeUniqueContiguous()`. Views (slices,
/// transposes, broadcasts) share storage and differ in strides and offset.
///
/// Operations live in extensions grouped by topic: creation (`Tensor.zeros`, `Tensor.arange`,
/// random initialisers), arithmetic (`+`, `Tensor.floorDivide`...), math and activations
/// (`exp()`, `relu()`, `activation(_:)`), reductions (`sum(axes:keepDims:)`...), `matmul`,
/// shape ops (`reshaped`, `transposed`...), indexing (`indexed(_:)`, `take`, `masked`...),
/// sorting, and the fused layer ops (`Tensor.dense`, the cross-entropies). Every op that can
/// fail on user input throws `TensorError`. Float ops are differentiable: under a recording
/// `GradientTape` they record their backward pass (see `Autodiff`).
public struct Tensor {
    public internal(set) var storage: TensorStorage
    public internal(set) var dtype: DType
    public internal(set) var shape: [Int]
    /// Strides in elements, one per dimension (0 for broadcast dimensions). Contiguous tensors
    /// store none (creating a tensor allocates no strides array); they are computed on demand.
    public internal(set) var strides: [Int] {
        get { explicitStrides ?? Tensor.contiguousStrides(shape) }
        set { explicitStrides = newValue }
    }
    /// The strides when set explicitly (views); nil means row-major contiguous.
    var explicitStrides: [Int]?
    /// Offset of element [0, 0, ...] in elements.
    public internal(set) var offset: Int
    /// Identity of this value in the autodiff graph; 0 when no tape has seen it.
    @usableFromInline var tapeID: Int = 0
    /// Extra information that travels with this value (Keras' attached logits).
    var attachment: TensorAttachment?

    /// A view over existing storage. The caller guarantees every addressed element lies inside it.
    public init(storage: TensorStorage, dtype: DType, shape: [Int], strides: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.explicitStrides = strides
        self.offset = offset
    }

    /// A row-major contiguous view of `storage` from element `offset`.
    init(storage: TensorStorage, dtype: DType, shape: [Int], offset: Int) {
        self.storage = storage
        self.dtype = dtype
        self.shape = shape
        self.offset = offset
    }

    /// A contiguous tensor with unspecified contents (its buffer comes from `BufferPool`).
    public init(uninitializedShape shape: [Int], dtype: DType) {
        let count = Tensor.elementCount(shape)
        self.init(storage: TensorStorage(byteCount: count * dtype.size), dtype: dtype, shape: shape, offset: 0)
    }

    /// A contiguous tensor of zeros.
    public init(zeros shape: [Int], dtype: DType = .float32) {
        let count = Tensor.elementCount(shape)
        self.init(storage: TensorStorage(zeroedByteCount: count * dtype.size), dtype: dtype, shape: shape, offset: 0)
    }

    /// A contiguous tensor holding `values` in row-major order. Throws when `values.count` is
    /// not the product of `shape`.
    public init<T: TensorElement>(shape: [Int], values: [T]) throws {
        guard values.count == Tensor.elementCount(shape), !shape.contains(where: { $0 < 0 }) else {
            throw TensorError.invalid("cannot reshape array of size \(values.count) into shape \(formatShape(shape))")
        }
        self.init(uninitializedShape: shape, dtype: T.dtype)
        if values.isEmpty { return }
        values.withUnsafeBufferPointer { source in
            storage.bytes.copyMemory(from: UnsafeRawPointer(source.baseAddress!), byteCount: values.count * T.dtype.size)
        }
    }

    /// A 0-d tensor.
    public init<T: TensorElement>(scalar: T) {
        self.init(uninitializedShape: [], dtype: T.dtype)
        storage.bytes.storeBytes(of: scalar, as: T.self)
    }

    /// A 0-d tensor of `dtype` holding `value` converted as `cast(to:)` would.
    public init(scalar value: Double, dtype: DType) {
        self.init(uninitializedShape: [], dtype: dtype)
        let p = storage.bytes
        switch dtype {
        case .bool: p.storeBytes(of: UInt8(value != 0 ? 1 : 0), as: UInt8.self)
        case .uint8: p.storeBytes(of: UInt8(fromDouble: value), as: UInt8.self)
        case .int32: p.storeBytes(of: Int32(fromDouble: value), as: Int32.self)
        case .int64: p.storeBytes(of: Int64(fromDouble: value), as: Int64.self)
        case .float32: p.storeBytes(of: Float(value), as: Float.self)
        case .float64: p.storeBytes(of: value, as: Double.self)
        }
    }

    /// A 0-d integer tensor of `dtype` holding `value` (wrapping as NumPy's casts do).
    public init(scalar value: Int64, dtype: DType) {
        self.init(uninitializedShape: [], dtype: dtype)
        let p = storage.bytes
        switch dtype {
        case .bool: p.storeBytes(of: UInt8(value != 0 ? 1 : 0), as: UInt8.self)
        case .uint8: p.storeBytes(of: UInt8(truncatingIfNeeded: value), as: UInt8.self)
        case .int32: p.storeBytes(of: Int32(truncatingIfNeeded: value), as: Int32.self)
        case .int64: p.storeBytes(of: value, as: Int64.self)
        case .float32: p.storeBytes(of: Float(value), as: Float.self)
        case .float64: p.storeBytes(of: Double(value), as: Double.self)
        }
    }

    /// A bool tensor from Swift Bools. Throws when the count does not match the shape.
    public init(shape: [Int], bools: [Bool]) throws {
        try self.init(shape: shape, values: bools.map { UInt8($0 ? 1 : 0) })
        dtype = .bool
    }

    /// A 0-d bool tensor.
    public init(scalar value: Bool) {
        self.init(scalar: Int64(value ? 1 : 0), dtype: .bool)
    }

    // MARK: Geometry

    @inlinable public var rank: Int { shape.count }
    @inlinable public var count: Int { Tensor.elementCount(shape) }

    /// The number of elements of `shape` (saturating at `Int.max` instead of overflowing).
    @inlinable public static func elementCount(_ shape: [Int]) -> Int {
        var n = 1
        for d in shape {
            let (product, overflow) = n.multipliedReportingOverflow(by: d)
            n = overflow ? Int.max : product
        }
        return n
    }

    /// Checks a shape that comes from outside (a script, a file) before a tensor of it is
    /// created: no negative dimension (NumPy's `ValueError`) and at most 2^40 bytes (NumPy's
    /// `MemoryError`). Creation functions and initialisers assume valid shapes.
    public static func checkShape(_ shape: [Int], dtype: DType) throws {
        if shape.contains(where: { $0 < 0 }) { throw TensorError.invalid("negative dimensions are not allowed") }
        let count = elementCount(shape)
        let (bytes, overflow) = count.multipliedReportingOverflow(by: dtype.size)
        if overflow || bytes > 1 << 40 {
            throw TensorError(.memory, "Unable to allocate an array with shape \(formatShape(shape)) and data type \(dtype.name)")
        }
    }

    @inlinable public static func contiguousStrides(_ shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            strides[i] = step
            step &*= Swift.max(shape[i], 1)
            i -= 1
        }
        return strides
    }

    /// True when the elements are laid out row-major with no gaps (offset may be non-zero).
    public var isContiguous: Bool {
        guard let strides = explicitStrides else { return true }
        var step = 1
        var i = shape.count - 1
        while i >= 0 {
            if shape[i] != 1 && strides[i] != step { return false }
            step &*= shape[i]
            i -= 1
        }
        return true
    }

    /// The stride of one dimension, without building the strides array.
    func stride(_ axis: Int) -> Int {
        if let strides = explicitStrides { return strides[axis] }
        var step = 1
        var i = axis + 1
        while i < shape.count {
            step &*= Swift.max(shape[i], 1)
            i += 1
        }
        return step
    }

    // MARK: Raw access

    /// Typed pointer to element [0, 0, ...]. Kernels address elements as `base[offset...]`
    /// with the tensor's strides.
    func basePointer<T>(_ type: T.Type) -> UnsafeMutablePointer<T> {
        storage.bytes.assumingMemoryBound(to: T.self) + offset
    }

    /// Reads the elements in row-major order as `T`, which must be the element type of the
    /// dtype (bool reads as `UInt8`). A non-contiguous tensor is copied first.
    public func withUnsafeBufferPointer<T, R>(as type: T.Type, _ body: (UnsafeBufferPointer<T>) throws -> R) rethrows -> R {
        let source = contiguous()
        return try withExtendedLifetime(source) {
            try body(UnsafeBufferPointer(start: source.basePointer(T.self), count: count))
        }
    }

    /// Writes the elements in place after making the storage unique and contiguous. The value
    /// loses its autodiff identity (it is no longer the tensor a tape saw).
    public mutating func withUnsafeMutableBufferPointer<T, R>(as type: T.Type, _ body: (UnsafeMutableBufferPointer<T>) throws -> R) rethrows -> R {
        makeUniqueContiguous()
        tapeID = 0
        attachment = nil
        return try body(UnsafeMutableBufferPointer(start: basePointer(T.self), count: count))
    }

    /// Ensures this value owns its storage alone and is contiguous, copying if needed.
    public mutating func makeUniqueContiguous() {
        if isKnownUniquelyReferenced(&storage) && isContiguous { return }
        let id = tapeID
        self = contiguousCopy()
        tapeID = id
    }

    /// Ensures this value owns its storage alone and no two of its elements share memory
    /// (broadcast views are copied), keeping its strides when it can.
    mutating func makeUnique() {
        if isKnownUniquelyReferenced(&storage) && !hasOverlappingElements { return }
        let id = tapeID
        self = contiguousCopy()
        tapeID = id
    }

    /// True when a stride of 0 makes several elements address the same memory.
    var hasOverlappingElements: Bool {
        for axis in 0..<rank where strides[axis] == 0 && shape[axis] > 1 { return true }
        return false
    }

    /// This tensor if it is contiguous, else a contiguous copy. Not recorded on tapes.
    @inlinable public func contiguous() -> Tensor {
        isContiguous ? self : contiguousCopy()
    }

    /// A fresh contiguous copy (also of views), with no autodiff identity.
    public func contiguousCopy() -> Tensor {
        let result = Tensor(uninitializedShape: shape, dtype: dtype)
        if count == 0 { return result }
        let size = dtype.size
        if isContiguous {
            result.storage.bytes.copyMemory(from: storage.bytes.advanced(by: offset * size), byteCount: count * size)
            return result
        }
        switch size {
        case 1: gatherStrided(from: basePointer(UInt8.self) - offset, shape: shape, strides: strides, offset: offset, into: result.basePointer(UInt8.self))
        case 4: gatherStrided(from: basePointer(UInt32.self) - offset, shape: shape, strides: strides, offset: offset, into: result.basePointer(UInt32.self))
        default: gatherStrided(from: basePointer(UInt64.self) - offset, shape: shape, strides: strides, offset: offset, into: result.basePointer(UInt64.self))
        }
        return result
    }

    /// Calls `body` with the storage offset (in elements) of every element in row-major order.
    /// A slow path for printing and conversion; kernels work on buffers instead.
    public func forEachElementOffset(_ body: (Int) -> Void) {
        if count == 0 { return }
        let layout = coalescedLayout(shape: shape, strides: [strides])
        let inner = layout.shape[layout.shape.count - 1]
        let step = layout.strides[0][layout.shape.count - 1]
        forEachRow(shape: layout.shape, strides: layout.strides, bases: [offset]) { offsets in
            for i in 0..<inner { body(offsets[0] + i * step) }
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

    /// Element at storage offset `elementOffset` as Int64 (integers and bools exactly, floats
    /// truncated).
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

    /// Storage offset of the element at a multi-index (no bounds checks).
    @inlinable public func elementOffset(_ index: [Int]) -> Int {
        var position = offset
        for axis in 0..<index.count { position += index[axis] * strides[axis] }
        return position
    }

    /// The element at `index` (one entry per dimension) as a Double. Throws when out of range.
    public func doubleValue(at index: [Int]) throws -> Double {
        try checkIndex(index)
        return doubleValue(atOffset: elementOffset(index))
    }

    /// The element at `index` as Int64. Throws when out of range.
    public func int64Value(at index: [Int]) throws -> Int64 {
        try checkIndex(index)
        return int64Value(atOffset: elementOffset(index))
    }

    private func checkIndex(_ index: [Int]) throws {
        guard index.count == rank else {
            throw TensorError.index("expected \(rank) indices, got \(index.count)")
        }
        for axis in 0..<rank where index[axis] < 0 || index[axis] >= shape[axis] {
            throw TensorError.index("index \(index[axis]) is out of bounds for axis \(axis) with size \(shape[axis])")
        }
    }

    /// The single element of a one-element tensor as a Double (NumPy's `item()`).
    public func scalarDouble() throws -> Double {
        guard count == 1 else { throw TensorError.invalid("can only convert an array of size 1 to a Python scalar") }
        return doubleValue(atOffset: offset)
    }

    /// The single element of a one-element tensor as Int64.
    public func scalarInt64() throws -> Int64 {
        guard count == 1 else { throw TensorError.invalid("can only convert an array of size 1 to a Python scalar") }
        return int64Value(atOffset: offset)
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

    /// All elements in row-major order as Int64 (floats truncated).
    public func int64s() -> [Int64] {
        if dtype == .int64 { return scalars(as: Int64.self) }
        var out: [Int64] = []
        out.reserveCapacity(count)
        forEachElementOffset { out.append(int64Value(atOffset: $0)) }
        return out
    }

    /// All elements in row-major order, converted to `T` (bools as 0/1).
    public func scalars<T: TensorElement>(as type: T.Type) -> [T] {
        if dtype == T.dtype {
            let c = contiguous()
            return c.withUnsafeBufferPointer(as: T.self) { Array($0) }
        }
        if T.self == Int64.self, let exact = int64s() as? [T] { return exact }
        return doubles().map { T(fromDouble: $0) }
    }
}

/// Information attached to a tensor value: the pre-activation logits of a softmax or sigmoid
/// (Keras' `_keras_logits`), which the Keras cross-entropies use instead of the probabilities,
/// and the mask an eager layer call produced (Keras' `_keras_mask`).
final class TensorAttachment {
    let logits: (tensor: Tensor, activation: Activation)?
    let mask: Tensor?
    init(logits: (tensor: Tensor, activation: Activation)?, mask: Tensor?) {
        self.logits = logits
        self.mask = mask
    }
}

extension Tensor {
    /// The pre-activation logits this tensor was computed from by a softmax or sigmoid
    /// activation (set by `dense` and `withAttachedLogits`), else nil.
    public var attachedLogits: (logits: Tensor, activation: Activation)? {
        attachment?.logits.map { ($0.tensor, $0.activation) }
    }

    /// This value with `logits` attached as its pre-activation (what Keras'
    /// `keras.activations.softmax`/`sigmoid` do); any op on the result drops it.
    public func withAttachedLogits(_ logits: Tensor, activation: Activation) -> Tensor {
        var result = self
        result.attachment = TensorAttachment(logits: (logits, activation), mask: attachment?.mask)
        return result
    }

    /// The mask of the eager layer call that returned this value, else nil.
    public var attachedMask: Tensor? { attachment?.mask }

    /// This value with `mask` attached (nil removes it); any op on the result drops it.
    public func withAttachedMask(_ mask: Tensor?) -> Tensor {
        var result = self
        result.attachment = attachment?.logits == nil && mask == nil ? nil : TensorAttachment(logits: attachment?.logits, mask: mask)
        return result
    }
}

/// `(2, 3)`-style text of a shape, as Python prints a tuple.
func formatShape(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
