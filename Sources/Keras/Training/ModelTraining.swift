import Foundation
import KTensor

/// `compile`, `fit`, `evaluate`, `predict` and friends on `Model`; the state lives in the
/// `Trainer` that `compile` stores in `model.trainingState`.
extension Model: TrainableModel {
    /// The trainer `compile` attached, nil before `compile`.
    public var trainer: Trainer? { trainingState as? Trainer }

    /// The trainer, or Keras' error when the model was not compiled.
    public func compiledTrainer() throws -> Trainer {
        guard let trainer else {
            throw KerasError(.runtime, "You must compile your model before training/testing. Use `model.compile(optimizer, loss)`.")
        }
        return trainer
    }

    /// `model.compile(...)`. `makeTrainer` lets a host install a `Trainer` subclass (the
    /// language bridge does for script models that override `train_step`).
    public func compile(_ configuration: CompileConfiguration,
                        makeTrainer: ((Model, CompileConfiguration) throws -> Trainer)? = nil) throws {
        trainingState = try makeTrainer?(self, configuration) ?? Trainer(model: self, configuration: configuration)
    }

    /// `model.fit(...)`.
    public func fit(_ data: TrainingData, options: FitOptions = FitOptions()) throws -> History {
        try compiledTrainer().fit(data, options: options)
    }

    /// `model.evaluate(...)` as logs (see `Trainer.flattenInOrder` for the list form).
    public func evaluate(_ data: TrainingData, batchSize: Int? = nil, verbose: Int = 1, steps: Int? = nil,
                         callbacks: [Callback] = []) throws -> Logs {
        try compiledTrainer().evaluate(data, batchSize: batchSize, verbose: verbose, steps: steps, callbacks: callbacks)
    }

    /// `model.predict(...)`: one array per output. Works without `compile`.
    public func predict(_ data: TrainingData, batchSize: Int? = nil, verbose: Int = 1, steps: Int? = nil,
                        callbacks: [Callback] = []) throws -> [Tensor] {
        try (trainer ?? Trainer(model: self, configuration: CompileConfiguration(optimizer: try SGD())))
            .predict(data, batchSize: batchSize, verbose: verbose, steps: steps, callbacks: callbacks)
    }

    // MARK: TrainableModel

    public var stopTraining: Bool {
        get { trainer?.stopTraining ?? false }
        set { trainer?.stopTraining = newValue }
    }

    public var trainingOptimizer: Optimizer? { trainer?.optimizer }

    public func weightValues() -> [Tensor] { getWeights() }

    public func setWeightValues(_ values: [Tensor]) throws { try setWeights(values) }

    /// Saves through `Model.checkpointWriter` (the persistence code installs the `.keras`
    /// writer there). Until then: the weights as a `.npz` archive at `path`, one array per
    /// weight named by the variable (documented interim format).
    public func saveCheckpoint(to path: String, weightsOnly: Bool) throws {
        if let writer = Model.checkpointWriter {
            try writer(self, path, weightsOnly)
            return
        }
        try NPZFile.write(weights.map { ($0.name, $0.valueWithoutWatching) }, to: path, compressed: false)
    }

    /// How `ModelCheckpoint` writes a model: `(model, path, weightsOnly)`.
    public nonisolated(unsafe) static var checkpointWriter: ((Model, String, Bool) throws -> Void)?
}
