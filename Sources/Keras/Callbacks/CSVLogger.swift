import Foundation
import KTensor

/// `keras.callbacks.CSVLogger(filename, separator=',', append=False)`: one row per epoch,
/// `epoch` then the log keys sorted, values as Python prints them, Excel line endings.
public final class CSVLogger: Callback {
    public let path: String
    public let separator: String
    public let append: Bool
    private var keys: [String]?
    private var handle: FileHandle?
    private var writeHeader = true

    public init(_ path: String, separator: String = ",", append: Bool = false) {
        self.path = path
        self.separator = separator
        self.append = append
    }

    public override func onTrainBegin(logs: Logs) throws {
        keys = nil
        let manager = FileManager.default
        if append, manager.fileExists(atPath: path) {
            let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            writeHeader = existing.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first?.isEmpty ?? true
        } else {
            writeHeader = true
            guard manager.createFile(atPath: path, contents: nil) else {
                throw TensorError(.runtime, "[Errno 2] No such file or directory: '\(path)'")
            }
        }
        guard let opened = FileHandle(forWritingAtPath: path) else {
            throw TensorError(.runtime, "[Errno 13] Permission denied: '\(path)'")
        }
        if append { opened.seekToEndOfFile() }
        handle = opened
    }

    public override func onEpochEnd(_ epoch: Int, logs: Logs) throws {
        let columns = keys ?? logs.keys.sorted()
        keys = columns
        var text = ""
        if writeHeader {
            text += (["epoch"] + columns).joined(separator: separator) + "\r\n"
            writeHeader = false
        }
        let stopping = model?.stopTraining ?? false
        let fields = columns.map { key -> String in
            guard let value = logs[key] else { return stopping ? "NA" : "" }
            return value.isNumPyFloat32 ? Float(value.value).description : PythonFormat.repr(value.value)
        }
        text += ([String(epoch)] + fields).joined(separator: separator) + "\r\n"
        handle?.write(Data(text.utf8))
    }

    public override func onTrainEnd(logs: Logs) throws {
        handle?.closeFile()
        handle = nil
    }
}
