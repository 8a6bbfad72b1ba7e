import KTensor

/// The Keras 2.12 optimizer base (`keras.optimizers.Optimizer`, the "new" optimizers):
/// per-variable slot variables created on first use, gradient clipping, decoupled weight
/// decay, a learning rate that is a float32 variable or a schedule, and an int64
/// `iterations` counter. Updates run in place on the variables' and slots' buffers, so a
/// warm step allocates nothing.
///
/// Subclasses name their slots (`slotNames`), may give them initial values, and implement
/// `updateStep` with an in-place kernel.
open class Optimizer {
    /// `"Adam"`, `"SGD"` ... (prefix of the slot variable names).
    public let name: String
    /// Number of `applyGradients` calls that updated variables (the `iteration` variable).
    public let iterations: Variable
    public var clipping: GradientClipping
    /// Decoupled weight decay (`w -= w * wd * lr` before the update), nil for none.
    public var weightDecay: Double?
    /// The learning rate schedule, nil for a constant (variable) learning rate.
    public let schedule: LearningRateSchedule?
    /// The float32 learning-rate variable (`optimizer.learning_rate` when not scheduled).
    public let learningRateVariable: Variable
    /// Variables excluded from weight decay (`exclude_from_weight_decay`).
    public var weightDecayExclusions: Set<ObjectIdentifier> = []
    /// The script object standing for this optimizer (set by the language bridge).
    public weak var host: AnyObject?

    /// Every optimizer variable in Keras' order: `iterations`, then each trainable
    /// variable's slots in build order (`optimizer.variables`).
    public private(set) var variables: [Variable]
    private var slotIndex: [ObjectIdentifier: Int] = [:]
    private var slotTable: [[Variable]] = []
    private var currentRate: Float

    /// An optimizer with a constant learning rate or a schedule.
    public init(name: String, learningRate: Double, schedule: LearningRateSchedule? = nil,
                clipping: GradientClipping, weightDecay: Double? = nil) throws {
        self.name = name
        self.clipping = clipping
        self.weightDecay = weightDecay
        self.schedule = schedule
        iterations = Variable(Tensor(scalar: Int64(0), dtype: .int64), name: "iteration", trainable: false)
        let initial = try schedule?.learningRate(atStep: 0) ?? learningRate
        learningRateVariable = Variable(Tensor(scalar: Float(initial)), name: "learning_rate", trainable: false)
        currentRate = Float(initial)
        variables = [iterations]
    }

    /// The Keras class name (`"Adam"`, `"SGD"` ...).
    public var className: String { String(describing: type(of: self)) }

    // MARK: Subclass hooks

    /// Slot names in creation order (`["m", "v"]` for Adam).
    open var slotNames: [String] { [] }

    /// The initial value of a slot (0 except Adagrad's accumulator).
    open func initialSlotValue(_ slot: String) -> Double { 0 }

    /// Updates one variable in place from its (clipped) gradient (`update_step`). `gradient`
    /// has the variable's shape and dtype and is contiguous.
    open func updateStep(_ variable: Variable, gradient: Tensor, slots: [Variable], context: StepContext) throws {
        throw TensorError(.runtime, "Optimizer.update_step must be overridden by subclasses")
    }

    /// Updates one variable in place from a sparse gradient (`update_step` given
    /// `tf.IndexedSlices`). The default, as a Keras optimizer without a sparse branch, runs the
    /// dense update on the densified gradient.
    open func updateStep(_ variable: Variable, rows: RowGradient, slots: [Variable], context: StepContext) throws {
        try updateStep(variable, gradient: try rows.densified(), slots: slots, context: context)
    }

    /// Called once per `applyGradients` before the variable updates (Nadam's shared product).
    open func prepareStep(_ context: StepContext) {}

    /// Keras `get_config()` entries specific to the optimizer, in Keras' order (the ones in
    /// `flagNames` are booleans stored as 0 or 1).
    open var hyperparameters: [(String, Double)] { [] }

    /// The hyperparameters that are flags.
    public static let flagNames: Set<String> = ["amsgrad", "nesterov", "centered"]

    // MARK: Learning rate

