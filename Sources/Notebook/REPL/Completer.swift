import Foundation
import KScript

/// Tab completion for the notebook: names in scope and keywords, attributes of any value
/// (through `dir()`, so native types' attribute tables count), members of modules named in
/// `import`/`from ... import`, dict keys inside `d['...`, file paths inside other strings,
/// and magic names after `%`.
struct Completer {
    /// What to put in place of the text from `replacementStart` (a UTF-8 offset) to the cursor.
    struct Completion {
        var replacementStart: Int
        var candidates: [String]
    }

    let interpreter: Interpreter
    let module: PyModule
    let magicNames: [String]

    static let keywords = ["False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
                           "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
                           "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
                           "return", "try", "while", "with", "yield"]

    /// Completes the text before the cursor.
    func complete(_ before: String) -> Completion {
        let bytes = Array(before.utf8)
        if let quote = openStringStart(bytes) {
            let partial = String(decoding: bytes[(quote + 1)...], as: UTF8.self)
            if let keys = dictKeys(beforeQuote: String(decoding: bytes[..<quote], as: UTF8.self), quote: bytes[quote], partial: partial) {
                return Completion(replacementStart: quote + 1, candidates: keys)
            }
            return Completion(replacementStart: quote + 1, candidates: paths(partial))
        }
        let trimmed = before.drop { $0 == " " }
        if trimmed.hasPrefix("%") && !trimmed.contains(" ") {
            let partial = String(trimmed.dropFirst())
            return Completion(replacementStart: bytes.count - partial.utf8.count,
                              candidates: magicNames.filter { $0.hasPrefix(partial) }.sorted())
        }
        if let imported = importCompletion(before) { return imported }
        var start = bytes.count
        while start > 0, isWordByte(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") { start -= 1 }
        let word = String(decoding: bytes[start...], as: UTF8.self)
        guard let dot = word.lastIndex(of: ".") else {
            return Completion(replacementStart: start, candidates: names(prefix: word))
        }
        let attributePrefix = String(word[word.index(after: dot)...])
        var baseText = String(word[..<dot])
        if baseText.isEmpty, start > 0, bytes[start - 1] == UInt8(ascii: "\"") || bytes[start - 1] == UInt8(ascii: "'") {
            baseText = "''"
        }
        guard let base = evaluate(baseText) else { return Completion(replacementStart: start, candidates: []) }
        let attributes = attributeNames(base, prefix: attributePrefix)
        return Completion(replacementStart: bytes.count - attributePrefix.utf8.count, candidates: attributes)
    }

    private func isWordByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b >= 0x80
    }

    /// Index of the quote opening an unterminated string literal, if the cursor is in one.
    private func openStringStart(_ bytes: [UInt8]) -> Int? {
        var open: (index: Int, quote: UInt8)?
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if let current = open {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == current.quote { open = nil }
            } else if b == UInt8(ascii: "#") {
                return nil
            } else if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") {
                open = (i, b)
            }
            i += 1
        }
        return open?.index
    }

    /// Keys of the dict named just before `[` + quote, as completions closed by the quote and `]`.
    private func dictKeys(beforeQuote: String, quote: UInt8, partial: String) -> [String]? {
        guard beforeQuote.hasSuffix("[") else { return nil }
        let bytes = Array(beforeQuote.utf8.dropLast())
        var start = bytes.count
        while start > 0, isWordByte(bytes[start - 1]) || bytes[start - 1] == UInt8(ascii: ".") { start -= 1 }
        guard start < bytes.count, let value = evaluate(String(decoding: bytes[start...], as: UTF8.self)),
              case .object(let o) = value, let dict = o as? PyDict else { return nil }
        let close = String(UnicodeScalar(quote)) + "]"
        return dict.keys.compactMap(\.stringValue).filter { $0.hasPrefix(partial) }.map { $0 + close }
    }

    /// File names completing `partial` (directories end with `/`).
    private func paths(_ partial: String) -> [String] {
        let expanded = (partial as NSString).expandingTildeInPath
        let directoryPart: String
        let namePrefix: String
        if let slash = partial.lastIndex(of: "/") {
            directoryPart = String(partial[...slash])
            namePrefix = String(partial[partial.index(after: slash)...])
        } else {
            directoryPart = ""
            namePrefix = partial
        }
        let expandedDirectory = directoryPart.isEmpty ? "." : (expanded.hasSuffix("/") ? expanded : (expanded as NSString).deletingLastPathComponent + "/")
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: expandedDirectory) else { return [] }
        return entries.filter { $0.hasPrefix(namePrefix) && (namePrefix.hasPrefix(".") || !$0.hasPrefix(".")) }.sorted().map { name in
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: (expandedDirectory as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            return directoryPart + name + (isDirectory.boolValue ? "/" : "")
        }
    }

    /// `import ma|` offers module names; `from m import x|` offers the members of `m`.
    private func importCompletion(_ before: String) -> Completion? {
        let words = before.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        let endsWithSpace = before.hasSuffix(" ")
        let partial = endsWithSpace ? "" : (words.last ?? "")
        let start = before.utf8.count - partial.utf8.count
        if words.first == "from", words.count >= 3 || (words.count == 2 && endsWithSpace), words.contains("import") {
            guard let module = try? interpreter.loadModule(words[1]) else { return Completion(replacementStart: start, candidates: []) }
            return Completion(replacementStart: start, candidates: attributeNames(.object(module), prefix: partial))
        }
        if (words.first == "import" && (words.count == 2 || (words.count == 1 && endsWithSpace)))
            || (words.first == "from" && (words.count == 2 && !endsWithSpace || words.count == 1 && endsWithSpace)) {
            return Completion(replacementStart: start, candidates: moduleNames().filter { $0.hasPrefix(partial) })
        }
        return nil
    }

    /// Native modules, `stdlib/` modules and `.kscript` files next to the session.
    private func moduleNames() -> [String] {
        var names = Set(NativeModules.names)
        names.formUnion(["sys", "math", "json", "os", "time"])
        for directory in [interpreter.standardLibraryDirectory, FileManager.default.currentDirectoryPath].compactMap({ $0 }) {
            for file in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where file.hasSuffix(".kscript") {
                names.insert(String(file.dropLast(".kscript".count)))
            }
        }
        return names.sorted()
    }

    /// Module names, builtins and keywords starting with `prefix`.
    private func names(prefix: String) -> [String] {
        guard !prefix.isEmpty else { return [] }
        var all = Set(module.names)
        all.formUnion(interpreter.builtins.names)
        all.formUnion(Completer.keywords)
        return all.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix("_") || !$0.hasPrefix("_")) }.sorted()
    }

    /// Attribute names of `value` starting with `prefix` (private names only when asked for).
    func attributeNames(_ value: Value, prefix: String) -> [String] {
        var names = Set(interpreter.directory(value))
        if case .object(let o) = value, let type = o as? PyType, type.isNative {
            names.formUnion(type.attributes.keys.compactMap(\.stringValue))
        }
        return names.filter { $0.hasPrefix(prefix) && (prefix.hasPrefix("_") || !$0.hasPrefix("_")) }.sorted()
    }

    /// Evaluates a dotted name (or `''` for a string literal) without running arbitrary code:
    /// only global lookups and attribute reads.
    func evaluate(_ text: String) -> Value? {
        if text == "''" { return .str("") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard let first = parts.first, !first.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        guard var value = module[first] ?? interpreter.builtins[first] else { return nil }
        for part in parts.dropFirst() {
            guard let next = try? interpreter.getAttributeIfPresent(value, part) else { return nil }
            value = next
        }
        return value
    }
}
