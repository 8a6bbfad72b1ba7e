import Keras
import KTensor

/// `kbench overhead`: the fixed per-call cost of the engine on tiny tensors (allocation from
/// the pool, shape bookkeeping, dispatch), and of a Dense layer call and a taped one with its
/// gradient beside the bare fused op, in nanoseconds per call.
enum OverheadBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        let a = Tensor.ones([2, 2]), b = Tensor.ones([2, 2])
        let x = Tensor.ones([32, 64]), kernel = Tensor.ones([64, 32]), bias = Tensor.ones([32])
        guard let dense = try? Dense(units: 32, activation: .relu), (try? dense([x])) != nil else { return 1 }
        let variables = dense.trainableWeights
        var sink = 0
        let cases: [(String, () -> Void)] = [
            ("Tensor(uninitializedShape: [32, 32])", { sink &+= Tensor(uninitializedShape: [32, 32], dtype: .float32).count }),
            ("a + b (2x2 float32)", { sink &+= ((try? a + b)?.count ?? 0) }),
            ("a.exp() (2x2 float32)", { sink &+= a.exp().count }),
            ("matmul (2x2 float32)", { sink &+= ((try? Tensor.matmul(a, b))?.count ?? 0) }),
            ("sum() (2x2 float32)", { sink &+= ((try? a.sum())?.count ?? 0) }),
            ("Tensor.dense 32x64 . 64x32 relu", { sink &+= ((try? Tensor.dense(x, kernel: kernel, bias: bias, activation: .relu))?.count ?? 0) }),
            ("Dense(32, relu) layer call, same", { sink &+= ((try? dense([x]))?.count ?? 0) }),
            ("  ... on a tape, and its gradient", {
                let tape = GradientTape()
                let y = try? tape.record { try dense([x])[0].sum() }
                sink &+= ((try? y.map { try tape.gradient(of: $0, withRespectTo: variables) })?.count ?? 0)
            }),
        ]
        print(pad("operation", 40) + "ns/call (median of 21)")
        for (label, body) in cases {
            var times: [Double] = []
            for _ in 0..<21 {
                let start = now()
                for _ in 0..<20_000 { body() }
                times.append((now() - start) / 20_000 * 1e9)
            }
            print(pad(label, 40) + String((median(times) * 10).rounded() / 10))
        }
        return sink > 0 ? 0 : 1
    }
}
