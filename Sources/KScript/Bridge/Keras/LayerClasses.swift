import Keras
import KTensor

/// The built-in layer classes of `keras.layers`: each a native subtype of `Layer` whose
/// `__init__` takes Keras 2.12's arguments and creates the Swift layer.
enum LayerClasses {
    /// Declares a layer class: `make` builds the Swift layer from the bound arguments.
    static func define(_ name: String, module: String, signature: String, base: PyType, doc: String,
                       _ make: @escaping (Interpreter, BoundArguments) throws -> Layer) -> PyType {
        let t = PyType.native(name: name, module: module, base: base, doc: doc)
        t.defineMethod("__init__", (signature.isEmpty ? "" : signature + ", ") + "name=None, trainable=True, dtype=None, **kwargs", doc: doc) { interp, args in
            let me = try args.receiver(as: LayerObject.self, "__init__")
            for option in ["stateful", "time_major"] where args.signature.parameters.contains(where: { $0.name == option }) {
                if try args.bool(option) { throw PyException.notImplemented("kscript: \(option)=True is not supported yet") }
            }
            // Accepted for Keras' signatures, but not yet applied: refuse rather than train a different model.
            for parameter in args.signature.parameters where parameter.name.hasSuffix("_constraint") || parameter.name == "activity_regularizer" {
                if !args[parameter.name].isNone { throw PyException.notImplemented("kscript: \(parameter.name) is not supported yet") }
            }
            let layer = try make(interp, args)
            if let dtype = try ArrayBridge.dtype(from: args["dtype"]) { layer.dtype = dtype }
            try LayerType.applyCommonKeywords(layer, args.varKeywords, interp)
            layer.host = me
            me.layer = layer
            return .none
        }
        return t
    }

    /// `Dot`'s `axes`: an int, or a list/tuple of two ints (Keras' checks and messages).
    static func dotAxes(_ value: Value, _ interp: Interpreter) throws -> Dot.Axes {
        if let axis = value.intValue { return .same(axis) }
        guard let items = KerasValues.sequenceItems(value) else {
            throw PyException.typeError("Invalid type for argument `axes`: it should be a list or an int. Received: axes=\(try interp.str(value))")
        }
        guard items.count == 2 else {
            throw PyException.valueError("Invalid format for argument `axes`: it should contain two elements. Received: axes=\(try interp.str(value))")
        }
        guard let a = items[0].intValue, let b = items[1].intValue else {
            throw PyException.valueError("Invalid format for argument `axes`: list elements should be integers. Received: axes=\(try interp.str(value))")
        }
        return .pair(a, b)
    }