    /// The current learning rate (`optimizer.learning_rate`): the variable's value, or the
    /// schedule's value at the last update.
    public var learningRate: Double {
        schedule == nil ? Double(scalarFloat(learningRateVariable)) : Double(currentRate)
    }

    /// Assigns the learning rate (`optimizer.learning_rate = x`); an error for a schedule.
    public func setLearningRate(_ value: Double) throws {
        guard schedule == nil else {
            throw TensorError(.type, "This optimizer was created with a `LearningRateSchedule` object as its `learning_rate` constructor argument, hence its learning rate is not settable. If you need the learning rate to be settable, you should instantiate the optimizer with a float `learning_rate` argument.")
        }
        try learningRateVariable.assign(Tensor(scalar: Float(value)))
    }

    /// The number of updates done so far.
    public var step: Int64 {
        iterations.valueWithoutWatching.withUnsafeBufferPointer(as: Int64.self) { $0[0] }
    }

    // MARK: Applying gradients

    /// True when `build` creates one slot kind for every variable before the next kind
    /// (RMSprop), false when it creates all slots of one variable before the next (Adam).
    open var slotsGroupedByKind: Bool { false }

    /// Creates the slots of variables not seen before (`optimizer.build(var_list)`), in the
    /// order Keras adds them to `optimizer.variables`.
    public func build(_ trainable: [Variable]) {
        var fresh: [Variable] = []
        for variable in trainable where slotIndex[ObjectIdentifier(variable)] == nil && !fresh.contains(where: { $0 === variable }) {
            fresh.append(variable)
        }
        if fresh.isEmpty { return }
        let names = slotNames
        var created = fresh.map { _ in [Variable]() }
        let order: [(slot: Int, variable: Int)] = slotsGroupedByKind
            ? names.indices.flatMap { s in fresh.indices.map { (s, $0) } }
            : fresh.indices.flatMap { v in names.indices.map { ($0, v) } }
        for (s, v) in order {
            let variable = fresh[v]
            let base = variable.name.hasSuffix(":0") ? String(variable.name.dropLast(2)) : variable.name
            let slot = Variable(Tensor.full(variable.shape, value: initialSlotValue(names[s]), dtype: variable.dtype),
                                name: "\(name)/\(names[s])/\(base)", trainable: false)
            created[v].append(slot)
            variables.append(slot)
        }
        for (v, variable) in fresh.enumerated() {
            slotIndex[ObjectIdentifier(variable)] = slotTable.count
            slotTable.append(created[v])
        }
    }

    /// The slot variables of a built variable, in `slotNames` order.
    public func slots(for variable: Variable) -> [Variable]? {
        slotIndex[ObjectIdentifier(variable)].map { slotTable[$0] }
    }

    /// `apply_gradients(zip(grads, vars))`: clips, decays weights, updates each variable with
    /// a gradient, and counts the step. Pairs without a gradient are skipped (with TF's
    /// warning); when none has one nothing happens.
    public func applyGradients(_ pairs: [(gradient: Tensor?, variable: Variable)]) throws {
        try applyGradients(pairs.map { (gradient: $0.gradient.map(Gradient.dense), variable: $0.variable) })
    }

    /// `apply_gradients` with gradients as the tape's `sparseGradient` gives them: sparse ones
    /// are clipped as their rows, then their repeated rows summed (`RowGradient`), and update
    /// their variables by the optimizer's sparse rule.
    public func applyGradients(_ pairs: [(gradient: Gradient?, variable: Variable)]) throws {
        try FloatMode.flushingDenormals { try applyPairs(pairs) }
    }

