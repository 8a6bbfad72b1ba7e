import KTensor

/// The data `fit`/`evaluate`/`predict` take: arrays (structures of tensors) or a `Dataset` of
/// batches (also what the bridge makes of a Python generator).
public enum TrainingData {
    case arrays(x: DatasetElement, y: DatasetElement?, sampleWeight: DatasetElement?)
    case dataset(Dataset)
}

/// `fit`'s keyword arguments, with Keras' defaults.
public struct FitOptions {
    public var batchSize: Int?
    public var epochs = 1
    public var verbose = 1
    public var callbacks: [Callback] = []
    public var validationSplit = 0.0
    public var validationData: TrainingData?
    public var shuffle = true
    public var classWeight: [Int: Double]?
    public var initialEpoch = 0
    public var stepsPerEpoch: Int?
    public var validationSteps: Int?
    public var validationBatchSize: Int?
    /// Validate after epochs `k * validationFreq` (1-based), or after the listed epochs.
    public var validationFrequency: ValidationFrequency = .every(1)

    public init() {}
}

/// `validation_freq`: an interval or a list of 1-based epochs.
public enum ValidationFrequency {
    case every(Int)
    case epochs([Int])

    func includes(_ epoch: Int) -> Bool {
        switch self {
        case .every(let n): return n > 0 && (epoch + 1) % n == 0
        case .epochs(let list): return list.contains(epoch + 1)
        }
    }
}
