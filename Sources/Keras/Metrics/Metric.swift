import KTensor

/// A streaming Keras metric (`keras.metrics.Metric`): state variables accumulate over
/// `updateState` calls, `result()` reads the current value, `resetState()` zeroes the state.
/// Built-in metrics and script subclasses (through the language bridge) override the hooks.
open class Metric {
    /// The name shown in logs and history keys (compile prefixes it with the output name in
    /// multi-output models).
    public var name: String
    /// The state variables in creation order (`metric.variables`).
    public private(set) var variables: [Variable] = []
    /// The script object standing for this metric (set by the language bridge).
    public weak var host: AnyObject?

    /// A metric with an explicit name.
    public init(name: String) {
        self.name = name
    }

    /// A metric named by the per-process counter of `defaultName` when `name` is nil
    /// (`Precision()` → `precision`, then `precision_1`).
    public init(name: String?, defaultName: String) {
        self.name = name ?? Naming.uniqueName(defaultName)
    }

    /// Creates a float32 state variable of `shape` filled with `initialValue`
    /// (`self.add_weight(name, shape, initializer='zeros')`).
    @discardableResult
    public func addWeight(name: String, shape: [Int] = [], initialValue: Double = 0, dtype: DType = .float32) -> Variable {
        let variable = Variable(Tensor.full(shape, value: initialValue, dtype: dtype), name: name, trainable: false)
        variables.append(variable)
        return variable
    }

    /// Registers an existing variable as part of this metric's state.
    public func track(_ variable: Variable) {
        variables.append(variable)
    }

    /// Accumulates one batch of labels and predictions.
    open func updateState(_ yTrue: Tensor, _ yPred: Tensor, sampleWeight: Tensor? = nil) throws {
        throw TensorError(.runtime, "Metric.update_state must be overridden by subclasses")
    }

    /// The current value (a float32 scalar for the built-in metrics).
    open func result() throws -> Tensor {
        throw TensorError(.runtime, "Metric.result must be overridden by subclasses")
    }

    /// A new metric of the same class and configuration, with the same name and fresh state
    /// (Keras' `type(m).from_config(m.get_config())`, how `compile` gives each output of a
    /// multi-output model its own copy of a metric listed once). Metrics that cannot be
    /// re-created throw.
    open func freshCopy() throws -> Metric {
        throw KerasError.value("The metric \(name) cannot be copied for each output of the model; pass a dict of metrics by output name instead.")
    }

    /// Sets every state variable to zero (Keras' default `reset_state`).
    open func resetState() throws {
        for variable in variables {
            try variable.assign(Tensor(zeros: variable.shape, dtype: variable.dtype))
        }
    }

    /// The result as a Double (the Python float Keras logs).
    public func resultValue() throws -> Double {
        let value = try result()
        return try value.count == 1 ? value.scalarDouble() : value.mean().scalarDouble()
    }
}

/// Adds `amount` to a float32 (or float64) scalar state variable in place.
func addToScalar(_ variable: Variable, _ amount: Double) {
    variable.update { value in
        if value.dtype == .float32 {
            value.withUnsafeMutableBufferPointer(as: Float.self) { $0[0] += Float(amount) }
        } else {
            value.withUnsafeMutableBufferPointer(as: Double.self) { $0[0] += amount }
        }
    }
}

/// The first element of a state variable as a Float.
func scalarFloat(_ variable: Variable) -> Float {
    let value = variable.valueWithoutWatching
    if value.dtype == .float32 { return value.withUnsafeBufferPointer(as: Float.self) { $0[0] } }
    return Float(value.doubleValue(atOffset: value.offset))
}

/// `total / count`, or 0 when count is 0 (`tf.math.divide_no_nan`), as float32.
func divideNoNaN(_ total: Float, _ count: Float) -> Float {
    count == 0 ? 0 : total / count
}
