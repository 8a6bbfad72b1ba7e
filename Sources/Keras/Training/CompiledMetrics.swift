import KTensor

/// A metric as `compile(metrics=...)` names it: a string resolved when the first batch shows
/// the shapes (`'accuracy'`, `'mae'` ...), or a metric object.
public enum MetricSpec {
    case name(String)
    case metric(Metric)
}

/// The metrics argument of `compile`.
public enum CompileMetrics {
    /// A list: applied to every output (with several outputs, each gets its own copy of a
    /// metric object: `Metric.freshCopy`).
    case all([MetricSpec])
    /// A dict by output name.
    case byName([String: [MetricSpec]])
    /// A list of lists, one per output.
    case byPosition([[MetricSpec]])
}

/// The compiled metrics of a model (Keras' `MetricsContainer`, `model.compiled_metrics`):
/// built on the first `updateState`, where strings are resolved from the batch's shapes and
/// multi-output models prefix each metric with its output's name. Plain metrics see no sample
/// weights; `weighted_metrics` do.
public final class CompiledMetrics {
    public let outputNames: [String]
    private let plainSpecs: [[MetricSpec]]
    private let weightedSpecs: [[MetricSpec]]
    private var plain: [[Metric]] = []
    private var weighted: [[Metric]] = []
    public private(set) var built = false

    public init(outputNames: [String], metrics: CompileMetrics?, weightedMetrics: CompileMetrics? = nil) throws {
        self.outputNames = outputNames
        try CompiledMetrics.checkNoObjectTwice([metrics, weightedMetrics])
        plainSpecs = try CompiledMetrics.perOutput(metrics, outputNames)
        weightedSpecs = try CompiledMetrics.perOutput(weightedMetrics, outputNames)
    }

    /// The metric objects in Keras' order (per output: its metrics, then weighted metrics);
    /// empty before the first update.
    public var metrics: [Metric] {
        zip(plain, weighted).flatMap { $0 + $1 }
    }

    /// `compiled_metrics.update_state(y_true, y_pred, sample_weight)`.
    public func updateState(_ yTrue: [Tensor?], _ yPred: [Tensor], sampleWeights: [Tensor?]? = nil) throws {
        if !built { try build(yTrue, yPred) }
        for i in yPred.indices where i < plain.count {
            guard i < yTrue.count, let target = yTrue[i] else { continue }
            if plain[i].isEmpty && weighted[i].isEmpty { continue }
            let (t, w) = try matchDTypeAndRank(target, yPred[i], sampleWeights.flatMap { i < $0.count ? $0[i] : nil })
            for metric in plain[i] { try metric.updateState(t, yPred[i], sampleWeight: nil) }
            for metric in weighted[i] { try metric.updateState(t, yPred[i], sampleWeight: w) }
        }
    }

    /// Zeroes every metric.
    public func resetState() throws {
        for metric in metrics { try metric.resetState() }
    }

    private func build(_ yTrue: [Tensor?], _ yPred: [Tensor]) throws {
        let multi = outputNames.count > 1
        var seen = Set<String>()
        func resolve(_ specs: [MetricSpec], _ i: Int, weighted isWeighted: Bool) throws -> [Metric] {
            try specs.map { spec in
                let metric: Metric
                switch spec {
                case .metric(let object):
                    metric = object
                case .name(let name):
                    let labelShape = i < yTrue.count ? yTrue[i]?.shape ?? [] : []
                    let predictionShape = i < yPred.count ? yPred[i].shape : []
                    guard let function = MetricFunction(kerasName: name, labelShape: labelShape, predictionShape: predictionShape) else {
                        throw KerasError.value("Unknown metric function: '\(name)'. Please ensure you are using a `keras.utils.custom_object_scope` and that this object is included in the scope. See https://www.tensorflow.org/guide/keras/save_and_serialize#registering_the_custom_object for details.")
                    }
                    metric = MeanMetricWrapper(function, name: name)
                }
                if isWeighted {
                    if multi {
                        metric.name = seen.contains("\(outputNames[i])_\(metric.name)") ? "\(outputNames[i])_weighted_\(metric.name)" : "\(outputNames[i])_\(metric.name)"
                    } else if seen.contains(metric.name) {
                        metric.name = "weighted_" + metric.name
                    }
                } else if multi {
                    metric.name = "\(outputNames[i])_\(metric.name)"
                }
                guard seen.insert(metric.name).inserted else {
                    throw KerasError.value("Found two metrics with the same name: \(metric.name). All the metrics added to the model need to have unique names.")
                }
                return metric
            }
        }
        plain = []
        weighted = []
        for i in outputNames.indices {
            plain.append(try resolve(plainSpecs[i], i, weighted: false))
            weighted.append(try resolve(weightedSpecs[i], i, weighted: true))
        }
        built = true
    }

    /// Keras' `_check_duplicated_metrics`: a metric object may appear once among the metrics
    /// and weighted metrics (it would be updated twice).
    private static func checkNoObjectTwice(_ arguments: [CompileMetrics?]) throws {
        var seen = Set<ObjectIdentifier>()
        var duplicated: [String] = []
        for argument in arguments {
            let specs: [MetricSpec]
            switch argument {
            case .all(let list)?: specs = list
            case .byName(let table)?: specs = table.keys.sorted().flatMap { table[$0] ?? [] }
            case .byPosition(let lists)?: specs = lists.flatMap { $0 }
            case nil: specs = []
            }
            for case .metric(let m) in specs where !seen.insert(ObjectIdentifier(m)).inserted {
                duplicated.append("'\(m.name)'")
            }
        }
        guard duplicated.isEmpty else {
            throw KerasError.value("Found duplicated metrics object in the user provided metrics and weighted metrics. This will cause the same metric object to be updated multiple times, and report wrong results. \nDuplicated items: [\(duplicated.joined(separator: ", "))]")
        }
    }

    /// Per-output spec lists from the compile argument.
    private static func perOutput(_ argument: CompileMetrics?, _ names: [String]) throws -> [[MetricSpec]] {
        guard let argument else { return names.map { _ in [] } }
        switch argument {
        case .all(let specs):
            guard names.count > 1 else { return [specs] }
            return try names.map { _ in
                try specs.map { spec in
                    if case .metric(let m) = spec { return .metric(try m.freshCopy()) }
                    return spec
                }
            }
        case .byName(let table):
            for key in table.keys where !names.contains(key) {
                throw KerasError.value("Unknown entries in metrics dictionary: ['\(key)']. Only expected following keys: \(names)")
            }
            return names.map { table[$0] ?? [] }
        case .byPosition(let lists):
            guard lists.count == names.count else {
                throw KerasError.value("When passing a list of lists as `metrics`, it should have one entry per model output. The model has \(names.count) outputs, but you passed metrics=\(lists.count) lists.")
            }
            return lists
        }
    }
}
