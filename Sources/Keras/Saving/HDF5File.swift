import CHDF5
import Foundation

/// An open HDF5 file, read-only or being written in memory. Groups opened from it keep it
/// alive; HDF5 closes the file when the last of them is released.
///
/// Files come from a path (`HDF5File(readingAt:)`), from bytes already in memory
/// (`HDF5File(image:name:)`, e.g. a zip entry) or are built in memory (`HDF5File(creatingNamed:)`)
/// and taken out as bytes (`image()`), so `.keras` archives need no temporary files.
/// HDF5's own error printing is off; every failure is an `HDF5Error`.
public final class HDF5File {
    let id: hid_t
    /// The file's name in messages (its path, or the zip entry it came from).
    public let name: String

    private init(id: hid_t, name: String) {
        self.id = id
        self.name = name
    }

    deinit {
        _ = H5Fclose(id)
    }

    /// Opens the HDF5 file at `path` read-only (its bytes are read into memory).
    public convenience init(readingAt path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw HDF5Error("\(path): cannot read the file (\(FileSystemErrorText.describe(error)))")
        }
        try self.init(image: [UInt8](data), name: path)
    }

    /// Opens the HDF5 file whose bytes are `image`, read-only; `name` is used in messages.
    public convenience init(image: [UInt8], name: String) throws {
        _ = HDF5Library.prepared
        guard image.count >= 8, image[0] == 0x89, image[1] == 0x48, image[2] == 0x44, image[3] == 0x46 else {
            throw HDF5Error("\(name): not an HDF5 file")
        }
        try HDF5Probe.check(image, name: name)
        let access = try HDF5File.coreAccessList(name: name)
        defer { _ = H5Pclose(access) }
        var bytes = image
        let status = bytes.withUnsafeMutableBytes { H5Pset_file_image(access, $0.baseAddress, $0.count) }
        if status < 0 { throw HDF5Error.fromLibrary("\(name): cannot read the HDF5 image") }
        let id = H5Fopen(HDF5File.internalName(), kscript_h5f_acc_rdonly(), access)
        if id < 0 { throw HDF5Error.fromLibrary("\(name): not a readable HDF5 file") }
        self.init(id: id, name: name)
    }

    /// A new, empty HDF5 file held in memory; `name` is used in messages.
    public convenience init(creatingNamed name: String) throws {
        _ = HDF5Library.prepared
        let access = try HDF5File.coreAccessList(name: name)
        defer { _ = H5Pclose(access) }
        let id = H5Fcreate(HDF5File.internalName(), kscript_h5f_acc_trunc(), kscript_h5p_default(), access)
        if id < 0 { throw HDF5Error.fromLibrary("\(name): cannot create an HDF5 file") }
        self.init(id: id, name: name)
    }

    /// A name HDF5 knows an in-memory file by: unique, so that no two open files share it, and
    /// not the name of a file in the working directory (the core driver would refuse it).
    private static func internalName() -> String {
        "kscript-hdf5-image-\(UUID().uuidString)"
    }

    /// A file-access property list for HDF5's in-memory ("core") driver without a backing file.
    private static func coreAccessList(name: String) throws -> hid_t {
        let access = H5Pcreate(kscript_h5p_file_access())
        if access < 0 { throw HDF5Error.fromLibrary("\(name): cannot set up HDF5 file access") }
        if H5Pset_fapl_core(access, 1 << 20, false) < 0 {
            _ = H5Pclose(access)
            throw HDF5Error.fromLibrary("\(name): cannot set up HDF5 in-memory access")
        }
        return access
    }

    /// The root group `/`.
    public func root() throws -> HDF5Group {
        let group = H5Gopen2(id, "/", kscript_h5p_default())
        if group < 0 { throw HDF5Error.fromLibrary("\(name): cannot open the root group") }
        return HDF5Group(file: self, id: group, path: "")
    }

    /// The bytes of the file as written so far (for files built in memory).
    public func image() throws -> [UInt8] {
        if H5Fflush(id, H5F_SCOPE_GLOBAL) < 0 { throw HDF5Error.fromLibrary("\(name): cannot flush the HDF5 file") }
        let size = H5Fget_file_image(id, nil, 0)
        if size < 0 { throw HDF5Error.fromLibrary("\(name): cannot take the HDF5 file image") }
        var bytes = [UInt8](repeating: 0, count: size)
        let copied = bytes.withUnsafeMutableBytes { H5Fget_file_image(id, $0.baseAddress, size) }
        if copied != size { throw HDF5Error.fromLibrary("\(name): cannot take the HDF5 file image") }
        return bytes
    }
}
