import CZlib

/// IDX files, the format of MNIST and Fashion-MNIST (`train-images-idx3-ubyte`), plain or
/// gzip-compressed: a big-endian header (two zero bytes, an element type, the number of
/// dimensions, one 32-bit size per dimension) followed by the elements.
public enum IDXFile {
    /// The uint8 array in the IDX file at `path`. Gzip-compressed files (detected by their
    /// magic bytes, whatever the name) are read in chunks and inflated straight into the
    /// tensor's storage.
    public static func read(contentsOf path: String) throws -> Tensor {
        let file = try BinaryFile(reading: path)
        defer { file.close() }
        var start = [UInt8](repeating: 0, count: 2)
        let got = try file.read(into: &start)
        if got == 2 && start == [0x1f, 0x8b] {
            return try inflate(file, path: path)
        }
        var source = PlainSource(file: file, path: path, prefix: Array(start[..<got]))
        return try decode(from: &source, path: path, availableBytes: file.size)
    }

    // MARK: Implementation

    /// Where the decoder pulls bytes from: exactly `count` bytes into `buffer` or an error.
    private protocol ByteSource {
        /// Fills `count` bytes; returns how many were available before the end.
        mutating func fill(_ buffer: UnsafeMutableRawPointer, count: Int) throws -> Int
        /// Throws when bytes remain after the array.
        mutating func expectEnd() throws
    }

    /// Fills all of `bytes`; returns how many were available.
    private static func fill<Source: ByteSource>(_ source: inout Source, into bytes: inout [UInt8]) throws -> Int {
        let count = bytes.count
        return try bytes.withUnsafeMutableBytes { buffer in
            guard let base = buffer.baseAddress else { return 0 }
            return try source.fill(base, count: count)
        }
    }

    /// Reads header then data: validates the header, allocates the tensor once the sizes are
    /// known to be plausible, and fills it.
    private static func decode<Source: ByteSource>(from source: inout Source, path: String, availableBytes: Int?,
                                                   plausibleLength: ((Int) -> Bool)? = nil) throws -> Tensor {
        var preamble = [UInt8](repeating: 0, count: 4)
        let got = try fill(&source, into: &preamble)
        guard got == 4 else { throw ArrayFileError.malformed(path, "truncated IDX file: the header is incomplete") }
        guard preamble[0] == 0 && preamble[1] == 0 else {
            throw ArrayFileError.malformed(path, "not an IDX file (it does not start with two zero bytes)")
        }
        guard preamble[2] == 0x08 else {
            let name = [0x09: "int8", 0x0B: "int16", 0x0C: "int32", 0x0D: "float32", 0x0E: "float64"][Int(preamble[2])]
            if let name {
                throw ArrayFileError.unsupported(path, "IDX files of \(name) elements are not supported (only unsigned bytes, type 0x08)")
            }
            throw ArrayFileError.malformed(path, "not an IDX file (unknown element type 0x\(String(preamble[2], radix: 16)))")
        }
        let rank = Int(preamble[3])
        guard rank > 0 else { throw ArrayFileError.malformed(path, "IDX header gives no dimensions") }
        var sizes = [UInt8](repeating: 0, count: 4 * rank)
        let gotSizes = try fill(&source, into: &sizes)
        guard gotSizes == 4 * rank else { throw ArrayFileError.malformed(path, "truncated IDX file: the header is incomplete") }
        var shape: [Int] = []
        var count = 1
        for axis in 0..<rank {
            let size = Int(sizes[4 * axis]) << 24 | Int(sizes[4 * axis + 1]) << 16 | Int(sizes[4 * axis + 2]) << 8 | Int(sizes[4 * axis + 3])
            shape.append(size)
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            guard !overflow else { throw ArrayFileError.malformed(path, "IDX shape \(NumPyFormat.shapeText(shape)) is too large") }
            count = product
        }
        let headerLength = 4 + 4 * rank
        if let availableBytes, availableBytes - headerLength != count {
            throw ArrayFileError.malformed(path, mismatch(shape, count: count, available: availableBytes - headerLength))
        }
        if let plausibleLength, !plausibleLength(headerLength + count) {
            throw ArrayFileError.malformed(path, "the IDX header's shape \(NumPyFormat.shapeText(shape)) does not match the length of the gzip stream (truncated or corrupt file)")
        }
        let tensor = Tensor(uninitializedShape: shape, dtype: .uint8)
        let filled = try source.fill(tensor.storage.bytes, count: count)
        guard filled == count else { throw ArrayFileError.malformed(path, mismatch(shape, count: count, available: filled)) }
        try source.expectEnd()
        return tensor
    }

