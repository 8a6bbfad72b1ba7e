import Foundation
import KTensor

/// Batch normalisation over every axis but the last (channels), as one tape node.
///
/// Training: normalises with the batch mean and the biased batch variance and returns them
/// for the moving statistics. Inference: normalises with the given moving statistics. The
/// backward pass gives the input, gamma and beta gradients (the statistics are not
/// differentiated, as in Keras).
enum BatchNormalizationOp {
    struct Result {
        var output: Tensor
        /// Per-channel batch mean and biased / unbiased variance (training only).
        var mean: [Float] = []
        var variance: [Float] = []
        var unbiasedVariance: [Float] = []
    }

    static func run(_ input: Tensor, gamma: Tensor, beta: Tensor, movingMean: Tensor, movingVariance: Tensor,
                    epsilon: Float, training: Bool) throws -> Result {
        guard let channels = input.shape.last else { throw KerasError.value("BatchNormalization needs an input of rank at least 1") }
        let count = input.count, rows = channels == 0 ? 0 : count / channels
        let x = try FloatBuffer(reading: input)
        let g = try FloatBuffer(reading: gamma), bt = try FloatBuffer(reading: beta)
        var mean = [Float](repeating: 0, count: channels), variance = [Float](repeating: 0, count: channels)
        var unbiased = [Float](repeating: 0, count: channels)
        if training {
            var sums = [Double](repeating: 0, count: channels)
            for r in 0..<rows { for c in 0..<channels { sums[c] += Double(x.pointer[r * channels + c]) } }
            for c in 0..<channels { mean[c] = Float(sums[c] / Double(max(rows, 1))) }
            var squares = [Double](repeating: 0, count: channels)
            for r in 0..<rows {
                for c in 0..<channels {
                    let d = Double(x.pointer[r * channels + c]) - Double(mean[c])
                    squares[c] += d * d
                }
            }
            for c in 0..<channels {
                variance[c] = Float(squares[c] / Double(max(rows, 1)))
                unbiased[c] = Float(squares[c] / Double(max(rows - 1, 1)))
            }
        } else {
            mean = movingMean.floats()
            variance = movingVariance.floats()
        }
        let inverse = variance.map { 1 / sqrtf($0 + epsilon) }
        let y = FloatBuffer(uninitialized: count)
        for c in 0..<channels {
            let scale = inverse[c] * g.pointer[c], shift = bt.pointer[c] - mean[c] * scale
            var r = 0
            while r < rows {
                let i = r * channels + c
                y.pointer[i] = x.pointer[i] * scale + shift
                r += 1
            }
        }
        var result = Result(output: y.tensor(input.shape), mean: mean, variance: variance, unbiasedVariance: unbiased)
        let inputs = [input, gamma, beta]
        guard Autodiff.needsGradient(inputs) else { return result }
        let shape = input.shape
        let backward: Autodiff.Backward = { upstream, needs in
            let dy = try FloatBuffer(upstream)
            var dGamma = [Float](repeating: 0, count: channels), dBeta = [Float](repeating: 0, count: channels)
            for r in 0..<rows {
                for c in 0..<channels {
                    let i = r * channels + c
                    let normalized = (x.pointer[i] - mean[c]) * inverse[c]
                    dBeta[c] += dy.pointer[i]
                    dGamma[c] += dy.pointer[i] * normalized
                }
            }
            var dx: Tensor?
            if needs[0] {
                let out = FloatBuffer(uninitialized: count)
                let n = Float(max(rows, 1))
                for r in 0..<rows {
                    for c in 0..<channels {
                        let i = r * channels + c
                        let k = g.pointer[c] * inverse[c]
                        if training {
                            let normalized = (x.pointer[i] - mean[c]) * inverse[c]
                            out.pointer[i] = k / n * (n * dy.pointer[i] - dBeta[c] - normalized * dGamma[c])
                        } else {
                            out.pointer[i] = k * dy.pointer[i]
                        }
                    }
                }
                dx = out.tensor(shape)
            }
            return [dx, needs[1] ? try Tensor(shape: [channels], values: dGamma) : nil,
                    needs[2] ? try Tensor(shape: [channels], values: dBeta) : nil]
        }
        result.output = Autodiff.record(inputs: inputs, output: result.output, backward: backward)
        return result
    }
}
