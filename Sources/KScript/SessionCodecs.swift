import Foundation

/// The saved form of one native value (an array, a model, ...): a file of its own under the
/// session's `blobs/`, with an extension that says how to read it (`npy`, `keras`), a few
/// strings kept in the workspace document next to the reference, and other values it refers
/// to (a script model's constructor arguments), which the workspace saves with sharing kept.
///
/// Encoding is cheap: the file's digest and contents are computed only when the session
/// needs them, and a file whose digest equals one already stored is not written again.
public struct SessionBlob {
    /// How the file's bytes come to be.
    public enum Contents {
        /// The bytes themselves.
        case data(Data)
        /// The digest of the contents, and a function that writes them to a new file at the
        /// given path (the session flushes it to disk afterwards). Writing happens only when
        /// no stored file has the same digest.
        case file(digest: SessionDigest, write: (String) throws -> Void)
        /// No file: everything is in the metadata and references.
        case none
    }

    public var contents: Contents
    public var fileExtension: String
    public var metadata: [String: String]
    /// Values handed back to `decode` in the same order (nil where one could not be saved),
    /// each with what it is (for the notice when it cannot be saved).
    public var references: [(what: String, value: Value)]
    /// Parts of the value that are not saved, named in the session's notice
    /// (`"compile state (loss: function (nested))"`).
    public var omissions: [String]
    /// True when the value cannot be restored without every reference (a reference that
    /// cannot be saved makes the value unsaveable instead of an omission).
    public var referencesRequired = false

    public init(data: Data, fileExtension: String, metadata: [String: String] = [:], references: [(what: String, value: Value)] = [],
                omissions: [String] = []) {
        self.init(contents: .data(data), fileExtension: fileExtension, metadata: metadata, references: references, omissions: omissions)
    }

    public init(contents: Contents, fileExtension: String, metadata: [String: String] = [:], references: [(what: String, value: Value)] = [],
                omissions: [String] = []) {
        self.contents = contents
        self.fileExtension = fileExtension
        self.metadata = metadata
        self.references = references
        self.omissions = omissions
    }

    /// The digest of the contents.
    public var digest: SessionDigest {
        switch contents {
        case .data(let data):
            var digest = SessionDigest()
            digest.combine(data)
            return digest
        case .file(let digest, _):
            return digest
        case .none:
            return SessionDigest()
        }
    }
}

/// What a codec's `decode` receives: the saved file, its metadata and its references decoded.
public struct SavedBlob {
    /// The file's absolute path ("" when the value was saved without a file).
    public let path: String
    public let metadata: [String: String]
    /// The references `encode` gave, decoded; nil where one was not saved or did not restore.
    public let references: [Value?]
    /// The script class of the saved value when it was a script subclass of the codec's type.
    public let scriptClass: PyType?

    public init(path: String, metadata: [String: String], references: [Value?], scriptClass: PyType?) {
        self.path = path
        self.metadata = metadata
        self.references = references
        self.scriptClass = scriptClass
    }

    /// The file's bytes.
    public func data() throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PyException(BuiltinTypes.osError, "cannot read the saved file \(path)")
        }
        return data
    }

    /// The reference at `index`, or nil.
    public func reference(_ index: Int) -> Value? {
        index < references.count ? references[index] : nil
    }
}

/// How notebook sessions save native values that script code cannot describe. It lives in the
/// language target so that each bridge can register a codec next to its types, for example
///
///     SessionCodecs.register(typeName: "numpy.ndarray",
///                            encode: { interp, object in SessionBlob(data: npyBytes(object), fileExtension: "npy") },
///                            decode: { interp, saved in .object(try makeArray(npy: saved.data())) })
///
/// `typeName` is the type's `module.qualname` (`PyType.displayName`); a value is saved with
/// the codec of the first type in its MRO that has one, so script subclasses of native types
/// (a subclassed `keras.Model`) reach their base's codec; their instance attributes are saved
/// too and set again after `decode`. Values without a codec are not saved and are named in
/// the session's "not saved" notice.
///
/// Containers: a codec may list the engine objects inside a value (a model's layers, weights
/// and optimizer) as `parts`, by the `identity` other codecs give their wrappers. A wrapper
/// that is part of another saved value is saved as a path into it (`resolvePart`), so after a
/// restore `layer is model.layers[0]` still holds.
public enum SessionCodecs {
    /// One registered codec.
    public struct Codec {
        public let typeName: String
        public let encode: (Interpreter, PyObject) throws -> SessionBlob
        public let decode: (Interpreter, SavedBlob) throws -> Value
        /// The engine object a wrapper stands for (a layer, a variable), nil for none.
        public var identity: ((PyObject) -> ObjectIdentifier?)?
        /// The engine objects inside a value that other values may hold, with their paths.
        public var parts: ((PyObject) -> [(path: String, identity: ObjectIdentifier)])?
        /// The part at `path` of a restored value.
        public var resolvePart: ((Interpreter, PyObject, String) throws -> Value)?
        /// True for values that can be saved only as part of another (a symbolic tensor).
        public var partOnly = false

        public init(typeName: String, encode: @escaping (Interpreter, PyObject) throws -> SessionBlob,
                    decode: @escaping (Interpreter, SavedBlob) throws -> Value,
                    identity: ((PyObject) -> ObjectIdentifier?)? = nil,
                    parts: ((PyObject) -> [(path: String, identity: ObjectIdentifier)])? = nil,
                    resolvePart: ((Interpreter, PyObject, String) throws -> Value)? = nil) {
            self.typeName = typeName
            self.encode = encode
            self.decode = decode
            self.identity = identity
            self.parts = parts
            self.resolvePart = resolvePart
        }
    }

    /// Session-wide state that belongs to no variable (random generators, layer name
    /// counters): saved as a script value with the workspace and restored after it.
    public struct State {
        public let name: String
        public let save: (Interpreter) throws -> Value?
        public let restore: (Interpreter, Value) throws -> Void
    }

    nonisolated(unsafe) private static var codecs: [String: Codec] = [:]
    nonisolated(unsafe) private static var states: [State] = []

    /// Registers (or replaces) a codec.
    public static func register(_ codec: Codec) {
        codecs[codec.typeName] = codec
    }

    /// Registers (or replaces) the codec for values of the type named `typeName`.
    public static func register(typeName: String,
                                encode: @escaping (Interpreter, PyObject) throws -> SessionBlob,
                                decode: @escaping (Interpreter, SavedBlob) throws -> Value) {
        register(Codec(typeName: typeName, encode: encode, decode: decode))
    }

    /// Registers (or replaces) a piece of session-wide state.
    public static func registerState(name: String, save: @escaping (Interpreter) throws -> Value?,
                                     restore: @escaping (Interpreter, Value) throws -> Void) {
        states.removeAll { $0.name == name }
        states.append(State(name: name, save: save, restore: restore))
    }

    /// The codec for `type`: the first type along its MRO with one.
    public static func codec(for type: PyType) -> Codec? {
        for t in type.mro {
            if let codec = codecs[t.displayName] { return codec }
        }
        return nil
    }

    public static func codec(named name: String) -> Codec? { codecs[name] }

    /// The registered session-wide states, in registration order.
    public static var registeredStates: [State] { states }
}
