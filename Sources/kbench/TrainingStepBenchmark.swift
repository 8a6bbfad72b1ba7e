import KTensor

/// `kbench step`: one training step of the chapter's MLP (784 → Dense(64, relu) →
/// Dense(10, softmax), batch 32, sparse categorical cross-entropy through the attached logits,
/// plain SGD applied in place) built from the engine's fused ops: microseconds per step, and
/// buffers obtained from the system per step once warm (should be 0).
enum TrainingStepBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        let generator = NumPyRandomState(seed: 0)
        let x = Tensor.randomUniform([32, 784], using: generator)
        guard let labels = try? generator.randint(0, 10, [32]) else { return 1 }
        let variables = [Variable(Tensor.glorotUniform([784, 64], using: generator)), Variable(Tensor.zeros([64])),
                         Variable(Tensor.glorotUniform([64, 10], using: generator)), Variable(Tensor.zeros([10]))]
        let learningRate = Tensor(scalar: Float(0.01))
        func step() throws {
            let tape = GradientTape()
            tape.startRecording()
            let hidden = try Tensor.dense(x, kernel: variables[0].value, bias: variables[1].value, activation: .relu)
            let probabilities = try Tensor.dense(hidden, kernel: variables[2].value, bias: variables[3].value, activation: .softmax)
            let logits = probabilities.attachedLogits?.logits ?? probabilities
            let loss = try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: labels).mean()
            tape.stopRecording()
            let gradients = try tape.gradient(of: loss, withRespectTo: variables)
            for (variable, gradient) in zip(variables, gradients) {
                if let gradient { try variable.assignSub(gradient * learningRate) }
            }
        }
        do {
            for _ in 0..<20 { try step() }
            let allocations = BufferPool.shared.systemAllocations
            var times: [Double] = []
            for _ in 0..<31 {
                let start = now()
                for _ in 0..<50 { try step() }
                times.append((now() - start) / 50 * 1e6)
            }
            let perStep = Double(BufferPool.shared.systemAllocations - allocations) / (31 * 50)
            print("MLP 784-64-10, batch 32, fused dense + sparse cross-entropy + SGD")
            print("step time: \(String((median(times) * 10).rounded() / 10)) us (median of 31 x 50 steps)")
            print("system buffer allocations per warm step: \(perStep)")
            return 0
        } catch {
            print("error: \(error)")
            return 1
        }
    }
}
