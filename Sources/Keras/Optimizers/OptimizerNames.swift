extension Optimizer {
    /// The optimizer a `compile(optimizer='adam')` string names, with Keras' defaults.
    public static func named(_ name: String) throws -> Optimizer {
        switch name.lowercased() {
        case "sgd": return try SGD()
        case "adam": return try Adam()
        case "adamw": return try AdamW()
        case "rmsprop": return try RMSprop()
        case "adagrad": return try Adagrad()
        case "nadam": return try Nadam()
        case "adamax": return try Adamax()
        case "adadelta": return try Adadelta()
        default:
            throw KerasError.value("Could not interpret optimizer identifier: \(name)")
        }
    }
}
