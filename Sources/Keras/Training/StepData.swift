import KTensor

/// One batch as a train/test/predict step receives it (Keras' `data`): inputs, targets and
/// sample weights in the structures the user gave (a tensor, a list, or a dict by name).
public struct StepData {
    public var x: DatasetElement
    public var y: DatasetElement?
    public var sampleWeight: DatasetElement?

    public init(x: DatasetElement, y: DatasetElement? = nil, sampleWeight: DatasetElement? = nil) {
        self.x = x
        self.y = y
        self.sampleWeight = sampleWeight
    }

    /// Splits a dataset element as Keras unpacks `(x, y)` / `(x, y, sample_weight)` / `x`.
    public init(unpacking element: DatasetElement) {
        if case .tuple(let items) = element, (1...3).contains(items.count) {
            x = items[0]
            y = items.count > 1 ? items[1] : nil
            sampleWeight = items.count > 2 ? items[2] : nil
        } else {
            x = element
            y = nil
            sampleWeight = nil
        }
    }

    /// The number of samples (first dimension of the first input).
    public var batchSize: Int {
        x.leaves.first?.shape.first ?? 0
    }
}

/// Orders a structure's tensors by model input/output names: a dict is read by name, a
/// tuple or list in order, a single tensor as one.
func flattenByNames(_ element: DatasetElement, names: [String], what: String) throws -> [Tensor] {
    switch element {
    case .tensor(let t):
        return [t]
    case .tuple(let items):
        return items.flatMap(\.leaves)
    case .dict(let entries):
        if names.isEmpty { return entries.flatMap(\.value.leaves) }
        var lookup: [String: DatasetElement] = [:]
        for entry in entries { lookup[entry.key] = entry.value }
        return try names.map { name in
            guard let value = lookup[name], let tensor = value.leaves.first else {
                throw KerasError.value("Missing data for \(what) \"\(name)\". You passed a data dictionary with keys \(entries.map(\.key)). Expected the following keys: \(names)")
            }
            return tensor
        }
    }
}