    static func mismatch(_ shape: [Int], count: Int, available: Int) -> String {
        let kind = available < count ? "truncated IDX data" : "IDX data longer than its header says"
        return "\(kind): shape \(NumPyFormat.shapeText(shape)) needs \(count) bytes but the file holds \(max(available, 0)) bytes of data"
    }

    /// An uncompressed file, read directly into the destination buffers.
    private struct PlainSource: ByteSource {
        let file: BinaryFile
        let path: String
        var prefix: [UInt8]

        mutating func fill(_ buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
            let fromPrefix = min(prefix.count, count)
            for i in 0..<fromPrefix { buffer.storeBytes(of: prefix[i], toByteOffset: i, as: UInt8.self) }
            prefix.removeFirst(fromPrefix)
            return try fromPrefix + file.read(into: buffer + fromPrefix, count: count - fromPrefix)
        }

        mutating func expectEnd() throws {}
    }

    /// A gzip file inflated with zlib into the destination buffers, its compressed bytes read
    /// a chunk at a time. The `z_stream` and the chunk live on the heap because zlib keeps
    /// pointers to them.
    private final class GzipSource: ByteSource {
        let file: BinaryFile
        let path: String
        private let stream: UnsafeMutablePointer<z_stream>
        private let chunk: UnsafeMutablePointer<UInt8>
        private static let chunkSize = 256 * 1024
        /// File offset of the next compressed bytes to read.
        private var offset = 0
        private var finished = false

        init(file: BinaryFile, path: String) throws {
            self.file = file
            self.path = path
            stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.chunkSize)
            // 16 + MAX_WBITS: a gzip wrapper around a deflate stream with a 32 KiB window.
            guard inflateInit2_(stream, 16 + MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                stream.deallocate()
                chunk.deallocate()
                throw ArrayFileError.malformed(path, "cannot initialise zlib")
            }
        }

        deinit {
            inflateEnd(stream)
            stream.deallocate()
            chunk.deallocate()
        }

        func fill(_ buffer: UnsafeMutableRawPointer, count: Int) throws -> Int {
            var produced = 0
            while produced < count && !finished {
                if stream.pointee.avail_in == 0 {
                    let got = try file.read(into: chunk, count: Self.chunkSize, at: offset)
                    offset += got
                    stream.pointee.next_in = chunk
                    stream.pointee.avail_in = uInt(got)
                }
                let room = min(count - produced, Int(UInt32.max))
                stream.pointee.next_out = (buffer + produced).assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = uInt(room)
                let status = CZlib.inflate(stream, Z_NO_FLUSH)
                produced += room - Int(stream.pointee.avail_out)
                switch status {
                case Z_OK:
                    continue
                case Z_STREAM_END:
                    finished = true
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    throw ArrayFileError.malformed(path, "truncated gzip data")
                default:
                    let reason = stream.pointee.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                    throw ArrayFileError.malformed(path, "corrupt gzip data (\(reason))")
                }
            }
            return produced
        }

        func expectEnd() throws {
            // Inflate to the end of the stream, which also checks the CRC and length trailer.
            var spare: UInt8 = 0
            let extra = try fill(&spare, count: 1)
            guard extra == 0 else { throw ArrayFileError.malformed(path, "IDX data longer than its header says") }
            if !finished { throw ArrayFileError.malformed(path, "truncated gzip data") }
        }
    }

    private static func inflate(_ file: BinaryFile, path: String) throws -> Tensor {
        guard file.size >= 18 else { throw ArrayFileError.malformed(path, "truncated gzip data") }
        // The gzip trailer's ISIZE is the uncompressed length mod 2^32; with deflate's 1032:1
        // ratio limit it bounds the sizes worth allocating for.
        var trailer = [UInt8](repeating: 0, count: 4)
        guard try file.read(into: &trailer, at: file.size - 4) == 4 else { throw ArrayFileError.malformed(path, "truncated gzip data") }
        let declaredSize = Int(trailer[0]) | Int(trailer[1]) << 8 | Int(trailer[2]) << 16 | Int(trailer[3]) << 24
        var source = try GzipSource(file: file, path: path)
        return try decode(from: &source, path: path, availableBytes: nil) { total in
            total % (1 << 32) == declaredSize && total <= file.size &* 1100 &+ 4096
        }
    }
}
