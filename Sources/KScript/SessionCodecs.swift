import Foundation

/// The saved form of one native value (an array, a model, ...): bytes in a file of its own
/// under the session's `blobs/`, with an extension that says how to read it (`npy`, `keras`),
/// and a few strings kept in the workspace document next to the reference (a variable's name).
public struct SessionBlob {
    public var data: Data
    public var fileExtension: String
    public var metadata: [String: String]

    public init(data: Data, fileExtension: String, metadata: [String: String] = [:]) {
        self.data = data
        self.fileExtension = fileExtension
        self.metadata = metadata
    }
}

/// How notebook sessions save native values that script code cannot describe. It lives in the
/// language target so that each bridge can register a codec next to its types, for example
///
///     SessionCodecs.register(typeName: "numpy.ndarray",
///                            encode: { interp, object in SessionBlob(data: npyBytes(object), fileExtension: "npy") },
///                            decode: { interp, blob in .object(try makeArray(npy: blob.data)) })
///
/// `typeName` is the type's `module.qualname` (`PyType.displayName`); a value is saved with
/// the codec of the first type in its MRO that has one, so script subclasses of native types
/// (a subclassed `keras.Model`) reach their base's codec. Values without a codec are not saved
/// and are named in the session's "not saved" notice.
public enum SessionCodecs {
    /// One registered codec.
    public struct Codec {
        public let typeName: String
        public let encode: (Interpreter, PyObject) throws -> SessionBlob
        public let decode: (Interpreter, SessionBlob) throws -> Value
    }

    nonisolated(unsafe) private static var codecs: [String: Codec] = [:]

    /// Registers (or replaces) the codec for values of the type named `typeName`.
    public static func register(typeName: String,
                                encode: @escaping (Interpreter, PyObject) throws -> SessionBlob,
                                decode: @escaping (Interpreter, SessionBlob) throws -> Value) {
        codecs[typeName] = Codec(typeName: typeName, encode: encode, decode: decode)
    }

    /// The codec for `type`: the first type along its MRO with one.
    public static func codec(for type: PyType) -> Codec? {
        for t in type.mro {
            if let codec = codecs[t.displayName] { return codec }
        }
        return nil
    }

    public static func codec(named name: String) -> Codec? { codecs[name] }
}
