import KTensor

/// The loops of `fit`, `evaluate` and `predict` (Keras 2.12's order of callback hooks,
/// validation, logs and stopping), checking for Ctrl-C between batches. They run with
/// denormals flushed to zero, as TensorFlow's kernels do (`FloatMode`).
extension Trainer {
    /// `model.fit(...)`: returns the `History`.
    public func fit(_ data: TrainingData, options: FitOptions = FitOptions()) throws -> History {
        try FloatMode.flushingDenormals { try runFit(data, options: options) }
    }

    private func runFit(_ data: TrainingData, options: FitOptions) throws -> History {
        var trainData = data
        var validation = options.validationData
        if options.validationSplit > 0 && validation == nil {
            guard case .arrays(let x, let y, let w) = data else {
                throw KerasError.value("`validation_split` is only supported for Tensors or NumPy arrays, found following types in the input: [<class 'Dataset'>]")
            }
            let count = try ArrayDataAdapter.sampleCount(x: x, y: y, sampleWeight: w)
            let cut = try ArrayDataAdapter.splitIndex(count: count, validationSplit: options.validationSplit)
            let (xTrain, xVal) = try ArrayDataAdapter.split(x, at: cut, count: count)
            let yParts = try y.map { try ArrayDataAdapter.split($0, at: cut, count: count) }
            let wParts = try w.map { try ArrayDataAdapter.split($0, at: cut, count: count) }
            trainData = .arrays(x: xTrain, y: yParts?.0, sampleWeight: wParts?.0)
            validation = .arrays(x: xVal, y: yParts?.1, sampleWeight: wParts?.1)
        }
        let adapter = try makeAdapter(trainData, batchSize: options.batchSize, shuffle: options.shuffle,
                                      classWeight: options.classWeight, steps: options.stepsPerEpoch)
        let params = TrainingParams(verbose: options.verbose, epochs: options.epochs, steps: adapter.steps)
        let callbacks = CallbackList(options.callbacks, addHistory: true, addProgbar: options.verbose != 0, model: model, params: params)
        prepareProgbars(callbacks)
        stopTraining = false
        var trainingLogs: Logs?
        // The last step's logs, kept across epochs as Keras does: an epoch in which a generator
        // has run dry still ends (with the reset metrics) after one that ran.
        var logs: Logs?
        // Batches per epoch of data whose length is unknown up front, counted in the first epoch.
        var inferredSteps: Int?
        try callbacks.trainBegin(Logs())
        for epoch in options.initialEpoch..<Swift.max(options.epochs, options.initialEpoch) {
            try resetMetrics()
            try callbacks.epochBegin(epoch, Logs())
            try adapter.startEpoch()
            var step = 0
            while let batch = try adapter.nextBatch() {
                try callbacks.trainBatchBegin(step, Logs())
                let stepLogs = try trainStep(batch)
                logs = stepLogs
                try callbacks.trainBatchEnd(step, stepLogs)
                step += 1
                if Interruption.checkpoint() { throw TrainingInterrupted() }
                if stopTraining { break }
            }
            if let datasetAdapter = adapter as? DatasetAdapter, !stopTraining {
                let expected = adapter.steps ?? inferredSteps
                if datasetAdapter.exhausted || (expected.map { step < $0 } ?? false) {
                    KerasWarning.emit("Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `steps_per_epoch * epochs` batches (in this case, \((expected ?? step) * options.epochs) batches). You may need to use the repeat() function when building your dataset.")
                    stopTraining = true
                }
                if expected == nil { inferredSteps = step }
            }
            guard let finished = logs else {
                throw KerasError.value("Unexpected result of `train_function` (Empty logs). Please use `Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for more information of where went wrong, or file a issue/bug to `tf.keras`.")
            }
            let epochLogs = try epochResults(finished)
            if let validation, options.validationFrequency.includes(epoch) {
                let validationLogs = try runEvaluation(validation, batchSize: options.validationBatchSize ?? options.batchSize,
                                                       steps: options.validationSteps, callbacks: callbacks)
                for (key, value) in validationLogs.entries { epochLogs["val_" + key] = value }
            }
            try callbacks.epochEnd(epoch, epochLogs)
            trainingLogs = epochLogs
            if stopTraining { break }
        }
        try callbacks.trainEnd(trainingLogs ?? Logs())
        history = callbacks.history
        return callbacks.history ?? History()
    }

    /// The logs an epoch ends with: the metrics' results when the step returned exactly the
    /// metrics (so an epoch without batches reports the reset metrics), else the last step's
    /// logs (Keras' `_validate_and_get_metrics_result`).
    private func epochResults(_ stepLogs: Logs) throws -> Logs {
        let metricResults = try metricLogs()
        return Set(stepLogs.keys) == Set(metricResults.keys) ? metricResults : stepLogs.copy()
    }

    /// `model.evaluate(...)`: the final logs (`return_dict=True`'s dict; the bridge flattens
    /// them with `flattenInOrder` otherwise).
    public func evaluate(_ data: TrainingData, batchSize: Int? = nil, verbose: Int = 1, steps: Int? = nil,
                         callbacks userCallbacks: [Callback] = []) throws -> Logs {
        try FloatMode.flushingDenormals {
            try runEvaluate(data, batchSize: batchSize, verbose: verbose, steps: steps, callbacks: userCallbacks)
        }
    }

