import Foundation
import KScript
import XCTest
@testable import Notebook

/// Keras values in persistent sessions: models of the three kinds, layers, metrics,
/// optimizers, histories and datasets survive a save and a restore into a fresh interpreter,
/// and work continues there exactly as it would have without the restart.
final class KerasSessionTests: SessionTestCase {
    private func run(_ executor: CellExecutor, _ cells: [String], file: StaticString = #filePath, line: UInt = #line) {
        for cell in cells {
            executor.execute(cell)
            if case .error(_, _, let traceback)? = executor.cells.last?.outputs.last { XCTFail(traceback, file: file, line: line) }
        }
    }

    private func evaluate(_ executor: CellExecutor, _ expression: String) throws -> String {
        let value = try executor.interpreter.run(source: expression, filename: "<test>", in: executor.module, interactive: true)
        return try executor.interpreter.repr(value)
    }

    /// What a new process starts with: the process-wide random generators in other states
    /// and the layer name counters moved on, so a restore must bring its own.
    private let disturbProcessState = "import numpy as np, random, keras\nkeras.utils.set_random_seed(987)\nnp.random.seed(5)\nrandom.seed(11)\n"
        + "for _ in range(3): keras.layers.Dense(1)"

    /// Runs `cells`, saves, restores into a fresh interpreter (after disturbing the process
    /// state) and returns the new executor and the save's notice.
    private func restart(_ cells: [String], file: StaticString = #filePath, line: UInt = #line) throws -> (CellExecutor, String?) {
        let first = makeExecutor()
        run(first, cells, file: file, line: line)
        let saving = try openController()
        let notice = try saving.save(first)
        saving.store.release()
        let second = makeExecutor()
        run(second, [disturbProcessState], file: file, line: line)
        let report = try openController().restore(into: second)
        XCTAssertEqual(report.failures, [], file: file, line: line)
        return (second, notice)
    }

    private let data = """
        import numpy as np, keras, tensorflow as tf
        keras.utils.set_random_seed(3)
        rng = np.random.RandomState(0)
        x = rng.rand(64, 4).astype('float32')
        y = (x.sum(axis=1) > 2).astype('int64')
        """

