import Foundation
import KScript
import KTensor
import XCTest

/// Feeds mutated conformance cases and random token streams through the whole pipeline
/// (lexer, parser, compiler, VM) in-process, each run under a step budget so infinite loops
/// end. Any Swift trap kills the process: the input being run is always saved first to
/// `.build/fuzz/current.kscript`, which `scripts/fuzz` then reports. A run that makes no
/// progress for 30 s is reported as a hang with its input saved.
///
/// `KSCRIPT_FUZZ_INPUTS` sets the number of inputs (default: a 3,000-input slice);
/// `KSCRIPT_FUZZ_SEED` the random seed.
final class FuzzTests: XCTestCase {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { n <= 0 ? 0 : Int(next() % UInt64(n)) }
        mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
    }

    static let vocabulary: [String] = [
        "def", "class", "return", "if", "elif", "else", "for", "while", "in", "not", "and", "or", "is", "lambda",
        "try", "except", "finally", "raise", "from", "import", "with", "as", "yield", "global", "nonlocal", "del",
        "pass", "break", "continue", "assert", "None", "True", "False", "print", "len", "range", "x", "y", "self",
        "super", "__init__", "0", "1", "2", "-1", "3.5", "1e9", "'s'", "\"t\"", "f'{x}'", "[", "]", "(", ")", "{", "}",
        ":", ",", ".", "=", "==", "+", "-", "*", "**", "/", "//", "%", "<", ">", "<=", "!=", "+=", "*", "@", "->",
        ";", "\\", "\n", "\n    ", "\n        ", "#", "...", "'''", "int", "str", "list", "dict", "set", "tuple",
        "isinstance", "sorted", "sum", "min", "max", "zip", "enumerate", "map", "next", "iter", "Exception", "ValueError",
        "9223372036854775807", "(-9223372036854775807-1)", "1e308", "float('nan')", "float('inf')", "()", ".append()",
        ".pop()", ".split()", ".join(", "[::-1]", "[1:]", "'%d'", ".format(", "round(", "divmod(", "pow(", "chr(", "range(",
    ]

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func corpus() -> [String] {
        let base = root.appendingPathComponent("tests/lang")
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else { return [] }
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "kscript" }.sorted { $0.path < $1.path }
            .compactMap { try? String(contentsOf: $0, encoding: .utf8) }
    }

    static func mutate(_ source: String, _ g: inout Generator) -> String {
        var lines = source.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let rounds = 1 + g.below(4)
        for _ in 0..<rounds where !lines.isEmpty {
            let i = g.below(lines.count)
            switch g.below(9) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: g.below(lines.count))
            case 2: lines.swapAt(i, g.below(lines.count))
            case 3: lines[i] = String(repeating: " ", count: g.below(9)) + lines[i].trimmingCharacters(in: .whitespaces)
            case 4:
                var chars = Array(lines[i])
                if !chars.isEmpty { chars.remove(at: g.below(chars.count)) }
                lines[i] = String(chars)
            case 5:
                var chars = Array(lines[i])
                chars.insert(contentsOf: Array(g.pick(vocabulary)), at: g.below(chars.count + 1))
                lines[i] = String(chars)
            case 6:
                var words = lines[i].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if !words.isEmpty { words[g.below(words.count)] = g.pick(vocabulary) }
                lines[i] = words.joined(separator: " ")
            case 7:
                var chars = Array(lines[i])
                if !chars.isEmpty {
                    let printable = Array(" !\"#$%&'()*+,-./0123456789:;<=>?@[\\]^_`{|}~abcxyzABC")
                    chars[g.below(chars.count)] = g.pick(printable)
                }
                lines[i] = String(chars)
            default:
                let cut = g.below(lines.count + 1)
                lines = Array(lines[..<cut])
            }
        }
        return lines.joined(separator: "\n")
    }

    static func randomTokens(_ g: inout Generator) -> String {
        (0..<(3 + g.below(60))).map { _ in g.pick(vocabulary) }.joined(separator: g.below(3) == 0 ? "" : " ")
    }

    func testFuzzPipeline() throws {
        let environment = ProcessInfo.processInfo.environment
        let total = Int(environment["KSCRIPT_FUZZ_INPUTS"] ?? "") ?? 3000
        let seed = UInt64(environment["KSCRIPT_FUZZ_SEED"] ?? "") ?? 20261126
        let corpus = Self.corpus()
        XCTAssertFalse(corpus.isEmpty)
        let outputDirectory = Self.root.appendingPathComponent(".build/fuzz")
        try FileManager.default.createDirectory(at: outputDirectory, withIntermediateDirectories: true)
        let currentFile = outputDirectory.appendingPathComponent("current.kscript")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-fuzz-\(getpid())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let savedDirectory = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(savedDirectory)
            try? FileManager.default.removeItem(at: scratch)
        }

        let progress = ManagedCounter()
        let finished = DispatchSemaphore(value: 0)
        var outcomes: [String: Int] = [:]
        let worker = Thread {
            var g = Generator(state: seed)
            var interpreter = Interpreter(argv: ["fuzz"], scriptDirectory: Self.root.appendingPathComponent("tests/lang/modules").path)
            interpreter.builtins.defineFunction("input", "prompt=''") { _, _ in throw PyException(BuiltinTypes.eofError, "EOF when reading a line") }
            for index in 0..<total {
                if index % 200 == 0 {
                    interpreter = Interpreter(argv: ["fuzz"], scriptDirectory: Self.root.appendingPathComponent("tests/lang/modules").path)
                    interpreter.builtins.defineFunction("input", "prompt=''") { _, _ in throw PyException(BuiltinTypes.eofError, "EOF when reading a line") }
                }
                let source = g.below(4) == 0 ? Self.randomTokens(&g) : Self.mutate(g.pick(corpus), &g)
                try? source.write(to: currentFile, atomically: false, encoding: .utf8)
                interpreter.stepBudget = 20_000
                interpreter.recursionLimit = 200
                let module = interpreter.makeMainModule(filename: "<fuzz>")
                var kind = "ok"
                _ = Console.shared.capture {
                    do {
                        try interpreter.run(source: source, filename: "<fuzz>", in: module)
                    } catch let e as PyException {
                        kind = e.type.name
                    } catch {
                        kind = "swift error"
                    }
                }
                Interruption.clear()
                outcomes[kind, default: 0] += 1
                progress.increment()
            }
            finished.signal()
        }
        worker.stackSize = 512 << 20
        worker.start()
        var lastSeen = -1
        var lastChange = Date()
        while finished.wait(timeout: .now() + 1) == .timedOut {
            let now = progress.value
            if now != lastSeen {
                lastSeen = now
                lastChange = Date()
            } else if Date().timeIntervalSince(lastChange) > 30 {
                let hang = outputDirectory.appendingPathComponent("hang-\(seed)-\(now).kscript")
                try? FileManager.default.copyItem(at: currentFile, to: hang)
                XCTFail("fuzz input \(now) made no progress for 30 s; saved to \(hang.path)")
                FileManager.default.changeCurrentDirectoryPath(savedDirectory)
                exit(1)
            }
        }
        XCTAssertEqual(progress.value, total)
        XCTAssertNotNil(outcomes["SyntaxError"], "mutations should produce syntax errors")
        XCTAssertNotNil(outcomes["ok"], "some inputs should run to completion")
        let summary = outcomes.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print("fuzz: \(total) inputs, seed \(seed): \(summary)")
    }
}

/// A counter shared between the fuzz worker and the watchdog.
final class ManagedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
    func increment() {
        lock.lock()
        count += 1
        lock.unlock()
    }
}
