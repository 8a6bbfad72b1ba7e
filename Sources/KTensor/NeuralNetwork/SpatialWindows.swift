/// TensorFlow's two paddings of a sliding window: `valid` (windows inside the input only) and
/// `same` (`ceil(input / stride)` outputs, the zero padding split with the extra cell after).
public enum WindowPadding: String, Sendable {
    case valid, same
}

/// Where the windows of a convolution or pooling fall along one spatial axis.
public struct WindowAxis: Equatable, Sendable {
    public let input: Int
    public let size: Int
    public let stride: Int
    public let dilation: Int
    public let output: Int
    /// Zero cells before the first input cell (`same` padding only).
    public let padBefore: Int

    /// The geometry of `size`-wide windows (dilated: `(size - 1) · dilation + 1` cells) moved by
    /// `stride`; `output` is 0 when no window fits.
    public init(input: Int, size: Int, stride: Int, dilation: Int = 1, padding: WindowPadding) {
        self.input = input
        self.size = size
        self.stride = stride
        self.dilation = dilation
        let span = (size - 1) * dilation + 1
        switch padding {
        case .valid:
            output = input >= span ? (input - span) / stride + 1 : 0
            padBefore = 0
        case .same:
            output = (input + stride - 1) / stride
            padBefore = Swift.max((output - 1) * stride + span - input, 0) / 2
        }
    }

    /// Keras' `conv_output_length` for a possibly unknown input length.
    public static func outputLength(_ input: Int?, size: Int, stride: Int, dilation: Int = 1, padding: WindowPadding) -> Int? {
        input.map { WindowAxis(input: $0, size: size, stride: stride, dilation: dilation, padding: padding).output }
    }

    /// True when some window tap falls outside the input.
    var readsPadding: Bool {
        output > 0 && (padBefore > 0 || (output - 1) * stride - padBefore + (size - 1) * dilation >= input)
    }

    /// The input cell of window `o`'s tap `k`, or nil when it falls in the padding.
    @inline(__always) func cell(_ o: Int, _ k: Int) -> Int? {
        let i = o * stride - padBefore + k * dilation
        return i >= 0 && i < input ? i : nil
    }
}

/// Checks the operand of a 2-d window op: a rank-4 float tensor `(batch, height, width, channels)`.
func checkImageBatch(_ x: Tensor, _ op: String) throws {
    guard x.rank == 4 else {
        throw TensorError.invalid("\(op): input must be 4-dimensional (batch, height, width, channels), got shape \(formatShape(x.shape))")
    }
    guard x.dtype.isFloatingPoint else {
        throw TensorError.type("\(op): input must be a float tensor, got \(x.dtype.name)")
    }
}

func checkWindow(_ values: (Int, Int), _ what: String, _ op: String) throws {
    guard values.0 > 0, values.1 > 0 else {
        throw TensorError.invalid("\(op): \(what) must be positive, got (\(values.0), \(values.1))")
    }
}
