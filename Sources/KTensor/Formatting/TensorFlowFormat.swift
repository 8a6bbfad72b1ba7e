/// TensorFlow 2.12's printing of eager tensors, built on NumPy's array printing.
public enum TensorFlowFormat {
    /// `print(t)`: `tf.Tensor([9 2 1], shape=(3,), dtype=int64)`; multi-line values start on
    /// their own line.
    public static func str(_ tensor: Tensor) -> String {
        "tf.Tensor(\(onOwnLineIfMultiline(NumPyFormat.str(tensor))), shape=\(NumPyFormat.shapeText(tensor.shape)), dtype=\(tensor.dtype.name))"
    }

    /// `repr(t)`: `<tf.Tensor: shape=(3,), dtype=int64, numpy=array([9, 2, 1])>`; a 0-d tensor
    /// shows its NumPy scalar (`numpy=0.5`).
    public static func repr(_ tensor: Tensor) -> String {
        let value = tensor.rank == 0 ? NumPyFormat.str(tensor) : NumPyFormat.repr(tensor)
        return "<tf.Tensor: shape=\(NumPyFormat.shapeText(tensor.shape)), dtype=\(tensor.dtype.name), numpy=\(onOwnLineIfMultiline(value))>"
    }

    private static func onOwnLineIfMultiline(_ text: String) -> String {
        text.contains("\n") ? "\n" + text : text
    }
}
