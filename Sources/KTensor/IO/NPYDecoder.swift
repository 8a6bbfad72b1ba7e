/// Decodes `.npy` bytes fed in chunks (from a file or a zip entry) straight into a tensor's
/// storage: the header is gathered first, then data chunks are copied into place.
struct NPYDecoder {
    private let path: String
    /// Total bytes the source will deliver, when known, so that a header that does not match
    /// is rejected before anything is allocated.
    private let expectedLength: Int?
    private var headerBytes: [UInt8] = []
    private var headerLength: Int?
    private var header: NPYHeader?
    private var tensor: Tensor?
    private var dataBytesReceived = 0

    init(path: String, expectedLength: Int?) {
        self.path = path
        self.expectedLength = expectedLength
    }

    mutating func consume(_ chunk: UnsafeRawBufferPointer) throws {
        var remaining = chunk[...]
        if header == nil {
            while header == nil, let byte = remaining.first {
                headerBytes.append(byte)
                remaining = remaining.dropFirst()
                try advanceHeader()
            }
            if header == nil { return }
        }
        guard let base = chunk.baseAddress, !remaining.isEmpty, let header, let tensor else { return }
        let room = header.dataByteCount - dataBytesReceived
        guard remaining.count <= room else {
            throw ArrayFileError.malformed(path, "\(remaining.count - room) bytes of unexpected data after the array of shape \(NumPyFormat.shapeText(header.shape))")
        }
        tensor.storage.bytes.advanced(by: dataBytesReceived)
            .copyMemory(from: base + remaining.startIndex, byteCount: remaining.count)
        dataBytesReceived += remaining.count
    }

    /// Parses the header once its last byte has arrived and allocates the tensor.
    private mutating func advanceHeader() throws {
        if headerLength == nil {
            guard let length = try NPYHeader.totalLength(preamble: headerBytes, path: path) else { return }
            if let expectedLength, length > expectedLength { throw NPYHeader.truncated(path) }
            headerLength = length
        }
        guard let headerLength, headerBytes.count == headerLength else { return }
        let parsed = try NPYHeader(bytes: headerBytes, path: path)
        if let expectedLength, expectedLength - headerLength != parsed.dataByteCount {
            throw ArrayFileError.malformed(path, dataMismatch(parsed, available: expectedLength - headerLength))
        }
        header = parsed
        tensor = Tensor(uninitializedShape: parsed.fortranOrder ? parsed.shape.reversed() : parsed.shape, dtype: parsed.dtype)
    }

    private func dataMismatch(_ header: NPYHeader, available: Int) -> String {
        let elements = header.dataByteCount / header.dtype.size
        let kind = available < header.dataByteCount ? "truncated .npy data" : "data length does not match the .npy header"
        return "\(kind): shape \(NumPyFormat.shapeText(header.shape)) of \(header.dtype.name) needs \(elements) elements (\(header.dataByteCount) bytes) but the file holds \(available) bytes of data"
    }

    /// The array, once every byte has been consumed: byte-swapped to native order, bools
    /// normalised to 0/1 and Fortran-ordered data rearranged into C order.
    mutating func finish() throws -> Tensor {
        guard let header, let tensor else { throw NPYHeader.truncated(path) }
        if dataBytesReceived != header.dataByteCount {
            throw ArrayFileError.malformed(path, dataMismatch(header, available: dataBytesReceived))
        }
        var result = tensor
        let count = result.count
        let bytes = result.storage.bytes
        if header.isBigEndian {
            switch header.dtype.size {
            case 4:
                let words = bytes.assumingMemoryBound(to: UInt32.self)
                for i in 0..<count { words[i] = words[i].byteSwapped }
            case 8:
                let words = bytes.assumingMemoryBound(to: UInt64.self)
                for i in 0..<count { words[i] = words[i].byteSwapped }
            default:
                break
            }
        }
        if header.dtype == .bool {
            let flags = bytes.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count where flags[i] > 1 { flags[i] = 1 }
        }
        if header.fortranOrder && header.shape.count > 1 {
            let view = Tensor(storage: result.storage, dtype: header.dtype, shape: header.shape,
                              strides: Tensor.contiguousStrides(header.shape.reversed()).reversed(), offset: 0)
            result = view.contiguousCopy()
        }
        return result
    }
}
