import Foundation
import KTensor
import Keras

/// The native modules `keras.datasets`, `keras.datasets.fashion_mnist`,
/// `keras.datasets.mnist`, `keras.utils` (its array utilities, and `plot_model` from the
/// Keras bridge) and `keras.preprocessing.sequence` (`pad_sequences`). The `keras` root module
/// (the Keras bridge's) imports them as its `datasets` and `utils` attributes.
enum KerasDataModules {
    static func install() {
        Interpreter.builtinModuleFactories["keras.datasets"] = { interp in
            let m = PyModule(name: "keras.datasets")
            m["fashion_mnist"] = .object(try interp.loadModule("keras.datasets.fashion_mnist"))
            m["mnist"] = .object(try interp.loadModule("keras.datasets.mnist"))
            return m
        }
        Interpreter.builtinModuleFactories["keras.datasets.fashion_mnist"] = { _ in
            let m = PyModule(name: "keras.datasets.fashion_mnist")
            m.defineFunction("load_data", "", doc: "Loads the Fashion-MNIST dataset from a local copy.") { _, _ in
                try splitValue { try KerasDatasets.fashionMNIST() }
            }
            return m
        }
        Interpreter.builtinModuleFactories["keras.datasets.mnist"] = { _ in
            let m = PyModule(name: "keras.datasets.mnist")
            m.defineFunction("load_data", "path='mnist.npz'", doc: "Loads the MNIST dataset from a local copy.") { _, _ in
                try splitValue { try KerasDatasets.mnist() }
            }
            return m
        }
        Interpreter.builtinModuleFactories["keras.utils"] = { makeUtils($0) }
        Interpreter.builtinModuleFactories["keras.preprocessing"] = { interp in
            let m = PyModule(name: "keras.preprocessing")
            m["sequence"] = .object(try interp.loadModule("keras.preprocessing.sequence"))
            return m
        }
        Interpreter.builtinModuleFactories["keras.preprocessing.sequence"] = { interp in
            let m = PyModule(name: "keras.preprocessing.sequence")
            m["pad_sequences"] = try interp.loadModule("keras.utils")["pad_sequences"]
            return m
        }
    }

    /// `((x_train, y_train), (x_test, y_test))` as uint8 arrays.
    static func splitValue(_ load: () throws -> KerasDatasets.Split) throws -> Value {
        do {
            let s = try load()
            return PyTuple.make([
                PyTuple.make([ArrayBridge.ndarray(s.train.x), ArrayBridge.ndarray(s.train.y)]),
                PyTuple.make([ArrayBridge.ndarray(s.test.x), ArrayBridge.ndarray(s.test.y)]),
            ])
        } catch let e as KerasDatasets.NotFound {
            throw PyException(BuiltinTypes.fileNotFoundError, e.description)
        }
    }

    /// `pad_sequences`: the sequences as rows of one array of `maxlen` steps (by default the
    /// longest), each cut to its last (`truncating='pre'`) or first `maxlen` steps and placed
    /// at the end (`padding='pre'`) or the start of its row, the rest `value`.
    static func padSequences(_ args: BoundArguments, _ interp: Interpreter) throws -> Value {
        guard let items = try? interp.collect(args["sequences"]) else { throw PyException.valueError("`sequences` must be iterable.") }
        var rows: [Tensor] = []
        var sampleShape: [Int]?
        for (position, item) in items.enumerated() {
            let row: Tensor
            do { row = try ArrayBridge.tensor(from: item) } catch { row = Tensor(scalar: 0.0) }
            guard row.rank >= 1 else {
                throw PyException.valueError("`sequences` must be a list of iterables. Found non-iterable: \(try interp.str(item))")
            }
            if sampleShape == nil, row.shape[0] > 0 { sampleShape = Array(row.shape.dropFirst()) }
            if row.shape[0] > 0, let expected = sampleShape, Array(row.shape.dropFirst()) != expected {
                throw PyException.valueError("Shape of sample \(ArrayBridge.shapeText(Array(row.shape.dropFirst()))) of sequence at position \(position) is different from expected shape \(ArrayBridge.shapeText(expected))")
            }
            rows.append(row)
        }
        guard args["value"].stringValue == nil else { throw PyException.valueError("kscript's pad_sequences pads with numbers; `value` was a string") }
        guard !rows.isEmpty || !args["maxlen"].isNone else {
            throw PyException.valueError("zero-size array to reduction operation maximum which has no identity")
        }
        let maxlen = args["maxlen"].isNone ? rows.map { $0.shape[0] }.max() ?? 0 : try args.int("maxlen")
        let padding = try args.string("padding"), truncating = try args.string("truncating")
        guard padding == "pre" || padding == "post" else { throw PyException.valueError("Padding type \"\(padding)\" not understood") }
        guard truncating == "pre" || truncating == "post" else { throw PyException.valueError("Truncating type \"\(truncating)\" not understood") }
        let dtype = try ArrayBridge.dtype(from: args["dtype"]) ?? .int32
        let shape = sampleShape ?? []
        let width = shape.reduce(1, *)
        let fill = try ArrayBridge.tensor(from: args["value"], dtype: dtype)
        var out = [Double](repeating: fill.doubleValue(atOffset: fill.offset), count: rows.count * maxlen * width)
        for (r, row) in rows.enumerated() where row.shape[0] > 0 {
            let steps = Swift.min(row.shape[0], maxlen == 0 ? row.shape[0] : maxlen)
            guard steps <= maxlen else {
                throw PyException.valueError("could not broadcast input array from shape \(ArrayBridge.shapeText([steps] + shape)) into shape \(ArrayBridge.shapeText([0] + shape))")
            }
            let values = try row.cast(to: dtype).contiguousCopy().doubles()
            let from = truncating == "pre" ? row.shape[0] - steps : 0
            let to = padding == "post" ? 0 : maxlen - steps
            for k in 0..<(steps * width) { out[(r * maxlen + to) * width + k] = values[from * width + k] }
        }
        return ArrayBridge.ndarray(try Tensor(shape: [rows.count, maxlen] + shape, values: out).cast(to: dtype))
    }

