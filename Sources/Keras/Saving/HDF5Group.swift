import CHDF5
import KTensor

/// What a member of an HDF5 group is.
public enum HDF5MemberKind: Equatable, Sendable {
    case group
    case dataset
    /// A soft or external link, or a named datatype: never followed when reading.
    case other
}

/// An open HDF5 group: its members (groups and datasets of tensors) and attributes.
/// Member names are single path components; `path` is the group's path from the root,
/// without the leading slash, for messages.
public final class HDF5Group {
    let file: HDF5File
    let id: hid_t
    public let path: String

    init(file: HDF5File, id: hid_t, path: String) {
        self.file = file
        self.id = id
        self.path = path
    }

    deinit {
        _ = H5Gclose(id)
    }

    /// "file: 'path/name'" for messages about a member.
    func label(_ member: String) -> String {
        "\(file.name): '\(path.isEmpty ? member : path + "/" + member)'"
    }

    private func checkMemberName(_ name: String) throws {
        if name.isEmpty || name.contains("/") || name == "." || name.contains("\0") {
            throw HDF5Error("\(file.name): invalid member name '\(name)' in group '/\(path)'")
        }
    }

    // MARK: Members

    /// The names of the members, in HDF5's name order (as h5py lists them).
    public func memberNames() throws -> [String] {
        var info = H5G_info_t()
        if H5Gget_info(id, &info) < 0 { throw HDF5Error.fromLibrary("\(file.name): cannot list group '/\(path)'") }
        var names: [String] = []
        for index in 0..<info.nlinks {
            let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, kscript_h5p_default())
            if length < 0 { throw HDF5Error.fromLibrary("\(file.name): cannot list group '/\(path)'") }
            var buffer = [CChar](repeating: 0, count: length + 1)
            if H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, length + 1, kscript_h5p_default()) < 0 {
                throw HDF5Error.fromLibrary("\(file.name): cannot list group '/\(path)'")
            }
            names.append(String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return names
    }

    /// The kind of the member `name`, or nil when there is none.
    public func kind(of name: String) throws -> HDF5MemberKind? {
        try checkMemberName(name)
        switch kscript_h5_link_kind(id, name) {
        case -1:
            _ = HDF5Library.takeErrorDescription()
            return nil
        case 0: break
        default: return .other
        }
        let object = H5Oopen(id, name, kscript_h5p_default())
        if object < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot open the object") }
        defer { _ = H5Oclose(object) }
        switch H5Iget_type(object) {
        case H5I_GROUP: return .group
        case H5I_DATASET: return .dataset
        default: return .other
        }
    }

    /// True when the group has a member `name`.
    public func contains(_ name: String) -> Bool {
        (try? kind(of: name)) != nil
    }

    /// The subgroup `name`; a missing member, a dataset or a link is an error.
    public func group(_ name: String) throws -> HDF5Group {
        let kind = try kind(of: name)
        guard kind == .group else {
            throw HDF5Error("\(label(name)): \(kind == nil ? "no such group" : "expected a group, found \(describe(kind))")")
        }
        let group = H5Gopen2(id, name, kscript_h5p_default())
        if group < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot open the group") }
        return HDF5Group(file: file, id: group, path: path.isEmpty ? name : path + "/" + name)
    }

