import Keras
import KTensor

/// `keras.layers.Normalization`: the constructor, `adapt(data, batch_size, steps)` over an
/// array (in batches of 32 by default) or a `tf.data.Dataset` of batches, and the `mean`,
/// `variance`, `count` and `is_adapted` attributes.
enum NormalizationLayerClass {
    static func makeType(base: PyType) -> PyType {
        let t = LayerClasses.define("Normalization", module: "keras.layers.preprocessing.normalization",
                                    signature: "axis=-1, mean=None, variance=None, invert=False", base: base,
                                    doc: "A preprocessing layer which normalizes continuous features.") { i, a in
            let axes: [Int]
            if a["axis"].isNone {
                axes = []
            } else if let axis = a["axis"].intValue {
                axes = [axis]
            } else {
                axes = try i.collect(a["axis"]).map { try i.toInt($0, what: "axis") }
            }
            return try Normalization(axes: axes, mean: try moment(a["mean"], i), variance: try moment(a["variance"], i), invert: try a.bool("invert"),
                                     name: try a.optionalString("name"), trainable: try a.bool("trainable"))
        }
        t.defineMethod("adapt", "data, batch_size=None, steps=None", doc: "Computes the mean and variance of values in a dataset.") { i, args in
            guard let layer = try args.receiver(as: LayerObject.self, "adapt").require() as? Normalization else {
                throw PyException.typeError("adapt() needs a Normalization layer")
            }
            let steps = try KerasValues.optionalInt(args["steps"], i, what: "steps")
            var taken = 0
            if let dataset = DatasetObject.dataset(from: args["data"]) {
                let iterator = try dataset.makeIterator()
                try layer.adapt {
                    if let steps, taken >= steps { return nil }
                    guard let element = try iterator.next() else { return nil }
                    taken += 1
                    guard case .tensor(let batch) = element else {
                        throw PyException.valueError("Normalization.adapt expects a dataset of single tensors, got elements of \(element.spec)")
                    }
                    return batch
                }
                return .none
            }
            let data = try ArrayBridge.tensor(from: args["data"], defaults: .tensorflow)
            let batchSize = try KerasValues.optionalInt(args["batch_size"], i, what: "batch_size") ?? 32
            guard batchSize > 0 else { throw PyException.valueError("batch_size must be positive, got \(batchSize)") }
            guard data.rank > 0 else { throw PyException.valueError("Normalization.adapt needs data with a batch dimension, got a scalar") }
            var start = 0
            try layer.adapt {
                if let steps, taken >= steps { return nil }
                guard start < data.shape[0] else { return nil }
                let length = Swift.min(batchSize, data.shape[0] - start)
                defer { start += length; taken += 1 }
                return try data.slice(axis: 0, start: start, length: length)
            }
            return .none
        }
        t.defineProperty("mean", get: { _, v in ArrayBridge.tfTensor(try normalization(v).moments().mean) })
        t.defineProperty("variance", get: { _, v in ArrayBridge.tfTensor(try normalization(v).moments().variance) })
        t.defineProperty("count", get: { _, v in
            guard let count = try normalization(v).count else { throw PyException.attributeError("'Normalization' object has no attribute 'count'") }
            return ArrayBridge.variable(count)
        })
        t.defineProperty("is_adapted", get: { _, v in .bool(try normalization(v).isAdapted) })
        return t
    }

    /// `mean=` / `variance=`: None, a number, a list, or an array (kept as nested lists, as
    /// Keras lists tensors in its config).
    static func moment(_ value: Value, _ interp: Interpreter) throws -> ConfigValue? {
        if value.isNone { return nil }
        if ArrayBridge.arrayPayload(value) != nil {
            let tensor = try ArrayBridge.tensor(from: value, defaults: .numpy)
            return nestedList(try tensor.cast(to: .float64).doubles(), shape: tensor.shape)
        }
        return try KerasValues.config(value, interp)
    }

    private static func nestedList(_ values: [Double], shape: [Int]) -> ConfigValue {
        guard let first = shape.first else { return .double(values.first ?? 0) }
        let stride = shape.dropFirst().reduce(1, *)
        return .list((0..<first).map { nestedList(Array(values[($0 * stride)..<(($0 + 1) * stride)]), shape: Array(shape.dropFirst())) })
    }

    private static func normalization(_ value: Value) throws -> Normalization {
        guard let layer = try LayerType.layer(value) as? Normalization else { throw PyException.typeError("expected a Normalization layer") }
        return layer
    }
}
