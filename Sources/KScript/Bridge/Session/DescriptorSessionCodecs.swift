import Keras
import KTensor

/// Small descriptive values in sessions, kept entirely in the workspace's metadata: NumPy
/// and TensorFlow dtypes, `tf.TensorShape`, `tf.TensorSpec`, Keras initializer and
/// regularizer objects.
enum DescriptorSessionCodecs {
    static var all: [SessionCodecs.Codec] {
        [dtype(NumPyTypes.dtype, NumPyTypes.dtypeObject), dtype(TFTypes.dtype, TFTypes.dtypeObject), shape, spec, regularizer]
            + KerasTypes.initializerClasses.values.sorted { $0.name < $1.name }.map(initializer)
    }

    private static func described(_ metadata: [String: String]) -> SessionBlob {
        SessionBlob(contents: .none, fileExtension: "", metadata: metadata)
    }

    private static func dimensionsText(_ dimensions: [Int?]) -> String {
        dimensions.map { $0.map(String.init) ?? "None" }.joined(separator: ",")
    }

    private static func dimensions(_ text: String?) throws -> [Int?] {
        guard let text else { throw PyException.valueError("a saved shape is missing") }
        return try text.split(separator: ",", omittingEmptySubsequences: true).map { part -> Int? in
            if part == "None" { return nil }
            guard let d = Int(part), d >= 0 else { throw PyException.valueError("a saved shape is malformed") }
            return d
        }
    }

    private static func dtypeNamed(_ name: String?) throws -> DType {
        guard let name, let dtype = DType(name: name) else { throw PyException.valueError("a saved dtype is unknown") }
        return dtype
    }

    private static func dtype(_ type: PyType, _ make: @escaping (DType) -> Value) -> SessionCodecs.Codec {
        SessionCodecs.Codec(typeName: type.displayName, encode: { _, o in
            guard let d = o as? DTypeObject else { throw PyException.typeError("not a dtype") }
            return described(["dtype": d.dtype.name])
        }, decode: { _, saved in make(try dtypeNamed(saved.metadata["dtype"])) })
    }

    private static let shape = SessionCodecs.Codec(typeName: TFTypes.tensorShape.displayName, encode: { _, o in
        guard let s = o as? TensorShapeObject else { throw PyException.typeError("not a TensorShape") }
        return described(["dims": dimensionsText(s.dimensions)])
    }, decode: { _, saved in TFTypes.shape(try dimensions(saved.metadata["dims"])) })

    private static let spec = SessionCodecs.Codec(typeName: TFDataModule.tensorSpecType.displayName, encode: { _, o in
        guard let s = o as? TensorSpecObject else { throw PyException.typeError("not a TensorSpec") }
        var metadata = ["dims": dimensionsText(s.shape), "dtype": s.dtype.name]
        if let name = s.name.stringValue { metadata["name"] = name }
        return described(metadata)
    }, decode: { _, saved in
        .object(TensorSpecObject(shape: try dimensions(saved.metadata["dims"]), dtype: try dtypeNamed(saved.metadata["dtype"]),
                                 name: saved.metadata["name"].map { .str($0) } ?? .none))
    })

    private static let regularizer = SessionCodecs.Codec(typeName: KerasTypes.regularizer.displayName, encode: { _, o in
        guard let r = o as? RegularizerObject else { throw PyException.typeError("not a regularizer") }
        return described(["config": KerasJSON(r.regularizer.serialized).text])
    }, decode: { _, saved in
        let object = RegularizerObject(type: KerasTypes.regularizer)
        object.regularizer = try SavingBridge.run { try Regularizer(serialized: try config(saved)) }
        return .object(object)
    })

    private static func initializer(_ type: PyType) -> SessionCodecs.Codec {
        SessionCodecs.Codec(typeName: type.displayName, encode: { _, o in
            guard let i = o as? InitializerObject else { throw PyException.typeError("not an initializer") }
            return described(["config": KerasJSON(i.initializer.serialized).text])
        }, decode: { _, saved in
            let object = InitializerObject(type: type)
            object.initializer = try SavingBridge.run { try Initializer(serialized: try config(saved)) }
            return .object(object)
        })
    }

    private static func config(_ saved: SavedBlob) throws -> ConfigValue {
        guard let text = saved.metadata["config"] else { throw PyException.valueError("a saved config is missing") }
        return try KerasJSON.parse(text, source: "saved config").configValue
    }
}
