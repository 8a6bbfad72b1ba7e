import KTensor

/// More of TF's tensor functions, with TF's dtypes, edge cases and kernel errors: `tf.split`,
/// `tf.pad`, `tf.boolean_mask`, `tf.stop_gradient`, `tf.broadcast_to`, `tf.cumsum`,
/// `tf.reverse`, `tf.eye`, `tf.repeat`, `tf.add_n`, `tf.slice`, `tf.gather_nd`, `tf.linspace`,
/// `tf.sequence_mask`; under `tf.math` `reduce_logsumexp`, `divide_no_nan`, `l2_normalize`,
/// `top_k`, `in_top_k` and `confusion_matrix` (`l2_normalize`, `top_k` and `in_top_k` also
/// under `tf.nn`, as in TF).
extension TFModule {
    static func defineArrayFunctions(_ m: PyModule, _ math: PyModule, _ nn: PyModule) {
        m.defineFunction("split", "value, num_or_size_splits, axis=0, num=None, name='split'") { interp, args in
            let t = try tensor(args["value"])
            let axis = try args.int("axis")
            let parts: [Tensor]
            if let count = args["num_or_size_splits"].intValue {
                let a = try normalizeAxis(axis, rank: t.rank)
                guard count > 0, t.shape[a] % count == 0 else {
                    throw TFErrors.kernelError(node: "Split_num_split_\(count)", op: "Split", "Number of ways to split should evenly divide the split dimension, but got split_dim \(a) (size = \(t.shape[a])) and num_split \(count)", name: "split")
                }
                parts = try t.split(sections: count, axis: a)
            } else {
                let sizes = try tensor(args["num_or_size_splits"]).int64s().map { Int($0) }
                do {
                    parts = try t.split(sizes: sizes, axis: axis)
                } catch let error as TensorError {
                    throw TFErrors.kernelError(node: "SplitV_num_split_\(sizes.count)", op: "SplitV",
                                               error.message + "  Got: \(sizes.filter { $0 != -1 }.reduce(0, +))", name: "split")
                }
            }
            return .object(PyList(parts.map(wrap)))
        }
        m.defineFunction("pad", "tensor, paddings, mode='CONSTANT', constant_values=0, name=None") { _, args in
            let t = try tensor(args["tensor"])
            guard try args.string("mode").uppercased() == "CONSTANT" else {
                throw PyException(BuiltinTypes.notImplementedError, "kscript's tf.pad supports mode='CONSTANT' only")
            }
            let paddings = try tensor(args["paddings"])
            guard paddings.shape == [t.rank, 2] else {
                let dims = { (shape: [Int]) in shape.map(String.init).joined(separator: ",") }
                throw TFErrors.kernelError(node: "Pad", op: "Pad", "The first dimension of paddings must be the rank of inputs[\(dims(paddings.shape))] [\(dims(t.shape))]")
            }
            let amounts = paddings.int64s().map { Int($0) }
            let fill = try tensor(args["constant_values"], dtype: t.dtype)
            return wrap(try t.padded((0..<t.rank).map { (before: amounts[2 * $0], after: amounts[2 * $0 + 1]) }, value: fill.doubleValue(atOffset: fill.offset)))
        }
        m.defineFunction("boolean_mask", "tensor, mask, axis=None, name='boolean_mask'") { _, args in
            // The mask covers axes axis..<axis+mask.rank, which become one axis of the kept entries.
            let t = try tensor(args["tensor"]), mask = try tensor(args["mask"]).cast(to: .bool)
            let axis = args["axis"].isNone ? 0 : try normalizeAxis(try args.int("axis"), rank: t.rank)
            guard mask.rank >= 1, axis + mask.rank <= t.rank, Array(t.shape[axis..<(axis + mask.rank)]) == mask.shape else {
                throw PyException.valueError("Shapes \(ArrayBridge.shapeText(Array(t.shape.dropFirst(axis)))) and \(ArrayBridge.shapeText(mask.shape)) are incompatible")
            }
            let flat = try t.reshaped(Array(t.shape[..<axis]) + [mask.count] + Array(t.shape[(axis + mask.rank)...]))
            let kept = mask.int64s().enumerated().compactMap { $0.element != 0 ? Int64($0.offset) : nil }
            return wrap(try flat.take(try Tensor(shape: [kept.count], values: kept), axis: axis))
        }
        m.defineFunction("stop_gradient", "input, name=None") { _, args in wrap(try tensor(args["input"]).withoutGradient()) }
        m.defineFunction("broadcast_to", "input, shape, name=None") { _, args in
            wrap(try tensor(args["input"]).broadcast(to: try NumPyArguments.shape(args["shape"])))
        }
        let cumsum = m.defineFunction("cumsum", "x, axis=0, exclusive=False, reverse=False, name=None") { _, args in
            // TF keeps the input's dtype; exclusive sums start from 0, reverse ones from the end.
            let x = try tensor(args["x"])
            let axis = try normalizeAxis(try args.int("axis"), rank: Swift.max(x.rank, 1))
            let reverse = try args.bool("reverse")
            var source = reverse ? try x.flipped(axes: [axis]) : x
            if try args.bool("exclusive"), x.rank > 0, x.shape[axis] > 0 {
                var padding = [(before: Int, after: Int)](repeating: (0, 0), count: x.rank)
                padding[axis] = (1, 0)
                var keep = [TensorIndex](repeating: .all, count: x.rank)
                keep[axis] = .slice(start: 0, stop: x.shape[axis], step: 1)
                source = try source.padded(padding).indexed(keep)
            }
            let sums = try source.cumsum(axis: axis).cast(to: x.dtype)
            return wrap(reverse ? try sums.flipped(axes: [axis]) : sums)
        }
        math["cumsum"] = .object(cumsum)
        m.defineFunction("reverse", "tensor, axis, name=None") { _, args in
            wrap(try tensor(args["tensor"]).flipped(axes: try NumPyArguments.intList(args["axis"], what: "axis")))
        }
        m.defineFunction("eye", "num_rows, num_columns=None, batch_shape=None, dtype=None, name=None") { _, args in
            guard args["batch_shape"].isNone else { throw PyException(BuiltinTypes.notImplementedError, "kscript's tf.eye does not take batch_shape") }
            let columns = args["num_columns"].isNone ? nil : try args.int("num_columns")
            return wrap(try Tensor.eye(try args.int("num_rows"), columns, dtype: try ArrayBridge.dtype(from: args["dtype"]) ?? .float32))
        }
        m.defineFunction("repeat", "input, repeats, axis=None, name=None") { _, args in
            let x = try tensor(args["input"])
            let axis = args["axis"].isNone ? nil : try args.int("axis")
            if let count = args["repeats"].intValue { return wrap(try x.repeated(count, axis: axis)) }
            return wrap(try x.repeated(try NumPyArguments.intList(args["repeats"], what: "repeats"), axis: axis))
        }
        let addN = math.defineFunction("add_n", "inputs, name=None") { interp, args in
            let inputs = try interp.collect(args["inputs"]).map { try tensor($0) }
            guard var total = inputs.first else { throw PyException.valueError("inputs must be a list of at least one Tensor with the same dtype and shape") }
            for (i, t) in inputs.enumerated().dropFirst() {
                guard t.shape == total.shape else {
                    let dims = { (shape: [Int]) in "[" + shape.map(String.init).joined(separator: ",") + "]" }
                    throw TFErrors.kernelError(node: "AddN_N_\(inputs.count)", op: "AddN",
                                               "Inputs to operation AddN of type AddN must have the same size and shape.  Input 0: \(dims(inputs[0].shape)) != input \(i): \(dims(t.shape))")
                }
                guard t.dtype == total.dtype else { throw PyException.typeError("inputs to add_n must all have dtype \(total.dtype.name), got \(t.dtype.name)") }
                total = try Tensor.binary(.add, total, t)
            }
            return wrap(total)
        }
        m["add_n"] = .object(addN)
        math.defineFunction("divide_no_nan", "x, y, name=None") { _, args in
            let x = try tensor(args["x"]), y = try tensor(args["y"], dtype: x.dtype)
            let zero = Tensor(zeros: [], dtype: x.dtype)
            let safe = try Tensor.where(try Tensor.compare(.equal, y, zero), Tensor.ones([], dtype: x.dtype), y)
            return wrap(try Tensor.where(try Tensor.compare(.equal, y, zero), zero, try Tensor.binary(.divide, x, safe)))
        }
        let l2Normalize = math.defineFunction("l2_normalize", "x, axis=None, epsilon=1e-12, name=None, dim=None") { _, args in
            // TF: x · rsqrt(max(Σ x², epsilon)).
            let x = try tensor(args["x"])
            let squares = try Tensor.binary(.multiply, x, x).sum(axes: try axisList(args["axis"]), keepDims: true)
            let floor = Tensor(scalar: try args.double("epsilon"), dtype: x.dtype)
            return wrap(try Tensor.binary(.multiply, x, try Tensor.binary(.maximum, squares, floor).rsqrt()))
        }
        nn["l2_normalize"] = .object(l2Normalize)
        m.defineFunction("slice", "input_, begin, size, name=None") { _, args in
            let x = try tensor(args["input_"])
            let begin = try NumPyArguments.intList(args["begin"], what: "begin"), size = try NumPyArguments.intList(args["size"], what: "size")
            guard begin.count == x.rank, size.count == x.rank else {
                throw TFErrors.kernelError(node: "Slice", op: "Slice", "Expected begin and size arguments to be 1-D tensors of size \(x.rank), but got shapes [\(begin.count)] and [\(size.count)] instead.")
            }
            let items: [TensorIndex] = try (0..<x.rank).map { i in
                let length = size[i] == -1 ? x.shape[i] - begin[i] : size[i]
                guard begin[i] >= 0, length >= 0, begin[i] + length <= x.shape[i] else {
                    throw TFErrors.kernelError(node: "Slice", op: "Slice", "Expected size[\(i)] in [0, \(x.shape[i] - begin[i])], but got \(size[i])")
                }
                return .slice(start: begin[i], stop: begin[i] + length, step: 1)
            }
            return wrap(try x.indexed(items).contiguousCopy())
        }
        m.defineFunction("gather_nd", "params, indices, batch_dims=0, name=None") { _, args in
            // Each index row picks params[i0, ..., ik-1]: the first k axes flattened into one.
            guard try args.int("batch_dims") == 0 else { throw PyException(BuiltinTypes.notImplementedError, "kscript's tf.gather_nd takes batch_dims=0 only") }
            let params = try tensor(args["params"]), indices = try tensor(args["indices"])
            guard indices.dtype.isInteger, indices.rank >= 1, let k = indices.shape.last, k <= params.rank else {
                throw PyException.valueError("indices must be integers with a last axis of at most params' rank \(params.rank)")
            }
            let leading = Array(params.shape[..<k])
            let rows = indices.int64s()
            var flat: [Int64] = []
            flat.reserveCapacity(rows.count / Swift.max(k, 1))
            for start in stride(from: 0, to: rows.count, by: Swift.max(k, 1)) {
                var linear: Int64 = 0
                for j in 0..<k {
                    let i = rows[start + j]
                    guard i >= 0, i < Int64(leading[j]) else {
                        let row = rows[start..<(start + k)].map(String.init).joined(separator: ", ")
                        throw TFErrors.kernelError(node: "GatherNd", op: "GatherNd", "indices[\(start / k)] = [\(row)] does not index into param shape [\(params.shape.map(String.init).joined(separator: ","))], node name: GatherNd")
                    }
                    linear = linear * Int64(leading[j]) + i
                }
                flat.append(linear)
            }
            let table = try params.reshaped([leading.reduce(1, *)] + Array(params.shape[k...]))
            let picked = try table.take(try Tensor(shape: [flat.count], values: flat), axis: 0)
            return wrap(try picked.reshaped(Array(indices.shape.dropLast()) + Array(params.shape[k...])))
        }
        m.defineFunction("linspace", "start, stop, num, name=None, axis=0") { interp, args in
            let start = try tensor(args["start"]), stop = try tensor(args["stop"])
            guard start.rank == 0, stop.rank == 0 else { throw PyException(BuiltinTypes.notImplementedError, "kscript's tf.linspace takes scalar start and stop") }
            let num = try interp.toInt(ArrayBridge.arrayPayload(args["num"]).map { .int(Int($0.int64s()[0])) } ?? args["num"], what: "num")
            guard num >= 0 else { throw PyException(TFErrors.invalidArgument, "Requires delta != 0: 0 [Op:Range]") }
            // TF computes in the start's float type (float64 for integers): start + delta·i,
            // with the end points exact.
            let dtype: DType = start.dtype.isFloatingPoint ? start.dtype : .float64
            let a = start.doubleValue(atOffset: start.offset), b = stop.doubleValue(atOffset: stop.offset)
            var values: [Double]
            if dtype == .float32 {
                let first = Float(a), last = Float(b), delta = (last - first) / Float(Swift.max(num - 1, 1))
                values = [Double(first)] + (1..<Swift.max(num - 1, 1)).map { Double(first + delta * Float($0)) } + [Double(last)]
            } else {
                let delta = (b - a) / Double(Swift.max(num - 1, 1))
                values = [a] + (1..<Swift.max(num - 1, 1)).map { a + delta * Double($0) } + [b]
            }
            return wrap(try Tensor(shape: [num], values: Array(values.prefix(num))).cast(to: dtype))
        }
        m.defineFunction("sequence_mask", "lengths, maxlen=None, dtype=None, name=None") { _, args in
            let lengths = try tensor(args["lengths"])
            guard lengths.dtype.isInteger else { throw PyException.typeError("lengths must be integers, not \(lengths.dtype.name)") }
            let maxlen = args["maxlen"].isNone ? Int(lengths.int64s().max() ?? 0) : Int(try tensor(args["maxlen"]).int64s().first ?? 0)
            let positions = try Tensor.arange(0, Int64(Swift.max(maxlen, 0))).cast(to: lengths.dtype)
            let mask = try Tensor.compare(.less, positions, try lengths.expandingDims(at: -1))
            return wrap(try mask.cast(to: try ArrayBridge.dtype(from: args["dtype"]) ?? .bool))
        }
        math.defineFunction("reduce_logsumexp", "input_tensor, axis=None, keepdims=False, name=None") { _, args in
            // TF: log(Σ exp(x - m)) + m with m the maximum, or 0 where it is not finite.
            let x = try tensor(args["input_tensor"])
            let axes = try axisList(args["axis"]), keep = try args.bool("keepdims")
            let rawMax = try x.max(axes: axes, keepDims: true).withoutGradient()
            let shift = try Tensor.where(rawMax.isFinite(), rawMax, Tensor(zeros: [], dtype: x.dtype))
            let sum = try Tensor.binary(.subtract, x, shift).exp().sum(axes: axes, keepDims: keep)
            return wrap(try Tensor.binary(.add, sum.log(), keep ? shift : try shift.squeezed(axes: axes ?? Array(0..<x.rank))))
        }
        m["reduce_logsumexp"] = math["reduce_logsumexp"]
        let topK = math.defineFunction("top_k", "input, k=1, sorted=True, index_type=None, name=None") { interp, args in
            let x = try tensor(args["input"])
            let k = try args.int("k")
            guard x.rank >= 1 else { throw TFErrors.kernelError(node: "TopKV2", op: "TopKV2", "input must be >= 1-D, got shape []") }
            let width = x.shape[x.rank - 1]
            guard k >= 0, k <= width else {
                throw TFErrors.kernelError(node: "TopKV2", op: "TopKV2", k < 0 ? "Need k >= 0, got \(k)" : "input must have at least k columns. Had \(width), needed \(k)")
            }
            let values = x.contiguousCopy().doubles()
            var picked: [Int64] = []
            picked.reserveCapacity(values.count / Swift.max(width, 1) * k)
            for row in stride(from: 0, to: values.count, by: Swift.max(width, 1)) {
                let order = (0..<width).sorted { values[row + $0] > values[row + $1] || (values[row + $0] == values[row + $1] && $0 < $1) }
                picked.append(contentsOf: order.prefix(k).map(Int64.init))
            }
            let indices = try Tensor(shape: Array(x.shape.dropLast()) + [k], values: picked)
            let indexType = try ArrayBridge.dtype(from: args["index_type"]) ?? .int32
            let result = try interp.call(try interp.loadModule("_tensorflow_tuples")["TopKV2"] ?? .none,
                                         [wrap(try x.takeAlongAxis(indices, axis: -1)), wrap(try indices.cast(to: indexType))])
            return result
        }
        nn["top_k"] = .object(topK)
        let inTopK = math.defineFunction("in_top_k", "targets, predictions, k, name=None") { _, args in
            let predictions = try tensor(args["predictions"]), targets = try tensor(args["targets"])
            let k = try args.int("k")
            guard predictions.rank == 2, targets.rank == 1, targets.shape[0] == predictions.shape[0] else {
                throw PyException(TFErrors.invalidArgument, "predictions must be 2-dimensional and targets 1-dimensional with as many rows, got shapes \(ArrayBridge.shapeText(predictions.shape)) and \(ArrayBridge.shapeText(targets.shape)) [Op:InTopKV2]")
            }
            // A target is in the top k when fewer than k classes score strictly higher; an
            // out-of-range target or a non-finite score is not.
            let classes = predictions.shape[1], scores = predictions.contiguousCopy().doubles()
            let found: [Bool] = targets.int64s().enumerated().map { row, target in
                guard target >= 0, target < Int64(classes) else { return false }
                let line = scores[(row * classes)..<((row + 1) * classes)], score = line[row * classes + Int(target)]
                guard score.isFinite else { return false }
                return line.filter { $0 > score }.count < k
            }
            return wrap(try Tensor(shape: [found.count], values: found.map { UInt8($0 ? 1 : 0) }).cast(to: .bool))
        }
        nn["in_top_k"] = .object(inTopK)
        math.defineFunction("confusion_matrix", "labels, predictions, num_classes=None, weights=None, dtype=None, name=None") { _, args in
            let labels = try tensor(args["labels"]).int64s(), predictions = try tensor(args["predictions"]).int64s()
            guard labels.count == predictions.count else {
                throw PyException.valueError("labels and predictions must have the same number of elements, got \(labels.count) and \(predictions.count)")
            }
            guard labels.allSatisfy({ $0 >= 0 }) else { throw PyException(TFErrors.invalidArgument, "`labels` contains negative values.") }
            guard predictions.allSatisfy({ $0 >= 0 }) else { throw PyException(TFErrors.invalidArgument, "`predictions` contains negative values.") }
            let n = args["num_classes"].isNone ? Int(Swift.max(labels.max() ?? -1, predictions.max() ?? -1) + 1) : try args.int("num_classes")
            guard labels.allSatisfy({ $0 < n }) else { throw PyException(TFErrors.invalidArgument, "`labels` out of bound") }
            guard predictions.allSatisfy({ $0 < n }) else { throw PyException(TFErrors.invalidArgument, "`predictions` out of bound") }
            let dtype = try ArrayBridge.dtype(from: args["dtype"]) ?? .int32
            let weights = args["weights"].isNone ? nil : try tensor(args["weights"]).cast(to: dtype).doubles()
            if let weights, weights.count != labels.count {
                throw PyException.valueError("weights must have one value per label, got \(weights.count) for \(labels.count)")
            }
            var counts = [Double](repeating: 0, count: n * n)
            for (i, (label, prediction)) in zip(labels, predictions).enumerated() { counts[Int(label) * n + Int(prediction)] += weights?[i] ?? 1 }
            return wrap(try Tensor(shape: [n, n], values: counts).cast(to: dtype))
        }
    }
}
