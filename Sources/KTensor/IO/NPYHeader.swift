import Foundation

/// The preamble and header of a `.npy` file (format versions 1.0, 2.0 and 3.0): magic string,
/// version, header length and the Python dict describing dtype, memory order and shape.
struct NPYHeader {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // "\x93NUMPY"
    /// Bytes before the header text: magic, version and a 2-byte (v1) or 4-byte (v2, v3) length.
    static let shortPreambleLength = 10
    static let longPreambleLength = 12

    var dtype: DType
    var isBigEndian: Bool
    var fortranOrder: Bool
    var shape: [Int]
    /// Bytes of array data that follow the header.
    var dataByteCount: Int

    /// How many bytes the preamble plus header occupy, from the first bytes of the file; nil
    /// while too few bytes are known to tell.
    static func totalLength(preamble bytes: [UInt8], path: String) throws -> Int? {
        let known = min(bytes.count, magic.count)
        guard Array(bytes[0..<known]) == Array(magic[0..<known]) else {
            throw ArrayFileError.malformed(path, "not a .npy file (it does not start with the magic string \\x93NUMPY)")
        }
        guard bytes.count >= 8 else { return nil }
        switch (bytes[6], bytes[7]) {
        case (1, 0):
            guard bytes.count >= shortPreambleLength else { return nil }
            return shortPreambleLength + (Int(bytes[8]) | Int(bytes[9]) << 8)
        case (2, 0), (3, 0):
            guard bytes.count >= longPreambleLength else { return nil }
            let length = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            return longPreambleLength + length
        default:
            throw ArrayFileError.unsupported(path, "unsupported .npy format version \(bytes[6]).\(bytes[7])")
        }
    }

    static func truncated(_ path: String) -> ArrayFileError {
        ArrayFileError.malformed(path, "truncated .npy file: the header is incomplete")
    }

    /// Parses the complete preamble and header.
    init(bytes: [UInt8], path: String) throws {
        let version = bytes[6]
        let start = version == 1 ? NPYHeader.shortPreambleLength : NPYHeader.longPreambleLength
        let headerBytes = bytes[start...]
        // Versions 1 and 2 are latin-1, version 3 UTF-8; valid headers are ASCII either way.
        let text = version == 3 ? String(decoding: headerBytes, as: UTF8.self)
                                : String(String.UnicodeScalarView(headerBytes.map { Unicode.Scalar($0) }))
        let shownText = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch let error as PythonLiteral.SyntaxError {
            throw ArrayFileError.malformed(path, "cannot parse the .npy header (\(error.message)): \(shownText)")
        }
        guard case .dictionary(let items) = literal else {
            throw ArrayFileError.malformed(path, "the .npy header is not a dictionary: \(shownText)")
        }
        let keys = items.compactMap { item -> String? in
            if case .string(let key) = item.key { return key }
            return nil
        }
        guard keys.count == 3, Set(keys) == ["descr", "fortran_order", "shape"] else {
            throw ArrayFileError.malformed(path, "the .npy header does not contain the keys 'descr', 'fortran_order' and 'shape': \(literal.pythonRepr)")
        }
        func value(_ key: String) -> PythonLiteral {
            items.first { $0.key == .string(key) }?.value ?? .none
        }
        guard case .boolean(let fortranOrder) = value("fortran_order") else {
            throw ArrayFileError.malformed(path, "fortran_order is not a valid bool: \(value("fortran_order").pythonRepr)")
        }
        guard case .tuple(let dimensions) = value("shape") else {
            throw ArrayFileError.malformed(path, "shape is not valid: \(value("shape").pythonRepr)")
        }
        var shape: [Int] = []
        for dimension in dimensions {
            guard case .integer(let size) = dimension, size >= 0 else {
                throw ArrayFileError.malformed(path, "shape is not valid: \(value("shape").pythonRepr)")
            }
            shape.append(size)
        }
        (dtype, isBigEndian) = try NPYHeader.dtype(value("descr"), path: path)
        self.fortranOrder = fortranOrder
        self.shape = shape
        var count = dtype.size
        for size in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: size)
            if overflow { throw ArrayFileError.malformed(path, "shape \(value("shape").pythonRepr) is too large") }
            count = product
        }
        dataByteCount = count
    }

    /// The dtype and byte order of a `descr` such as '<f4', '>i8' or '|b1'.
    private static func dtype(_ descr: PythonLiteral, path: String) throws -> (DType, Bool) {
        guard case .string(let text) = descr else {
            if case .list = descr { throw ArrayFileError.unsupported(path, "structured arrays are not supported") }
            throw ArrayFileError.malformed(path, "descr is not a valid dtype descriptor: \(descr.pythonRepr)")
        }
        var code = Substring(text)
        var isBigEndian = false
        if let order = code.first, "<>|=".contains(order) {
            isBigEndian = order == ">"
            code = code.dropFirst()
        }
        let dtype: DType
        switch code {
        case "f4": dtype = .float32
        case "f8": dtype = .float64
        case "i4": dtype = .int32
        case "i8": dtype = .int64
        case "u1": dtype = .uint8
        case "b1": dtype = .bool
        default:
            throw ArrayFileError.unsupported(path, "arrays of dtype '\(text)' are not supported (kscript arrays are float32, float64, int32, int64, uint8 or bool)")
        }
        return (dtype, isBigEndian && dtype.size > 1)
    }

    /// NumPy's `descr` for a dtype in little-endian order.
    static func descr(_ dtype: DType) -> String {
        switch dtype {
        case .float32: return "<f4"
        case .float64: return "<f8"
        case .int32: return "<i4"
        case .int64: return "<i8"
        case .uint8: return "|u1"
        case .bool: return "|b1"
        }
    }

    /// The preamble and header `np.save` writes for a C-order array: version 1.0 (2.0 if the
    /// header outgrows 64 KiB), the dict in sorted key order, 21 spare spaces' worth of room to
    /// grow the first dimension, and space padding plus a newline to a multiple of 64 bytes.
    static func encode(dtype: DType, shape: [Int]) -> [UInt8] {
        var header = "{'descr': '\(descr(dtype))', 'fortran_order': False, 'shape': \(NumPyFormat.shapeText(shape)), }"
        if let first = shape.first {
            header += String(repeating: " ", count: max(0, 21 - String(first).count))
        }
        let headerLength = header.utf8.count + 1
        var version: UInt8 = 1
        var preamble = shortPreambleLength
        if headerLength + 64 - (preamble + headerLength) % 64 > 65535 {
            version = 2
            preamble = longPreambleLength
        }
        let padding = 64 - (preamble + headerLength) % 64
        let total = headerLength + padding
        var bytes = magic + [version, 0]
        bytes += [UInt8(total & 0xff), UInt8((total >> 8) & 0xff)]
        if version == 2 { bytes += [UInt8((total >> 16) & 0xff), UInt8((total >> 24) & 0xff)] }
        bytes += Array(header.utf8)
        bytes += [UInt8](repeating: 0x20, count: padding)
        bytes.append(0x0a)
        return bytes
    }
}
