/// Conversions between `KerasJSON` (files) and `ConfigValue` (the engine's configs).
extension KerasJSON {
    /// The JSON of an engine config value (tuples become arrays).
    public init(_ value: ConfigValue) {
        switch value {
        case .none: self = .null
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .string(let text): self = .string(text)
        case .list(let items), .tuple(let items): self = .array(items.map(KerasJSON.init))
        case .dict(let config): self = .object(config.entries.map { ($0.key, KerasJSON($0.value)) })
        }
    }

    /// The JSON of an engine config.
    public init(_ config: Config) {
        self = .object(config.entries.map { ($0.key, KerasJSON($0.value)) })
    }

    /// The engine config value of this JSON, unchanged in structure.
    public var configValue: ConfigValue {
        switch self {
        case .null: return .none
        case .bool(let flag): return .bool(flag)
        case .int(let number): return .int(number)
        case .double(let number): return .double(number)
        case .string(let text): return .string(text)
        case .array(let items): return .list(items.map(\.configValue))
        case .object(let entries): return .dict(Config(entries.map { ($0.key, $0.value.configValue) }))
        }
    }
}
