import Foundation
import XCTest

/// Runs model-building scripts through the built `kscript` binary (`KSCRIPT_BINARY`, else
/// `.build/debug/kscript`) and compares standard output byte for byte with real Keras 2.12's
/// (fixtures made by `Fixtures/summaries/generate.py`): the reference summaries, the extra
/// summary cases, and the chapter's model-building examples.
final class ScriptSummaryTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["KSCRIPT_BINARY"], !path.isEmpty { return URL(fileURLWithPath: path) }
        return root.appendingPathComponent(".build/debug/kscript")
    }

    struct Outcome {
        var stdout: String
        var stderr: String
        var status: Int32
    }

    static func run(_ script: URL) throws -> Outcome {
        let process = Process()
        process.executableURL = binary
        process.arguments = [script.path]
        process.currentDirectoryURL = script.deletingLastPathComponent()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var stdout = Data(), stderr = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { stdout = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        group.enter()
        DispatchQueue.global().async { stderr = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { usleep(2000) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        group.wait()
        return Outcome(stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self), status: process.terminationStatus)
    }

    /// Runs each script and compares with its expected output. A script that stops only
    /// because `model.compile` does not exist yet (training lands in another branch) is
    /// reported, not failed, and checked in full once it exists.
    func check(_ cases: [(script: URL, expected: URL)]) throws {
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: Self.binary.path), "kscript binary not built at \(Self.binary.path)")
        var waiting: [String] = []
        for (script, expectedFile) in cases {
            let name = script.lastPathComponent
            let expected = try String(contentsOf: expectedFile, encoding: .utf8)
            let outcome = try Self.run(script)
            if outcome.status != 0, outcome.stderr.contains("has no attribute 'compile'") {
                waiting.append(name)
                XCTAssertTrue(expected.hasPrefix(outcome.stdout), "\(name): output before compile differs:\n\(outcome.stdout)")
                continue
            }
            XCTAssertEqual(outcome.status, 0, "\(name) failed:\n\(outcome.stderr)")
            XCTAssertEqual(outcome.stdout, expected, "\(name)")
        }
        if !waiting.isEmpty { print("ScriptSummaryTests: waiting for model.compile: \(waiting)") }
    }

    func testSummaryScriptsPrintWhatKerasPrints() throws {
        let directory = Self.fixtures.appendingPathComponent("summaries")
        let scripts = try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "py" && $0.lastPathComponent != "generate.py" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertGreaterThanOrEqual(scripts.count, 19)
        try check(scripts.map { ($0, $0.deletingPathExtension().appendingPathExtension("txt")) })
    }

    func testChapterModelExamplesPrintWhatKerasPrints() throws {
        let chapter = URL(fileURLWithPath: ProcessInfo.processInfo.environment["KSCRIPT_CHAPTER_DIR"] ?? "/work/shared/chapter")
        let expected = try FileManager.default.contentsOfDirectory(at: Self.fixtures.appendingPathComponent("chapter"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "out" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        XCTAssertEqual(expected.count, 8)
        try check(expected.map { (chapter.appendingPathComponent($0.deletingPathExtension().lastPathComponent + ".kscript"), $0) })
    }

    func testShapeErrorNamesLayerAndScriptLine() throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-shape-error-\(getpid()).kscript")
        try """
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Dense(64, input_shape=(784,)), layers.Dense(10)])
        inputs = keras.Input(shape=(32,))
        model.layers[1](inputs)
        """.write(to: script, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: script) }
        let outcome = try Self.run(script)
        XCTAssertNotEqual(outcome.status, 0)
        XCTAssertTrue(outcome.stderr.contains("line 5"), outcome.stderr)
        XCTAssertTrue(outcome.stderr.hasSuffix("ValueError: Input 0 of layer \"dense_1\" is incompatible with the layer: expected axis -1 of input shape to have value 64, but received input with shape (None, 32)\n"), outcome.stderr)
    }
}
