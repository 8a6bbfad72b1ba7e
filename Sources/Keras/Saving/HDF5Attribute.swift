import CHDF5
import Foundation

/// The value of an HDF5 attribute. A scalar numeric attribute reads as a one-element array,
/// and a one-element array is written as a scalar.
public enum HDF5Attribute: Equatable, Sendable {
    /// A scalar string (fixed-length or variable-length; written as h5py writes `str`:
    /// variable-length UTF-8).
    case string(String)
    /// An array of strings (e.g. Keras 2's `layer_names`).
    case strings([String])
    case integers([Int64])
    case floats([Double])

    /// The value as one string, when it is a scalar string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }
}

/// Reading and writing the attributes of an HDF5 object.
enum HDF5Attributes {
    /// More elements than this in one attribute are refused.
    static let elementLimit = 1 << 20

    static func names(of object: hid_t, label: String) throws -> [String] {
        final class Collector { var names: [String] = [] }
        let collector = Collector()
        var index: hsize_t = 0
        let status = H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, { _, name, _, clientData in
            guard let name, let clientData else { return -1 }
            Unmanaged<Collector>.fromOpaque(clientData).takeUnretainedValue().names.append(String(cString: name))
            return 0
        }, Unmanaged.passUnretained(collector).toOpaque())
        withExtendedLifetime(collector) {}
        if status < 0 { throw HDF5Error.fromLibrary("\(label): cannot list the attributes") }
        return collector.names
    }

    static func read(_ name: String, of object: hid_t, label: String) throws -> HDF5Attribute? {
        let exists = H5Aexists(object, name)
        if exists < 0 { throw HDF5Error.fromLibrary("\(label): cannot look the attribute up") }
        if exists == 0 { return nil }
        let attribute = H5Aopen(object, name, kscript_h5p_default())
        if attribute < 0 { throw HDF5Error.fromLibrary("\(label): cannot open the attribute") }
        defer { _ = H5Aclose(attribute) }
        let space = H5Aget_space(attribute)
        if space < 0 { throw HDF5Error.fromLibrary("\(label): cannot read the attribute's shape") }
        defer { _ = H5Sclose(space) }
        let shape = try HDF5Group.shape(of: space, label: label)
        let count = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        guard count <= elementLimit else { throw HDF5Error("\(label): the attribute is too large") }
        let type = H5Aget_type(attribute)
        if type < 0 { throw HDF5Error.fromLibrary("\(label): cannot read the attribute's type") }
        defer { _ = H5Tclose(type) }
        switch H5Tget_class(type) {
        case H5T_STRING:
            let strings = try readStrings(attribute, type: type, count: count, label: label)
            return shape.isEmpty ? .string(strings.first ?? "") : .strings(strings)
        case H5T_INTEGER:
            var values = [Int64](repeating: 0, count: count)
            if count > 0 && H5Aread(attribute, kscript_h5t_native_int64(), &values) < 0 {
                throw HDF5Error.fromLibrary("\(label): cannot read the attribute")
            }
            return .integers(values)
        case H5T_FLOAT:
            var values = [Double](repeating: 0, count: count)
            if count > 0 && H5Aread(attribute, kscript_h5t_native_double(), &values) < 0 {
                throw HDF5Error.fromLibrary("\(label): cannot read the attribute")
            }
            return .floats(values)
        default:
            throw HDF5Error("\(label): the attribute is neither a string nor a number")
        }
    }

    private static func readStrings(_ attribute: hid_t, type: hid_t, count: Int, label: String) throws -> [String] {
        if count == 0 { return [] }
        let memoryType = H5Tcopy(type)
        if memoryType < 0 { throw HDF5Error.fromLibrary("\(label): cannot read the string type") }
        defer { _ = H5Tclose(memoryType) }
        if H5Tis_variable_str(type) > 0 {
            var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
            if H5Aread(attribute, memoryType, &pointers) < 0 {
                throw HDF5Error.fromLibrary("\(label): cannot read the attribute")
            }
            defer { for pointer in pointers where pointer != nil { _ = H5free_memory(pointer) } }
            return pointers.map { $0.map { String(cString: $0) } ?? "" }
        }
        let size = H5Tget_size(type)
        guard size > 0, size <= elementLimit, count <= elementLimit / size else {
            throw HDF5Error("\(label): the attribute is too large")
        }
        var bytes = [UInt8](repeating: 0, count: size * count)
        if H5Aread(attribute, memoryType, &bytes) < 0 {
            throw HDF5Error.fromLibrary("\(label): cannot read the attribute")
        }
        return (0..<count).map { index in
            let element = bytes[index * size..<(index + 1) * size]
            let text = element.prefix { $0 != 0 }
            return String(decoding: text, as: UTF8.self)
        }
    }

    static func write(_ value: HDF5Attribute, named name: String, to object: hid_t, label: String) throws {
        if H5Aexists(object, name) > 0 && H5Adelete(object, name) < 0 {
            throw HDF5Error.fromLibrary("\(label): cannot replace the attribute")
        }
        switch value {
        case .string(let text):
            try writeStrings([text], shape: [], named: name, to: object, label: label)
        case .strings(let texts):
            try writeStrings(texts, shape: [texts.count], named: name, to: object, label: label)
        case .integers(var values):
            try writeNumbers(&values, fileType: kscript_h5t_std_i64le(), memoryType: kscript_h5t_native_int64(),
                             named: name, to: object, label: label)
        case .floats(var values):
            try writeNumbers(&values, fileType: kscript_h5t_ieee_f64le(), memoryType: kscript_h5t_native_double(),
                             named: name, to: object, label: label)
        }
    }

    private static func writeNumbers<T>(_ values: inout [T], fileType: hid_t, memoryType: hid_t, named name: String,
                                        to object: hid_t, label: String) throws {
        let space = try HDF5Group.makeSpace(values.count == 1 ? [] : [values.count], label: label)
        defer { _ = H5Sclose(space) }
        let attribute = H5Acreate2(object, name, fileType, space, kscript_h5p_default(), kscript_h5p_default())
        if attribute < 0 { throw HDF5Error.fromLibrary("\(label): cannot create the attribute") }
        defer { _ = H5Aclose(attribute) }
        let status = values.withUnsafeBytes { H5Awrite(attribute, memoryType, $0.baseAddress) }
        if status < 0 { throw HDF5Error.fromLibrary("\(label): cannot write the attribute") }
    }

    /// Writes variable-length UTF-8 strings, as h5py stores `str` attributes.
    private static func writeStrings(_ texts: [String], shape: [Int], named name: String, to object: hid_t,
                                     label: String) throws {
        let type = H5Tcopy(kscript_h5t_c_s1())
        if type < 0 { throw HDF5Error.fromLibrary("\(label): cannot create the string type") }
        defer { _ = H5Tclose(type) }
        if H5Tset_size(type, kscript_h5t_variable()) < 0 || H5Tset_cset(type, H5T_CSET_UTF8) < 0 {
            throw HDF5Error.fromLibrary("\(label): cannot create the string type")
        }
        let space = try HDF5Group.makeSpace(shape, label: label)
        defer { _ = H5Sclose(space) }
        let attribute = H5Acreate2(object, name, type, space, kscript_h5p_default(), kscript_h5p_default())
        if attribute < 0 { throw HDF5Error.fromLibrary("\(label): cannot create the attribute") }
        defer { _ = H5Aclose(attribute) }
        let copies = texts.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { UnsafePointer($0) }
        if H5Awrite(attribute, type, &pointers) < 0 { throw HDF5Error.fromLibrary("\(label): cannot write the attribute") }
    }
}
