import CHDF5
import KTensor

/// The HDF5 datatypes that store each tensor dtype.
enum HDF5ElementType {
    /// The dtype a dataset of `fileType` reads as and the memory type to read it with
    /// (`owned` when the caller must close it).
    static func forReading(_ fileType: hid_t, label: String) throws -> (DType, memory: (id: hid_t, owned: Bool)) {
        let size = H5Tget_size(fileType)
        switch H5Tget_class(fileType) {
        case H5T_FLOAT:
            if size == 4 { return (.float32, (kscript_h5t_native_float(), false)) }
            if size == 8 { return (.float64, (kscript_h5t_native_double(), false)) }
            throw HDF5Error("\(label): \(size * 8)-bit floats are not supported")
        case H5T_INTEGER:
            let signed = H5Tget_sign(fileType) == H5T_SGN_2
            switch (size, signed) {
            case (1, false): return (.uint8, (kscript_h5t_native_uint8(), false))
            case (1, true), (2, _), (4, true): return (.int32, (kscript_h5t_native_int32(), false))
            case (4, false), (8, true): return (.int64, (kscript_h5t_native_int64(), false))
            default: throw HDF5Error("\(label): \(size * 8)-bit \(signed ? "" : "unsigned ")integers are not supported")
            }
        case H5T_ENUM:
            guard size == 1, isBoolEnum(fileType) else {
                throw HDF5Error("\(label): enumerated types other than h5py's bool are not supported")
            }
            let memory = H5Tget_native_type(fileType, H5T_DIR_ASCEND)
            if memory < 0 { throw HDF5Error.fromLibrary("\(label): cannot read the bool type") }
            return (.bool, (memory, true))
        case H5T_STRING:
            throw HDF5Error("\(label): string datasets are not supported")
        default:
            throw HDF5Error("\(label): the dataset's element type is not a number")
        }
    }

    /// The little-endian file type and native memory type that store `dtype`, as h5py writes
    /// NumPy arrays (`owned` when both are one type the caller must close).
    static func forWriting(_ dtype: DType, label: String) throws -> (file: hid_t, memory: hid_t, owned: Bool) {
        switch dtype {
        case .float32: return (kscript_h5t_ieee_f32le(), kscript_h5t_native_float(), false)
        case .float64: return (kscript_h5t_ieee_f64le(), kscript_h5t_native_double(), false)
        case .int32: return (kscript_h5t_std_i32le(), kscript_h5t_native_int32(), false)
        case .int64: return (kscript_h5t_std_i64le(), kscript_h5t_native_int64(), false)
        case .uint8: return (kscript_h5t_std_u8le(), kscript_h5t_native_uint8(), false)
        case .bool:
            let type = try makeBoolEnum(label: label)
            return (type, type, true)
        }
    }

    /// h5py's bool: an 8-bit enum with members FALSE = 0 and TRUE = 1.
    private static func makeBoolEnum(label: String) throws -> hid_t {
        let type = H5Tenum_create(kscript_h5t_native_int8())
        if type < 0 { throw HDF5Error.fromLibrary("\(label): cannot create the bool type") }
        var no: Int8 = 0
        var yes: Int8 = 1
        if H5Tenum_insert(type, "FALSE", &no) < 0 || H5Tenum_insert(type, "TRUE", &yes) < 0 {
            _ = H5Tclose(type)
            throw HDF5Error.fromLibrary("\(label): cannot create the bool type")
        }
        return type
    }

    /// True for a two-member enum named FALSE and TRUE (h5py's bool).
    private static func isBoolEnum(_ type: hid_t) -> Bool {
        guard H5Tget_nmembers(type) == 2 else { return false }
        var names: [String] = []
        for index in 0..<2 {
            guard let name = H5Tget_member_name(type, UInt32(index)) else { return false }
            names.append(String(cString: name))
            _ = H5free_memory(name)
        }
        return names.sorted() == ["FALSE", "TRUE"]
    }
}
