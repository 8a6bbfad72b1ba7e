/// Hooks other parts fill so saving can see what only they know.
public enum SavingHooks {
    /// The layers a subclassed model or layer holds as attributes, with the attribute names
    /// (Keras 3 stores them under those names). Nil: only a model's `layers` are used.
    /// Filled by the language bridge.
    nonisolated(unsafe) public static var layerAttributes: ((Layer) -> [(name: String, layer: Layer)])?
    /// Compiles a loaded model from its `compile_config` and restores the optimizer state
    /// (`SavedOptimizerState.restore`); nil to compile with a plain `Trainer`. For hosts that
    /// compile differently (the language bridge, for script `train_step` overrides).
    nonisolated(unsafe) public static var restoreTrainingState: ((Model, KerasJSON, SavedOptimizerState?) throws -> Void)?
}
