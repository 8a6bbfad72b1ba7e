import Foundation
import KTensor

/// `keras.callbacks.ModelCheckpoint(filepath, monitor='val_loss', verbose=0,
/// save_best_only=False, save_weights_only=False, mode='auto', save_freq='epoch')`.
///
/// After each epoch (or every `saveFrequency` batches) formats `filepath` with `epoch` (1-based)
/// and the logs (`weights.{epoch:02d}-{val_loss:.2f}.keras`) and saves through
/// `TrainableModel.saveCheckpoint`, only on improvement when `saveBestOnly`.
public final class ModelCheckpoint: Callback {
    public let filepath: String
    public let monitor: String
    public let verbose: Int
    public let saveBestOnly: Bool
    public let saveWeightsOnly: Bool
    /// Batches between saves; nil saves at epoch ends.
    public let saveFrequency: Int?
    public let increasing: Bool
    public private(set) var best: Double

    private var currentEpoch = 0
    private var batchesSinceSave = 0
    private var lastBatch = 0

    public init(filepath: String, monitor: String = "val_loss", verbose: Int = 0, saveBestOnly: Bool = false,
                saveWeightsOnly: Bool = false, mode: MonitorMode = .auto, saveFrequency: Int? = nil,
                initialValueThreshold: Double? = nil) {
        self.filepath = filepath
        self.monitor = monitor
        self.verbose = verbose
        self.saveBestOnly = saveBestOnly
        self.saveWeightsOnly = saveWeightsOnly
        self.saveFrequency = saveFrequency
        switch mode {
        case .min: increasing = false
        case .max: increasing = true
        case .auto: increasing = monitor.contains("acc") || monitor.hasPrefix("fmeasure")
        }
        best = initialValueThreshold ?? (increasing ? -.infinity : .infinity)
    }

    public override func onEpochBegin(_ epoch: Int, logs: Logs) throws { currentEpoch = epoch }

    public override func onTrainBatchEnd(_ batch: Int, logs: Logs) throws {
        guard let frequency = saveFrequency else { return }
        batchesSinceSave += batch <= lastBatch ? batch + 1 : batch - lastBatch
        lastBatch = batch
        if batchesSinceSave >= frequency {
            batchesSinceSave = 0
            try save(epoch: currentEpoch, batch: batch, logs: logs)
        }
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        if saveFrequency == nil { try save(epoch: epoch, batch: nil, logs: logs) }
    }

    private func save(epoch: Int, batch: Int?, logs: Logs) throws {
        guard let model else { return }
        var fields: [String: FormatField] = ["epoch": .int(epoch + 1)]
        if let batch { fields["batch"] = .int(batch + 1) }
        for (key, value) in logs.entries { fields[key] = .float(value.value) }
        let path = try FilepathTemplate.format(filepath, fields)
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty { try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw TensorError(.runtime, "Please specify a non-directory filepath for ModelCheckpoint. Filepath used is an existing directory: \(path)")
        }
        if saveBestOnly {
            guard let current = logs.value(monitor) else {
                KerasWarning.emit("Can save best model only with \(monitor) available, skipping.")
                return
            }
            let improved = increasing ? current > best : current < best
            if improved {
                if verbose > 0 {
                    Console.shared.write("\nEpoch \(epoch + 1): \(monitor) improved from \(PythonText.fixed(best, digits: 5)) to \(PythonText.fixed(current, digits: 5)), saving model to \(path)\n")
                }
                best = current
                try model.saveCheckpoint(to: path, weightsOnly: saveWeightsOnly)
            } else if verbose > 0 {
                Console.shared.write("\nEpoch \(epoch + 1): \(monitor) did not improve from \(PythonText.fixed(best, digits: 5))\n")
            }
        } else {
            if verbose > 0 { Console.shared.write("\nEpoch \(epoch + 1): saving model to \(path)\n") }
            try model.saveCheckpoint(to: path, weightsOnly: saveWeightsOnly)
        }
    }
}

/// A value for a `str.format` replacement field.
enum FormatField {
    case int(Int)
    case float(Double)
}

/// Python's `str.format` with named fields only (`{epoch:02d}`, `{val_loss:.2f}`, `{{`, `}}`),
/// as `ModelCheckpoint` formats its file path.
enum FilepathTemplate {
    static func format(_ template: String, _ fields: [String: FormatField]) throws -> String {
        var out = ""
        var chars = Array(template)[...]
        while let c = chars.popFirst() {
            if c == "}" {
                guard chars.first == "}" else { throw TensorError(.invalidArgument, "Single '}' encountered in format string") }
                chars.removeFirst()
                out.append("}")
                continue
            }
            guard c == "{" else { out.append(c); continue }
            if chars.first == "{" {
                chars.removeFirst()
                out.append("{")
                continue
            }
            guard let close = chars.firstIndex(of: "}") else { throw TensorError(.invalidArgument, "expected '}' before end of string") }
            let body = String(chars[chars.startIndex..<close])
            chars = chars[(close + 1)...]
            let parts = body.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]), spec = parts.count > 1 ? String(parts[1]) : ""
            guard let field = fields[name] else {
                throw TensorError(.invalidArgument, "Failed to format this callback filepath: \"\(template)\". Reason: '\(name)'")
            }
            switch field {
            case .int(let value):
                if let last = spec.last, "eEfFgG%".contains(last) {
                    out += try PythonFormat.format(Double(value), spec: spec)
                } else {
                    out += try PythonFormat.format(value, spec: spec)
                }
            case .float(let value):
                out += try PythonFormat.format(value, spec: spec)
            }
        }
        return out
    }
}
