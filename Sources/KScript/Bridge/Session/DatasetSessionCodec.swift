import Keras

/// `tf.data.Dataset` objects in sessions: each is made again by the call that made it
/// (`Dataset.from_tensor_slices((x, y))`, `parent.shuffle(1000)`), whose arguments — arrays,
/// parent datasets, notebook functions given to `map` — are saved as session values, so an
/// array shared with a global is stored once. Datasets not made by such calls (from
/// `keras.utils` loaders) cannot be saved.
enum DatasetSessionCodec {
    static let codec = SessionCodecs.Codec(typeName: TFDataModule.datasetType.displayName, encode: { _, o in
        guard let recipe = (o as? DatasetObject)?.recipe else {
            throw PyException.typeError("only datasets made by tf.data.Dataset methods can be saved")
        }
        var blob = SessionBlob(contents: .none, fileExtension: "", metadata: ["method": recipe.method],
                               references: [("source dataset", recipe.receiver ?? .none), ("arguments", recipe.call.value)])
        blob.referencesRequired = true
        return blob
    }, decode: { interp, saved in
        guard let method = saved.metadata["method"], let call = ConstructorCall(saved.reference(1)) else {
            throw PyException.valueError("the dataset's recipe was not restored")
        }
        if let receiver = saved.reference(0) { return try interp.callMethod(receiver, method, call.positional, call.keywords) }
        return try interp.call(try interp.getAttribute(.object(TFDataModule.datasetType), method), call.positional, call.keywords)
    })
}
