import Foundation
import KScript
import XCTest
@testable import Notebook

/// Tab completion contexts and the input history file.
final class CompletionAndHistoryTests: XCTestCase {
    private func completer(_ setup: String, directory: String = NSTemporaryDirectory()) throws -> Completer {
        let interpreter = Interpreter(argv: [""], scriptDirectory: directory)
        let module = interpreter.makeMainModule(filename: "<stdin>")
        try interpreter.run(source: setup, filename: "<setup>", in: module)
        return Completer(interpreter: interpreter, module: module, magicNames: Magics.names)
    }

    func testNamesKeywordsAttributesAndModuleMembers() throws {
        let c = try completer("import math as m\nclass Box:\n    def __init__(self):\n        self.width = 1\n    def widen(self): pass\nbox = Box()\nwhile_count = 3")
        XCTAssertEqual(c.complete("whi").candidates, ["while", "while_count"])
        XCTAssertEqual(c.complete("x = box.wi").candidates, ["widen", "width"])
        XCTAssertEqual(c.complete("box.wi").replacementStart, 4)
        XCTAssertEqual(c.complete("m.fl").candidates, ["floor"])
        XCTAssertEqual(c.complete("'abc'.startsw").candidates, ["startswith"])
        XCTAssertEqual(c.complete("(1).bit_").candidates, [], "only names and literals of str are evaluated")
        XCTAssertTrue(c.complete("box._").candidates.contains("__init__"), "private names when asked for")
        XCTAssertFalse(c.complete("box.").candidates.contains("__init__"))
        XCTAssertEqual(c.complete("from math import is").candidates, ["isclose", "isfinite", "isinf", "isnan", "isqrt"])
        XCTAssertTrue(c.complete("import ma").candidates.contains("math"))
        XCTAssertEqual(c.complete("%ti").candidates, ["time", "timeit"])
    }

    func testDictKeysAndPathsInsideStrings() throws {
        let directory = NSTemporaryDirectory() + "kscript-completion-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try Data().write(to: URL(fileURLWithPath: directory + "/data/train.csv"))
        let c = try completer("config = {'learning_rate': 0.1, 'layers': 2, 3: 'x'}")
        let keys = c.complete("config['l")
        XCTAssertEqual(keys.candidates, ["learning_rate']", "layers']"])
        XCTAssertEqual(keys.replacementStart, 8)
        XCTAssertEqual(c.complete("config[\"lea").candidates, ["learning_rate\"]"])
        XCTAssertEqual(c.complete("open('\(directory)/da").candidates, ["\(directory)/data/"])
        XCTAssertEqual(c.complete("open('\(directory)/data/t").candidates, ["\(directory)/data/train.csv"])
    }

    func testHistoryIsDeduplicatedBoundedAndKeepsMultiLineCells() throws {
        let path = NSTemporaryDirectory() + "kscript-history-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        var history = InputHistory(path: path, limit: 3)
        history.add("a = 1")
        history.add("def f():\n    return 1")
        history.add("a = 1")
        history.add("   ")
        XCTAssertEqual(history.entries, ["def f():\n    return 1", "a = 1"])
        history.add("b")
        history.add("c")
        XCTAssertEqual(history.entries, ["a = 1", "b", "c"])
        XCTAssertEqual(InputHistory(path: path, limit: 3).entries, ["a = 1", "b", "c"])
        let handle = try XCTUnwrap(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("\"b\"\nnot json\n\"d\\ne\"\n".utf8))
        try handle.close()
        XCTAssertEqual(InputHistory(path: path, limit: 3).entries, ["c", "b", "d\ne"], "reloading drops duplicates and junk lines")
    }

    func testTimeFormattingMatchesIPython() throws {
        let reference = try IPythonReference.load()
        for case let pair as [Any] in reference["format_time"] as? [Any] ?? [] {
            let seconds = try XCTUnwrap((pair[0] as? NSNumber)?.doubleValue)
            XCTAssertEqual(Magics.formatTime(seconds), pair[1] as? String, "\(seconds)")
        }
        XCTAssertEqual(Magics.grouped(1_000_000), "1,000,000")
    }
}

/// IPython 8.12's outputs (`Fixtures/ipython_reference.json`, from `make_ipython_reference.py`).
enum IPythonReference {
    static func load() throws -> [String: Any] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/ipython_reference.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
    }
}
