/// Registers the training bridge's native modules: `keras.optimizers`,
/// `keras.optimizers.schedules`, `keras.losses`, `keras.metrics`, `keras.callbacks` (and
/// their `tensorflow.keras.*` aliases). The `keras` root module exposes them as attributes.
enum TrainingModules {
    static func install() {
        Interpreter.builtinModuleFactories["keras.optimizers"] = { OptimizersModule.make($0) }
        Interpreter.builtinModuleFactories["keras.optimizers.schedules"] = { OptimizersModule.makeSchedules($0) }
        Interpreter.builtinModuleFactories["keras.losses"] = { LossesModule.make($0) }
        for name in ["optimizers", "optimizers.schedules", "losses"] {
            Interpreter.builtinModuleFactories["tensorflow.keras." + name] = { try $0.loadModule("keras." + name) }
        }
    }
}
