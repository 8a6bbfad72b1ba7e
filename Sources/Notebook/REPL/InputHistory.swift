import Foundation

/// The persistent input history (`~/.kscript_history`): one entry per cell, deduplicated
/// (a repeated cell moves to the end) and bounded. Each entry is stored as one JSON string
/// literal per line, so multi-line cells come back as one entry.
struct InputHistory {
    let path: String
    let limit: Int
    private(set) var entries: [String] = []

    init(path: String, limit: Int = 5000) {
        self.path = path
        self.limit = limit
        guard let data = FileManager.default.contents(atPath: path) else { return }
        var loaded: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            guard let lineData = line.data(using: .utf8),
                  let entry = try? JSONDecoder().decode(String.self, from: lineData) else { continue }
            loaded.append(entry)
        }
        entries = InputHistory.deduplicated(loaded, limit: limit)
        if entries.count != loaded.count { rewrite() }
    }

    /// Adds `entry` at the end, dropping an older identical entry.
    mutating func add(_ entry: String) {
        let trimmed = entry.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return }
        let hadDuplicate = entries.contains(trimmed)
        entries.removeAll { $0 == trimmed }
        entries.append(trimmed)
        if hadDuplicate || entries.count > limit {
            entries = Array(entries.suffix(limit))
            rewrite()
        } else {
            append(trimmed)
        }
    }

    /// Keeps the last occurrence of every entry, at most `limit` entries.
    static func deduplicated(_ entries: [String], limit: Int) -> [String] {
        var seen = Set<String>()
        var result: [String] = []
        for entry in entries.reversed() where !seen.contains(entry) {
            seen.insert(entry)
            result.append(entry)
            if result.count == limit { break }
        }
        return result.reversed()
    }

    private static func encode(_ entry: String) -> String {
        (try? JSONEncoder().encode(entry)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }

    private func append(_ entry: String) {
        let line = InputHistory.encode(entry) + "\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        } else {
            FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
        }
    }

    private func rewrite() {
        let text = entries.map { InputHistory.encode($0) + "\n" }.joined()
        try? AtomicFile.write(Data(text.utf8), to: path)
    }
}
