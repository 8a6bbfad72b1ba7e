import KTensor

/// Raw access for the optimizers' in-place update kernels: the variable's (and its slots')
/// storage made unique and contiguous, the gradient read in place.
enum UpdateBuffers {
    /// Calls `body` with a mutable pointer to the variable's elements as `T`.
    static func mutating<T, R>(_ variable: Variable, _ type: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        try variable.update { value in
            try value.withUnsafeMutableBufferPointer(as: T.self) { try body($0.baseAddress!) }
        }
    }

    /// Calls `body` with a pointer to the contiguous gradient's elements as `T`.
    static func reading<T, R>(_ gradient: Tensor, _ type: T.Type, _ body: (UnsafePointer<T>) throws -> R) rethrows -> R {
        try gradient.withUnsafeBufferPointer(as: T.self) { try body($0.baseAddress!) }
    }

    /// Dispatches an update on the variable's float type.
    static func dispatch(_ variable: Variable, float: () throws -> Void, double: () throws -> Void) throws {
        switch variable.dtype {
        case .float32: try float()
        case .float64: try double()
        default: throw TensorError(.type, "optimizers update float variables only, got \(variable.dtype.name) variable '\(variable.name)'")
        }
    }
}
