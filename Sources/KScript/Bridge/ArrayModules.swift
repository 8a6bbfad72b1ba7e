/// Registers the array bridges' native modules: `numpy`, `numpy.random`, `numpy.linalg`, `tensorflow`,
/// `tensorflow.data`, and the `keras.datasets*` / `keras.utils` modules (the `keras` root
/// module belongs to the Keras bridge, which exposes these as its attributes).
enum ArrayModules {
    static func install() {
        Interpreter.builtinModuleFactories["numpy"] = { try NumPyModule.make($0) }
        Interpreter.builtinModuleFactories["numpy.random"] = { NumPyRandomModule.make($0) }
        Interpreter.builtinModuleFactories["numpy.linalg"] = { NumPyLinalgModule.make($0) }
        Interpreter.builtinModuleFactories["tensorflow"] = { try TFModule.make($0) }
        Interpreter.builtinModuleFactories["tensorflow.data"] = { TFDataModule.make($0) }
        KerasDataModules.install()
        // `tensorflow.keras` is the `keras` module (as in TF 2.12); its data submodules are
        // reachable under both names whatever the root module exposes.
        Interpreter.builtinModuleFactories["tensorflow.keras"] = { try $0.loadModule("keras") }
        for name in ["datasets", "datasets.fashion_mnist", "datasets.mnist", "utils"] {
            Interpreter.builtinModuleFactories["tensorflow.keras." + name] = { try $0.loadModule("keras." + name) }
        }
    }
}
