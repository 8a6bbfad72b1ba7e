import Keras
import KTensor

/// Arithmetic on symbolic tensors (`x + y`, `x * 2.0`, `1.0 - x`, `-x`): each application
/// records a `TFOpLambda` layer in the graph, as Keras does.
enum SymbolicOperators {
    static func install(on t: PyType) {
        let binary: [(String, TFOpLambda.Operation, Bool)] = [
            ("__add__", .add, false), ("__radd__", .add, true), ("__sub__", .subtract, false), ("__rsub__", .subtract, true),
            ("__mul__", .multiply, false), ("__rmul__", .multiply, true), ("__truediv__", .divide, false), ("__rtruediv__", .divide, true),
        ]
        for (method, operation, reflected) in binary {
            t.defineRawMethod(method, "other, /") { _, a in
                guard case .object(let o) = a[0], let me = o as? KerasTensorObject else { return .object(BuiltinTypes.notImplementedValue) }
                return try apply(operation, me.tensor, a[1], reflected: reflected)
            }
        }
        t.defineRawMethod("__neg__", "") { _, a in
            guard case .object(let o) = a[0], let me = o as? KerasTensorObject else { return .object(BuiltinTypes.notImplementedValue) }
            return try record(TFOpLambda(.negative), [me.tensor])
        }
    }

    static func apply(_ operation: TFOpLambda.Operation, _ tensor: KerasTensor, _ other: Value, reflected: Bool) throws -> Value {
        if case .object(let o) = other, let k = o as? KerasTensorObject {
            return try record(TFOpLambda(operation), reflected ? [k.tensor, tensor] : [tensor, k.tensor])
        }
        guard let number = other.doubleValue else { return .object(BuiltinTypes.notImplementedValue) }
        return try record(TFOpLambda(operation, constant: number, constantFirst: reflected), [tensor])
    }

    static func record(_ layer: TFOpLambda, _ inputs: [KerasTensor]) throws -> Value {
        KerasValues.symbolicValue(try layer.callSymbolic(inputs), asList: false)
    }
}
