import Foundation
import KScript
import XCTest
@testable import Notebook

/// Saving and restoring workspaces without a terminal.
final class SessionTests: SessionTestCase {
    /// Runs `cells`, saves, restores into a fresh interpreter and returns the new executor.
    private func roundTrip(_ cells: [String], notice: inout String?) throws -> CellExecutor {
        let first = makeExecutor()
        for cell in cells {
            first.execute(cell)
            if case .error(_, _, let traceback)? = first.cells.last?.outputs.last { XCTFail(traceback) }
        }
        let saving = try openController()
        notice = try saving.save(first)
        saving.store.release()
        let second = makeExecutor()
        let report = try openController().restore(into: second)
        XCTAssertEqual(report.failures, [])
        return second
    }

    private func evaluate(_ executor: CellExecutor, _ expression: String) throws -> String {
        let value = try executor.interpreter.run(source: expression, filename: "<test>", in: executor.module, interactive: true)
        return try executor.interpreter.repr(value)
    }

    func testScriptValuesSharingAndCyclesSurvive() throws {
        var notice: String?
        let restored = try roundTrip([
            "i, f, s, b, n = -9223372036854775807 - 1, 0.1, 'naïve\\n', b'\\x00\\xff', None",
            "special = [float('nan'), float('inf'), -0.0, True, 1e308]",
            "shared = [1, 2]; pair = (shared, shared); d = {'self': None, (1, 2): frozenset({3}), 4: {5}}; d['self'] = d",
            "loop = []; loop.append(loop)",
            "r, sl, e = range(1, 10, 3), slice(1, None, 2), ...",
        ], notice: &notice)
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "i, f, s, b, n"), "(-9223372036854775808, 0.1, 'naïve\\n', b'\\x00\\xff', None)")
        XCTAssertEqual(try evaluate(restored, "special"), "[nan, inf, -0.0, True, 1e+308]")
        XCTAssertEqual(try evaluate(restored, "pair[0] is pair[1] is shared, d['self'] is d, d[(1, 2)], d[4]"), "(True, True, frozenset({3}), {5})")
        XCTAssertEqual(try evaluate(restored, "loop[0] is loop, r, sl, e"), "(True, range(1, 10, 3), slice(1, None, 2), Ellipsis)")
    }

    func testFunctionsClassesInstancesAndModulesAreRestoredFromSource() throws {
        var notice: String?
        let restored = try roundTrip([
            "import math as m\nfrom math import sqrt",
            "SCALE = 3",
            "def scaled(v, acc=[]):\n    \"Scales.\"\n    acc.append(v)\n    return SCALE * v",
            "scaled(1); scaled(2)",
            "class Base:\n    kind = 'base'\n    def describe(self):\n        return f'{self.kind}:{self.value}'",
            "class Leaf(Base):\n    kind = 'leaf'\n    def __init__(self, value):\n        self.value = value",
            "leaf = Leaf(m.pi); alias = scaled; square = lambda x: x * x; method = Leaf.describe; bound = leaf.describe",
        ], notice: &notice)
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "scaled(2), alias is scaled, SCALE"), "(6, True, 3)")
        XCTAssertEqual(try evaluate(restored, "leaf.describe(), isinstance(leaf, Base), square(4), sqrt(16.0), m.floor(2.5)"),
                       "('leaf:3.141592653589793', True, 16, 4.0, 2)")
        XCTAssertEqual(try evaluate(restored, "method(leaf), bound(), scaled.__doc__"), "('leaf:3.141592653589793', 'leaf:3.141592653589793', 'Scales.')")
    }

    func testMutatedDefaultsAndLogAreKept() throws {
        var notice: String?
        let restored = try roundTrip(["def collect(v, acc=[]):\n    acc.append(v)\n    return acc", "collect(1)", "collect(2)"], notice: &notice)
        XCTAssertEqual(try evaluate(restored, "collect(3)"), "[1, 2, 3]")
        XCTAssertEqual(restored.cells.map(\.number), [1, 2, 3])
        XCTAssertEqual(restored.executionCount, 4)
        XCTAssertEqual(try evaluate(restored, "Out[3], In[2], _2"), "([1, 2, 3], 'collect(1)', [1, 2, 3])")
    }

    func testUnsaveableValuesAreNamedOnce() throws {
        let executor = makeExecutor()
        executor.execute("gen = (i for i in range(3))\nfh = open('\(root)/x.txt', 'w')\nok = 1")
        let controller = try openController()
        XCTAssertEqual(try controller.save(executor), "Not saved in session 's': gen (generator), fh (TextIOWrapper)")
        XCTAssertNil(try controller.save(executor))
        executor.execute("def outer():\n    y = 1\n    def inner():\n        return y\n    return inner\nclosure = outer()")
        XCTAssertEqual(try controller.save(executor), "Not saved in session 's': closure (function (nested))")
        executor.execute("Made = type('Made', (), {'x': 1})")
        XCTAssertEqual(try controller.save(executor), "Not saved in session 's': Made (type (no class statement))")
    }

    func testUnchangedWorkspaceIsNotRewrittenAndOldFilesGo() throws {
        let executor = makeExecutor()
        executor.execute("x = [1, 2, 3]")
        let controller = try openController()
        try controller.save(executor)
        let directory = controller.store.directory
        func workspaces() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("workspace-") }
        }
        let first = try workspaces()
        XCTAssertEqual(first.count, 1)
        try controller.save(executor)
        XCTAssertEqual(try workspaces(), first, "identical workspace bytes are not written again")
        executor.execute("x.append(4)")
        try controller.save(executor)
        let second = try workspaces()
        XCTAssertEqual(second.count, 1)
        XCTAssertNotEqual(second, first, "a changed workspace gets a new file and the old one is removed")
    }

    func testCrashLeftoversDoNotDisturbLoading() throws {
        let executor = makeExecutor()
        executor.execute("kept = 'yes'")
        let controller = try openController()
        try controller.save(executor)
        controller.store.release()
        let directory = controller.store.directory
        // What a kill -9 in the middle of the next save can leave: a half-written temporary
        // file, a complete new workspace the manifest does not name yet, a stray blob.
        try Data("{\"glob".utf8).write(to: URL(fileURLWithPath: directory + "/workspace-99.json" + AtomicFile.temporaryMarker + "123"))
        try Data("{\"globals\": [], \"objects\": []}".utf8).write(to: URL(fileURLWithPath: directory + "/workspace-98.json"))
        try FileManager.default.createDirectory(atPath: directory + "/blobs", withIntermediateDirectories: true)
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: directory + "/blobs/98-1.npy"))
        try Data("{\"form".utf8).write(to: URL(fileURLWithPath: directory + "/session.json" + AtomicFile.temporaryMarker + "123"))

        let restored = makeExecutor()
        let reopened = try openController()
        _ = try reopened.restore(into: restored)
        XCTAssertEqual(try evaluate(restored, "kept"), "'yes'")
        try reopened.save(restored)
        let remaining = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        XCTAssertEqual(remaining.filter { $0 != ".lock" && $0 != "blobs" }.count, 2, "\(remaining)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/blobs"), [])
    }

    func testDamagedAndForeignDirectoriesAreRefused() throws {
        let executor = makeExecutor()
        executor.execute("a = 1")
        let controller = try openController("d")
        try controller.save(executor)
        controller.store.release()
        let manifest = controller.store.directory + "/session.json"
        let valid = try XCTUnwrap(FileManager.default.contents(atPath: manifest))

        for (bytes, expected) in [(valid.prefix(40), "session.json is truncated or invalid"),
                                  (Data("{\"format\": \"other\"}".utf8), "session.json is not a kscript session manifest"),
                                  (Data(String(decoding: valid, as: UTF8.self).replacingOccurrences(of: "\"version\":1", with: "\"version\":7").utf8),
                                   "format version 7")] {
            try bytes.write(to: URL(fileURLWithPath: manifest))
            let reopened = try openController("d")
            XCTAssertThrowsError(try reopened.restore(into: makeExecutor())) { error in
                guard case SessionStore.Problem.damaged(let reason) = error else { return XCTFail("\(error)") }
                XCTAssertTrue(reason.contains(expected), reason)
            }
            reopened.store.release()
            XCTAssertEqual(FileManager.default.contents(atPath: manifest), bytes, "a failed load writes nothing")
        }

        let foreign = root + "/f"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: URL(fileURLWithPath: foreign + "/notes.txt"))
        XCTAssertThrowsError(try SessionStore(name: "f", root: root).open()) { error in
            guard case SessionStore.Problem.foreign = error else { return XCTFail("\(error)") }
        }

        let held = try openController("busy")
        XCTAssertThrowsError(try SessionStore(name: "busy", root: root).open()) { error in
            guard case SessionStore.Problem.busy = error else { return XCTFail("\(error)") }
        }
        held.store.release()
    }

    func testNativeValuesGoThroughRegisteredCodecsIntoBlobFiles() throws {
        let type = PyType.native(name: "Blobby", module: "sessiontest", doc: "A test native type.")
        final class Blobby: PyObject {
            var payload: [UInt8]
            init(type: PyType, payload: [UInt8]) {
                self.payload = payload
                super.init(type: type)
            }
        }
        SessionCodecs.register(typeName: "sessiontest.Blobby", encode: { _, object in
            SessionBlob(data: Data((object as? Blobby)?.payload ?? []), fileExtension: "bin")
        }, decode: { _, saved in
            .object(Blobby(type: type, payload: Array(try saved.data())))
        })
        let executor = makeExecutor()
        let blob = Blobby(type: type, payload: [7, 8, 9])
        executor.module["one"] = .object(blob)
        executor.module["both"] = PyTuple.make([.object(blob), .object(blob)])
        let controller = try openController()
        try controller.save(executor)
        let blobs = controller.store.directory + "/blobs"
        let files = try FileManager.default.contentsOfDirectory(atPath: blobs)
        XCTAssertEqual(files.count, 1, "one object shared by two names is one file")
        let path = blobs + "/" + files[0]
        let written = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date
        usleep(20_000)
        try controller.save(executor)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date, written,
                       "an unchanged native value is not rewritten")
        controller.store.release()

        let restored = makeExecutor()
        _ = try openController().restore(into: restored)
        guard case .object(let o)? = restored.module["one"], let back = o as? Blobby else { return XCTFail("not restored") }
        XCTAssertEqual(back.payload, [7, 8, 9])
        XCTAssertEqual(try evaluate(restored, "both[0] is both[1] is one"), "True")
    }

    func testArraysTensorsAndVariablesAreSavedAsNpyFiles() throws {
        var notice: String?
        let restored = try roundTrip([
            "import numpy as np\nimport tensorflow as tf",
            "a = np.arange(6, dtype='float32').reshape(2, 3); view = a[:, 1]; s = a[0, 1]; same = [a, a]",
            "t = tf.constant([1, 2]); v = tf.Variable([1.5, 2.5], name='w', trainable=False)",
        ], notice: &notice)
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "a, view, s, same[0] is same[1] is a"),
                       "(array([[0., 1., 2.],\n       [3., 4., 5.]], dtype=float32), array([1., 4.], dtype=float32), 1.0, True)")
        XCTAssertEqual(try evaluate(restored, "type(s).__name__, t, v, v.trainable"),
                       "('float32', <tf.Tensor: shape=(2,), dtype=int32, numpy=array([1, 2], dtype=int32)>, "
                       + "<tf.Variable 'w:0' shape=(2,) dtype=float32, numpy=array([1.5, 2.5], dtype=float32)>, False)")
        let blobs = root + "/s/blobs"
        let files = try FileManager.default.contentsOfDirectory(atPath: blobs).sorted()
        XCTAssertEqual(files.count, 5, "\(files)")
        XCTAssertTrue(files.allSatisfy { $0.hasSuffix(".npy") })
        for file in files {
            XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: blobs + "/" + file)).prefix(6), Data([0x93] + Array("NUMPY".utf8)))
        }
    }

    func testValuesThatFailToRestoreAreKeptUntilTheirNameIsReused() throws {
        let type = PyType.native(name: "Kept", module: "sessiontest", doc: "A test native type.")
        SessionCodecs.register(typeName: "sessiontest.Kept", encode: { _, _ in SessionBlob(data: Data([1, 2]), fileExtension: "bin") },
                               decode: { _, _ in .object(PyObject(type: type)) })
        let executor = makeExecutor()
        executor.module["kept"] = .object(PyObject(type: type))
        executor.execute("other = 5")
        let controller = try openController()
        try controller.save(executor)
        controller.store.release()
        let directory = controller.store.directory
        let workspaceName = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("workspace-") })
        let text = try String(contentsOfFile: directory + "/" + workspaceName, encoding: .utf8)
        try Data(text.replacingOccurrences(of: "sessiontest.Kept", with: "sessiontest.Unavailable").utf8)
            .write(to: URL(fileURLWithPath: directory + "/" + workspaceName))

        let restored = makeExecutor()
        let reopened = try openController()
        let report = try reopened.restore(into: restored)
        XCTAssertEqual(report.failures, ["kept: ImportError: no session codec for sessiontest.Unavailable is available"])
        XCTAssertNil(restored.module["kept"])
        restored.execute("other += 1")
        try reopened.save(restored)
        func savedText() throws -> String {
            let name = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("workspace-") })
            return try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        XCTAssertTrue(try savedText().contains("sessiontest.Unavailable"), "the unrestored value is written back")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/blobs").count, 1)
        restored.execute("kept = 'new'")
        try reopened.save(restored)
        XCTAssertFalse(try savedText().contains("sessiontest.Unavailable"), "rebinding the name replaces it")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory + "/blobs").count, 0)
    }
}