    static func makeUtils(_ interp: Interpreter) -> PyModule {
        let m = PyModule(name: "keras.utils")
        m["plot_model"] = .object(PlotModel.function)
        m.defineFunction("to_categorical", "y, num_classes=None, dtype='float32'") { _, args in
            var y = try ArrayBridge.tensor(from: args["y"])
            if y.dtype.isFloatingPoint { y = try y.cast(to: .int64) }
            var shape = y.shape
            if shape.count > 1 && shape.last == 1 { shape.removeLast() }
            let flat = y.flattened()
            let classes = args["num_classes"].isNone ? Int(try flat.count == 0 ? 0 : flat.max().scalarInt64()) + 1 : try args.int("num_classes")
            let d = try ArrayBridge.dtype(from: args["dtype"]) ?? .float32
            for v in flat.int64s() where v < 0 || v >= Int64(classes) {
                throw PyException.indexError("index \(v) is out of bounds for axis 1 with size \(classes)")
            }
            let encoded = try Tensor.oneHot(flat, depth: classes, dtype: d)
            return ArrayBridge.ndarray(try encoded.reshaped(shape + [classes]))
        }
        m.defineFunction("set_random_seed", "seed") { interp, args in
            guard let seed = args["seed"].intValue else {
                throw PyException.valueError("Expected `seed` argument to be an integer. Received: seed=\(try interp.repr(args["seed"])) (of type \(args["seed"].type.name))")
            }
            let random = try interp.loadModule("random")
            _ = try interp.callMethod(.object(random), "seed", [.int(seed)])
            _ = try interp.loadModule("numpy.random")  // created first, so its start-up seeding comes before ours
            NumPyRandomModule.global.seed(UInt32(truncatingIfNeeded: seed))
            setRandomSeed(UInt32(truncatingIfNeeded: seed))
            return .none
        }
        m.defineFunction("timeseries_dataset_from_array", "data, targets, sequence_length, sequence_stride=1, sampling_rate=1, batch_size=128, shuffle=False, seed=None, start_index=None, end_index=None") { interp, args in
            func optionalInt(_ name: String) throws -> Int? { args[name].isNone ? nil : try args.int(name) }
            let data = try ArrayBridge.tensor(from: args["data"])
            let targets = args["targets"].isNone ? nil : try ArrayBridge.tensor(from: args["targets"])
            let dataset = try Dataset.timeseries(
                data: data, targets: targets, sequenceLength: try args.int("sequence_length"),
                sequenceStride: try args.int("sequence_stride"), samplingRate: try args.int("sampling_rate"),
                batchSize: try optionalInt("batch_size"), shuffle: try args.bool("shuffle"),
                seed: try optionalInt("seed").map { UInt32(truncatingIfNeeded: $0) },
                startIndex: try optionalInt("start_index"), endIndex: try optionalInt("end_index"))
            return .object(DatasetObject(dataset, kind: args["batch_size"].isNone ? "_PrefetchDataset" : "_BatchDataset"))
        }
        m.defineFunction("pad_sequences", "sequences, maxlen=None, dtype='int32', padding='pre', truncating='pre', value=0.0") { interp, args in
            try padSequences(args, interp)
        }
        m.defineFunction("normalize", "x, axis=-1, order=2") { _, args in
            let x = try ArrayBridge.tensor(from: args["x"])
            guard try args.int("order") == 2 else { throw PyException.valueError("kscript's normalize supports order=2 only") }
            let source = x.dtype.isFloatingPoint ? x : try x.cast(to: .float64)
            var norm = try source.square().sum(axes: [try args.int("axis")], keepDims: true).sqrt()
            let zero = try Tensor.equal(norm, Tensor(scalar: 0.0, dtype: norm.dtype))
            norm = try Tensor.where(zero, Tensor(scalar: 1.0, dtype: norm.dtype), norm)
            return ArrayBridge.ndarray(try source / norm)
        }
        return m
    }
}