    func testSequentialModelPredictsTheSameAndFitContinuesAsWithoutRestart() throws {
        let setup = [data, """
            model = keras.Sequential([keras.layers.Dense(8, activation='relu', input_shape=(4,)), keras.layers.Dropout(0.2),
                                      keras.layers.Dense(2, activation='softmax')])
            model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
            history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
            before = model.predict(x[:5], verbose=0)
            """]
        let continuation = ["h2 = model.fit(x, y, epochs=2, batch_size=16, verbose=0)", "after = model.predict(x[:5], verbose=0)"]

        let uninterrupted = makeExecutor()
        run(uninterrupted, setup + continuation)
        let expected = try evaluate(uninterrupted, "after.tolist(), h2.history['loss'], model.optimizer.iterations.numpy()")

        let (restored, notice) = try restart(setup)
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "bool((model.predict(x[:5], verbose=0) == before).all())"), "True")
        XCTAssertEqual(try evaluate(restored, "history.epoch, history.params['epochs'], model.history is history, len(history.history['loss'])"),
                       "([0, 1], 2, True, 2)")
        run(restored, continuation)
        XCTAssertEqual(try evaluate(restored, "after.tolist(), h2.history['loss'], model.optimizer.iterations.numpy()"), expected)
    }

    func testFunctionalModelKeepsIdentityOfAliasesLayersWeightsOptimizerAndTensors() throws {
        let (restored, notice) = try restart([data, """
            inputs = keras.Input(shape=(4,), name='features')
            hidden = keras.layers.Dense(8, activation='relu', name='hidden')(inputs)
            outputs = keras.layers.Dense(2, name='scores')(hidden)
            model = keras.Model(inputs, outputs)
            alias = model
            opt = keras.optimizers.SGD(0.1, momentum=0.9)
            model.compile(optimizer=opt, loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
            model.fit(x, y, epochs=1, verbose=0)
            first = model.layers[1]; kernel = first.kernel; step = opt.iterations
            """])
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "alias is model, first is model.get_layer('hidden'), kernel is first.kernel, opt is model.optimizer"),
                       "(True, True, True, True)")
        XCTAssertEqual(try evaluate(restored, "step is model.optimizer.iterations, int(step.numpy()), round(float(opt.learning_rate.numpy()), 6)"),
                       "(True, 2, 0.1)")
        XCTAssertEqual(try evaluate(restored, "inputs.shape, hidden.name == first.output.name if hasattr(first, 'output') else True"),
                       "(TensorShape([None, 4]), True)")
        run(restored, ["again = keras.Model(inputs, outputs)"])
        XCTAssertEqual(try evaluate(restored, "again.layers[1] is first, again.layers[2] is model.layers[2]"), "(True, True)")
    }

    func testSubclassedModelWithCustomTrainStepAndNotebookLossResumes() throws {
        let setup = [data, """
            class Net(keras.Model):
                def __init__(self, hidden, scale=1.0):
                    super().__init__()
                    self.scale = scale
                    self.body = keras.layers.Dense(hidden, activation='tanh')
                    self.head = keras.layers.Dense(2)
                    self.tracker = keras.metrics.Mean(name='loss')

                def call(self, inputs):
                    return self.head(self.body(inputs)) * self.scale

                def train_step(self, data):
                    x, y = data
                    with tf.GradientTape() as tape:
                        loss = self.compiled_loss(y, self(x, training=True))
                    grads = tape.gradient(loss, self.trainable_variables)
                    self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
                    self.tracker.update_state(loss)
                    return {'loss': self.tracker.result()}
            """, """
            def logits_loss(y_true, y_pred):
                return tf.reduce_mean(tf.square(y_pred - tf.cast(tf.reshape(y_true, (-1, 1)), 'float32')))
            net = Net(6, scale=0.5)
            net.compile(optimizer='rmsprop', loss=logits_loss)
            net.fit(x, y, epochs=1, batch_size=8, verbose=0, shuffle=False)
            net.note = 'tuned'
            before = net.predict(x[:3], verbose=0)
            """]
        let continuation = ["net.fit(x, y, epochs=2, batch_size=8, verbose=0)", "after = net.predict(x[:3], verbose=0)"]
        let uninterrupted = makeExecutor()
        run(uninterrupted, setup + continuation)
        let expected = try evaluate(uninterrupted, "after.tolist(), float(net.tracker.result())")

        let (restored, notice) = try restart(setup + ["names = [net.name] + [w.name for w in net.weights]"])
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "[net.name] + [w.name for w in net.weights] == names, names[1].startswith(net.name + '/')"),
                       "(True, True)")
        XCTAssertEqual(try evaluate(restored, "type(net) is Net, net.scale, net.note, bool((net.predict(x[:3], verbose=0) == before).all())"),
                       "(True, 0.5, 'tuned', True)")
        run(restored, continuation)
        XCTAssertEqual(try evaluate(restored, "after.tolist(), float(net.tracker.result())"), expected)
    }

    func testScriptLayersInGraphModelsAndNestedModelsComeBack() throws {
        let (restored, notice) = try restart([data, """
            from tensorflow.keras import Model, layers
            class Block(layers.Layer):
                def __init__(self, units):
                    super().__init__()
                    self.inner = layers.Dense(units, activation='relu')
                    self.units = units
                def call(self, inputs):
                    return self.inner(inputs) + 1.0
            inputs = keras.Input(shape=(4,))
            encoder = Model(inputs, Block(6)(inputs), name='encoder')
            outputs = layers.Dense(1)(encoder(inputs))
            whole = Model(inputs, outputs)
            whole.compile(optimizer='adam', loss='mse')
            whole.fit(x, x[:, :1], epochs=1, verbose=0)
            stack = keras.Sequential([layers.Dense(3, input_shape=(4,)), Block(2)])
            expected_whole = whole.predict(x[:4], verbose=0)
            expected_stack = stack.predict(x[:4], verbose=0)
            """])
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "Model is keras.Model, encoder is whole.layers[1], whole.layers[1].layers[1].units"), "(True, True, 6)")
        XCTAssertEqual(try evaluate(restored, "bool((whole.predict(x[:4], verbose=0) == expected_whole).all()), bool((stack.predict(x[:4], verbose=0) == expected_stack).all())"),
                       "(True, True)")
        XCTAssertEqual(try evaluate(restored, "type(stack.layers[1]).__name__, stack.layers[1].units"), "('Block', 2)")
    }

    func testLayersMetricsOptimizersHistoriesAndDatasetsSurvive() throws {
        let (restored, notice) = try restart([data, """
            class Scale(keras.layers.Layer):
                def __init__(self, factor):
                    super().__init__()
                    self.factor = factor
                def build(self, input_shape):
                    self.w = self.add_weight(name='w', shape=(input_shape[-1],), initializer='ones')
                def call(self, inputs):
                    return inputs * self.w * self.factor
            dense = keras.layers.Dense(3)
            dense_out = dense(x[:2])
            scale = Scale(2.0)
            scale(x[:2])
            scale.w.assign([1.0, 2.0, 3.0, 4.0])
            mean = keras.metrics.Mean(); mean.update_state([1.0, 2.0, 6.0])
            auc = keras.metrics.AUC(num_thresholds=20); auc.update_state([0, 1, 1, 0], [0.1, 0.8, 0.6, 0.3])
            v = tf.Variable([1.0, -2.0])
            adam = keras.optimizers.Adam(0.1)
            for _ in range(3):
                with tf.GradientTape() as tape:
                    loss = tf.reduce_sum(v * v)
                adam.apply_gradients([(tape.gradient(loss, v), v)])
            del tape
            def halve(a, b):
                return a / 2, b
            ds = tf.data.Dataset.from_tensor_slices((x[:10], y[:10])).map(halve).shuffle(10, seed=4).batch(4)
            log = keras.callbacks.History()
            """])
        XCTAssertNil(notice)
        XCTAssertEqual(try evaluate(restored, "bool((dense(x[:2]).numpy() == dense_out.numpy()).all()), dense.built, scale.factor, scale.w.numpy().tolist()"),
                       "(True, True, 2.0, [1.0, 2.0, 3.0, 4.0])")
        XCTAssertEqual(try evaluate(restored, "float(mean.result()), round(float(auc.result()), 4), int(adam.iterations.numpy())"),
                       "(3.0, 1.0, 3)")
        let uninterrupted = makeExecutor()
        let step = "with tf.GradientTape() as tape:\n    loss = tf.reduce_sum(v * v)\nadam.apply_gradients([(tape.gradient(loss, v), v)])"
        run(uninterrupted, [data, "v = tf.Variable([1.0, -2.0])\nadam = keras.optimizers.Adam(0.1)\nfor _ in range(4):\n    " + step.replacingOccurrences(of: "\n", with: "\n    ")])
        run(restored, [step])
        XCTAssertEqual(try evaluate(restored, "v.numpy().tolist()"), try evaluate(uninterrupted, "v.numpy().tolist()"))
        XCTAssertEqual(try evaluate(restored, "len(list(ds))"), "3")
        XCTAssertEqual(try evaluate(restored, "type(log).__name__, log.history"), "('History', {})")
    }

    /// An embedding's gradient is a `tf.IndexedSlices`; it comes back with its three parts
    /// (the indices' dtype too) and still updates its table by the sparse rule.
    func testIndexedSlicesGradientsSurvive() throws {
        let cells = [data, """
            emb = keras.layers.Embedding(5, 2)
            emb.build((None, 3))
            with tf.GradientTape() as tape:
                loss = tf.reduce_sum(emb(tf.constant([[1, 3, 1]])) ** 2)
            g = tape.gradient(loss, emb.embeddings)
            del tape
            handmade = tf.IndexedSlices([[1.0, 2.0]], [4])
            """]
        let uninterrupted = makeExecutor()
        run(uninterrupted, cells)
        let (restored, notice) = try restart(cells)
        XCTAssertNil(notice)
        for expression in ["str(g)", "type(g).__name__, g.indices.dtype, g.shape", "str(handmade)"] {
            XCTAssertEqual(try evaluate(restored, expression), try evaluate(uninterrupted, expression))
        }
        let step = "keras.optimizers.SGD(0.5).apply_gradients([(g, emb.embeddings)])\nafter = emb.embeddings.numpy().tolist()"
        run(uninterrupted, [step])
        run(restored, [step])
        XCTAssertEqual(try evaluate(restored, "after"), try evaluate(uninterrupted, "after"))
        XCTAssertEqual(try evaluate(restored, "type(g).__name__"), "'IndexedSlices'")
    }

    func testConvolutionalModelsWithLambdaLayersResume() throws {
        let cells = [data, """
            images = rng.rand(32, 6, 6, 1).astype('float32')
            def doubled(t, factor=2.0):
                return t * factor
            cnn = keras.Sequential([
                keras.layers.Conv2D(3, 3, padding='same', activation='relu', input_shape=(6, 6, 1)),
                keras.layers.MaxPooling2D(),
                keras.layers.LayerNormalization(),
                keras.layers.PReLU(),
                keras.layers.Lambda(doubled, arguments={'factor': 3.0}),
                keras.layers.Lambda(lambda t: t - 1.0),
                keras.layers.GlobalAveragePooling2D(),
                keras.layers.Dense(2, activation='softmax'),
            ])
            cnn.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
            cnn.fit(images, y[:32], epochs=1, verbose=0)
            """]
        let uninterrupted = makeExecutor()
        run(uninterrupted, cells)
        let (restored, _) = try restart(cells)
        for expression in ["[type(layer).__name__ for layer in cnn.layers]", "cnn.predict(images[:3], verbose=0).tolist()"] {
            XCTAssertEqual(try evaluate(restored, expression), try evaluate(uninterrupted, expression))
        }
        let step = "cnn.fit(images, y[:32], epochs=1, verbose=0)\nafter = cnn.predict(images[:3], verbose=0).tolist()"
        run(uninterrupted, [step])
        run(restored, [step])
        XCTAssertEqual(try evaluate(restored, "after"), try evaluate(uninterrupted, "after"))
    }

    func testEncoderDecoderWithDropoutAndAdaptedNormalizationResume() throws {
        let cells = [data, """
            sequences = x.reshape(16, 4, 4)
            normalizer = keras.layers.Normalization()
            normalizer.adapt(sequences)
            encoder_inputs = keras.Input(shape=(None, 4))
            _, h, c = keras.layers.LSTM(6, return_state=True, dropout=0.2, recurrent_dropout=0.3)(normalizer(encoder_inputs))
            decoder_inputs = keras.Input(shape=(None, 4))
            decoded = keras.layers.GRU(6, return_sequences=True)(decoder_inputs, initial_state=h)
            decoded = keras.layers.LSTM(6)(decoded, initial_state=[h, c])
            seq2seq = keras.Model([encoder_inputs, decoder_inputs], keras.layers.Dense(2, activation='softmax')(decoded))
            seq2seq.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
            seq2seq.fit([sequences, sequences[:, ::-1]], y[:16], epochs=1, verbose=0)
            """]
        let uninterrupted = makeExecutor()
        run(uninterrupted, cells)
        let (restored, _) = try restart(cells)
        for expression in ["seq2seq.predict([sequences, sequences[:, ::-1]], verbose=0).tolist()", "normalizer.mean.numpy().tolist()",
                           "[(l.dropout, l.recurrent_dropout) for l in seq2seq.layers if hasattr(l, 'recurrent_dropout')]"] {
            XCTAssertEqual(try evaluate(restored, expression), try evaluate(uninterrupted, expression))
        }
    }

    func testBidirectionalAndTimeDistributedModelsResume() throws {
        let cells = [data, """
            tokens = rng.randint(1, 20, size=(32, 5))
            tokens[:, 4:] = 0
            rnn = keras.Sequential([
                keras.layers.Embedding(20, 4, mask_zero=True, input_length=5),
                keras.layers.TimeDistributed(keras.layers.Dense(3, activation='tanh')),
                keras.layers.Bidirectional(keras.layers.LSTM(3, return_sequences=True)),
                keras.layers.Bidirectional(keras.layers.GRU(2), merge_mode='ave'),
                keras.layers.Dense(2, activation='softmax'),
            ])
            rnn.compile(optimizer='adam', loss='sparse_categorical_crossentropy')
            rnn.fit(tokens, y[:32], epochs=1, verbose=0)
            """]
        let uninterrupted = makeExecutor()
        run(uninterrupted, cells)
        // Layer names come back; recurrent cells are re-created, as by `load_model`, under new
        // cell names (`lstm_cell_N`), so weight names are compared up to the cell.
        let names = "[layer.name for layer in rnn.layers] + [w.name.rsplit('_cell', 1)[0] for w in rnn.weights]"
        let (restored, _) = try restart(cells + ["names = " + names])
        XCTAssertEqual(try evaluate(restored, names + " == names"), "True")
        XCTAssertEqual(try evaluate(restored, "rnn.predict(tokens[:3], verbose=0).tolist()"),
                       try evaluate(uninterrupted, "rnn.predict(tokens[:3], verbose=0).tolist()"))
        let step = "rnn.fit(tokens, y[:32], epochs=1, verbose=0)\nafter = rnn.predict(tokens[:3], verbose=0).tolist()"
        run(uninterrupted, [step])
        run(restored, [step])
        XCTAssertEqual(try evaluate(restored, "after"), try evaluate(uninterrupted, "after"))
    }

    func testDatasetRestoresToTheSameElements() throws {
        let cells = [data, """
            def halve(a, b):
                return a / 2, b
            ds = tf.data.Dataset.from_tensor_slices((x[:10], y[:10])).map(halve).shuffle(10, seed=4).batch(4)
            """]
        let uninterrupted = makeExecutor()
        run(uninterrupted, cells)
        let expected = try evaluate(uninterrupted, "[(a.numpy().tolist(), b.numpy().tolist()) for a, b in ds]")
        let (restored, _) = try restart(cells)
        XCTAssertEqual(try evaluate(restored, "[(a.numpy().tolist(), b.numpy().tolist()) for a, b in ds]"), expected)
    }

    func testWhatCannotBeSavedIsNamedOnce() throws {
        let executor = makeExecutor()
        run(executor, [data, """
            loose = keras.Input(shape=(3,))
            model = keras.Sequential([keras.layers.Dense(2, input_shape=(4,))])
            def make_loss():
                w = 2.0
                def loss(a, b):
                    return w * keras.losses.mean_squared_error(a, b)
                return loss
            model.compile(optimizer='sgd', loss=make_loss())
            gen_ds = tf.data.Dataset.from_generator(lambda: iter([]), output_signature=tf.TensorSpec(shape=(), dtype=tf.float32))
            class Decay(keras.optimizers.schedules.LearningRateSchedule):
                def __call__(self, step):
                    return 0.1 / (1.0 + tf.cast(step, tf.float32))
            stepped = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
            stepped.compile(optimizer=keras.optimizers.SGD(Decay()), loss='mse')
            stepped.fit(x, x[:, :1], epochs=1, verbose=0)
            kernel = stepped.layers[0].kernel.numpy()
            piecewise = keras.Sequential([keras.layers.Dense(1, input_shape=(4,))])
            piecewise.compile(optimizer=keras.optimizers.SGD(keras.optimizers.schedules.PiecewiseConstantDecay([10], [0.1, 0.01])), loss='mse')
            piecewise.fit(x, x[:, :1], epochs=1, verbose=0)
            """])
        let controller = try openController()
        let notice = try XCTUnwrap(try controller.save(executor))
        XCTAssertTrue(notice.contains("loose (KerasTensor not part of a saved model)"), notice)
        XCTAssertTrue(notice.contains("model: compile arguments (function (nested))"), notice)
        XCTAssertTrue(notice.contains("stepped: compile state (the learning rate schedule"), notice)
        XCTAssertFalse(notice.contains("piecewise"), "built-in schedules are saved: \(notice)")
        XCTAssertFalse(notice.contains("gen_ds"), "a dataset from a notebook lambda is saved: \(notice)")
        XCTAssertNil(try controller.save(executor), "the notice is given once")
        controller.store.release()

        let restored = makeExecutor()
        let report = try openController().restore(into: restored)
        XCTAssertEqual(report.failures, [])
        XCTAssertEqual(try evaluate(restored, "stepped.optimizer is None, bool((stepped.layers[0].kernel.numpy() == kernel).all()), model.optimizer is None"),
                       "(True, True, True)")
        XCTAssertEqual(try evaluate(restored, "piecewise.optimizer.get_config()['learning_rate']['class_name'], int(piecewise.optimizer.iterations.numpy())"),
                       "('PiecewiseConstantDecay', 2)")
    }

    func testUnchangedModelIsNotRewrittenAndATrainedOneIs() throws {
        let executor = makeExecutor()
        run(executor, [data, """
            model = keras.Sequential([keras.layers.Dense(4, input_shape=(4,))])
            model.compile(optimizer='adam', loss='mse')
            """])
        let controller = try openController()
        try controller.save(executor)
        let blobs = controller.store.directory + "/blobs"
        func modelFiles() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: blobs).filter { $0.hasSuffix(".keras") } }
        let first = try modelFiles()
        XCTAssertEqual(first.count, 1)
        run(executor, ["count = 1"])
        try controller.save(executor)
        XCTAssertEqual(try modelFiles(), first, "a cell that does not touch the model does not rewrite it")
        run(executor, ["model.fit(x, x, epochs=1, verbose=0)"])
        try controller.save(executor)
        let second = try modelFiles()
        XCTAssertEqual(second.count, 1)
        XCTAssertNotEqual(second, first, "a trained model is written again and the old file removed")
    }

    func testDamagedModelFileIsReportedAndTheRestRestores() throws {
        let executor = makeExecutor()
        run(executor, [data, "model = keras.Sequential([keras.layers.Dense(2, input_shape=(4,))])\nfirst = model.layers[0]\nkept = 'yes'"])
        let controller = try openController()
        try controller.save(executor)
        controller.store.release()
        let blobs = controller.store.directory + "/blobs"
        let file = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: blobs).first { $0.hasSuffix(".keras") })
        let bytes = try Data(contentsOf: URL(fileURLWithPath: blobs + "/" + file))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: blobs + "/" + file))

        let restored = makeExecutor()
        let report = try openController().restore(into: restored)
        XCTAssertEqual(report.failures.map { String($0.prefix(7)) }.sorted(), ["first: ", "model: "], "\(report.failures)")
        XCTAssertTrue(report.failures.allSatisfy { $0.contains("ValueError") }, "\(report.failures)")
        XCTAssertEqual(try evaluate(restored, "kept, 'model' in dir()"), "('yes', False)")
    }
}
