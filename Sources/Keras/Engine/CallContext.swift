/// State that flows from an outer layer call to the calls it makes, as Keras' call context:
/// the `training` flag (a layer called with `training=None` inside a model called with
/// `training=True` trains) and the name scope that prefixes weight names
/// (`my_model/dense/kernel`).
enum CallContext {
    nonisolated(unsafe) static var trainingStack: [Bool?] = []
    nonisolated(unsafe) static var nameScopes: [String] = []

    /// The training flag of the innermost enclosing call (nil at top level).
    static var training: Bool? { trainingStack.last ?? nil }

    /// Runs `body` with `training` as the context's flag.
    static func with<R>(training: Bool?, _ body: () throws -> R) rethrows -> R {
        trainingStack.append(training)
        defer { trainingStack.removeLast() }
        return try body()
    }

    /// Runs `body` inside the name scope `name`.
    static func with<R>(scope name: String, _ body: () throws -> R) rethrows -> R {
        nameScopes.append(name)
        defer { nameScopes.removeLast() }
        return try body()
    }

    /// `outer/inner/` for the current scopes.
    static var scopePrefix: String { nameScopes.map { $0 + "/" }.joined() }
}
