import Keras
import KTensor

/// Shared conversions of the training bridge (`keras.optimizers`, `keras.losses`,
/// `keras.metrics`, `keras.callbacks`, the model's compile/fit/evaluate/predict).
enum TrainingBridge {
    /// Runs `body`, turning the Keras library's errors into the Python exceptions a script
    /// sees (`KerasError` by kind, `TrainingInterrupted` as KeyboardInterrupt).
    static func run<R>(_ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let e as KerasError {
            switch e.kind {
            case .value: throw PyException.valueError(e.message)
            case .type: throw PyException.typeError(e.message)
            case .runtime: throw PyException.runtimeError(e.message)
            case .attribute: throw PyException.attributeError(e.message)
            case .notImplemented: throw PyException(BuiltinTypes.notImplementedError, e.message)
            }
        } catch is TrainingInterrupted {
            throw PyException(type: BuiltinTypes.keyboardInterrupt, args: [])
        }
    }

    /// A float32 tensor from any array-like script value (Keras casts to floatx).
    static func tensor(_ value: Value) throws -> Tensor {
        try ArrayBridge.tensor(from: value, defaults: .tensorflow)
    }

    /// A `tf.Tensor` result.
    static func result(_ tensor: Tensor) -> Value {
        ArrayBridge.tfTensor(tensor)
    }

    /// Logs as a Python dict: floats, NumPy float32 scalars for `lr`.
    static func dict(_ logs: Logs) -> PyDict {
        PyDict(logs.entries.map { ($0.key, logValue($0.value)) })
    }

    /// One log value as a script value.
    static func logValue(_ value: LogValue) -> Value {
        if value.isNumPyFloat32 { return ArrayBridge.numpyValue(Tensor(scalar: Float(value.value))) }
        return .float(value.value)
    }

    /// Logs from a Python dict (numbers and scalar arrays), or empty for None.
    static func logs(_ value: Value, _ interp: Interpreter) throws -> Logs {
        let logs = Logs()
        guard case .object(let o) = value, let d = o as? PyDict else { return logs }
        for (key, item) in d.pairs {
            let name = try interp.str(key)
            if let t = ArrayBridge.arrayPayload(item) {
                logs[name] = LogValue(t.count == 1 ? t.doubleValue(atOffset: t.offset) : try t.mean().scalarDouble(), isNumPyFloat32: false)
            } else {
                logs[name] = LogValue(try interp.toDouble(item, what: name))
            }
        }
        return logs
    }

    /// Writes the entries of a script dict back into shared logs (a script callback may add
    /// keys, as `ReduceLROnPlateau` does).
    static func merge(_ dict: PyDict, into logs: Logs, _ interp: Interpreter) throws {
        let updated = try self.logs(.object(dict), interp)
        for (key, value) in updated.entries where logs[key] != value { logs[key] = value }
    }

    /// `MonitorMode` from a `mode=` string.
    static func mode(_ value: Value, callback: String, _ interp: Interpreter) throws -> MonitorMode {
        MonitorMode(kerasName: value.isNone ? "auto" : try interp.str(value), callback: callback)
    }

    /// An optional Double argument.
    static func optionalDouble(_ value: Value, _ interp: Interpreter, what: String) throws -> Double? {
        value.isNone ? nil : try interp.toDouble(value, what: what)
    }
}
