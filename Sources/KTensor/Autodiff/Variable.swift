/// A mutable tensor with identity (`tf.Variable`): layers' weights and optimizer slots.
/// Assignments update the value in place and keep the identity, so tapes and optimizers can
/// refer to the variable across steps. Reading `value` while a tape records watches a
/// trainable variable (TF's `watch_accessed_variables=True`).
public final class Variable {
    public var name: String
    public var trainable: Bool
    /// Autodiff identity shared by every read of the value.
    let id: Int
    private var stored: Tensor

    /// A variable holding `initialValue` (without its autodiff identity).
    public init(_ initialValue: Tensor, name: String = "Variable", trainable: Bool = true) {
        id = TapeRegistry.newID()
        self.name = name
        self.trainable = trainable
        stored = initialValue.withoutGradient()
        stored.tapeID = id
    }

    /// The current value. Reading it while tapes record makes them watch this variable when it
    /// is trainable and they watch accessed variables.
    public var value: Tensor {
        if !TapeRegistry.recording.isEmpty && trainable {
            for tape in TapeRegistry.recording where tape.watchAccessedVariables { tape.noteAccess(self) }
        }
        return stored
    }

    /// The value without watching (for printing, saving, optimizers).
    public var valueWithoutWatching: Tensor { stored }

    public var shape: [Int] { stored.shape }
    public var dtype: DType { stored.dtype }

    /// Replaces the value; `newValue` must have the variable's shape and is cast to its dtype.
    public func assign(_ newValue: Tensor) throws {
        try checkShape(newValue)
        try stored.assign(newValue.withoutGradient())
        stored.tapeID = id
    }

    /// Adds `delta` in place (`assign_add`).
    public func assignAdd(_ delta: Tensor) throws {
        try checkShape(delta)
        try stored.applyInPlace(.add, delta.withoutGradient())
        stored.tapeID = id
    }

    /// Subtracts `delta` in place (`assign_sub`).
    public func assignSub(_ delta: Tensor) throws {
        try checkShape(delta)
        try stored.applyInPlace(.subtract, delta.withoutGradient())
        stored.tapeID = id
    }

    /// Direct in-place access for optimizers' fused update kernels. The storage is made unique
    /// and contiguous first (copying only if a recorded tape still holds the old value).
    public func update<R>(_ body: (inout Tensor) throws -> R) rethrows -> R {
        stored.makeUniqueContiguous()
        defer { stored.tapeID = id; stored.attachment = nil }
        return try body(&stored)
    }

    private func checkShape(_ other: Tensor) throws {
        guard other.shape == stored.shape else {
            throw TensorError.invalid("Cannot assign value to variable ' \(name):0': Shape mismatch.The variable shape \(formatShape(stored.shape)), and the assigned value shape \(formatShape(other.shape)) are incompatible.")
        }
    }
}
