import Foundation
import KTensor

/// Source lines of compiled files, for the source line under each traceback entry.
public enum SourceRegistry {
    nonisolated(unsafe) private static var sources: [String: [Substring]] = [:]

    /// Remembers `text` as the source of `filename` (REPL cells can register theirs too).
    public static func register(_ filename: String, _ text: String) {
        sources[filename] = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// Line `number` (1-based) of `filename`, if known.
    public static func line(_ filename: String, _ number: Int) -> String? {
        if sources[filename] == nil, !filename.hasPrefix("<"), let data = FileManager.default.contents(atPath: filename) {
            register(filename, String(decoding: data, as: UTF8.self))
        }
        guard let lines = sources[filename], number >= 1, number <= lines.count else { return nil }
        return String(lines[number - 1])
    }
}

extension Interpreter {
    /// The full CPython-style report of an uncaught exception, chained exceptions first.
    public func formatException(_ exception: PyException) -> String {
        var seen = Set<ObjectIdentifier>()
        return formatChain(exception, seen: &seen)
    }

    private func formatChain(_ e: PyException, seen: inout Set<ObjectIdentifier>) -> String {
        seen.insert(ObjectIdentifier(e))
        var out = ""
        if case .object(let c) = e.cause, let cause = c as? PyException, !seen.contains(ObjectIdentifier(cause)) {
            out += formatChain(cause, seen: &seen)
            out += "\nThe above exception was the direct cause of the following exception:\n\n"
        } else if !e.suppressContext, let context = e.context, !seen.contains(ObjectIdentifier(context)) {
            out += formatChain(context, seen: &seen)
            out += "\nDuring handling of the above exception, another exception occurred:\n\n"
        }
        out += formatSingle(e)
        return out
    }

    private func formatSingle(_ e: PyException) -> String {
        var out = ""
        if !e.traceback.isEmpty {
            out += "Traceback (most recent call last):\n"
            let entries = Array(e.traceback.reversed())
            var index = 0
            while index < entries.count {
                let entry = entries[index]
                var run = 1
                while index + run < entries.count && entries[index + run].filename == entry.filename
                    && entries[index + run].line == entry.line && entries[index + run].function == entry.function { run += 1 }
                for _ in 0..<min(run, 3) { out += formatEntry(entry) }
                if run > 3 {
                    let more = run - 3
                    out += "  [Previous line repeated \(more) more time\(more == 1 ? "" : "s")]\n"
                }
                index += run
            }
        }
        if e.type.isSubtype(of: BuiltinTypes.syntaxError), let d = e.dict, let file = d["filename"]?.stringValue,
           let line = d["lineno"]?.intValue {
            out += "  File \"\(file)\", line \(line)\n"
            if let text = d["text"]?.stringValue {
                let stripped = text.drop { $0 == " " || $0 == "\t" || $0 == "\u{0C}" }
                let removed = text.count - stripped.count
                var display = String(stripped)
                while display.hasSuffix(" ") || display.hasSuffix("\r") { display.removeLast() }
                out += "    \(display)\n"
                if let offset = d["offset"]?.intValue, offset >= 1 {
                    let column = max(0, min(offset - 1 - removed, display.count))
                    out += "    " + String(repeating: " ", count: column) + "^\n"
                }
            }
        }
        out += exceptionLine(e) + "\n"
        return out
    }

    private func formatEntry(_ entry: TracebackEntry) -> String {
        var out = "  File \"\(entry.filename)\", line \(entry.line), in \(entry.function)\n"
        if let text = SourceRegistry.line(entry.filename, entry.line) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty { out += "    \(trimmed)\n" }
        }
        return out
    }

    /// `Type: message` (with CPython's "Did you mean" suggestion for names and attributes).
    public func exceptionLine(_ e: PyException) -> String {
        var name = e.type.qualifiedName
        let module = e.type.attributes["__module__"]?.stringValue ?? e.type.module
        if module != "builtins" && module != "__main__" { name = module + "." + name }
        let message = (try? str(.object(e))) ?? "<exception str() failed>"
        var line = message.isEmpty ? name : "\(name): \(message)"
        if let suggestion = suggestion(for: e) { line += ". Did you mean: '\(suggestion)'?" }
        return line
    }

    private func suggestion(for e: PyException) -> String? {
        if e.type === BuiltinTypes.nameError || e.type === BuiltinTypes.unboundLocalError {
            guard let name = e.dict?["name"]?.stringValue else { return nil }
            for group in e.nameCandidates {
                if let s = Interpreter.closestName(to: name, in: group) { return s }
            }
            return nil
        }
        if e.type === BuiltinTypes.attributeError, let name = e.dict?["name"]?.stringValue, let object = e.dict?["obj"] {
            return Interpreter.closestName(to: name, in: directory(object))
        }
        return nil
    }

    /// CPython's suggestion algorithm: the closest candidate by a case-aware edit distance.
    static func closestName(to name: String, in candidates: [String]) -> String? {
        if candidates.count > 750 { return nil }
        var best: String?
        var bestDistance = Int.max
        for item in candidates where item != name {
            var maxDistance = (name.count + item.count + 3) * 2 / 6
            maxDistance = min(maxDistance, bestDistance - 1)
            let d = levenshtein(name, item, maxDistance)
            if d > maxDistance { continue }
            if best == nil || d < bestDistance {
                best = item
                bestDistance = d
            }
        }
        return best
    }

    static func levenshtein(_ aText: String, _ bText: String, _ maxCost: Int) -> Int {
        var a = Array(aText.utf8), b = Array(bText.utf8)
        if a == b { return 0 }
        while let x = a.first, let y = b.first, x == y { a.removeFirst(); b.removeFirst() }
        while let x = a.last, let y = b.last, x == y { a.removeLast(); b.removeLast() }
        if a.isEmpty || b.isEmpty { return (a.count + b.count) * 2 }
        if a.count > 40 || b.count > 40 { return maxCost + 1 }
        if b.count < a.count { swap(&a, &b) }
        if (b.count - a.count) * 2 > maxCost { return maxCost + 1 }
        func cost(_ x: UInt8, _ y: UInt8) -> Int {
            if x == y { return 0 }
            let lx = (x >= 65 && x <= 90) ? x + 32 : x, ly = (y >= 65 && y <= 90) ? y + 32 : y
            return lx == ly ? 1 : 2
        }
        var buffer = (0..<a.count).map { ($0 + 1) * 2 }
        var result = 0
        for (bIndex, bc) in b.enumerated() {
            var distance = bIndex * 2
            result = distance
            var minimum = Int.max
            for (index, ac) in a.enumerated() {
                let substitute = distance + cost(bc, ac)
                distance = buffer[index]
                let insertDelete = min(result, distance) + 2
                result = min(insertDelete, substitute)
                buffer[index] = result
                if result < minimum { minimum = result }
            }
            if minimum > maxCost { return maxCost + 1 }
        }
        return result
    }

    /// Writes an uncaught exception report to stderr.
    public func printException(_ e: PyException) {
        Console.shared.write(formatException(e), to: .stderr)
    }
}
