import Foundation
import KScript
import KTensor

/// Session codecs for the numpy/tensorflow bridge's values, written as NumPy `.npy` files:
/// `ndarray`, NumPy scalars, `tf.Tensor` and `tf.Variable` (its name and trainability kept as
/// metadata). Registered once when a notebook opens a session.
enum ArrayCodecs {
    nonisolated(unsafe) private static var registered = false

    static func register() {
        guard !registered else { return }
        registered = true
        SessionCodecs.register(typeName: "numpy.ndarray", encode: { _, object in
            try npy((object as? NDArrayObject)?.tensor, object)
        }, decode: { _, blob in
            ArrayBridge.ndarray(try tensor(blob))
        })
        SessionCodecs.register(typeName: "numpy.generic", encode: { _, object in
            try npy((object as? NDArrayObject)?.tensor, object)
        }, decode: { _, blob in
            ArrayBridge.numpyValue(try tensor(blob))
        })
        SessionCodecs.register(typeName: "tensorflow.python.framework.ops.EagerTensor", encode: { _, object in
            try npy((object as? TFTensorObject)?.tensor, object)
        }, decode: { _, blob in
            ArrayBridge.tfTensor(try tensor(blob))
        })
        SessionCodecs.register(typeName: "tensorflow.python.ops.resource_variable_ops.ResourceVariable", encode: { _, object in
            guard let variable = (object as? TFVariableObject)?.variable else { return try npy(nil, object) }
            var blob = try npy(variable.valueWithoutWatching, object)
            blob.metadata = ["name": variable.name, "trainable": variable.trainable ? "1" : "0"]
            return blob
        }, decode: { _, blob in
            ArrayBridge.variable(Variable(try tensor(blob), name: blob.metadata["name"] ?? "Variable",
                                          trainable: blob.metadata["trainable"] != "0"))
        })
    }

    private static func npy(_ tensor: Tensor?, _ object: PyObject) throws -> SessionBlob {
        guard let tensor else { throw PyException.typeError("cannot save a '\(object.type.name)' object as an array") }
        return SessionBlob(data: Data(NPYFile.encode(tensor.contiguousCopy())), fileExtension: "npy")
    }

    private static func tensor(_ blob: SessionBlob) throws -> Tensor {
        do {
            return try NPYFile.decode(Array(blob.data), name: "session array")
        } catch {
            throw PyException.valueError("a saved array cannot be read: \(error)")
        }
    }
}
