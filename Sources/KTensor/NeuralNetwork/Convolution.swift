/// 2-d convolution as im2col plus the fused dense op: the image patches times the kernel
/// flattened to `(height · width · inChannels, filters)`, the bias and the activation applied in
/// the same pass, and backward through the dense op's GEMMs and the patches' scatter.
extension Tensor {
    /// `activation(conv2d(x, kernel) + bias)` for `x` `(batch, height, width, inChannels)` and
    /// `kernel` `(kernelHeight, kernelWidth, inChannels, filters)` (TensorFlow's NHWC/HWIO
    /// layouts, cross-correlation as `tf.nn.conv2d`); `x` is cast to the kernel's dtype.
    public static func conv2d(_ x: Tensor, kernel: Tensor, bias: Tensor? = nil, strides: (Int, Int) = (1, 1),
                              dilation: (Int, Int) = (1, 1), padding: WindowPadding,
                              activation: Activation = .linear) throws -> Tensor {
        guard kernel.rank == 4, kernel.dtype.isFloatingPoint else {
            throw TensorError.invalid("conv2d: filter must be a 4-d float tensor (height, width, in_channels, out_channels), got shape \(formatShape(kernel.shape)) \(kernel.dtype.name)")
        }
        guard x.rank == 4 else {
            throw TensorError.invalid("conv2d: input must be 4-dimensional (batch, height, width, channels), got shape \(formatShape(x.shape))")
        }
        let (kh, kw, inChannels, filters) = (kernel.shape[0], kernel.shape[1], kernel.shape[2], kernel.shape[3])
        guard x.shape[3] == inChannels else {
            throw TensorError.invalid("input depth must be evenly divisible by filter depth: \(x.shape[3]) vs \(inChannels)")
        }
        let input = try x.cast(to: kernel.dtype)
        let pointwise = kh == 1 && kw == 1 && strides == (1, 1)
        let patches = pointwise ? input : try input.imagePatches(size: (kh, kw), strides: strides, dilation: dilation, padding: padding)
        let flatKernel = try kernel.reshaped([kh * kw * inChannels, filters])
        return try dense(patches, kernel: flatKernel, bias: bias, activation: activation)
    }
}
