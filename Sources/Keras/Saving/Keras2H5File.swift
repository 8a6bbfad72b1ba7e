import Foundation
import KTensor

/// Keras 2's HDF5 model files, which TF 2.12 writes for `model.save('x.h5')` and also for
/// `model.save('x.keras')`: the `model_config` and `training_config` JSON attributes,
/// `model_weights/<layer>/<weight name>` (each layer group listing its `weight_names`), and
/// `optimizer_weights` (`iteration:0` then the slots in Keras 2.12's order). kscript reads
/// them; it writes only Keras 3's format.
enum Keras2H5File {
    /// True when the file at `path` starts with HDF5's signature.
    static func isHDF5(_ path: String) -> Bool {
        guard let handle = FileHandleReader(path: path) else { return false }
        return handle.prefix(8) == [0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]
    }

    /// The model of a Keras 2 HDF5 file with its weights, compile config (in Keras 3's form)
    /// and optimizer variables (in kscript's `optimizer.variables` order).
    static func load(from path: String, customObjects: [String: LayerRegistry.Factory], safeMode: Bool)
        throws -> (model: Model, compileConfig: KerasJSON?, optimizerVariables: [Tensor]?) {
        do {
            let root = try HDF5File(readingAt: path).root()
            guard let configText = try root.attribute("model_config")?.stringValue else {
                throw SavingError("\(path): an HDF5 file without a model config (a weights-only Keras 2 file? kscript reads weights from .weights.h5 files in Keras 3's layout)")
            }
            let config = try KerasJSONParser.parse(Array(configText.utf8), source: "\(path): model_config")
            let model = try modelFromKeras3Config(config, customObjects: customObjects, safeMode: safeMode, source: path)
            try assignWeights(try root.group("model_weights"), to: model, source: path)
            var compileConfig: KerasJSON?
            if let trainingText = try root.attribute("training_config")?.stringValue {
                compileConfig = keras3CompileConfig(try KerasJSONParser.parse(Array(trainingText.utf8), source: "\(path): training_config"))
            }
            var optimizerVariables: [Tensor]?
            if root.contains("optimizer_weights") {
                let group = try root.group("optimizer_weights")
                optimizerVariables = try weightNames(group).map { try dataset(group, $0) }
            }
            return (model, compileConfig, optimizerVariables)
        } catch let error as HDF5Error {
            throw SavingError(error.message)
        }
    }

    /// Assigns the weights of every layer listed in `layer_names` to the model's layer of that
    /// name, in the layer's `weights` order; counts and shapes are checked before any
    /// assignment.
    private static func assignWeights(_ group: HDF5Group, to model: Model, source: String) throws {
        let layerNames: [String]
        switch try group.attribute("layer_names") {
        case .strings(let names)?: layerNames = names
        case .string(let name)?: layerNames = [name]
        default: layerNames = []
        }
        var pairs: [(Variable, Tensor)] = []
        for name in layerNames {
            let layerGroup = try group.group(name)
            let values = try weightNames(layerGroup).map { try dataset(layerGroup, $0) }
            guard let layer = model.layers.first(where: { $0.name == name }) else {
                if values.isEmpty { continue }
                throw SavingError("\(source): the file has weights for a layer '\(name)' the model does not have")
            }
            let variables = layer.weights
            guard variables.count == values.count else {
                throw SavingError("\(source): Layer '\(name)' expected \(variables.count) weights, but the file has \(values.count)")
            }
            for (variable, value) in zip(variables, values) {
                guard variable.shape == value.shape else {
                    throw SavingError("\(source): the value of '\(variable.name)' has shape \(value.shape) in the file, but the variable has shape \(variable.shape)")
                }
                pairs.append((variable, value))
            }
        }
        for (variable, value) in pairs { try variable.assign(value) }
    }

    private static func weightNames(_ group: HDF5Group) throws -> [String] {
        switch try group.attribute("weight_names") {
        case .strings(let names)?: return names
        case .string(let name)?: return [name]
        default: return []
        }
    }

    /// The dataset at a weight name's path below `group` (`dense/kernel:0`).
    private static func dataset(_ group: HDF5Group, _ name: String) throws -> Tensor {
        let parts = name.split(separator: "/").map(String.init)
        guard let last = parts.last else { throw SavingError("\(group.file.name): an empty weight name") }
        return try group.group(atPath: parts.dropLast().joined(separator: "/")).readDataset(last)
    }

    /// Keras 2's `training_config` in Keras 3's `compile_config` form: the optimizer config,
    /// losses, and metrics (Keras 2 lists them per output; `MeanMetricWrapper` entries become
    /// their names).
    private static func keras3CompileConfig(_ training: KerasJSON) -> KerasJSON {
        func metric(_ value: KerasJSON) -> KerasJSON {
            if value["class_name"]?.stringValue == "MeanMetricWrapper", let name = value["config"]?["name"] { return name }
            return value
        }
        func metrics(_ value: KerasJSON?) -> KerasJSON {
            guard let value, let outputs = value.arrayValue else { return value ?? .null }
            let lists = outputs.map { output -> KerasJSON in
                guard let items = output.arrayValue else { return metric(output) }
                return .array(items.map(metric))
            }
            return lists.count == 1 && lists[0].arrayValue != nil ? lists[0] : .array(lists)
        }
        return .object([
            ("optimizer", training["optimizer_config"] ?? .null), ("loss", training["loss"] ?? .null),
            ("loss_weights", training["loss_weights"] ?? .null), ("metrics", metrics(training["metrics"])),
            ("weighted_metrics", metrics(training["weighted_metrics"])),
        ])
    }
}

/// Reads the first bytes of a file (to tell HDF5 from zip).
private struct FileHandleReader {
    let bytes: [UInt8]

    init?(path: String) {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 8)
        let count = fread(&buffer, 1, 8, file)
        bytes = Array(buffer.prefix(count))
    }

    func prefix(_ count: Int) -> [UInt8] { Array(bytes.prefix(count)) }
}
