/// A Python `str`: an immutable sequence of Unicode code points.
///
/// Stored as a Swift `String`; indexing by code point uses the UTF-8 bytes directly for ASCII
/// text and a lazily built scalar array otherwise. The hash is cached, and names used as
/// attribute keys are interned so lookups compare pointers first.
public final class PyStr: PyObject {
    public let value: String
    private var cachedHash = 0
    private var hashComputed = false
    private var cachedCount = -1
    private var cachedScalars: [Unicode.Scalar]?
    /// True when every character is ASCII (so character index == byte index).
    public let isASCII: Bool

    public init(_ value: String) {
        self.value = value
        var ascii = true
        for b in value.utf8 where b >= 0x80 {
            ascii = false
            break
        }
        self.isASCII = ascii
        super.init(type: BuiltinTypes.str)
    }

    /// Number of code points (`len(s)`).
    public var count: Int {
        if cachedCount < 0 { cachedCount = isASCII ? value.utf8.count : value.unicodeScalars.count }
        return cachedCount
    }

    /// The code points as an array (built once for non-ASCII strings).
    public var scalars: [Unicode.Scalar] {
        if let s = cachedScalars { return s }
        let s = Array(value.unicodeScalars)
        cachedScalars = s
        return s
    }

    /// The code point at `index` (0-based, already bounds-checked by the caller).
    public func scalar(at index: Int) -> Unicode.Scalar {
        if isASCII {
            let utf8 = value.utf8
            return Unicode.Scalar(utf8[utf8.index(utf8.startIndex, offsetBy: index)])
        }
        return scalars[index]
    }

    /// Characters `start..<end` (code point offsets) as a new Swift string.
    public func substring(_ start: Int, _ end: Int) -> String {
        if start >= end { return "" }
        if isASCII {
            let utf8 = value.utf8
            let a = utf8.index(utf8.startIndex, offsetBy: start)
            let b = utf8.index(a, offsetBy: end - start)
            return String(value[a..<b])
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<end])
        return String(s)
    }

    /// A deterministic string hash (CPython's is randomized per process, so no script can
    /// depend on its value).
    public var hash: Int {
        @inline(__always) get {
            if hashComputed { return cachedHash }
            return computeHash()
        }
    }

    private func computeHash() -> Int {
        var h: UInt64 = 0xcbf29ce484222325
        for b in value.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100000001b3
        }
        var result = Int(bitPattern: UInt(h))
        if result == -1 { result = -2 }
        cachedHash = result
        hashComputed = true
        return result
    }

    nonisolated(unsafe) private static var interned: [String: PyStr] = [:]

    /// The unique `PyStr` for `text`, used for identifiers and attribute names.
    public static func intern(_ text: String) -> PyStr {
        if let s = interned[text] { return s }
        let s = PyStr(text)
        interned[text] = s
        return s
    }

    nonisolated(unsafe) private static var singleCharacters: [PyStr] = (0..<128).map { PyStr(String(UnicodeScalar(UInt8($0)))) }

    /// A one-character string, shared for ASCII.
    static func character(_ scalar: Unicode.Scalar) -> PyStr {
        if scalar.value < 128 { return singleCharacters[Int(scalar.value)] }
        return PyStr(String(scalar))
    }

    nonisolated(unsafe) static let empty = PyStr("")
}
