import Foundation
import KTensor

/// `keras.datasets.fashion_mnist.load_data()` and `keras.datasets.mnist.load_data()` over local
/// copies only (nothing is downloaded). Files are searched in order:
/// 1. Keras' own cache: `~/.keras/datasets/<name>/` with Keras' file names (for MNIST also
///    Keras' `~/.keras/datasets/mnist.npz`),
/// 2. `/usr/share/datasets/<name>/` (Debian's `dataset-fashion-mnist` package).
/// `KERAS_HOME` replaces `~/.keras` as Keras does.
public enum KerasDatasets {
    /// A train/test split as `load_data()` returns it: uint8 images and labels.
    public struct Split {
        public var train: (x: Tensor, y: Tensor)
        public var test: (x: Tensor, y: Tensor)
    }

    /// The error when no copy of a data set exists: names every path searched.
    public struct NotFound: Error, CustomStringConvertible {
        public let dataset: String
        public let searched: [String]
        public var description: String {
            "no local copy of the \(dataset) data set; looked for "
                + searched.joined(separator: ", ")
                + ". kscript does not download data sets: install Debian's dataset-fashion-mnist package (scripts/setup does), "
                + "or copy Keras' files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz, "
                + "t10k-labels-idx1-ubyte.gz) into ~/.keras/datasets/\(dataset)/"
        }
    }

    static let idxFiles = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]

    /// Keras' cache directory (`$KERAS_HOME` or `~/.keras`) joined with `datasets`.
    static var kerasCache: String {
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["KERAS_HOME"], !home.isEmpty { return (home as NSString).appendingPathComponent("datasets") }
        let user = environment["HOME"] ?? NSHomeDirectory()
        return ((user as NSString).appendingPathComponent(".keras") as NSString).appendingPathComponent("datasets")
    }

    /// Directories holding the IDX files of `name`, in search order.
    public static func searchDirectories(_ name: String, systemDirectory: String = "/usr/share/datasets") -> [String] {
        [(kerasCache as NSString).appendingPathComponent(name), (systemDirectory as NSString).appendingPathComponent(name)]
    }

    /// Fashion-MNIST: 60,000 training and 10,000 test images of 28×28.
    public static func fashionMNIST(directories: [String]? = nil) throws -> Split {
        try loadIDX("fashion-mnist", directories: directories ?? searchDirectories("fashion-mnist"))
    }

    /// MNIST, from Keras' `mnist.npz` or from IDX files.
    public static func mnist(directories: [String]? = nil) throws -> Split {
        let npz = (kerasCache as NSString).appendingPathComponent("mnist.npz")
        if directories == nil && FileManager.default.fileExists(atPath: npz) {
            let arrays = try NPZFile.read(contentsOf: npz)
            func array(_ key: String) throws -> Tensor {
                guard let t = arrays.first(where: { $0.name == key })?.tensor else {
                    throw TensorError(.invalidArgument, "\(npz): no '\(key)' array")
                }
                return t
            }
            return Split(train: (try array("x_train"), try array("y_train")), test: (try array("x_test"), try array("y_test")))
        }
        do {
            return try loadIDX("mnist", directories: directories ?? searchDirectories("mnist"))
        } catch let e as NotFound where directories == nil {
            throw NotFound(dataset: "mnist", searched: [npz] + e.searched)
        }
    }

    /// Reads the four IDX files from the first directory that has all of them.
    static func loadIDX(_ name: String, directories: [String]) throws -> Split {
        let fm = FileManager.default
        var searched: [String] = []
        for directory in directories {
            let paths = idxFiles.map { (directory as NSString).appendingPathComponent($0) }
            searched.append(directory + "/")
            guard paths.allSatisfy({ fm.fileExists(atPath: $0) }) else { continue }
            let tensors = try readConcurrently(paths)
            let split = Split(train: (tensors[0], tensors[1]), test: (tensors[2], tensors[3]))
            try check(split, name: name, directory: directory)
            return split
        }
        throw NotFound(dataset: name, searched: searched)
    }

    /// Inflates the files on parallel threads (the images dominate; this halves wall time on
    /// two cores).
    static func readConcurrently(_ paths: [String]) throws -> [Tensor] {
        var results = [Result<Tensor, Error>](repeating: .failure(CancellationError()), count: paths.count)
        results.withUnsafeMutableBufferPointer { buffer in
            let slots = buffer
            DispatchQueue.concurrentPerform(iterations: paths.count) { i in
                slots[i] = Result { try IDXFile.read(contentsOf: paths[i]) }
            }
        }
        return try results.map { try $0.get() }
    }

    /// Images must be (n, rows, cols), labels (n,), with matching counts.
    static func check(_ split: Split, name: String, directory: String) throws {
        for (x, y, part) in [(split.train.x, split.train.y, "train"), (split.test.x, split.test.y, "t10k")] {
            guard x.rank == 3, y.rank == 1, x.shape[0] == y.shape[0] else {
                throw TensorError(.invalidArgument, "\(directory): the \(part) images \(x.shape) and labels \(y.shape) of \(name) do not match")
            }
        }
    }
}
