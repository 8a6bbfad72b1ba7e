import XCTest
@testable import KTensor

/// GradientTape and Variable semantics (TF 2.12's behaviour).
final class AutodiffTests: XCTestCase {
    func testTrainableVariablesReadUnderTapeAreWatched() throws {
        let w = Variable(try Tensor(shape: [2], values: [Float(1), 2]), name: "w")
        let frozen = Variable(try Tensor(shape: [2], values: [Float(3), 4]), name: "frozen", trainable: false)
        let tape = GradientTape()
        let loss = try tape.record { try (w.value * frozen.value).sum() }
        XCTAssertEqual(tape.watchedVariables.map(\.name), ["w"])
        let grads = try tape.gradient(of: loss, withRespectTo: [w, frozen])
        assertTensor(try XCTUnwrap(grads[0]), shape: [2], [3, 4])
        XCTAssertNil(grads[1], "a non-trainable variable is not watched automatically")
    }

    func testWatchAccessedVariablesFalseNeedsExplicitWatch() throws {
        let w = Variable(Tensor(scalar: Float(3)))
        let tape = GradientTape(watchAccessedVariables: false)
        let y = try tape.record { try w.value * w.value }
        XCTAssertNil(try tape.gradient(of: y, withRespectTo: [w])[0])
        let tape2 = GradientTape(watchAccessedVariables: false)
        let y2 = try tape2.record { () -> Tensor in
            tape2.watch(w)
            return try w.value * w.value
        }
        assertTensor(try XCTUnwrap(tape2.gradient(of: y2, withRespectTo: [w])[0]), shape: [], [6])
    }

    func testUnconnectedAndUnwatchedSourcesGiveNil() throws {
        var x = Tensor(scalar: 2.0)
        let other = Tensor(scalar: 5.0)
        let tape = GradientTape()
        let y = try tape.record { () -> Tensor in
            tape.watch(&x)
            return try x * x
        }
        let grads = try tape.gradient(of: y, withRespectTo: [x, other])
        assertTensor(try XCTUnwrap(grads[0]), shape: [], [4])
        XCTAssertNil(grads[1])
    }

    func testNonPersistentTapeIsSingleUse() throws {
        let w = Variable(Tensor(scalar: Float(2)))
        let tape = GradientTape()
        let y = try tape.record { try w.value * w.value }
        _ = try tape.gradient(of: y, withRespectTo: [w])
        XCTAssertThrowsError(try tape.gradient(of: y, withRespectTo: [w])) { error in
            XCTAssertEqual((error as? TensorError)?.kind, .runtime)
        }
        let persistent = GradientTape(persistent: true)
        let z = try persistent.record { try w.value * w.value * w.value }
        let first = try XCTUnwrap(persistent.gradient(of: z, withRespectTo: [w])[0])
        let second = try XCTUnwrap(persistent.gradient(of: z, withRespectTo: [w])[0])
        XCTAssertEqual(first.doubles(), [12])
        XCTAssertEqual(second.doubles(), [12])
    }

    func testNonScalarTargetIsSummedAndOutputGradientsWeight() throws {
        var x = try Tensor(shape: [3], values: [1.0, 2.0, 3.0])
        let tape = GradientTape(persistent: true)
        let y = try tape.record { () -> Tensor in
            tape.watch(&x)
            return try x * x
        }
        assertTensor(try XCTUnwrap(tape.gradient(of: y, withRespectTo: [x])[0]), shape: [3], [2, 4, 6])
        let weighted = try tape.gradient(of: y, withRespectTo: [x], outputGradient: Tensor(shape: [3], values: [1.0, 0.0, -1.0]))
        assertTensor(try XCTUnwrap(weighted[0]), shape: [3], [2, 0, -6])
    }

    func testNestedTapesGiveSecondDerivatives() throws {
        var x = Tensor(scalar: 3.0)
        let outer = GradientTape()
        let inner = GradientTape()
        outer.startRecording()
        outer.watch(&x)
        inner.startRecording()
        inner.watch(&x)
        let y = try x * x * x
        inner.stopRecording()
        let dy = try XCTUnwrap(inner.gradient(of: y, withRespectTo: [x])[0])
        outer.stopRecording()
        assertTensor(dy, shape: [], [27])
        let d2y = try XCTUnwrap(outer.gradient(of: dy, withRespectTo: [x])[0])
        assertTensor(d2y, shape: [], [18])
    }

    func testOpsOutsideRecordingAreNotTracked() throws {
        let w = Variable(Tensor(scalar: Float(2)))
        let tape = GradientTape()
        let before = try w.value * 3.0
        let y = try tape.record { try before + w.value }
        let g = try tape.gradient(of: y, withRespectTo: [w])
        assertTensor(try XCTUnwrap(g[0]), shape: [], [1])
        XCTAssertFalse(Autodiff.isRecording)
        XCTAssertFalse(Autodiff.needsGradient(w.value))
    }

