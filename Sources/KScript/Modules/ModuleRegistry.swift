extension Builtins {
    /// Registers the modules implemented in this target; each is created on first import.
    static func installModules() {
        Interpreter.builtinModuleFactories["math"] = { MathModule.make($0) }
        Interpreter.builtinModuleFactories["json"] = { JSONModule.make($0) }
        Interpreter.builtinModuleFactories["os"] = { try OSModule.make($0) }
        Interpreter.builtinModuleFactories["os.path"] = { OSModule.makePath($0) }
        Interpreter.builtinModuleFactories["time"] = { TimeModule.make($0) }
        Interpreter.builtinModuleFactories["_random"] = { RandomModule.make($0) }
        ArrayModules.install()
        KerasModules.install()
        SavingBridge.install()
        TrainingModules.install()
        PyPlotModule.install()
    }
}
