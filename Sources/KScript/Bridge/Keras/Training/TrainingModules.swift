/// Registers the training bridge's native modules: `keras.optimizers`,
/// `keras.optimizers.schedules`, `keras.losses`, `keras.metrics`, `keras.callbacks` (and
/// their `tensorflow.keras.*` aliases), and adds the training methods to `keras.Model`. The
/// `keras` root module exposes the modules as attributes.
enum TrainingModules {
    static func install() {
        ModelTrainingMethods.install(on: KerasTypes.model)
        Interpreter.builtinModuleFactories["keras.optimizers"] = { OptimizersModule.make($0) }
        Interpreter.builtinModuleFactories["keras.optimizers.schedules"] = { OptimizersModule.makeSchedules($0) }
        Interpreter.builtinModuleFactories["keras.losses"] = { LossesModule.make($0) }
        Interpreter.builtinModuleFactories["keras.metrics"] = { MetricsModule.make($0) }
        Interpreter.builtinModuleFactories["keras.callbacks"] = { CallbacksModule.make($0) }
        for name in ["optimizers", "optimizers.schedules", "losses", "metrics", "callbacks"] {
            Interpreter.builtinModuleFactories["tensorflow.keras." + name] = { try $0.loadModule("keras." + name) }
        }
    }
}
