/// The engine's one random generator, behind every random initialiser and random tensor op
/// that is not given its own generator. Seed it with `setRandomSeed` for reproducible runs.
/// (TensorFlow's Philox streams are not reproduced: seeded runs are repeatable here, not equal
/// to TF's numbers.)
public enum EngineRandom {
    /// The shared generator (a NumPy legacy `RandomState`).
    public nonisolated(unsafe) static var generator = NumPyRandomState(seed: 0)
}

/// Reseeds the engine's random generator (`keras.utils.set_random_seed` / `tf.random.set_seed`).
public func setRandomSeed(_ seed: UInt32) {
    EngineRandom.generator.seed(seed)
}
