import KTensor

/// `tf.GradientTape`: a context manager recording on a KTensor `GradientTape`;
/// `gradient(target, sources)` accepts a source or a nested list/tuple/dict of tensors and
/// variables and returns the gradients in the same structure: a `tf.IndexedSlices` for a
/// source only row gathers read, None (or zeros) where unconnected.
enum TFGradientTape {
    final class TapeObject: PyObject {
        var tape = GradientTape()
    }

    static let type: PyType = {
        let t = PyType.native(name: "GradientTape", module: "tensorflow", instancesHaveDict: false) { interp, type, args in
            let o = TapeObject(type: type)
            let persistent = try args.keyword("persistent").map { try interp.truthy($0) } ?? (args.count > 0 ? try interp.truthy(args[0]) : false)
            let watchAccessed = try args.keyword("watch_accessed_variables").map { try interp.truthy($0) } ?? (args.count > 1 ? try interp.truthy(args[1]) : true)
            o.tape = GradientTape(persistent: persistent, watchAccessedVariables: watchAccessed)
            return o
        }
        t.acceptConstructorArguments()
        func me(_ args: BoundArguments) throws -> GradientTape { try args.receiver(as: TapeObject.self, "GradientTape").tape }
        t.defineMethod("__enter__", "") { _, args in
            try me(args).startRecording()
            return args.receiver
        }
        t.defineMethod("__exit__", "*args") { _, args in
            try me(args).stopRecording()
            return .bool(false)
        }
        t.defineMethod("watch", "tensor") { interp, args in
            let tape = try me(args)
            try forEachLeaf(args["tensor"], interp) { leaf in
                guard case .object(let o) = leaf else { return }
                if let v = o as? TFVariableObject { tape.watch(v.variable) }
                else if let x = o as? TFTensorObject { tape.watch(&x.tensor) }
                else if let a = o as? NDArrayObject { tape.watch(&a.tensor) }
                else { throw PyException.valueError("Passed in object of type \(o.type.name), not tf.Tensor or tf.Variable") }
            }
            return .none
        }
        t.defineMethod("watched_variables", "") { _, args in
            PyTuple.make(try me(args).watchedVariables.map { ArrayBridge.variable($0) })
        }
        t.defineMethod("reset", "") { _, args in try me(args).reset(); return .none }
        t.defineMethod("gradient", "target, sources, output_gradients=None, unconnected_gradients=None") { interp, args in
            let tape = try me(args)
            var sources: [GradientSource] = []
            try forEachLeaf(args["sources"], interp) { leaf in
                guard case .object(let o) = leaf else { throw PyException.typeError("sources must be tensors or variables") }
                if let v = o as? TFVariableObject { sources.append(.variable(v.variable)) }
                else if let tensor = ArrayBridge.arrayPayload(leaf) { sources.append(.tensor(tensor)) }
                else { throw PyException.typeError("sources must be tensors or variables, not \(o.type.name)") }
            }
            var targets: [Tensor] = []
            try forEachLeaf(args["target"], interp) { targets.append(try ArrayBridge.tensor(from: $0, defaults: .tensorflow)) }
            var upstream: [Tensor?]? = nil
            if !args["output_gradients"].isNone {
                var given: [Tensor?] = []
                try forEachLeaf(args["output_gradients"], interp) { given.append($0.isNone ? nil : try ArrayBridge.tensor(from: $0, defaults: .tensorflow)) }
                upstream = given
            }
            let zeros = try unconnectedAreZero(args["unconnected_gradients"], interp)
            let gradients = try tape.sparseGradient(of: targets, withRespectTo: sources, outputGradients: upstream)
            var position = 0
            return try rebuild(args["sources"], interp) {
                defer { position += 1 }
                if let gradient = gradients[position] { return try TFIndexedSlices.value(gradient) }
                guard zeros else { return .none }
                let source: Tensor
                switch sources[position] {
                case .variable(let v): source = v.valueWithoutWatching
                case .tensor(let t): source = t
                }
                return ArrayBridge.tfTensor(Tensor(zeros: source.shape, dtype: source.dtype))
            }
        }
        t.defineMethod("stop_recording", "") { _, args in
            let tape = try me(args)
            return .object(PauseObject(tape: tape))
        }
        return t
    }()

    /// `with tape.stop_recording():`.
    final class PauseObject: PyObject {
        static let type: PyType = {
            let t = PyType.native(name: "_RecordingPause", module: "tensorflow", instancesHaveDict: false)
            t.defineMethod("__enter__", "") { _, args in
                try args.receiver(as: PauseObject.self, "__enter__").tape.stopRecording()
                return .none
            }
            t.defineMethod("__exit__", "*args") { _, args in
                try args.receiver(as: PauseObject.self, "__exit__").tape.startRecording()
                return .bool(false)
            }
            return t
        }()
        let tape: GradientTape
        init(tape: GradientTape) {
            self.tape = tape
            super.init(type: PauseObject.type)
        }
    }

    /// `unconnected_gradients`: `'none'` (the default: None for an unconnected source) or
    /// `'zero'` (zeros of the source's shape).
    static func unconnectedAreZero(_ v: Value, _ interp: Interpreter) throws -> Bool {
        if v.isNone { return false }
        switch v.stringValue {
        case "none": return false
        case "zero": return true
        default: throw PyException.valueError("Unknown value for unconnected_gradients: \(try interp.repr(v))")
        }
    }

    static func isContainer(_ v: Value) -> Bool {
        guard case .object(let o) = v else { return false }
        return o is PyList || o is PyTuple || o is PyDict
    }

    /// Visits the leaves of a nested list/tuple/dict in order.
    static func forEachLeaf(_ v: Value, _ interp: Interpreter, _ body: (Value) throws -> Void) throws {
        guard case .object(let o) = v, isContainer(v) else { return try body(v) }
        if let d = o as? PyDict {
            for value in d.values { try forEachLeaf(value, interp, body) }
        } else {
            for item in try interp.collect(v) { try forEachLeaf(item, interp, body) }
        }
    }

    /// The same nesting as `v` with each leaf replaced by `leaf()`.
    static func rebuild(_ v: Value, _ interp: Interpreter, _ leaf: () throws -> Value) throws -> Value {
        guard case .object(let o) = v, isContainer(v) else { return try leaf() }
        if let d = o as? PyDict {
            let result = PyDict()
            for (k, value) in d.pairs { try result.set(k, try rebuild(value, interp, leaf)) }
            return .object(result)
        }
        let items = try interp.collect(v).map { try rebuild($0, interp, leaf) }
        return o is PyTuple ? PyTuple.make(items) : .object(PyList(items))
    }
}
