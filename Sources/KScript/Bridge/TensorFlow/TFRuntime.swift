/// The parts of `tensorflow` that say how code runs, for scripts written for TF. kscript always
/// runs eagerly on the CPU, so `tf.function` gives back the function itself (a Python side effect
/// inside it happens on every call, as under TF's `tf.config.run_functions_eagerly(True)`),
/// `tf.device` scopes change nothing, `tf.executing_eagerly()` is True, and `tf.config` lists
/// the one CPU and accepts the usual settings (visible devices, op determinism)
/// without effect; memory growth, a GPU setting, is refused as TF refuses it for a CPU.
extension TFModule {
    static func defineRuntime(_ m: PyModule) {
        let decorator = NativeFunction(name: "decorated", signature: "func", module: "tensorflow", body: .bound { _, args in args["func"] })
        m.defineFunction("function", "func=None, input_signature=None, autograph=True, jit_compile=None, reduce_retracing=False, "
                         + "experimental_implements=None, experimental_autograph_options=None, experimental_attributes=None, "
                         + "experimental_relax_shapes=None, experimental_compile=None, experimental_follow_type_hints=None") { _, args in
            args["func"].isNone ? .object(decorator) : args["func"]
        }
        m.defineFunction("executing_eagerly", "") { _, _ in .bool(true) }
        m.defineFunction("device", "device_name") { _, args in
            guard args["device_name"].isNone || args["device_name"].stringValue != nil else {
                throw PyException.typeError("device_name must be a string or None, got \(args["device_name"].type.name)")
            }
            return .object(PyObject(type: deviceScopeType))
        }
    }

    /// `with tf.device(...):` — a scope that changes nothing.
    static let deviceScopeType: PyType = {
        let t = PyType.native(name: "_EagerDeviceContext", module: "tensorflow.python.eager.context", instancesHaveDict: false)
        t.defineMethod("__enter__", "") { _, _ in .none }
        t.defineMethod("__exit__", "*args") { _, _ in .bool(false) }
        return t
    }()

    /// `tf.config` and its `experimental` part.
    static func makeConfig(_ interp: Interpreter) throws -> PyModule {
        let tuples = try interp.loadModule("_tensorflow_tuples")
        func devices(_ kind: String, _ name: String, _ type: Value?) throws -> Value {
            guard let type else { throw PyException.runtimeError("_tensorflow_tuples has no \(kind)") }
            return .object(PyList([try interp.call(type, [.str(name), .str("CPU")])]))
        }
        func listing(_ kind: String, _ name: String) -> (Interpreter, BoundArguments) throws -> Value {
            { _, args in
                let wanted = args["device_type"]
                if !wanted.isNone && wanted.stringValue?.uppercased() != "CPU" { return .object(PyList([])) }
                return try devices(kind, name, tuples[kind])
            }
        }
        let config = PyModule(name: "tensorflow.config")
        config.defineFunction("list_physical_devices", "device_type=None", listing("PhysicalDevice", "/physical_device:CPU:0"))
        config.defineFunction("get_visible_devices", "device_type=None", listing("PhysicalDevice", "/physical_device:CPU:0"))
        config.defineFunction("list_logical_devices", "device_type=None", listing("LogicalDevice", "/device:CPU:0"))
        config.defineFunction("set_visible_devices", "devices, device_type=None") { _, _ in .none }
        var eagerFunctions = false
        config.defineFunction("run_functions_eagerly", "run_eagerly") { interp, args in
            eagerFunctions = try interp.truthy(args["run_eagerly"])
            return .none
        }
        config.defineFunction("functions_run_eagerly", "") { _, _ in .bool(eagerFunctions) }

        let experimental = PyModule(name: "tensorflow.config.experimental")
        experimental["list_physical_devices"] = config["list_physical_devices"]
        experimental["list_logical_devices"] = config["list_logical_devices"]
        experimental["get_visible_devices"] = config["get_visible_devices"]
        experimental["set_visible_devices"] = config["set_visible_devices"]
        // The only device is the CPU, which has no memory growth setting (TF's errors).
        experimental.defineFunction("set_memory_growth", "device, enable") { _, _ in
            throw PyException.valueError("Cannot set memory growth on non-GPU and non-Pluggable devices")
        }
        experimental.defineFunction("get_memory_growth", "device") { _, args in throw PyException.keyError(args["device"]) }
        experimental.defineFunction("enable_op_determinism", "") { _, _ in .none }
        config["experimental"] = .object(experimental)

        return config
    }
}
