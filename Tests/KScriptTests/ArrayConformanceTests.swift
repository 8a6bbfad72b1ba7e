import Foundation
import KScript
import XCTest

/// Runs the array conformance cases (`tests/arrays/*.kscript`): every `# case: NAME` block in a
/// fresh interpreter, its output (plus the `Type: message` line of an escaping exception)
/// compared with what NumPy 1.23.5 / TensorFlow 2.12 printed for the same block
/// (`scripts/gen-array-out`, stored in the `.json` beside each case file). Cases run in a scratch
/// directory holding a copy of `tests/arrays/fixtures/`.
final class ArrayConformanceTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("tests/arrays")

    /// The `(name, source)` blocks of a case file.
    static func cases(in file: URL) throws -> [(name: String, source: String)] {
        let text = try String(contentsOf: file, encoding: .utf8)
        var result: [(name: String, source: String)] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("# case: ") {
                result.append((String(line.dropFirst(8)), ""))
            } else if !result.isEmpty {
                result[result.count - 1].source += line + "\n"
            }
        }
        if let last = result.last, last.source.hasSuffix("\n\n") { result[result.count - 1].source.removeLast() }
        return result
    }

    /// Until the Keras bridge provides the `keras` root module, cases reach `keras.utils`
    /// through a stand-in root that imports the data modules.
    static func provideKerasRootIfMissing() {
        let probe = Interpreter(argv: ["probe"])
        if (try? probe.loadModule("keras")) != nil { return }
        NativeModules.register("keras") { interp in
            let m = PyModule(name: "keras")
            m["datasets"] = .object(try interp.loadModule("keras.datasets"))
            m["utils"] = .object(try interp.loadModule("keras.utils"))
            return m
        }
    }

    func check(_ fileName: String) throws {
        Self.provideKerasRootIfMissing()
        let file = Self.directory.appendingPathComponent(fileName)
        let expectedData = try Data(contentsOf: file.deletingPathExtension().appendingPathExtension("json"))
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: expectedData) as? [String: String])
        let cases = try Self.cases(in: file)
        XCTAssertEqual(cases.count, expected.count, "case file and expected outputs disagree; rerun scripts/gen-array-out")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-array-cases-\(getpid())")
        try? FileManager.default.removeItem(at: scratch)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent("fixtures"), to: scratch.appendingPathComponent("fixtures"))
        let previous = FileManager.default.currentDirectoryPath
        FileManager.default.changeCurrentDirectoryPath(scratch.path)
        defer {
            FileManager.default.changeCurrentDirectoryPath(previous)
            try? FileManager.default.removeItem(at: scratch)
        }
        var failures: [String] = []
        for (name, source) in cases {
            let (output, error) = runScript(source)
            let actual = output + (error.map { describe($0) + "\n" } ?? "")
            guard let want = expected[name] else {
                failures.append("\(name): no expected output")
                continue
            }
            if actual != want { failures.append("\(name):\n--- expected\n\(want)--- got\n\(actual)") }
        }
        XCTAssertTrue(failures.isEmpty, "\(failures.count) of \(cases.count) cases differ:\n" + failures.joined(separator: "\n"))
    }

    func testNumPyCases() throws { try check("numpy_cases.kscript") }

    func testTensorFlowCases() throws { try check("tf_cases.kscript") }

    /// Convolution and pooling layers, their `tf.nn` functions, and eager masks.
    func testLayerCases() throws { try check("layer_cases.kscript") }

    /// Recurrent layers' `initial_state`, `dropout` and `recurrent_dropout`.
    func testRecurrentCases() throws { try check("recurrent_cases.kscript") }

    /// Preprocessing layers: `Normalization` and its `adapt`.
    func testPreprocessingCases() throws { try check("preprocessing_cases.kscript") }

    /// Metric classes beyond the chapter and their `get_config()`.
    func testMetricCases() throws { try check("metric_cases.kscript") }

    /// Optimizers beyond the chapter: Adamax and Adadelta, step by step.
    func testOptimizerCases() throws { try check("optimizer_cases.kscript") }

    func testArrayFileCases() throws { try check("file_cases.kscript") }

    func testTemporaryElisionCases() throws { try check("elision_cases.kscript") }
}