    private func applyPairs(_ pairs: [(gradient: Gradient?, variable: Variable)]) throws {
        let step = self.step
        if let schedule { currentRate = Float(try schedule.learningRate(atStep: step)) }
        if pairs.isEmpty { return }
        build(pairs.map(\.variable))
        let missing = pairs.filter { $0.gradient == nil }.map(\.variable.name)
        if !missing.isEmpty {
            Console.shared.write("WARNING:tensorflow:Gradients do not exist for variables \(pythonList(missing)) when minimizing the loss. If you're using `model.compile()`, did you forget to provide a `loss` argument?\n", to: .stderr)
        }
        if missing.count == pairs.count { return }
        for pair in pairs {
            if let g = pair.gradient, g.shape != pair.variable.shape {
                throw TensorError(.invalidArgument, "Shapes of gradient \(shapeText(g.shape)) and variable '\(pair.variable.name)' \(shapeText(pair.variable.shape)) are incompatible")
            }
        }
        let transforms = clipping.transforms(for: pairs.map { pair in
            switch pair.gradient {
            case .dense(let g)?: return g
            case .rows(let slices)?: return slices.values
            case nil: return nil
            }
        })
        let rate = schedule == nil ? scalarFloat(learningRateVariable) : currentRate
        let context = StepContext(learningRate: rate, localStep: Float(step + 1), nextStep: Float(step + 2))
        if let weightDecay {
            for pair in pairs where pair.gradient != nil && !weightDecayExclusions.contains(ObjectIdentifier(pair.variable)) {
                decayWeights(pair.variable, decay: Float(weightDecay), rate: rate)
            }
        }
        prepareStep(context)
        for (k, pair) in pairs.enumerated() {
            guard let gradient = pair.gradient, let index = slotIndex[ObjectIdentifier(pair.variable)] else { continue }
            switch gradient {
            case .dense(let dense):
                let g = try transforms[k].apply(to: try dense.cast(to: pair.variable.dtype).contiguous())
                try updateStep(pair.variable, gradient: g, slots: slotTable[index], context: context)
            case .rows(let slices):
                let values = try transforms[k].apply(to: try slices.values.cast(to: pair.variable.dtype).contiguous())
                let rows = try RowGradient(summing: values, at: slices.indices, of: slices.denseShape)
                try updateStep(pair.variable, rows: rows, slots: slotTable[index], context: context)
            }
        }
        iterations.update { value in
            value.withUnsafeMutableBufferPointer(as: Int64.self) { $0[0] += 1 }
        }
    }

    /// `w -= w * wd * lr` in place.
    private func decayWeights(_ variable: Variable, decay: Float, rate: Float) {
        variable.update { value in
            if value.dtype == .float32 {
                value.withUnsafeMutableBufferPointer(as: Float.self) { w in
                    for i in 0..<w.count { w[i] -= w[i] * decay * rate }
                }
            } else if value.dtype == .float64 {
                value.withUnsafeMutableBufferPointer(as: Double.self) { w in
                    let d = Double(decay), r = Double(rate)
                    for i in 0..<w.count { w[i] -= w[i] * d * r }
                }
            }
        }
    }

    /// Keras `get_config()`: the base entries, then the optimizer's hyperparameters.
    public var config: [(String, OptimizerConfigValue)] {
        var entries: [(String, OptimizerConfigValue)] = [
            ("name", .string(name)),
            ("weight_decay", weightDecay.map { .float($0) } ?? .none),
            ("clipnorm", clipping.clipnorm.map { .float($0) } ?? .none),
            ("global_clipnorm", clipping.globalClipnorm.map { .float($0) } ?? .none),
            ("clipvalue", clipping.clipvalue.map { .float($0) } ?? .none),
            ("use_ema", .bool(false)), ("ema_momentum", .float(0.99)), ("ema_overwrite_frequency", .none),
            ("jit_compile", .bool(false)), ("is_legacy_optimizer", .bool(false)),
            ("learning_rate", .float32(scalarFloat(learningRateVariable))),
        ]
        for (key, value) in hyperparameters {
            entries.append((key, Optimizer.flagNames.contains(key) ? .bool(value != 0) : .float(value)))
        }
        return entries
    }
}

/// A `get_config()` value.
public enum OptimizerConfigValue: Equatable, Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    /// A variable's value, which Keras hands out as a NumPy float32 (`learning_rate`).
    case float32(Float)
    case string(String)
}

/// What an update step needs besides the variable and gradient, computed once per step.
public struct StepContext: Sendable {
    /// The learning rate as float32.
    public let learningRate: Float
    /// `iterations + 1` as float32 (Keras' `local_step`).
    public let localStep: Float
    /// `iterations + 2` as float32 (Nadam).
    public let nextStep: Float
}

/// `['a', 'b']` as Python prints a list of strings.
func pythonList(_ items: [String]) -> String {
    "[" + items.map { "'\($0)'" }.joined(separator: ", ") + "]"
}
