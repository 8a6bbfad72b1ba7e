/// Recording of differentiable operations, for the ops in this module and for fused ops that
/// other targets define (Keras' LSTM, batch normalisation, embedding).
///
/// An op computes its outputs with plain kernels, then — only when `needsGradient` says a
/// recording tape watches one of its float inputs — registers a backward closure:
///
/// ```swift
/// public func scaled(_ x: Tensor, by w: Tensor) throws -> Tensor {
///     let y = try x * w                                 // forward (may itself record)
///     guard Autodiff.needsGradient(x, w) else { return y }
///     return Autodiff.record(inputs: [x, w], output: y.withoutGradient()) { upstream, needs in
///         [needs[0] ? try upstream * w : nil,           // d/dx
///          needs[1] ? try upstream * x : nil]           // d/dw (summed to w's shape for you)
///     }
/// }
/// ```
///
/// The backward closure receives the gradient of the output(s) and one flag per input telling
/// whether that input's gradient is wanted (skip the work when not), and returns one gradient
/// per input (nil when not wanted or zero). A returned gradient may have the broadcast shape of
/// the output: the tape sums it down to the input's shape and casts it to the input's dtype.
/// If the closure uses differentiable ops, gradients of gradients work through nested tapes;
/// closures built from raw kernels are differentiable once.
///
/// Recording costs nothing when no tape records: `needsGradient` is a check of an empty list.
public enum Autodiff {
    /// Backward function of a single-output op: (gradient of the output, which inputs need a
    /// gradient) → one gradient per input.
    public typealias Backward = (_ upstream: Tensor, _ needs: [Bool]) throws -> [Tensor?]
    /// Backward function of a multi-output op: one gradient per output (nil when that output
    /// did not contribute to the target), flags per input → one gradient per input.
    public typealias MultiBackward = (_ upstream: [Tensor?], _ needs: [Bool]) throws -> [Tensor?]

    /// True when some tape is recording at all.
    @inlinable public static var isRecording: Bool { !TapeRegistry.recording.isEmpty }

    /// True when a recording tape watches `input` (directly or through recorded ops) and it is
    /// a float tensor.
    @inlinable public static func needsGradient(_ input: Tensor) -> Bool {
        if TapeRegistry.recording.isEmpty || input.tapeID == 0 || !input.dtype.isFloatingPoint { return false }
        return TapeRegistry.isTracked(input.tapeID)
    }

    /// True when a recording tape watches either input.
    @inlinable public static func needsGradient(_ a: Tensor, _ b: Tensor) -> Bool {
        if TapeRegistry.recording.isEmpty { return false }
        return needsGradient(a) || needsGradient(b)
    }

    /// True when a recording tape watches any of `inputs`.
    @inlinable public static func needsGradient(_ inputs: [Tensor]) -> Bool {
        if TapeRegistry.recording.isEmpty { return false }
        for input in inputs where needsGradient(input) { return true }
        return false
    }

    /// Registers a single-output op on every recording tape that watches one of `inputs`, and
    /// returns `output` carrying its new autodiff identity. Returns `output` unchanged when no
    /// tape watches an input or the output is not a float tensor.
    ///
    /// `leafRows` gives the gradient of a one-input op that gathers rows of its input as those
    /// rows: the tape uses it instead of `backward` when the input is a leaf (a variable, or a
    /// watched tensor no recorded op made), and keeps the rows (`GradientTape.sparseGradient`).
    public static func record(inputs: [Tensor], output: Tensor, leafRows: ((_ upstream: Tensor) throws -> IndexedSlices)? = nil,
                              backward: @escaping Backward) -> Tensor {
        let tapes = TapeRegistry.tapesTracking(inputs)
        if tapes.isEmpty || !output.dtype.isFloatingPoint { return output }
        var result = output
        result.tapeID = TapeRegistry.newID()
        let node = TapeNode(inputs: inputs, outputs: [result], leafRows: leafRows) { upstream, needs in
            guard let gradient = upstream[0] else { return [Tensor?](repeating: nil, count: needs.count) }
            return try backward(gradient, needs)
        }
        for tape in tapes { tape.append(node) }
        return result
    }

