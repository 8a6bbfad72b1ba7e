import Foundation
import KTensor

/// A text file opened with `open()`: reads the whole file at open (read modes) and buffers
/// writes until `flush`/`close`.
public final class PyFile: PyObject {
    public let name: String
    public let mode: String
    private var content: [UInt8] = []
    private var position = 0
    private var pending: [UInt8] = []
    public private(set) var isClosed = false
    let readable: Bool
    let writable: Bool

    public init(path: String, mode: String) throws {
        self.name = path
        self.mode = mode
        let base = mode.replacingOccurrences(of: "t", with: "")
        let valid = ["r", "w", "a", "x", "r+", "w+", "a+", "rb", "wb", "ab"]
        guard valid.contains(base) else { throw PyException.valueError("invalid mode: '\(mode)'") }
        readable = base.hasPrefix("r") || base.contains("+")
        writable = !base.hasPrefix("r") || base.contains("+")
        super.init(type: BuiltinTypes.textFile)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists && isDirectory.boolValue {
            throw PyException.osError(BuiltinTypes.isADirectoryError, errno: EISDIR, message: "Is a directory", filename: path)
        }
        if base.hasPrefix("r") {
            guard exists else {
                throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: ENOENT, message: "No such file or directory", filename: path)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PyException.osError(BuiltinTypes.permissionError, errno: EACCES, message: "Permission denied", filename: path)
            }
            content = Array(data)
        } else if base.hasPrefix("x") && exists {
            throw PyException.osError(BuiltinTypes.fileExistsError, errno: EEXIST, message: "File exists", filename: path)
        } else if base.hasPrefix("w") || base.hasPrefix("x") {
            guard FileManager.default.createFile(atPath: path, contents: Data()) else {
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty && !FileManager.default.fileExists(atPath: dir) {
                    throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: ENOENT, message: "No such file or directory", filename: path)
                }
                throw PyException.osError(BuiltinTypes.permissionError, errno: EACCES, message: "Permission denied", filename: path)
            }
        } else if base.hasPrefix("a") && !exists {
            guard FileManager.default.createFile(atPath: path, contents: Data()) else {
                throw PyException.osError(BuiltinTypes.fileNotFoundError, errno: ENOENT, message: "No such file or directory", filename: path)
            }
        }
    }

    private func checkOpen() throws {
        if isClosed { throw PyException.valueError("I/O operation on closed file.") }
    }

    public func read(_ count: Int = -1) throws -> String {
        try checkOpen()
        guard readable else { throw PyException(BuiltinTypes.osError, "not readable") }
        let end = count < 0 ? content.count : min(content.count, position + count)
        let text = String(decoding: content[position..<end], as: UTF8.self)
        position = end
        return text
    }

    /// The next line including its newline, or "" at end of file.
    public func readLine() throws -> String {
        try checkOpen()
        guard readable else { throw PyException(BuiltinTypes.osError, "not readable") }
        if position >= content.count { return "" }
        var end = position
        while end < content.count && content[end] != 10 { end += 1 }
        if end < content.count { end += 1 }
        let text = String(decoding: content[position..<end], as: UTF8.self)
        position = end
        return text
    }

    public func write(_ text: String) throws -> Int {
        try checkOpen()
        guard writable else { throw PyException(BuiltinTypes.osError, "not writable") }
        pending.append(contentsOf: text.utf8)
        if pending.count > 1 << 16 { try flush() }
        return text.unicodeScalars.count
    }

    public func flush() throws {
        if pending.isEmpty { return }
        guard let handle = FileHandle(forWritingAtPath: name) else {
            throw PyException.osError(BuiltinTypes.osError, errno: EIO, message: "cannot write", filename: name)
        }
        handle.seekToEndOfFile()
        handle.write(Data(pending))
        handle.closeFile()
        pending.removeAll()
    }

    public func close() throws {
        if isClosed { return }
        try flush()
        isClosed = true
    }

    deinit {
        try? flush()
    }
}

/// `sys.stdout` / `sys.stderr`: file-like objects writing to the process console.
public final class PyConsoleStream: PyObject {
    public let stream: ConsoleStream
    init(_ stream: ConsoleStream) {
        self.stream = stream
        super.init(type: PyConsoleStream.type)
    }

    nonisolated(unsafe) static let type: PyType = {
        let t = BuiltinTypes.make("TextIOWrapper")
        t.module = "_io"
        t.defineRawMethod("write", "s, /") { _, a in
            guard let me = a[0].object as? PyConsoleStream else { return .none }
            guard let s = a.count > 1 ? a[1].stringValue : nil else {
                throw PyException.typeError("write() argument must be str, not \(a.count > 1 ? a[1].type.name : "nothing")")
            }
            Console.shared.write(s, to: me.stream)
            return .int(s.unicodeScalars.count)
        }
        t.defineRawMethod("flush", "") { _, _ in
            Console.shared.flush()
            return .none
        }
        t.defineRawMethod("isatty", "") { _, a in
            guard let me = a[0].object as? PyConsoleStream else { return .bool(false) }
            return .bool(isatty(me.stream == .stdout ? STDOUT_FILENO : STDERR_FILENO) != 0)
        }
        t.defineProperty("name", get: { _, v in .str((v.object as? PyConsoleStream)?.stream == .stdout ? "<stdout>" : "<stderr>") })
        t.defineProperty("encoding", get: { _, _ in .str("utf-8") })
        return t
    }()
}
