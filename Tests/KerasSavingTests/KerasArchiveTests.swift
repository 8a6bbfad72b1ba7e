import XCTest
import KTensor
@testable import Keras

/// The `.keras` container against files Keras 3 wrote (Fixtures/keras3, made by
/// make_keras3_fixtures.py): layout, variables equal to the arrays Keras reported, round
/// trips, and damaged or foreign files.
final class KerasArchiveTests: XCTestCase {
    /// The weight paths of each fixture in `model.weights` order, as Keras 3 lays them out.
    static let layouts: [String: [String]] = [
        "batchnorm": ["layers/dense", "layers/batch_normalization", "layers/dense_1"],
        "multi_input": ["layers/dense", "layers/dense_1", "layers/dense_2", "layers/dense_3", "layers/dense_4"],
        "embedding_lstm": ["layers/embedding", "layers/lstm/cell", "layers/lstm_1/cell", "layers/dense"],
    ]

    func testKeras3FilesHoldTheVariablesKerasReported() throws {
        for (name, paths) in KerasArchiveTests.layouts {
            let archive = try KerasArchive.read(from: fixturePath("keras3/\(name).keras"))
            XCTAssertEqual(archive.metadata["keras_version"], .string("3.15.1"))
            let expected = try NPZFile.read(contentsOf: fixturePath("keras3/\(name)_weights.npz"))
            let stored = paths.flatMap { archive.weights.node(atPath: $0)?.variables ?? [] }
            XCTAssertEqual(stored.count, expected.count, name)
            for (tensor, reference) in zip(stored, expected) {
                XCTAssertEqual(tensor.shape, reference.tensor.shape, "\(name) \(reference.name)")
                XCTAssertEqual(rawBytes(tensor), rawBytes(reference.tensor), "\(name) \(reference.name)")
            }
            let optimizer = try XCTUnwrap(archive.weights.node(atPath: "optimizer")?.variables)
            let expectedOptimizer = try NPZFile.read(contentsOf: fixturePath("keras3/\(name)_opt.npz"))
            XCTAssertEqual(optimizer.count, expectedOptimizer.count)
            for (tensor, reference) in zip(optimizer, expectedOptimizer) {
                XCTAssertEqual(rawBytes(tensor), rawBytes(reference.tensor), "\(name) optimizer \(reference.name)")
            }
            XCTAssertEqual(archive.weights.node(atPath: "optimizer")?.name?.hasPrefix("adam"), true)
        }
    }

    func testKeras3ConfigIsReadInOrder() throws {
        let archive = try KerasArchive.read(from: fixturePath("keras3/mlp.keras"))
        XCTAssertEqual(archive.config.objectValue?.map(\.key),
                       ["module", "class_name", "config", "registered_name", "build_config", "compile_config"])
        XCTAssertEqual(archive.config["class_name"], .string("Sequential"))
        let layers = try XCTUnwrap(archive.config["config"]?["layers"]?.arrayValue)
        XCTAssertEqual(layers.map { $0["class_name"]?.stringValue }, ["InputLayer", "Dense", "Dense", "Dense"])
        XCTAssertEqual(layers[1]["config"]?["units"], .int(64))
        XCTAssertEqual(archive.config["compile_config"]?["optimizer"]?["config"]?["learning_rate"], .double(0.0010000000474974513))
        XCTAssertEqual(archive.weights.name, "sequential")
        XCTAssertEqual(archive.weights.node(atPath: "layers/dense")?.name, "dense")
    }

    func testRoundTripKeepsConfigAndEveryBit() throws {
        for name in ["mlp", "multi_input", "batchnorm", "embedding_lstm"] {
            let original = try KerasArchive.read(from: fixturePath("keras3/\(name).keras"))
            let path = temporaryPath(self, "\(name).keras")
            try original.write(to: path)
            let copy = try KerasArchive.read(from: path)
            XCTAssertEqual(copy.config, original.config)
            XCTAssertEqual(copy.metadata, original.metadata)
            assertSameTree(copy.weights, original.weights, path: name)
        }
    }

    private func assertSameTree(_ a: WeightTree, _ b: WeightTree, path: String) {
        XCTAssertEqual(a.name, b.name, path)
        XCTAssertEqual(a.variables?.map(rawBytes), b.variables?.map(rawBytes), path)
        XCTAssertEqual(a.variables?.map(\.shape), b.variables?.map(\.shape), path)
        XCTAssertEqual(a.children.map(\.name).sorted(), b.children.map(\.name).sorted(), path)
        for (name, child) in a.children {
            guard let other = b.child(name) else { continue }
            assertSameTree(child, other, path: path + "/" + name)
        }
    }