    func testPausedTapeDoesNotRecord() throws {
        let w = Variable(Tensor(scalar: Float(2)))
        let tape = GradientTape()
        let y = try tape.record { () -> Tensor in
            let stopped = try tape.pausingRecording { try w.value * 10.0 }
            return try stopped + w.value
        }
        assertTensor(try XCTUnwrap(tape.gradient(of: y, withRespectTo: [w])[0]), shape: [], [1])
    }

    func testIntegerTensorsAreNotDifferentiable() throws {
        var i = Tensor(scalar: Int64(3), dtype: .int64)
        let tape = GradientTape()
        let y = try tape.record { () -> Tensor in
            tape.watch(&i)
            return try i * i
        }
        XCTAssertNil(try tape.gradient(of: y, withRespectTo: [i])[0])
    }

    func testVariableAssignKeepsIdentityAndChecksShape() throws {
        let v = Variable(try Tensor(shape: [2], values: [Float(1), 2]), name: "v")
        let snapshot = v.value
        try v.assignAdd(try Tensor(shape: [2], values: [Float(10), 10]))
        XCTAssertEqual(v.value.doubles(), [11, 12])
        XCTAssertEqual(snapshot.doubles(), [1, 2], "values read earlier are not changed by later assignments")
        try v.assignSub(Tensor.ones([2]))
        XCTAssertEqual(v.value.doubles(), [10, 11])
        try v.assign(try Tensor(shape: [2], values: [0.5, 0.25]))
        XCTAssertEqual(v.value.dtype, .float32)
        XCTAssertEqual(v.value.doubles(), [0.5, 0.25])
        XCTAssertThrowsError(try v.assign(Tensor.ones([3])))
        let tape = GradientTape()
        let y = try tape.record { try (v.value * v.value).sum() }
        assertTensor(try XCTUnwrap(tape.gradient(of: y, withRespectTo: [v])[0]), shape: [2], [1, 0.5])
    }

    /// A custom differentiable op defined through the public recording API.
    func testCustomOperationThroughPublicAPI() throws {
        func cube(_ x: Tensor) throws -> Tensor {
            let y = try x * x * x
            guard Autodiff.needsGradient(x) else { return y }
            return Autodiff.record(inputs: [x], output: y.withoutGradient()) { upstream, needs in
                [needs[0] ? try upstream * x * x * 3.0 : nil]
            }
        }
        var values = TestValues(seed: 3)
        try checkGradient([values.tensor([4])]) { try cube($0[0]) }
        // A multi-output op whose second output is unused gets nil for it.
        var x = try Tensor(shape: [2], values: [1.0, 2.0])
        let tape = GradientTape()
        let outputs = try tape.record { () -> [Tensor] in
            tape.watch(&x)
            let doubled = try x * 2.0, squared = x.square()
            return Autodiff.record(inputs: [x], outputs: [doubled.withoutGradient(), squared.withoutGradient()]) { upstream, _ in
                XCTAssertNil(upstream[1])
                return [try XCTUnwrap(upstream[0]) * 2.0]
            }
        }
        assertTensor(try XCTUnwrap(tape.gradient(of: outputs[0], withRespectTo: [x])[0]), shape: [2], [2, 2])
    }

    /// Neighbouring ops whose backward functions run side by side (`runsBesideOthers`) and
    /// that do not read each other's outputs form one run; the gradients are those of running
    /// them one by one, and an error thrown in a run reaches the caller.
    func testBackwardFunctionsRunSideBySideOnlyWhenIndependent() throws {
        func scaled(_ x: Tensor, _ factor: Double, failing: Bool = false) throws -> Tensor {
            let y = try x.withoutGradient() * factor
            return Autodiff.record(inputs: [x], outputs: [y], runsBesideOthers: true) { upstream, _ in
                if failing { throw TensorError.invalid("backward failed") }
                return [try XCTUnwrap(upstream[0]) * factor]
            }[0]
        }
        var x = try Tensor(shape: [3], values: [1.0, -2.0, 0.5])
        let tape = GradientTape(persistent: true)
        let (b, c) = try tape.record { () -> (Tensor, Tensor) in
            tape.watch(&x)
            let a = try scaled(x, 2), b = try scaled(x, 3)
            return (b, try scaled(a, 5))
        }
        // c reads a's output, so only b and c run side by side; a runs after them.
        XCTAssertEqual(tape.nodes.count, 3)
        XCTAssertEqual(tape.firstOfRunBesideOthers(endingAt: 2), 1)
        XCTAssertEqual(tape.firstOfRunBesideOthers(endingAt: 0), 0)
        let total = try tape.record { try c.sum() + b.sum() }
        assertTensor(try XCTUnwrap(tape.gradient(of: total, withRespectTo: [x])[0]), shape: [3], [13, 13, 13])

        let failingTape = GradientTape()
        let outputs = try failingTape.record { () -> [Tensor] in
            failingTape.watch(&x)
            return [try scaled(x, 2), try scaled(x, 3, failing: true)]
        }
        XCTAssertEqual(failingTape.firstOfRunBesideOthers(endingAt: 1), 0)
        XCTAssertThrowsError(try failingTape.gradient(of: outputs, withRespectTo: [.tensor(x)])) { error in
            XCTAssertTrue("\(error)".contains("backward failed"))
        }
    }

