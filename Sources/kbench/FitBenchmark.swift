import Foundation
import Keras
import KTensor

/// `kbench fit [--epochs N] [--batch B]`: the chapter MLP (784-64-32-10, Adam,
/// sparse categorical cross-entropy, accuracy) trained with `Model.fit` on the 60,000
/// Fashion-MNIST images (x/255): seconds per epoch after the first, `evaluate` of the 10,000
/// test images, and buffers obtained from the system per warm step.
enum FitBenchmark {
    static func run(_ arguments: [String]) -> Int32 {
        var epochs = 3, batch = 32
        var i = 0
        while i + 1 < arguments.count {
            if arguments[i] == "--epochs", let n = Int(arguments[i + 1]) { epochs = n }
            if arguments[i] == "--batch", let n = Int(arguments[i + 1]) { batch = n }
            i += 2
        }
        do {
            let split = try KerasDatasets.fashionMNIST()
            let x = try split.train.x.reshaped([-1, 784]).cast(to: .float32) / 255.0
            let y = split.train.y
            let xTest = try split.test.x.reshaped([-1, 784]).cast(to: .float32) / 255.0
            let model = try Sequential(layers: [try Dense(units: 64, activation: .relu), try Dense(units: 32, activation: .relu),
                                                try Dense(units: 10, activation: .softmax)])
            try model.build(inputShape: [[nil, 784]])
            try model.compile(CompileConfiguration(optimizer: try Adam(), loss: .single(try BuiltinLoss(kerasName: "sparse_categorical_crossentropy")),
                                                   metrics: .all([.name("accuracy")])))
            var times: [Double] = []
            var options = FitOptions()
            options.batchSize = batch
            options.verbose = 0
            var allocations = 0
            for epoch in 0..<epochs {
                let before = BufferPool.shared.systemAllocations
                let start = now()
                _ = try model.fit(.arrays(x: .tensor(x), y: .tensor(y), sampleWeight: nil), options: options)
                times.append(now() - start)
                if epoch > 0 { allocations = BufferPool.shared.systemAllocations - before }
            }
            var evaluations: [Double] = []
            for _ in 0..<5 {
                let start = now()
                _ = try model.evaluate(.arrays(x: .tensor(xTest), y: .tensor(split.test.y), sampleWeight: nil), batchSize: 32, verbose: 0)
                evaluations.append(now() - start)
            }
            let steps = (60000 + batch - 1) / batch
            print("chapter MLP fit, batch \(batch): \(format(median(Array(times.dropFirst())))) s/epoch (first epoch \(format(times[0])) s)")
            print("  per step: \(format(median(Array(times.dropFirst())) / Double(steps) * 1e6)) us; system buffer allocations in the last epoch: \(allocations)")
            print("evaluate 10,000 images, batch 32: \(format(median(evaluations) * 1000)) ms")
            return 0
        } catch {
            print("error: \(error)")
            return 1
        }
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
