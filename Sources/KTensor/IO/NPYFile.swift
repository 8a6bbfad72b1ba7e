/// `.npy` files as NumPy reads and writes them (`np.load`, `np.save`).
///
/// Reading accepts format versions 1.0–3.0, little- and big-endian float32/float64/int32/int64,
/// uint8 and bool, Fortran order and any shape; writing produces the bytes `np.save` writes
/// (version 1.0, C order, little-endian).
public enum NPYFile {
    /// The array stored in the `.npy` file at `path`.
    public static func read(contentsOf path: String) throws -> Tensor {
        let file = try BinaryFile(reading: path)
        defer { file.close() }
        var decoder = NPYDecoder(path: path, expectedLength: file.size)
        let chunkSize = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer, count: chunkSize)
            if count == 0 { break }
            try decoder.consume(UnsafeRawBufferPointer(start: buffer, count: count))
        }
        return try decoder.finish()
    }

    /// The array encoded by `.npy` bytes; `name` identifies them in error messages.
    public static func decode(_ bytes: [UInt8], name: String) throws -> Tensor {
        var decoder = NPYDecoder(path: name, expectedLength: bytes.count)
        try bytes.withUnsafeBytes { try decoder.consume($0) }
        return try decoder.finish()
    }

    /// Writes `tensor` to `path` as `np.save` would (the path is used as given).
    public static func write(_ tensor: Tensor, to path: String) throws {
        try BinaryFile.writeAtomically(path) { write in
            let header = NPYHeader.encode(dtype: tensor.dtype, shape: tensor.shape)
            try header.withUnsafeBytes { try write($0) }
            try withData(of: tensor) { try write($0) }
        }
    }

    /// The bytes of the `.npy` file `np.save` writes for `tensor`.
    public static func encode(_ tensor: Tensor) -> [UInt8] {
        var bytes = NPYHeader.encode(dtype: tensor.dtype, shape: tensor.shape)
        withData(of: tensor) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Size of the file `np.save` writes for `tensor`.
    static func encodedSize(_ tensor: Tensor) -> Int {
        NPYHeader.encode(dtype: tensor.dtype, shape: tensor.shape).count + tensor.count * tensor.dtype.size
    }

    /// Calls `body` with the tensor's elements in C order.
    static func withData<R>(of tensor: Tensor, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let contiguous = tensor.isContiguous ? tensor : tensor.contiguousCopy()
        let size = contiguous.dtype.size
        return try body(UnsafeRawBufferPointer(start: contiguous.storage.bytes + contiguous.offset * size,
                                               count: contiguous.count * size))
    }
}
