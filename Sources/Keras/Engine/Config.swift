/// A value in a layer or model configuration (`get_config()`): what Python's `dict` of
/// JSON-like values holds. Keys keep Keras' order, so a config prints as Keras prints it and
/// serialises to the `.keras` format and to sessions unchanged.
public indirect enum ConfigValue: Equatable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    /// A Python tuple (shapes such as `batch_input_shape`).
    case tuple([ConfigValue])
    case dict(Config)

    /// A shape as a tuple of ints and Nones.
    public static func shape(_ shape: TensorShape) -> ConfigValue {
        .tuple(shape.map { $0.map(ConfigValue.int) ?? .none })
    }

    public var intValue: Int? {
        if case .int(let v) = self { return v }
        return nil
    }

    public var doubleValue: Double? {
        switch self {
        case .double(let v): return v
        case .int(let v): return Double(v)
        default: return nil
        }
    }

    public var boolValue: Bool? {
        if case .bool(let v) = self { return v }
        return nil
    }

    public var stringValue: String? {
        if case .string(let v) = self { return v }
        return nil
    }

    /// The elements of a list or tuple.
    public var elements: [ConfigValue]? {
        switch self {
        case .list(let v), .tuple(let v): return v
        default: return nil
        }
    }

    /// A shape read back from a tuple or list of ints and Nones.
    public var shapeValue: TensorShape? {
        guard let items = elements else { return nil }
        var shape: TensorShape = []
        for item in items {
            switch item {
            case .none: shape.append(nil)
            case .int(let d): shape.append(d)
            default: return nil
            }
        }
        return shape
    }
}

/// An ordered string-keyed configuration (a Python dict).
public struct Config: Equatable {
    public private(set) var entries: [(key: String, value: ConfigValue)] = []

    public init() {}

    public init(_ entries: [(String, ConfigValue)]) {
        for (k, v) in entries { self[k] = v }
    }

    /// The value of `key`; assigning keeps the key's position or appends it.
    public subscript(key: String) -> ConfigValue? {
        get { entries.first { $0.key == key }?.value }
        set {
            if let i = entries.firstIndex(where: { $0.key == key }) {
                if let newValue { entries[i].value = newValue } else { entries.remove(at: i) }
            } else if let newValue {
                entries.append((key, newValue))
            }
        }
    }

    public var keys: [String] { entries.map(\.key) }

    public static func == (a: Config, b: Config) -> Bool {
        a.entries.count == b.entries.count && zip(a.entries, b.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    // MARK: Typed reads for `fromConfig`

    func int(_ key: String, default value: Int) throws -> Int {
        guard let v = self[key], v != .none else { return value }
        guard let i = v.intValue else { throw KerasError.type("config entry '\(key)' must be an int") }
        return i
    }

    func double(_ key: String, default value: Double) throws -> Double {
        guard let v = self[key], v != .none else { return value }
        guard let d = v.doubleValue else { throw KerasError.type("config entry '\(key)' must be a number") }
        return d
    }

    func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let v = self[key], v != .none else { return value }
        guard let b = v.boolValue else { throw KerasError.type("config entry '\(key)' must be a bool") }
        return b
    }

    func string(_ key: String) -> String? { self[key]?.stringValue }
}
