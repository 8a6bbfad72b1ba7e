import Foundation
import KScript
import XCTest

/// Array files from scripts: damaged `.npy`/`.npz`/IDX files raise ValueError or OSError
/// (never crash), missing data sets name every path searched, and files kscript writes load in
/// NumPy (when `python3` with NumPy is installed).
final class ArrayFileBridgeTests: XCTestCase {
    static let fixtures = ArrayConformanceTests.directory.appendingPathComponent("fixtures")

    func exceptionLine(_ source: String) -> String {
        let (_, error) = runScript(source)
        return describe(error)
    }

    func testCorruptArrayFilesRaiseValueError() {
        for name in ["corrupt_truncated.npy", "corrupt_header.npy", "corrupt_truncated.npz", "corrupt_garbage.npz"] {
            let path = Self.fixtures.appendingPathComponent(name).path
            let line = exceptionLine("import numpy as np\nnp.load('\(path)')\n")
            XCTAssertTrue(line.hasPrefix("ValueError: "), "\(name): \(line)")
        }
        let magic = exceptionLine("import numpy as np\nnp.load('\(Self.fixtures.appendingPathComponent("corrupt_magic.npy").path)')\n")
        XCTAssertEqual(magic, "ValueError: Cannot load file containing pickled data when allow_pickle=False")
    }

    func testMissingArrayFileRaisesFileNotFoundError() {
        let line = exceptionLine("import numpy as np\nnp.load('/nonexistent/kscript.npy')\n")
        XCTAssertEqual(line, "FileNotFoundError: [Errno 2] No such file or directory: '/nonexistent/kscript.npy'")
    }

    /// A Keras cache directory whose fashion-mnist files are `images`/`labels` fixtures.
    func withKerasHome(images: String, labels: String, _ body: () -> Void) throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-keras-home-\(getpid())")
        let directory = home.appendingPathComponent("datasets/fashion-mnist")
        try? FileManager.default.removeItem(at: home)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        for (name, source) in [("train-images-idx3-ubyte.gz", images), ("t10k-images-idx3-ubyte.gz", images),
                               ("train-labels-idx1-ubyte.gz", labels), ("t10k-labels-idx1-ubyte.gz", labels)] {
            try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent(source), to: directory.appendingPathComponent(name))
        }
        let previous = ProcessInfo.processInfo.environment["KERAS_HOME"]
        setenv("KERAS_HOME", home.path, 1)
        defer { if let previous { setenv("KERAS_HOME", previous, 1) } else { unsetenv("KERAS_HOME") } }
        body()
    }

    static let loadFashion = "import keras.datasets.fashion_mnist as f\n(x, y), (xt, yt) = f.load_data()\nprint(x.shape, y.shape, x.dtype, y[:4], x[1, 0, :3])\n"

    func testLoaderReadsKerasCacheFirst() throws {
        ArrayConformanceTests.provideKerasRootIfMissing()
        try withKerasHome(images: "small_images.idx3-ubyte.gz", labels: "small_labels.idx1-ubyte.gz") {
            let (output, error) = runScript(Self.loadFashion)
            XCTAssertNil(error, describe(error))
            XCTAssertEqual(output, "(4, 28, 28) (4,) uint8 [9 0 3 1] [16 17 18]\n")
        }
    }

    func testCorruptIDXFilesRaiseValueError() throws {
        ArrayConformanceTests.provideKerasRootIfMissing()
        try withKerasHome(images: "corrupt_images_truncated.idx3-ubyte.gz", labels: "small_labels.idx1-ubyte.gz") {
            XCTAssertTrue(exceptionLine(Self.loadFashion).hasPrefix("ValueError: "), exceptionLine(Self.loadFashion))
        }
        try withKerasHome(images: "small_images.idx3-ubyte.gz", labels: "corrupt_labels_header.idx1-ubyte.gz") {
            XCTAssertTrue(exceptionLine(Self.loadFashion).hasPrefix("ValueError: "), exceptionLine(Self.loadFashion))
        }
    }

    func testMissingDataSetNamesEveryPathSearched() throws {
        ArrayConformanceTests.provideKerasRootIfMissing()
        try XCTSkipIf(FileManager.default.fileExists(atPath: "/usr/share/datasets/mnist"), "a system MNIST copy exists")
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-empty-keras-\(getpid())")
        setenv("KERAS_HOME", home.path, 1)
        defer { unsetenv("KERAS_HOME") }
        let line = exceptionLine("import keras.datasets.mnist as m\nm.load_data()\n")
        XCTAssertTrue(line.hasPrefix("FileNotFoundError: no local copy of the mnist data set"), line)
        for path in [home.path + "/datasets/mnist.npz", home.path + "/datasets/mnist/", "/usr/share/datasets/mnist/"] {
            XCTAssertTrue(line.contains(path), "\(path) not named in: \(line)")
        }
    }

    func testNumPyReadsFilesKScriptWrites() throws {
        let python = "/usr/bin/env"
        let probe = Process()
        probe.executableURL = URL(fileURLWithPath: python)
        probe.arguments = ["python3", "-c", "import numpy"]
        probe.standardError = FileHandle.nullDevice
        try probe.run()
        probe.waitUntilExit()
        try XCTSkipIf(probe.terminationStatus != 0, "python3 with NumPy is not installed")

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-npy-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let npy = directory.appendingPathComponent("a.npy").path, npz = directory.appendingPathComponent("b.npz").path
        let (written, error) = runScript("""
            import numpy as np
            a = np.arange(12, dtype=np.float32).reshape(3, 4)[:, ::-2] / 3
            np.save('\(npy)', a)
            np.savez_compressed('\(npz)', x=np.array([[1, 2]], dtype=np.uint8), flags=np.array([True, False]))
            print(repr(a))
            print(repr(np.array([[1, 2]], dtype=np.uint8)), repr(np.array([True, False])))
            """)
        XCTAssertNil(error, describe(error))
        let reader = Process()
        reader.executableURL = URL(fileURLWithPath: python)
        reader.arguments = ["python3", "-c", "import numpy as np; print(repr(np.load('\(npy)'))); z = np.load('\(npz)'); print(repr(z['x']), repr(z['flags']))"]
        let pipe = Pipe()
        reader.standardOutput = pipe
        try reader.run()
        let read = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        reader.waitUntilExit()
        XCTAssertEqual(read, written)
    }
}