    /// The group at a slash-separated `path` below this one.
    public func group(atPath path: String) throws -> HDF5Group {
        var group = self
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            group = try group.group(String(component))
        }
        return group
    }

    /// Creates the subgroup `name`.
    public func createGroup(_ name: String) throws -> HDF5Group {
        try checkMemberName(name)
        let group = H5Gcreate2(id, name, kscript_h5p_default(), kscript_h5p_default(), kscript_h5p_default())
        if group < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot create the group") }
        return HDF5Group(file: file, id: group, path: path.isEmpty ? name : path + "/" + name)
    }

    private func describe(_ kind: HDF5MemberKind?) -> String {
        switch kind {
        case .group: return "a group"
        case .dataset: return "a dataset"
        case .other: return "a link or named datatype"
        case nil: return "nothing"
        }
    }

    // MARK: Datasets

    /// Declared sizes above this must be backed by at least 1/1000 as many stored bytes:
    /// a dataset that declares gigabytes it does not store is refused, not allocated.
    static let unbackedSizeLimit = 1 << 28

    /// Reads the dataset `name` as a tensor of its element type: float32/64, int32/64, uint8,
    /// and h5py's bool enum. Other element types (float16, strings, compounds) are errors.
    public func readDataset(_ name: String) throws -> Tensor {
        let kind = try kind(of: name)
        guard kind == .dataset else {
            throw HDF5Error("\(label(name)): \(kind == nil ? "no such dataset" : "expected a dataset, found \(describe(kind))")")
        }
        let dataset = H5Dopen2(id, name, kscript_h5p_default())
        if dataset < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot open the dataset") }
        defer { _ = H5Dclose(dataset) }
        let space = H5Dget_space(dataset)
        if space < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot read the dataset's shape") }
        defer { _ = H5Sclose(space) }
        let shape = try HDF5Group.shape(of: space, label: label(name))
        let fileType = H5Dget_type(dataset)
        if fileType < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot read the dataset's type") }
        defer { _ = H5Tclose(fileType) }
        let (dtype, memoryType) = try HDF5ElementType.forReading(fileType, label: label(name))
        defer { if memoryType.owned { _ = H5Tclose(memoryType.id) } }
        do {
            try Tensor.checkShape(shape, dtype: dtype)
        } catch {
            throw HDF5Error("\(label(name)): the dataset's shape \(shape) is too large")
        }
        let declared = Tensor.elementCount(shape) * dtype.size
        if declared > HDF5Group.unbackedSizeLimit && declared / 1000 > Int(clamping: H5Dget_storage_size(dataset)) {
            throw HDF5Error("\(label(name)): the dataset declares \(declared) bytes but stores almost none")
        }
        let tensor = Tensor(zeros: shape, dtype: dtype)
        if tensor.count == 0 { return tensor }
        if H5Dread(dataset, memoryType.id, kscript_h5s_all(), kscript_h5s_all(), kscript_h5p_default(), tensor.storage.bytes) < 0 {
            throw HDF5Error.fromLibrary("\(label(name)): cannot read the dataset")
        }
        if dtype == .bool {
            let bytes = tensor.storage.bytes.assumingMemoryBound(to: UInt8.self)
            for index in 0..<tensor.count where bytes[index] > 1 { bytes[index] = 1 }
        }
        return tensor
    }

    /// Writes `tensor` as the new dataset `name` (contiguous, little-endian, as h5py writes
    /// NumPy arrays; bools as h5py's `FALSE`/`TRUE` enum).
    public func writeDataset(_ name: String, _ tensor: Tensor) throws {
        try checkMemberName(name)
        let space = try HDF5Group.makeSpace(tensor.shape, label: label(name))
        defer { _ = H5Sclose(space) }
        let types = try HDF5ElementType.forWriting(tensor.dtype, label: label(name))
        defer { if types.owned { _ = H5Tclose(types.file) } }
        let dataset = H5Dcreate2(id, name, types.file, space, kscript_h5p_default(), kscript_h5p_default(), kscript_h5p_default())
        if dataset < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot create the dataset") }
        defer { _ = H5Dclose(dataset) }
        if tensor.count == 0 { return }
        let source = tensor.contiguous()
        let status = withExtendedLifetime(source) {
            H5Dwrite(dataset, types.memory, kscript_h5s_all(), kscript_h5s_all(), kscript_h5p_default(),
                     source.storage.bytes + source.offset * source.dtype.size)
        }
        if status < 0 { throw HDF5Error.fromLibrary("\(label(name)): cannot write the dataset") }
    }

    // MARK: Attributes

    /// The names of the group's attributes, in name order.
    public func attributeNames() throws -> [String] {
        try HDF5Attributes.names(of: id, label: "\(file.name): group '/\(path)'")
    }

    /// The attribute `name`, or nil when the group has none of that name.
    public func attribute(_ name: String) throws -> HDF5Attribute? {
        try HDF5Attributes.read(name, of: id, label: "\(file.name): attribute '\(name)' of group '/\(path)'")
    }

    /// Sets the attribute `name` (replacing one of that name).
    public func setAttribute(_ name: String, _ value: HDF5Attribute) throws {
        try HDF5Attributes.write(value, named: name, to: id, label: "\(file.name): attribute '\(name)' of group '/\(path)'")
    }

    // MARK: Dataspaces

    /// The dimensions of a scalar or simple dataspace ([] for scalars).
    static func shape(of space: hid_t, label: String) throws -> [Int] {
        switch H5Sget_simple_extent_type(space) {
        case H5S_SCALAR: return []
        case H5S_SIMPLE: break
        default: throw HDF5Error("\(label): the dataspace is empty (null) or invalid")
        }
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw HDF5Error("\(label): the dataspace has an invalid rank") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        if rank > 0 && H5Sget_simple_extent_dims(space, &dims, nil) < 0 {
            throw HDF5Error.fromLibrary("\(label): cannot read the dataspace")
        }
        return try dims.map { dim in
            guard dim <= hsize_t(Int.max) else { throw HDF5Error("\(label): a dimension is too large") }
            return Int(dim)
        }
    }

    /// A scalar dataspace for `[]`, else a simple one of `shape`.
    static func makeSpace(_ shape: [Int], label: String) throws -> hid_t {
        let space: hid_t
        if shape.isEmpty {
            space = H5Screate(H5S_SCALAR)
        } else {
            let dims = shape.map { hsize_t($0) }
            space = H5Screate_simple(Int32(shape.count), dims, nil)
        }
        if space < 0 { throw HDF5Error.fromLibrary("\(label): cannot create a dataspace") }
        return space
    }
}
