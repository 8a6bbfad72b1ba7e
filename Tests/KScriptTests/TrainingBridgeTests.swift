import Foundation
@testable import KScript
import Keras
import KTensor
import XCTest

/// The training bridge (`keras.optimizers`, `keras.losses`, `keras.metrics`,
/// `keras.callbacks`, compile/fit/evaluate/predict) through scripts: each
/// `Fixtures/training/NAME.py` prints what real Keras 2.12 printed into `NAME.out`
/// (`make_outputs.sh` regenerates them).
final class TrainingBridgeTests: XCTestCase {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/training")

    /// Until the Keras bridge provides the `keras` root module, a bare root that only routes
    /// `keras.<name>` to the registered submodules (used only when no root exists).
    override class func setUp() {
        super.setUp()
        guard Interpreter.builtinModuleFactories["keras"] == nil else { return }
        Interpreter.builtinModuleFactories["keras"] = { _ in
            let m = PyModule(name: "keras")
            m.defineFunction("__getattr__", "name") { interp, args in
                let name = try args.string("name")
                let module = try interp.loadModule("keras." + name)
                m[name] = .object(module)
                return .object(module)
            }
            return m
        }
        Interpreter.builtinModuleFactories["tensorflow.keras"] = { try $0.loadModule("keras") }
    }

