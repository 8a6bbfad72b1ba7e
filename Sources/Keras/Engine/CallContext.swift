/// State that flows from an outer layer call to the calls it makes, as Keras' call context:
/// the `training` flag (a layer called with `training=None` inside a model called with
/// `training=True` trains) and the name scope that prefixes weight names
/// (`my_model/dense/kernel`).
enum CallContext {
    nonisolated(unsafe) static var trainingStack: [Bool?] = []
    nonisolated(unsafe) static var nameScopes: [String] = []
    /// The layer a wrapper is building in the wrapper's own scope (see `building(inOuterScope:)`).
    nonisolated(unsafe) static var layerBuiltInOuterScope: ObjectIdentifier?

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

    /// Runs `body` (building `layer`) with the layer's weights named in the current scope
    /// without the layer's own name (`time_distributed/kernel`): Keras' wrappers call the
    /// wrapped layer's `build` directly, outside its name scope.
    static func building<R>(inOuterScope layer: Layer, _ body: () throws -> R) rethrows -> R {
        let saved = layerBuiltInOuterScope
        layerBuiltInOuterScope = ObjectIdentifier(layer)
        defer { layerBuiltInOuterScope = saved }
        return try body()
    }

    /// `outer/inner/` for the current scopes.
    static var scopePrefix: String { nameScopes.map { $0 + "/" }.joined() }
}

/// A layer called on a symbolic input whose batch size is unknown (`(None, 3)`) runs on
/// stand-in zeros with a batch of 1 to find its output shapes, as Keras runs it on a
/// placeholder. During that run the stand-in size is set here, and the shapes layers see —
/// what `build` receives, what a script's `call` reads from `inputs.shape` — report a leading
/// axis of that size as unknown.
public enum SymbolicBatch {
    /// The stand-in batch size while such a run is in progress, else nil.
    public private(set) nonisolated(unsafe) static var standIn: Int?

    /// Runs `body` as a run on stand-in inputs of batch `size` (nil: a concrete run).
    static func with<R>(_ size: Int?, _ body: () throws -> R) rethrows -> R {
        let saved = standIn
        standIn = size
        defer { standIn = saved }
        return try body()
    }

    /// The static shape of a tensor of `shape` as layers see it: a leading axis of the
    /// stand-in size is unknown during a run on stand-in inputs.
    public static func staticShape(_ shape: [Int]) -> TensorShape {
        var s = shape.asTensorShape
        if let standIn, let first = shape.first, first == standIn { s[0] = nil }
        return s
    }
}
