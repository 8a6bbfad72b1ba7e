/// Registers the array bridges' native modules: `numpy`, `numpy.random`, `tensorflow`,
/// `tensorflow.data`, and the `keras.datasets*` / `keras.utils` modules (the `keras` root
/// module belongs to the Keras bridge, which exposes these as its attributes).
enum ArrayModules {
    static func install() {
        Interpreter.builtinModuleFactories["numpy"] = { try NumPyModule.make($0) }
        Interpreter.builtinModuleFactories["numpy.random"] = { NumPyRandomModule.make($0) }
        Interpreter.builtinModuleFactories["tensorflow"] = { try TFModule.make($0) }
    }
}