    private func runEvaluate(_ data: TrainingData, batchSize: Int?, verbose: Int, steps: Int?, callbacks userCallbacks: [Callback]) throws -> Logs {
        let adapter = try makeAdapter(data, batchSize: batchSize, shuffle: false, classWeight: nil, steps: steps)
        let callbacks = CallbackList(userCallbacks, addHistory: false, addProgbar: verbose != 0, model: model,
                                     params: TrainingParams(verbose: verbose, epochs: 1, steps: adapter.steps))
        prepareProgbars(callbacks)
        return try runEvaluation(adapter: adapter, callbacks: callbacks)
    }

    /// The evaluation inside `fit` (its callbacks, no bar of its own).
    func runEvaluation(_ data: TrainingData, batchSize: Int?, steps: Int?, callbacks: CallbackList) throws -> Logs {
        let adapter = try makeAdapter(data, batchSize: batchSize, shuffle: false, classWeight: nil, steps: steps)
        return try runEvaluation(adapter: adapter, callbacks: callbacks)
    }

    private func runEvaluation(adapter: DataAdapter, callbacks: CallbackList) throws -> Logs {
        try BLAS.cuttingAlongRows { try evaluationLoop(adapter: adapter, callbacks: callbacks) }
    }

    private func evaluationLoop(adapter: DataAdapter, callbacks: CallbackList) throws -> Logs {
        try callbacks.testBegin(Logs())
        try resetMetrics()
        try adapter.startEpoch()
        var logs = Logs()
        var step = 0
        while let batch = try adapter.nextBatch() {
            try callbacks.testBatchBegin(step, Logs())
            logs = try testStep(batch)
            try callbacks.testBatchEnd(step, logs)
            step += 1
            if Interruption.checkpoint() { throw TrainingInterrupted() }
        }
        try callbacks.testEnd(logs)
        return logs
    }

    /// `model.predict(...)`: each output's batches concatenated along the first axis.
    public func predict(_ data: TrainingData, batchSize: Int? = nil, verbose: Int = 1, steps: Int? = nil,
                        callbacks userCallbacks: [Callback] = []) throws -> [Tensor] {
        try FloatMode.flushingDenormals {
            try BLAS.cuttingAlongRows { try runPredict(data, batchSize: batchSize, verbose: verbose, steps: steps, callbacks: userCallbacks) }
        }
    }

    private func runPredict(_ data: TrainingData, batchSize: Int?, verbose: Int, steps: Int?, callbacks userCallbacks: [Callback]) throws -> [Tensor] {
        let adapter = try makeAdapter(data, batchSize: batchSize, shuffle: false, classWeight: nil, steps: steps)
        let callbacks = CallbackList(userCallbacks, addHistory: false, addProgbar: verbose != 0, model: model,
                                     params: TrainingParams(verbose: verbose, epochs: 1, steps: adapter.steps))
        try callbacks.predictBegin(Logs())
        try adapter.startEpoch()
        var pieces: [[Tensor]] = []
        var step = 0
        while let batch = try adapter.nextBatch() {
            try callbacks.predictBatchBegin(step, Logs())
            let outputs = try predictStep(batch)
            for (k, output) in outputs.enumerated() {
                if pieces.count <= k { pieces.append([]) }
                pieces[k].append(output.withoutGradient())
            }
            try callbacks.predictBatchEnd(step, Logs())
            step += 1
            if Interruption.checkpoint() { throw TrainingInterrupted() }
        }
        try callbacks.predictEnd(Logs())
        guard !pieces.isEmpty else {
            throw KerasError.value("Unexpected result of `predict_function` (Empty batch_outputs). Please use `Model.compile(..., run_eagerly=True)`, or `tf.config.run_functions_eagerly(True)` for more information of where went wrong, or file a issue/bug to `tf.keras`.")
        }
        return try pieces.map { $0.count == 1 ? $0[0].contiguousCopy() : try Tensor.concat($0, axis: 0) }
    }

    /// `train_on_batch` / `test_on_batch`: one step on one batch (metrics reset first unless
    /// `resetMetrics` is false).
    public func trainOnBatch(_ data: StepData, resetMetrics reset: Bool = true) throws -> Logs {
        if reset { try resetMetrics() }
        return try FloatMode.flushingDenormals { try trainStep(data) }
    }

    public func testOnBatch(_ data: StepData, resetMetrics reset: Bool = true) throws -> Logs {
        if reset { try resetMetrics() }
        return try FloatMode.flushingDenormals { try testStep(data) }
    }

    /// `predict_on_batch`.
    public func predictOnBatch(_ data: StepData) throws -> [Tensor] {
        try FloatMode.flushingDenormals { try predictStep(data).map { $0.withoutGradient() } }
    }

    private func makeAdapter(_ data: TrainingData, batchSize: Int?, shuffle: Bool, classWeight: [Int: Double]?, steps: Int?) throws -> DataAdapter {
        switch data {
        case .arrays(let x, let y, let w):
            return try ArrayDataAdapter(x: x, y: y, sampleWeight: w, batchSize: batchSize ?? 32, shuffle: shuffle,
                                        classWeight: classWeight, steps: steps)
        case .dataset(let dataset):
            if let batchSize {
                throw KerasError.value("The `batch_size` argument must not be specified for the given input type. Received input: <Dataset>, batch_size: \(batchSize)")
            }
            return DatasetAdapter(dataset, steps: steps)
        }
    }

    /// The progress bars treat the model's metrics as running means already.
    private func prepareProgbars(_ callbacks: CallbackList) {
        for case let logger as ProgbarLogger in callbacks.callbacks {
            logger.statefulMetricNames = { [unowned self] in self.metricsNames }
        }
    }
}
