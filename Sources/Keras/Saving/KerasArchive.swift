import Foundation
import ZIPFoundation

/// A Keras v3 `.keras` file: a zip archive of `metadata.json`, `config.json` (the model's
/// Keras 3 serialization) and `model.weights.h5` (its variables, `WeightTree`). Reading checks
/// the zip's sizes and CRCs before anything reaches JSON or HDF5, so a corrupt, truncated or
/// foreign file gives a `SavingError` naming what is wrong.
public struct KerasArchive {
    /// `metadata.json`: `keras_version`, `date_saved`.
    public var metadata: KerasJSON
    /// `config.json`: `module`, `class_name`, `config`, `registered_name`, `build_config`,
    /// `compile_config`.
    public var config: KerasJSON
    /// `model.weights.h5`.
    public var weights: WeightTree

    /// The Keras release whose `.keras` layout kscript writes (recorded as `keras_version`).
    public static let formatKerasVersion = "3.15.1"

    static let metadataName = "metadata.json"
    static let configName = "config.json"
    static let weightsName = "model.weights.h5"
    /// JSON entries larger than this are refused.
    static let jsonSizeLimit = 256 << 20

    public init(metadata: KerasJSON, config: KerasJSON, weights: WeightTree) {
        self.metadata = metadata
        self.config = config
        self.weights = weights
    }

    /// The metadata Keras writes now: `{"keras_version": ..., "date_saved": "YYYY-MM-DD@HH:MM:SS"}`.
    public static func currentMetadata(date: Date = Date()) -> KerasJSON {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd@HH:mm:ss"
        return .object([("keras_version", .string(formatKerasVersion)), ("date_saved", .string(formatter.string(from: date)))])
    }

    // MARK: Reading

    /// Reads the `.keras` file at `path`.
    public static func read(from path: String) throws -> KerasArchive {
        let entries = try readEntries(path)
        guard let configBytes = entries[configName] else {
            throw SavingError("\(path): not a .keras file (the archive has no \(configName))")
        }
        let config = try KerasJSONParser.parse(configBytes, source: "\(path): \(configName)")
        guard config["class_name"]?.stringValue != nil, config["config"] != nil else {
            throw SavingError("\(path): \(configName) does not describe a model (no 'class_name' and 'config')")
        }
        let metadata = try entries[metadataName].map { try KerasJSONParser.parse($0, source: "\(path): \(metadataName)") } ?? .object([])
        guard let weightBytes = entries[weightsName] else {
            let npz = entries.keys.contains("model.weights.npz")
            throw SavingError("\(path): the archive has no \(weightsName)" + (npz ? " (weights saved as npz are not supported)" : ""))
        }
        let weights: WeightTree
        do {
            weights = try WeightTree.read(hdf5Image: weightBytes, name: "\(path): \(weightsName)")
        } catch let error as HDF5Error {
            throw SavingError(error.message)
        }
        return KerasArchive(metadata: metadata, config: config, weights: weights)
    }

    /// The archive's file entries by name, each checked against its CRC-32.
    private static func readEntries(_ path: String) throws -> [String: [UInt8]] {
        let url = URL(fileURLWithPath: path)
        let fileSize: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard (attributes[.type] as? FileAttributeType) != .typeDirectory else {
                throw SavingError("\(path): is a directory, not a .keras file")
            }
            fileSize = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as SavingError {
            throw error
        } catch {
            throw SavingError("File not found: filepath=\(path). Please ensure the file is an accessible `.keras` zip file.")
        }
        let archive: Archive
        do {
            archive = try Archive(url: url, accessMode: .read)
        } catch {
            throw SavingError("\(path): not a .keras file (not a readable zip archive)")
        }
        var entries: [String: [UInt8]] = [:]
        for entry in archive where entry.type == .file {
            let name = entry.path
            guard [metadataName, configName, weightsName, "model.weights.npz"].contains(name) else { continue }
            let size = Int(clamping: entry.uncompressedSize)
            let compressedSize = Int(clamping: entry.compressedSize)
            // Sizes a corrupt directory could claim: deflate expands at most about 1032:1.
            guard compressedSize <= fileSize, size <= max(compressedSize, 1) &* 1100 &+ 4096 else {
                throw SavingError("\(path): entry '\(name)': the zip directory gives impossible sizes")
            }
            if name.hasSuffix(".json") && size > jsonSizeLimit {
                throw SavingError("\(path): entry '\(name)' is too large")
            }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(size)
            do {
                let checksum = try archive.extract(entry) { data in bytes.append(contentsOf: data) }
                if checksum != entry.checksum { throw Archive.ArchiveError.invalidCRC32 }
            } catch Archive.ArchiveError.invalidCRC32 {
                throw SavingError("\(path): entry '\(name)' is corrupt (CRC-32 checksum mismatch)")
            } catch {
                throw SavingError("\(path): entry '\(name)' cannot be read (the archive is corrupt or truncated)")
            }
            guard bytes.count == size else {
                throw SavingError("\(path): entry '\(name)' is truncated")
            }
            entries[name] = bytes
        }
        return entries
    }

    // MARK: Writing

    /// Writes the archive to `path` atomically (a temporary file renamed over it), with
    /// stored (uncompressed) entries as Keras writes them.
    public func write(to path: String) throws {
        let weightBytes: [UInt8]
        do {
            weightBytes = try weights.hdf5Image(name: KerasArchive.weightsName)
        } catch let error as HDF5Error {
            throw SavingError(error.message, kind: .io)
        }
        let files: [(String, [UInt8])] = [
            (KerasArchive.metadataName, Array(metadata.text.utf8)),
            (KerasArchive.configName, Array(config.text.utf8)),
            (KerasArchive.weightsName, weightBytes),
        ]
        try KerasArchive.writeZip(files, to: path)
    }

    /// Writes `files` as a stored zip archive at `path`, atomically: a temporary file, synced,
    /// then renamed over `path`.
    static func writeZip(_ files: [(String, [UInt8])], to path: String) throws {
        let temporary = path + ".kscript-\(getpid())-tmp"
        let url = URL(fileURLWithPath: temporary)
        try? FileManager.default.removeItem(at: url)
        do {
            let archive: Archive
            do {
                archive = try Archive(url: url, accessMode: .create)
            } catch {
                throw SavingError("\(path): cannot create the file (\(FileSystemErrorText.describe(error)))", kind: .io)
            }
            for (name, bytes) in files {
                do {
                    try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .none) { position, size in
                        let start = Int(position)
                        return Data(bytes[start..<min(start + size, bytes.count)])
                    }
                } catch {
                    throw SavingError("\(path): cannot write the archive (\(FileSystemErrorText.describe(error)))", kind: .io)
                }
            }
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let descriptor = open(temporary, O_RDONLY)
        if descriptor >= 0 {
            _ = fsync(descriptor)
            _ = close(descriptor)
        }
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: url)
            throw SavingError("\(path): cannot write the file (\(reason))", kind: .io)
        }
    }
}