    func testJSONIsWrittenAsPythonWritesIt() throws {
        let value = KerasJSON.object([
            ("a", .array([.int(1), .double(0.001), .double(1e-07), .double(100), .null, .bool(true)])),
            ("s", .string("q\"\\\n é😀")), ("n", .double(.nan)), ("e", .object([])),
        ])
        // json.dumps({"a": [1, 0.001, 1e-07, 100.0, None, True], "s": "q\"\\\n é😀", "n": float("nan"), "e": {}})
        XCTAssertEqual(value.text, #"{"a": [1, 0.001, 1e-07, 100.0, null, true], "s": "q\"\\\n \u00e9\ud83d\ude00", "n": NaN, "e": {}}"#)
        XCTAssertEqual(try KerasJSONParser.parse(Array(value.text.utf8), source: "t"), value)
    }

    func testMalformedJSONIsAnError() {
        for text in ["", "{", "{\"a\" 1}", "[1,]", "\"\\x\"", "{\"a\": 1} x", String(repeating: "[", count: 300)] {
            XCTAssertThrowsError(try KerasJSONParser.parse(Array(text.utf8), source: "config.json"), text) { error in
                XCTAssertTrue((error as? SavingError)?.message.hasPrefix("config.json is not valid JSON") == true, "\(error)")
            }
        }
    }

    func testDamagedAndForeignFilesGiveClearErrors() throws {
        let bytes = try fixtureBytes("keras3/batchnorm.keras")
        let path = temporaryPath(self, "bad.keras")
        func attempt(_ data: [UInt8]) -> String? {
            FileManager.default.createFile(atPath: path, contents: Data(data))
            do {
                _ = try KerasArchive.read(from: path)
                return nil
            } catch let error as SavingError {
                return error.message
            } catch {
                return "unexpected \(error)"
            }
        }
        XCTAssertEqual(attempt([]), "\(path): not a .keras file (not a readable zip archive)")
        XCTAssertEqual(attempt(Array("hello".utf8)), "\(path): not a .keras file (not a readable zip archive)")
        XCTAssertEqual(attempt(try fixtureBytes("h5/types.h5")), "\(path): not a .keras file (not a readable zip archive)")
        XCTAssertEqual(attempt(try fixtureBytes("keras3/batchnorm_weights.npz")), "\(path): not a .keras file (the archive has no config.json)")
        for length in [30, bytes.count / 3, bytes.count / 2, bytes.count - 30] {
            let message = attempt(Array(bytes.prefix(length)))
            XCTAssertNotNil(message, "truncated to \(length)")
            XCTAssertTrue(message?.hasPrefix(path) == true, message ?? "")
        }
        // A byte changed inside the weights entry: the CRC catches it before HDF5 sees it.
        var flipped = bytes
        flipped[bytes.count / 2] ^= 0x5A
        XCTAssertEqual(attempt(flipped), "\(path): entry 'model.weights.h5' is corrupt (CRC-32 checksum mismatch)")
        var generator = SplitMix(seed: 5)
        for _ in 0..<60 {
            var damaged = bytes
            let start = Int(generator.next() % UInt64(bytes.count - 8))
            for offset in start..<(start + 8) { damaged[offset] = UInt8(truncatingIfNeeded: generator.next()) }
            _ = attempt(damaged)
        }
        XCTAssertEqual(try? KerasArchive.read(from: "/nonexistent/m.keras").config, nil)
        XCTAssertThrowsError(try KerasArchive.read(from: "/nonexistent/m.keras")) { error in
            XCTAssertEqual((error as? SavingError)?.message,
                           "File not found: filepath=/nonexistent/m.keras. Please ensure the file is an accessible `.keras` zip file.")
        }
    }

    func testArchiveWithBadConfigOrWeights() throws {
        let path = temporaryPath(self, "odd.keras")
        try KerasArchive.writeZip([("config.json", Array("{\"class_name\": ".utf8))], to: path)
        XCTAssertThrowsError(try KerasArchive.read(from: path)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("config.json is not valid JSON: unexpected end of text") == true, "\(error)")
        }
        try KerasArchive.writeZip([("config.json", Array("[1, 2]".utf8))], to: path)
        XCTAssertThrowsError(try KerasArchive.read(from: path)) { error in
            XCTAssertTrue((error as? SavingError)?.message.contains("does not describe a model") == true, "\(error)")
        }
        let config = Array(#"{"class_name": "Sequential", "config": {}}"#.utf8)
        try KerasArchive.writeZip([("config.json", config)], to: path)
        XCTAssertThrowsError(try KerasArchive.read(from: path)) { error in
            XCTAssertEqual((error as? SavingError)?.message, "\(path): the archive has no model.weights.h5")
        }
        try KerasArchive.writeZip([("config.json", config), ("model.weights.h5", Array("not hdf5 at all".utf8))], to: path)
        XCTAssertThrowsError(try KerasArchive.read(from: path)) { error in
            XCTAssertEqual((error as? SavingError)?.message, "\(path): model.weights.h5: not an HDF5 file")
        }
    }
}
