import KTensor

/// What callbacks need from the model they watch (`self.model` in a Keras callback). The
/// Keras `Model` conforms; tests and other hosts may supply their own.
public protocol TrainableModel: AnyObject {
    /// Set by a callback to end `fit` after the current epoch (or batch).
    var stopTraining: Bool { get set }
    /// The compiled optimizer, nil before `compile`.
    var trainingOptimizer: Optimizer? { get }
    /// Current values of all weights, in `get_weights()` order.
    func weightValues() -> [Tensor]
    /// Assigns all weights (`set_weights`).
    func setWeightValues(_ values: [Tensor]) throws
    /// Writes the model (or only its weights) to `path`, as `ModelCheckpoint` does.
    func saveCheckpoint(to path: String, weightsOnly: Bool) throws
}

/// The `params` Keras gives callbacks: `{'verbose': 1, 'epochs': 10, 'steps': 50}`.
public struct TrainingParams: Equatable, Sendable {
    public var verbose: Int
    public var epochs: Int
    /// Steps per epoch, nil when unknown (a generator without a length).
    public var steps: Int?

    public init(verbose: Int, epochs: Int, steps: Int?) {
        self.verbose = verbose
        self.epochs = epochs
        self.steps = steps
    }
}