    /// Registers a multi-output op; returns the outputs carrying their autodiff identities.
    ///
    /// `runsBesideOthers` declares a backward function that reads only what it captured and
    /// its arguments, records nothing and returns freshly made tensors (a fused kernel's): the
    /// tape may run it on the helper thread beside the backward function of a neighbouring,
    /// independent op of the same kind (`GradientTape` says when).
    public static func record(inputs: [Tensor], outputs: [Tensor], runsBesideOthers: Bool = false,
                              backward: @escaping MultiBackward) -> [Tensor] {
        let tapes = TapeRegistry.tapesTracking(inputs)
        if tapes.isEmpty { return outputs }
        var results = outputs
        for i in results.indices where results[i].dtype.isFloatingPoint {
            results[i].tapeID = TapeRegistry.newID()
        }
        let node = TapeNode(inputs: inputs, outputs: results, runsBesideOthers: runsBesideOthers, backward: backward)
        for tape in tapes { tape.append(node) }
        return results
    }
}

extension Tensor {
    /// This value without autodiff identity: ops on it are not recorded (`tf.stop_gradient`).
    /// Shares storage.
    public func withoutGradient() -> Tensor {
        var result = self
        result.tapeID = 0
        result.attachment = nil
        return result
    }
}

/// One recorded op: the identities of its inputs and outputs and its backward function.
final class TapeNode {
    let inputIDs: [Int]
    let inputShapes: [[Int]]
    let inputDTypes: [DType]
    let outputIDs: [Int]
    /// Whether the backward function may run on another thread beside another such node's
    /// (`Autodiff.record(inputs:outputs:runsBesideOthers:backward:)`).
    let runsBesideOthers: Bool
    /// The gradient of the only input as rows (`Autodiff.record(inputs:output:leafRows:backward:)`).
    let leafRows: ((Tensor) throws -> IndexedSlices)?
    let backward: Autodiff.MultiBackward

    init(inputs: [Tensor], outputs: [Tensor], runsBesideOthers: Bool = false, leafRows: ((Tensor) throws -> IndexedSlices)? = nil,
         backward: @escaping Autodiff.MultiBackward) {
        inputIDs = inputs.map { $0.dtype.isFloatingPoint ? $0.tapeID : 0 }
        inputShapes = inputs.map(\.shape)
        inputDTypes = inputs.map(\.dtype)
        outputIDs = outputs.map(\.tapeID)
        self.runsBesideOthers = runsBesideOthers
        self.leafRows = inputs.count == 1 ? leafRows : nil
        self.backward = backward
    }

    /// True when this node reads none of `other`'s outputs.
    func isIndependent(of other: TapeNode) -> Bool {
        !inputIDs.contains { $0 != 0 && other.outputIDs.contains($0) }
    }
}

/// The process-wide list of recording tapes (kscript runs its engine on one thread).
@usableFromInline
enum TapeRegistry {
    @usableFromInline nonisolated(unsafe) static var recording: [GradientTape] = []
    nonisolated(unsafe) static var lastID = 0

    static func newID() -> Int {
        lastID += 1
        return lastID
    }

    @usableFromInline static func isTracked(_ id: Int) -> Bool {
        for tape in recording where tape.tracked.contains(id) { return true }
        return false
    }

    static func tapesTracking(_ inputs: [Tensor]) -> [GradientTape] {
        var tapes: [GradientTape] = []
        for tape in recording {
            for input in inputs where input.tapeID != 0 && input.dtype.isFloatingPoint && tape.tracked.contains(input.tapeID) {
                tapes.append(tape)
                break
            }
        }
        return tapes
    }
}
