import Foundation
import KScript
import KTensor

/// Session codecs for the numpy/tensorflow bridge's values, written as NumPy `.npy` files:
/// `ndarray`, NumPy scalars, `tf.Tensor` and `tf.Variable` (its name and trainability kept as
/// metadata; a variable of a saved model is saved as part of the model). The digest is taken
/// from the elements, so an unchanged array is neither encoded nor written again. Registered
/// once when a notebook opens a session.
enum ArrayCodecs {
    nonisolated(unsafe) private static var registered = false

    static func register() {
        guard !registered else { return }
        registered = true
        SessionCodecs.register(typeName: "numpy.ndarray", encode: { _, object in
            try npy((object as? NDArrayObject)?.tensor, object)
        }, decode: { _, saved in
            ArrayBridge.ndarray(try tensor(saved))
        })
        SessionCodecs.register(typeName: "numpy.generic", encode: { _, object in
            try npy((object as? NDArrayObject)?.tensor, object)
        }, decode: { _, saved in
            ArrayBridge.numpyValue(try tensor(saved))
        })
        SessionCodecs.register(typeName: "tensorflow.python.framework.ops.EagerTensor", encode: { _, object in
            try npy((object as? TFTensorObject)?.tensor, object)
        }, decode: { _, saved in
            ArrayBridge.tfTensor(try tensor(saved))
        })
        SessionCodecs.register(SessionCodecs.Codec(typeName: "tensorflow.python.ops.resource_variable_ops.ResourceVariable", encode: { _, object in
            guard let variable = (object as? TFVariableObject)?.variable else { return try npy(nil, object) }
            var blob = try npy(variable.valueWithoutWatching, object)
            blob.metadata = ["name": variable.name, "trainable": variable.trainable ? "1" : "0"]
            return blob
        }, decode: { _, saved in
            ArrayBridge.variable(Variable(try tensor(saved), name: saved.metadata["name"] ?? "Variable",
                                          trainable: saved.metadata["trainable"] != "0"))
        }, identity: { object in
            (object as? TFVariableObject).map { ObjectIdentifier($0.variable) }
        }))
    }

    private static func npy(_ tensor: Tensor?, _ object: PyObject) throws -> SessionBlob {
        guard let tensor else { throw PyException.typeError("cannot save a '\(object.type.name)' object as an array") }
        var digest = SessionDigest()
        digest.combine(tensor)
        return SessionBlob(contents: .file(digest: digest, write: { path in
            guard FileManager.default.createFile(atPath: path, contents: Data(NPYFile.encode(tensor.contiguousCopy()))) else {
                throw PyException(BuiltinTypes.osError, "cannot write \(path)")
            }
        }), fileExtension: "npy")
    }

    private static func tensor(_ saved: SavedBlob) throws -> Tensor {
        do {
            return try NPYFile.decode(Array(try saved.data()), name: "session array")
        } catch let error as PyException {
            throw error
        } catch {
            throw PyException.valueError("a saved array cannot be read: \(error)")
        }
    }
}
