import Foundation
import ZIPFoundation

/// `.npz` archives as NumPy reads and writes them (`np.load`, `np.savez`,
/// `np.savez_compressed`): a zip file with one `.npy` entry per array.
public enum NPZFile {
    /// The arrays of the archive at `path`, in archive order, named without the `.npy` suffix
    /// (the keys of NumPy's `NpzFile`).
    public static func read(contentsOf path: String) throws -> [(name: String, tensor: Tensor)] {
        let file = try BinaryFile(reading: path)
        let fileSize = file.size
        file.close()
        let archive: Archive
        do {
            archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw ArrayFileError.malformed(path, "not a .npz file (not a readable zip archive)")
        }
        var arrays: [(name: String, tensor: Tensor)] = []
        for entry in archive {
            let entryName = entry.path
            let label = "\(path) entry '\(entryName)'"
            guard entry.type == .file else { continue }
            guard entryName.hasSuffix(".npy") else {
                throw ArrayFileError.unsupported(path, "entry '\(entryName)' is not an .npy array")
            }
            let size = Int(clamping: entry.uncompressedSize)
            let compressedSize = Int(clamping: entry.compressedSize)
            // Sizes a corrupt directory could claim: deflate expands at most about 1032:1.
            guard compressedSize <= fileSize, size <= max(compressedSize, 1) &* 1100 &+ 4096 else {
                throw ArrayFileError.malformed(label, "the zip directory gives impossible sizes")
            }
            var decoder = NPYDecoder(path: label, expectedLength: size)
            do {
                let checksum = try archive.extract(entry) { data in
                    try data.withUnsafeBytes { try decoder.consume($0) }
                }
                if checksum != entry.checksum { throw Archive.ArchiveError.invalidCRC32 }
            } catch let error as ArrayFileError {
                throw error
            } catch Archive.ArchiveError.invalidCRC32 {
                throw ArrayFileError.malformed(label, "corrupt data (CRC-32 checksum mismatch)")
            } catch {
                throw ArrayFileError.malformed(label, "corrupt zip data (\(error))")
            }
            arrays.append((String(entryName.dropLast(4)), try decoder.finish()))
        }
        return arrays
    }

    /// Writes `arrays` to `path` as `np.savez` (stored) or `np.savez_compressed` (deflated)
    /// would, each as `name.npy`. The path is used as given.
    public static func write(_ arrays: [(name: String, tensor: Tensor)], to path: String, compressed: Bool) throws {
        let temporary = path + ".kscript-\(getpid())-tmp"
        let url = URL(fileURLWithPath: temporary)
        try? FileManager.default.removeItem(at: url)
        do {
            try writeArchive(arrays, to: url, compressed: compressed, path: path)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        if rename(temporary, path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(at: url)
            throw ArrayFileError.system(path, errno: code)
        }
    }

    /// Builds the archive; it is closed when this returns.
    private static func writeArchive(_ arrays: [(name: String, tensor: Tensor)], to url: URL, compressed: Bool,
                                     path: String) throws {
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .create)
        } catch {
            throw ArrayFileError.ioFailure(path, "cannot create the .npz archive (\(error))")
        }
        for (name, tensor) in arrays {
            let entry = NPYEntryBytes(tensor)
            do {
                try archive.addEntry(with: name + ".npy", type: .file, uncompressedSize: Int64(entry.count),
                                     compressionMethod: compressed ? .deflate : .none, provider: entry.chunk)
            } catch {
                throw ArrayFileError.ioFailure(path, "cannot write the .npz archive (\(error))")
            }
        }
    }
}

/// The bytes of one `.npy` archive entry, the header followed by the tensor's data, served in
/// the chunks the zip writer asks for without assembling the whole file.
private final class NPYEntryBytes {
    private let header: [UInt8]
    private let contiguous: Tensor
    let count: Int

    init(_ tensor: Tensor) {
        header = NPYHeader.encode(dtype: tensor.dtype, shape: tensor.shape)
        contiguous = tensor.isContiguous ? tensor : tensor.contiguousCopy()
        count = header.count + contiguous.count * contiguous.dtype.size
    }

    func chunk(position: Int64, size: Int) -> Data {
        var chunk = Data(capacity: size)
        var offset = Int(position)
        let end = min(offset + size, count)
        if offset < header.count {
            let headerEnd = min(end, header.count)
            chunk.append(contentsOf: header[offset..<headerEnd])
            offset = headerEnd
        }
        if offset < end {
            let data = contiguous.storage.bytes + contiguous.offset * contiguous.dtype.size
            chunk.append((data + (offset - header.count)).assumingMemoryBound(to: UInt8.self), count: end - offset)
        }
        return chunk
    }
}