    /// Runs `NAME.py` and compares its standard output with Keras'; returns its standard error.
    @discardableResult
    private func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let source = try String(contentsOf: Self.directory.appendingPathComponent(name + ".py"), encoding: .utf8)
        let expected = try String(contentsOf: Self.directory.appendingPathComponent(name + ".out"), encoding: .utf8)
        // Each script runs as in a fresh process: default-name counters start from zero.
        Naming.clearSession()
        let (output, errors, error) = runScriptSeparatingStreams(source)
        XCTAssertNil(error, "\(name): \(describe(error))\n\(output)", file: file, line: line)
        XCTAssertEqual(Self.withoutTimes(output), Self.withoutTimes(expected), name, file: file, line: line)
        return errors
    }

    /// Progress output with its timings (`1s`, `558ms/epoch`, `64us/step`) masked: they are
    /// the only part that differs between runs.
    static func withoutTimes(_ text: String) -> String {
        text.replacingOccurrences(of: #"\b\d+(ms|us|s)\b"#, with: "T", options: .regularExpression)
    }

    func testLossesAndOptimizers() throws { try check("losses_optimizers") }
    func testMetrics() throws { try check("metrics") }
    func testPrecisionRecallOptionsAndMetricsOfTwoOutputs() throws { try check("metric_options") }
    func testFitEvaluatePredict() throws { try check("fit_basics") }
    func testCustomTrainStepAndCallbacks() throws { try check("custom_step_callbacks") }
    func testGeneratorDatasetAndWeights() throws { try check("data_inputs") }
    func testLogitsShortcutThroughModelOutputs() throws { try check("logits_shortcut") }
    func testEmbeddingGradientsTakeTheSparseUpdates() throws { try check("sparse_gradients") }
    /// Scripts' tapes give `tf.IndexedSlices` where TF does; TF functions read them densely,
    /// the clipping functions and `apply_gradients` (also from a custom `train_step`) as rows.
    func testScriptGradientsOfGatheredTablesAreIndexedSlices() throws { try check("indexed_slices") }
    /// A script schedule passed as a temporary lives as long as the optimizer using it (it
    /// used to be freed after `compile`, and the next step crashed).
    func testScriptScheduleOutlivesItsTemporary() {
        Naming.clearSession()
        let (output, error) = runScript("""
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras
        class Decay(keras.optimizers.schedules.LearningRateSchedule):
            def __call__(self, step):
                return 0.1 / (1.0 + tf.cast(step, tf.float32))
        x = np.ones((8, 2), dtype='float32')
        model = keras.Sequential([keras.layers.Dense(1, input_shape=(2,))])
        model.compile(optimizer=keras.optimizers.SGD(Decay()), loss='mse')
        model.fit(x, x[:, :1], batch_size=2, epochs=1, verbose=0)
        print(round(float(model.optimizer.learning_rate), 4), int(model.optimizer.iterations))
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(output, "0.025 4\n")
    }

    /// A script's Sequential Dense stack trains without the tape (`denseStackTrainStep`) and
    /// ends with the same history and weights, bit for bit, as the same model fitted while a
    /// script tape records (which takes the taped step), for three losses and optimizers.
    func testDenseStackFitMatchesTheTapedFit() {
        Naming.clearSession()
        let (output, error) = runScript("""
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras
        def make(last):
            keras.utils.set_random_seed(3)
            return keras.Sequential([keras.layers.Dense(16, activation="relu", input_shape=(20,)),
                                     keras.layers.Dense(8, activation="tanh"),
                                     keras.layers.Dense(5, activation=last)])
        rng = np.random.RandomState(0)
        x = rng.rand(100, 20).astype("float32")
        y = rng.randint(0, 5, size=(100,))
        for last, loss, opt in [("softmax", "sparse_categorical_crossentropy", "adam"),
                                ("linear", keras.losses.SparseCategoricalCrossentropy(from_logits=True), "sgd"),
                                ("softmax", keras.losses.SparseCategoricalCrossentropy(reduction="sum"), "rmsprop")]:
            a = make(last)
            a.compile(optimizer=opt, loss=loss, metrics=["accuracy", "sparse_categorical_crossentropy"])
            b = make(last)
            b.compile(optimizer=opt, loss=loss, metrics=["accuracy", "sparse_categorical_crossentropy"])
            ha = a.fit(x, y, batch_size=24, epochs=3, verbose=0, shuffle=False)
            with tf.GradientTape():
                hb = b.fit(x, y, batch_size=24, epochs=3, verbose=0, shuffle=False)
            same = all(np.array_equal(u, v) for u, v in zip(a.get_weights(), b.get_weights()))
            print(ha.history == hb.history, same, ha.history["loss"][0] > ha.history["loss"][2])
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(output, "True True True\nTrue True True\nTrue True True\n")
    }

    /// A variable's script object is the same object whenever it is asked for while it lives;
    /// once the script drops it, asking again makes a fresh one that works, and variables made
    /// and dropped by the hundred never hand out each other's objects.
    func testVariableObjectsAreSharedWhileTheyLive() {
        Naming.clearSession()
        let (output, error) = runScript("""
        import tensorflow as tf
        from tensorflow import keras
        d = keras.layers.Dense(3)
        d.build((None, 2))
        a = d.trainable_variables
        b = d.trainable_variables
        print(a[0] is b[0], a[1] is b[1], a[0] is b[1], d.kernel is a[0])
        del a, b
        c = d.trainable_variables
        print(c[0].shape, c[0] is d.kernel, c[0].name)
        values = []
        for i in range(300):
            v = tf.Variable(float(i))
            values.append(float(v.numpy()))
        print(values == [float(i) for i in range(300)])
        kept = [tf.Variable(float(i)) for i in range(50)]
        print(sum(float(v.numpy()) for v in kept), len(set(id(v) for v in kept)))
        """)
        XCTAssertNil(error, describe(error))
        XCTAssertEqual(output, "True True False True\n(2, 3) True dense/kernel:0\nTrue\n1225.0 50\n")
    }

    func testFiniteGeneratorRunsDryAfterItsFirstEpoch() throws {
        let errors = try check("generator_epochs")
        XCTAssertEqual(errors, "WARNING:tensorflow:Your input ran out of data; interrupting training. Make sure that your dataset or generator can generate at least `steps_per_epoch * epochs` batches (in this case, 12 batches). You may need to use the repeat() function when building your dataset.\n")
    }
}
