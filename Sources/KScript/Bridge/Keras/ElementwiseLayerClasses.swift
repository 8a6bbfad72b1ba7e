import Keras
import KTensor

/// The activation, normalization, regularization and small reshaping classes of
/// `keras.layers`: `ReLU`, `LeakyReLU`, `ELU`, `Softmax`, `PReLU`, `Masking`,
/// `LayerNormalization`, `RepeatVector`, `Permute`, `SpatialDropout1D/2D`, `GaussianNoise`,
/// `GaussianDropout`, `Identity`, with Keras 2.12's arguments.
enum ElementwiseLayerClasses {
    static func makeAll(base: PyType) -> [PyType] {
        func name(_ a: BoundArguments) throws -> String? { try a.optionalString("name") }
        func trainable(_ a: BoundArguments) throws -> Bool { try a.bool("trainable") }
        /// An int or a list/tuple of ints.
        func ints(_ value: Value, _ i: Interpreter, what: String) throws -> [Int] {
            if let v = value.intValue { return [v] }
            return try i.collect(value).map { try i.toInt($0, what: what) }
        }
        let define = LayerClasses.define
        return [
            define("ReLU", "keras.layers.activation.relu", "max_value=None, negative_slope=0.0, threshold=0.0", base,
                   "Rectified Linear Unit activation function.") { i, a in
                if a["threshold"].isNone {
                    throw PyException.valueError("threshold of a ReLU layer cannot be None. Expecting a float. Received: None")
                }
                for key in ["max_value", "negative_slope"] where !a[key].isNone {
                    if try a.double(key) >= 0 { continue }
                    throw PyException.valueError("\(key) of a ReLU layer cannot be a negative value. Received: \(try i.str(a[key]))")
                }
                return try ReLU(maxValue: a["max_value"].isNone ? nil : try a.double("max_value"), negativeSlope: try a.double("negative_slope"),
                                threshold: try a.double("threshold"), name: try name(a), trainable: try trainable(a))
            },
            define("LeakyReLU", "keras.layers.activation.leaky_relu", "alpha=0.3", base, "Leaky version of a Rectified Linear Unit.") { i, a in
                if a["alpha"].isNone {
                    throw PyException.valueError("The alpha value of a Leaky ReLU layer cannot be None, Expecting a float. Received: None")
                }
                return try LeakyReLU(alpha: try a.double("alpha"), name: try name(a), trainable: try trainable(a))
            },
            define("ELU", "keras.layers.activation.elu", "alpha=1.0", base, "Exponential Linear Unit.") { _, a in
                ELU(alpha: try a.double("alpha"), name: try name(a), trainable: try trainable(a))
            },
            define("Softmax", "keras.layers.activation.softmax", "axis=-1", base, "Softmax activation function.") { i, a in
                Softmax(axis: try i.toInt(a["axis"], what: "axis"), name: try name(a), trainable: try trainable(a))
            },
            define("PReLU", "keras.layers.activation.prelu", "alpha_initializer='zeros', alpha_regularizer=None, alpha_constraint=None, shared_axes=None", base,
                   "Parametric Rectified Linear Unit.") { i, a in
                PReLU(alphaInitializer: try KerasValues.initializer(a["alpha_initializer"], default: .zeros, i),
                      alphaRegularizer: try KerasValues.regularizer(a["alpha_regularizer"], i),
                      sharedAxes: a["shared_axes"].isNone ? nil : try ints(a["shared_axes"], i, what: "shared_axes"),
                      name: try name(a), trainable: try trainable(a))
            },
            define("Masking", "keras.layers.core.masking", "mask_value=0.0", base,
                   "Masks a sequence by using a mask value to skip timesteps.") { _, a in
                Masking(maskValue: try a.double("mask_value"), name: try name(a), trainable: try trainable(a))
            },
            define("LayerNormalization", "keras.layers.normalization.layer_normalization",
                   "axis=-1, epsilon=0.001, center=True, scale=True, beta_initializer='zeros', gamma_initializer='ones', beta_regularizer=None, gamma_regularizer=None, beta_constraint=None, gamma_constraint=None",
                   base, "Layer normalization layer (Ba et al., 2016).") { i, a in
                LayerNormalization(axes: try ints(a["axis"], i, what: "axis"), axisWasInt: a["axis"].intValue != nil, epsilon: try a.double("epsilon"),
                                   center: try a.bool("center"), scale: try a.bool("scale"),
                                   betaInitializer: try KerasValues.initializer(a["beta_initializer"], default: .zeros, i),
                                   gammaInitializer: try KerasValues.initializer(a["gamma_initializer"], default: .ones, i),
                                   betaRegularizer: try KerasValues.regularizer(a["beta_regularizer"], i),
                                   gammaRegularizer: try KerasValues.regularizer(a["gamma_regularizer"], i), name: try name(a), trainable: try trainable(a))
            },
            define("RepeatVector", "keras.layers.reshaping.repeat_vector", "n", base, "Repeats the input n times.") { i, a in
                try RepeatVector(n: try i.toInt(a["n"], what: "n"), name: try name(a), trainable: try trainable(a))
            },
            define("Permute", "keras.layers.reshaping.permute", "dims", base, "Permutes the dimensions of the input according to a given pattern.") { i, a in
                try Permute(dims: try ints(a["dims"], i, what: "dims"), name: try name(a), trainable: try trainable(a))
            },
            define("SpatialDropout1D", "keras.layers.regularization.spatial_dropout1d", "rate, seed=None", base,
                   "Spatial 1D version of Dropout: drops entire 1D feature maps.") { i, a in
                try SpatialDropout1D(rate: try a.double("rate"), seed: try KerasValues.optionalInt(a["seed"], i, what: "seed"), name: try name(a), trainable: try trainable(a))
            },
            define("SpatialDropout2D", "keras.layers.regularization.spatial_dropout2d", "rate, data_format=None, seed=None", base,
                   "Spatial 2D version of Dropout: drops entire 2D feature maps.") { i, a in
                try SpatialLayerClasses.checkDataFormat(a, i)
                return try SpatialDropout2D(rate: try a.double("rate"), seed: try KerasValues.optionalInt(a["seed"], i, what: "seed"), name: try name(a), trainable: try trainable(a))
            },
            define("GaussianNoise", "keras.layers.regularization.gaussian_noise", "stddev, seed=None", base,
                   "Apply additive zero-centered Gaussian noise (training only).") { i, a in
                GaussianNoiseLayer(kind: .additive, amount: try a.double("stddev"), seed: try KerasValues.optionalInt(a["seed"], i, what: "seed"),
                                   name: try name(a), trainable: try trainable(a))
            },
            define("GaussianDropout", "keras.layers.regularization.gaussian_dropout", "rate, seed=None", base,
                   "Apply multiplicative 1-centered Gaussian noise (training only).") { i, a in
                GaussianNoiseLayer(kind: .multiplicative, amount: try a.double("rate"), seed: try KerasValues.optionalInt(a["seed"], i, what: "seed"),
                                   name: try name(a), trainable: try trainable(a))
            },
            define("Identity", "keras.layers.core.identity", "", base, "Identity layer: returns its input.") { _, a in
                Identity(name: try name(a), trainable: try trainable(a))
            },
        ]
    }
}
