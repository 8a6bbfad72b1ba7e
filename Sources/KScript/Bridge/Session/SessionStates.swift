import Keras
import KTensor

/// Session-wide state saved with a notebook's workspace, so that work continues after a
/// restart as it would have without one: the random generators (the engine's, behind
/// initialisers, dropout and `fit`'s shuffling; NumPy's global one; Python's `random`) and
/// Keras' per-class layer name counters (new layers are not named like restored ones).
enum SessionStates {
    static func register() {
        SessionCodecs.registerState(name: "keras.layer_names", save: { _ in
            .object(PyDict(Naming.counterSnapshot.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }))
        }, restore: { interp, value in
            guard case .object(let o) = value, let counters = o as? PyDict else { return }
            var snapshot: [String: Int] = [:]
            for (key, count) in counters.pairs {
                if let name = key.stringValue { snapshot[name] = try interp.toInt(count, what: "name counter") }
            }
            Naming.counterSnapshot = snapshot
        })
        SessionCodecs.registerState(name: "engine.random", save: { _ in
            value(of: EngineRandom.generator)
        }, restore: { interp, value in
            try restore(EngineRandom.generator, from: value, interp)
        })
        SessionCodecs.registerState(name: "numpy.random", save: { interp in
            guard try interp.modules.get(.str("numpy.random")) != nil else { return nil }
            return value(of: NumPyRandomModule.global)
        }, restore: { interp, value in
            _ = try interp.loadModule("numpy.random")
            try restore(NumPyRandomModule.global, from: value, interp)
        })
        SessionCodecs.registerState(name: "random", save: { interp in
            guard let module = try interp.modules.get(.str("random")) else { return nil }
            return try interp.callMethod(module, "getstate")
        }, restore: { interp, value in
            try interp.callMethod(.object(try interp.loadModule("random")), "setstate", [value])
        })
    }

    /// `np.random.RandomState` and `np.random.default_rng()` objects, saved with their state.
    static func randomStateCodec(_ type: PyType) -> SessionCodecs.Codec {
        SessionCodecs.Codec(typeName: type.displayName, encode: { _, o in
            guard let object = o as? NumPyRandomModule.RandomStateObject else { throw PyException.typeError("not a random state") }
            var blob = SessionBlob(contents: .none, fileExtension: "", references: [("state", value(of: object.state))])
            blob.referencesRequired = true
            return blob
        }, decode: { interp, saved in
            let object = NumPyRandomModule.RandomStateObject(type: type)
            guard let state = saved.reference(0) else { throw PyException.valueError("the random state was not restored") }
            try restore(object.state, from: state, interp)
            return .object(object)
        })
    }

    /// A generator's state: `(key words, position, cached normal deviate or None)`.
    private static func value(of state: NumPyRandomState) -> Value {
        PyTuple.make([.object(PyList(state.generator.state.map { .int(Int($0)) })), .int(state.generator.index),
                      state.cachedGaussian.map { .float($0) } ?? .none])
    }

    private static func restore(_ state: NumPyRandomState, from value: Value, _ interp: Interpreter) throws {
        guard case .object(let o) = value, let parts = o as? PyTuple, parts.items.count == 3 else {
            throw PyException.valueError("a saved random state is malformed")
        }
        let words = try interp.collect(parts.items[0]).map { try interp.toInt($0, what: "random state") }
        let index = try interp.toInt(parts.items[1], what: "random state")
        guard words.count == MersenneTwister.stateSize, words.allSatisfy({ $0 >= 0 && $0 <= Int(UInt32.max) }),
              index >= 0, index <= MersenneTwister.stateSize else {
            throw PyException.valueError("a saved random state is malformed")
        }
        state.generator.state = words.map { UInt32($0) }
        state.generator.index = index
        state.cachedGaussian = parts.items[2].isNone ? nil : try interp.toDouble(parts.items[2], what: "random state")
    }
}