    static func makeAll(base: PyType) -> [PyType] {
        func name(_ a: BoundArguments) throws -> String? { try a.optionalString("name") }
        func trainable(_ a: BoundArguments) throws -> Bool { try a.bool("trainable") }
        func initializer(_ a: BoundArguments, _ key: String, _ fallback: Initializer, _ i: Interpreter) throws -> Initializer {
            try KerasValues.initializer(a[key], default: fallback, i)
        }
        func regularizer(_ a: BoundArguments, _ key: String, _ i: Interpreter) throws -> Regularizer? {
            try KerasValues.regularizer(a[key], i)
        }
        let recurrentArguments = "units, activation='tanh', %RA%use_bias=True, kernel_initializer='glorot_uniform', recurrent_initializer='orthogonal', bias_initializer='zeros', %UFB%kernel_regularizer=None, recurrent_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, recurrent_constraint=None, bias_constraint=None, dropout=0.0, recurrent_dropout=0.0, return_sequences=False, return_state=False, go_backwards=False, stateful=False, unroll=False, time_major=False%RESET%"
        return [
            define("Dense", module: "keras.layers.core.dense",
                   signature: "units, activation=None, use_bias=True, kernel_initializer='glorot_uniform', bias_initializer='zeros', kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, kernel_constraint=None, bias_constraint=None",
                   base: base, doc: "Densely-connected layer: activation(dot(input, kernel) + bias).") { i, a in
                try Dense(units: try i.toInt(a["units"], what: "units"), activation: try KerasValues.activation(a["activation"]), useBias: try a.bool("use_bias"),
                          kernelInitializer: try initializer(a, "kernel_initializer", .glorotUniform(seed: nil), i),
                          biasInitializer: try initializer(a, "bias_initializer", .zeros, i),
                          kernelRegularizer: try regularizer(a, "kernel_regularizer", i), biasRegularizer: try regularizer(a, "bias_regularizer", i),
                          name: try name(a), trainable: try trainable(a))
            },
            define("Dropout", module: "keras.layers.regularization.dropout", signature: "rate, noise_shape=None, seed=None", base: base,
                   doc: "Randomly sets inputs to 0 with frequency `rate` during training; identity at inference.") { i, a in
                try Dropout(rate: try a.double("rate"), noiseShape: a["noise_shape"].isNone ? nil : try KerasValues.shape(a["noise_shape"], i, what: "noise_shape"),
                            seed: try KerasValues.optionalInt(a["seed"], i, what: "seed"), name: try name(a), trainable: try trainable(a))
            },
            define("Flatten", module: "keras.layers.reshaping.flatten", signature: "data_format=None", base: base,
                   doc: "Flattens the input except the batch dimension.") { _, a in
                Flatten(name: try name(a), trainable: try trainable(a))
            },
            define("Rescaling", module: "keras.layers.preprocessing.image_preprocessing", signature: "scale, offset=0.0", base: base,
                   doc: "Multiplies inputs by `scale` and adds `offset`.") { i, a in
                try Rescaling(scale: try KerasValues.config(a["scale"], i), offset: try KerasValues.config(a["offset"], i), name: try name(a), trainable: try trainable(a))
            },
            define("Reshape", module: "keras.layers.reshaping.reshape", signature: "target_shape", base: base,
                   doc: "Reshapes each sample to `target_shape` (one entry may be -1).") { i, a in
                try Reshape(targetShape: try KerasValues.shape(a["target_shape"], i, what: "target_shape", allowMinusOne: true).map { $0 ?? -1 }, name: try name(a), trainable: try trainable(a))
            },
            define("Activation", module: "keras.layers.core.activation", signature: "activation", base: base,
                   doc: "Applies an activation function.") { _, a in
                ActivationLayer(try KerasValues.activation(a["activation"]), name: try name(a), trainable: try trainable(a))
            },
            define("BatchNormalization", module: "keras.layers.normalization.batch_normalization",
                   signature: "axis=-1, momentum=0.99, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', gamma_initializer='ones', moving_mean_initializer='zeros', moving_variance_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None",
                   base: base, doc: "Normalizes its inputs with batch statistics in training and moving statistics at inference.") { i, a in
                try BatchNormalization(axis: try i.toInt(a["axis"], what: "axis"), momentum: try a.double("momentum"), epsilon: try a.double("epsilon"),
                                       center: try a.bool("center"), scale: try a.bool("scale"), name: try name(a), trainable: try trainable(a))
            },
            define("Embedding", module: "keras.layers.core.embedding",
                   signature: "input_dim, output_dim, embeddings_initializer='uniform', embeddings_regularizer=None, activity_regularizer=None, embeddings_constraint=None, mask_zero=False, input_length=None",
                   base: base, doc: "Turns non-negative integers (indexes) into dense vectors of fixed size.") { i, a in
                try Embedding(inputDim: try i.toInt(a["input_dim"], what: "input_dim"), outputDim: try i.toInt(a["output_dim"], what: "output_dim"),
                              embeddingsInitializer: try initializer(a, "embeddings_initializer", .randomUniform(min: -0.05, max: 0.05, seed: nil), i),
                              embeddingsRegularizer: try regularizer(a, "embeddings_regularizer", i), maskZero: try a.bool("mask_zero"),
                              inputLength: try KerasValues.optionalInt(a["input_length"], i, what: "input_length"), name: try name(a), trainable: try trainable(a))
            },
            define("LSTM", module: "keras.layers.rnn.lstm",
                   signature: recurrentArguments.replacingOccurrences(of: "%RA%", with: "recurrent_activation='sigmoid', ")
                    .replacingOccurrences(of: "%UFB%", with: "unit_forget_bias=True, ").replacingOccurrences(of: "%RESET%", with: ""),
                   base: base, doc: "Long Short-Term Memory layer (Hochreiter 1997).") { i, a in
                try LSTM(units: try i.toInt(a["units"], what: "units"), activation: try KerasValues.activation(a["activation"]),
                         recurrentActivation: try KerasValues.activation(a["recurrent_activation"]), useBias: try a.bool("use_bias"),
                         kernelInitializer: try initializer(a, "kernel_initializer", .glorotUniform(seed: nil), i),
                         recurrentInitializer: try initializer(a, "recurrent_initializer", .orthogonal(gain: 1, seed: nil), i),
                         biasInitializer: try initializer(a, "bias_initializer", .zeros, i), unitForgetBias: try a.bool("unit_forget_bias"),
                         kernelRegularizer: try regularizer(a, "kernel_regularizer", i), recurrentRegularizer: try regularizer(a, "recurrent_regularizer", i),
                         biasRegularizer: try regularizer(a, "bias_regularizer", i), dropout: try a.double("dropout"), recurrentDropout: try a.double("recurrent_dropout"),
                         returnSequences: try a.bool("return_sequences"), returnState: try a.bool("return_state"), goBackwards: try a.bool("go_backwards"),
                         name: try name(a), trainable: try trainable(a))
            },
            define("GRU", module: "keras.layers.rnn.gru",
                   signature: recurrentArguments.replacingOccurrences(of: "%RA%", with: "recurrent_activation='sigmoid', ")
                    .replacingOccurrences(of: "%UFB%", with: "").replacingOccurrences(of: "%RESET%", with: ", reset_after=True"),
                   base: base, doc: "Gated Recurrent Unit (Cho et al. 2014).") { i, a in
                try GRU(units: try i.toInt(a["units"], what: "units"), activation: try KerasValues.activation(a["activation"]),
                        recurrentActivation: try KerasValues.activation(a["recurrent_activation"]), useBias: try a.bool("use_bias"),
                        kernelInitializer: try initializer(a, "kernel_initializer", .glorotUniform(seed: nil), i),
                        recurrentInitializer: try initializer(a, "recurrent_initializer", .orthogonal(gain: 1, seed: nil), i),
                        biasInitializer: try initializer(a, "bias_initializer", .zeros, i),
                        kernelRegularizer: try regularizer(a, "kernel_regularizer", i), recurrentRegularizer: try regularizer(a, "recurrent_regularizer", i),
                        biasRegularizer: try regularizer(a, "bias_regularizer", i), dropout: try a.double("dropout"), recurrentDropout: try a.double("recurrent_dropout"),
                        resetAfter: try a.bool("reset_after"),
                        returnSequences: try a.bool("return_sequences"), returnState: try a.bool("return_state"), goBackwards: try a.bool("go_backwards"),
                        name: try name(a), trainable: try trainable(a))
            },
            define("SimpleRNN", module: "keras.layers.rnn.simple_rnn",
                   signature: recurrentArguments.replacingOccurrences(of: "%RA%", with: "").replacingOccurrences(of: "%UFB%", with: "")
                    .replacingOccurrences(of: "%RESET%", with: ""),
                   base: base, doc: "Fully-connected RNN where the output is fed back to the input.") { i, a in
                try SimpleRNN(units: try i.toInt(a["units"], what: "units"), activation: try KerasValues.activation(a["activation"]), useBias: try a.bool("use_bias"),
                              kernelInitializer: try initializer(a, "kernel_initializer", .glorotUniform(seed: nil), i),
                              recurrentInitializer: try initializer(a, "recurrent_initializer", .orthogonal(gain: 1, seed: nil), i),
                              biasInitializer: try initializer(a, "bias_initializer", .zeros, i),
                              kernelRegularizer: try regularizer(a, "kernel_regularizer", i), recurrentRegularizer: try regularizer(a, "recurrent_regularizer", i),
                              biasRegularizer: try regularizer(a, "bias_regularizer", i), dropout: try a.double("dropout"), recurrentDropout: try a.double("recurrent_dropout"),
                              returnSequences: try a.bool("return_sequences"), returnState: try a.bool("return_state"), goBackwards: try a.bool("go_backwards"),
                              name: try name(a), trainable: try trainable(a))
            },
            define("Concatenate", module: "keras.layers.merging.concatenate", signature: "axis=-1", base: base,
                   doc: "Concatenates a list of inputs along `axis`.") { i, a in
                Concatenate(axis: try i.toInt(a["axis"], what: "axis"), name: try name(a), trainable: try trainable(a))
            },
            define("Dot", module: "keras.layers.merging.dot", signature: "axes, normalize=False", base: base,
                   doc: "Computes the dot product of two tensors sample by sample along the given axes.") { i, a in
                Dot(axes: try dotAxes(a["axes"], i), normalize: try a.bool("normalize"), name: try name(a), trainable: try trainable(a))
            },
        ] + Merge.Operation.allCases.map { operation in
            define(operation.rawValue, module: "keras.layers.merging.\(Naming.snakeCase(operation.rawValue))", signature: "", base: base,
                   doc: "Merges a list of inputs elementwise (\(operation.rawValue.lowercased())).") { _, a in
                Merge(operation, name: try name(a), trainable: try trainable(a))
            }
        }
    }
}
