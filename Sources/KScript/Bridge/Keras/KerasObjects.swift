import Keras
import KTensor

/// The script object of a Keras layer or model. `layer` is nil only between the allocation
/// of a script subclass and its `super().__init__()`.
final class LayerObject: PyObject {
    var layer: Layer?
    /// The arguments a script subclass was instantiated with (sessions re-create it from them).
    var constructorCall: ConstructorCall?
    /// `compile`'s loss and metric arguments as the script gave them (sessions compile again
    /// with them).
    var compileArguments: [(String, Value)]?
    /// The script object of the compiled optimizer (`model.optimizer`), kept here so that it
    /// and what it records (`OptimizerObject.updatedVariables`) live as long as the model.
    var optimizerObject: OptimizerObject?

    /// The layer, or Keras' error for a subclass whose `__init__` did not call `super().__init__()`.
    func require() throws -> Layer {
        guard let layer else {
            throw PyException.runtimeError("It looks like you are subclassing `\(type.nativeBase?.name ?? "Layer")` and you forgot to call `super().__init__()`. Always start with this line.")
        }
        return layer
    }

    func requireModel() throws -> Model {
        guard let model = try require() as? Model else { throw PyException.typeError("'\(type.name)' object is not a Keras model") }
        return model
    }

    /// The script object of `layer`: its host, or a new wrapper of its native class.
    static func wrap(_ layer: Layer) -> Value {
        if let existing = layer.host as? LayerObject { return .object(existing) }
        let object = LayerObject(type: KerasTypes.pythonType(of: layer))
        object.layer = layer
        layer.host = object
        return .object(object)
    }
}

/// A symbolic tensor of the Functional API (`keras.Input(...)`, a layer called on one).
final class KerasTensorObject: PyObject {
    let tensor: KerasTensor

    init(type: PyType, tensor: KerasTensor) {
        self.tensor = tensor
        super.init(type: type)
    }
}

/// An initializer object (`keras.initializers.GlorotUniform(seed=1)`).
final class InitializerObject: PyObject {
    var initializer: Initializer = .zeros
}

/// A regularizer object (`keras.regularizers.l2(0.01)`).
final class RegularizerObject: PyObject {
    var regularizer = Regularizer()
}