    /// A variable that only row gathers read gets its gradient as the gathered rows, in the
    /// order the gathers ran (as TF's IndexedSlices); `gradient(of:)` gives the same densified.
    func testGatheredVariableKeepsItsRowsInGatherOrder() throws {
        let table = Variable(try Tensor(shape: [5, 2], values: (0..<10).map { Float($0) }), name: "table")
        let first = try Tensor(shape: [3], values: [Int64(3), 1, 3]), second = try Tensor(shape: [1, 2], values: [Int64(1), 4])
        let scale = try Tensor(shape: [2], values: [Float(2), -1])
        let tape = GradientTape(persistent: true)
        let loss = try tape.record { () -> Tensor in
            let a = try table.value.take(first, axis: 0)
            let b = try table.value.take(second, axis: 0)
            return try (a * scale).sum() + (b * 0.5).sum()
        }
        guard case .rows(let rows)? = try tape.sparseGradient(of: loss, withRespectTo: [table])[0] else {
            return XCTFail("expected the gathered rows")
        }
        XCTAssertEqual(rows.indices, [3, 1, 3, 1, 4])
        XCTAssertEqual(rows.denseShape, [5, 2])
        assertTensor(rows.values, shape: [5, 2], [2, -1, 2, -1, 2, -1, 0.5, 0.5, 0.5, 0.5])
        assertTensor(try XCTUnwrap(tape.gradient(of: loss, withRespectTo: [table])[0]), shape: [5, 2],
                     [0, 0, 2.5, -0.5, 0, 0, 4, -2, 0.5, 0.5])
    }

    /// Rows are kept only for a leaf read by gathers alone: a table also read densely, or a
    /// gathered intermediate, or a gather along another axis, gets a dense gradient.
    func testGatherGradientIsDenseUnlessOnlyGathersReadALeaf() throws {
        let table = Variable(try Tensor(shape: [3, 2], values: [Float(1), 2, 3, 4, 5, 6]), name: "table")
        let ids = try Tensor(shape: [2], values: [Int64(2), 2])
        func gradient(_ body: () throws -> Tensor) throws -> Gradient {
            let tape = GradientTape()
            let loss = try tape.record(body)
            return try XCTUnwrap(try tape.sparseGradient(of: loss, withRespectTo: [table])[0])
        }
        guard case .dense(let mixed) = try gradient({ try table.value.take(ids, axis: 0).sum() + (table.value * table.value).sum() }) else {
            return XCTFail("a table read densely too has a dense gradient")
        }
        assertTensor(mixed, shape: [3, 2], [2, 4, 6, 8, 12, 14])
        guard case .dense(let intermediate) = try gradient({ try (table.value * 3).take(ids, axis: 0).sum() }) else {
            return XCTFail("a gathered intermediate passes a dense gradient on")
        }
        assertTensor(intermediate, shape: [3, 2], [0, 0, 0, 0, 6, 6])
        let columnIDs = try Tensor(shape: [2], values: [Int64(1), 1])
        guard case .dense(let columns) = try gradient({ try table.value.take(columnIDs, axis: 1).sum() }) else {
            return XCTFail("a gather along axis 1 has a dense gradient")
        }
        assertTensor(columns, shape: [3, 2], [0, 2, 0, 2, 0, 2])
    }

    /// A repeated training step (dense layers, cross-entropy, tape, in-place update) takes all
    /// its tensor buffers from the pool after the first steps.
    func testRepeatedTrainingStepAllocatesNoNewBuffers() throws {
        var values = TestValues(seed: 11)
        let x = values.tensor([32, 20], dtype: .float32)
        let labels = try Tensor(shape: [32], values: (0..<32).map { Int64($0 % 10) })
        let w1 = Variable(values.tensor([20, 16], dtype: .float32, scale: 0.3)), b1 = Variable(Tensor.zeros([16]))
        let w2 = Variable(values.tensor([16, 10], dtype: .float32, scale: 0.3)), b2 = Variable(Tensor.zeros([10]))
        let variables = [w1, b1, w2, b2]
        func step() throws {
            let tape = GradientTape()
            let loss = try tape.record { () -> Tensor in
                let h = try Tensor.dense(x, kernel: w1.value, bias: b1.value, activation: .relu)
                let p = try Tensor.dense(h, kernel: w2.value, bias: b2.value, activation: .softmax)
                let logits = try XCTUnwrap(p.attachedLogits?.logits)
                return try Tensor.sparseSoftmaxCrossEntropyWithLogits(logits: logits, labels: labels).mean()
            }
            let grads = try tape.gradient(of: loss, withRespectTo: variables)
            for (v, g) in zip(variables, grads) { try v.assignSub(try XCTUnwrap(g) * 0.1) }
        }
        for _ in 0..<3 { try step() }
        let before = BufferPool.shared.systemAllocations
        for _ in 0..<5 { try step() }
        XCTAssertEqual(BufferPool.shared.systemAllocations, before)
    }
}
