import Foundation
import XCTest
import KScript

/// `model.save`, `keras.models.load_model` and friends from scripts: round trips keep every
/// weight, Keras 3's files (KerasSavingTests' fixtures) predict as Keras 3 did, script classes
/// load from `__main__` or `custom_objects`, and bad files raise `ValueError`.
final class SavingBridgeTests: XCTestCase {
    /// Keras 3 fixtures shared with KerasSavingTests (made by its make_keras3_fixtures.py).
    static let keras3Fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("KerasSavingTests/Fixtures/keras3").path

    private var directory = ""

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("kscript-saving-bridge-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func run(_ source: String) -> String {
        let result = runScript("D = '\(directory)'\nF = '\(SavingBridgeTests.keras3Fixtures)'\n" + source)
        if let error = result.error { XCTFail("script raised \(describe(error))\n\(result.output)") }
        return result.output
    }

    func testSequentialRoundTripsKeepEveryWeight() {
        let output = run("""
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Dense(8, activation='relu', input_shape=(5,)), layers.BatchNormalization(),
                                  layers.Dropout(0.2), layers.Dense(3, activation='softmax')])
        x = np.arange(10, dtype='float32').reshape(2, 5) / 10
        model.save(D + '/m.keras')
        loaded = keras.models.load_model(D + '/m.keras')
        print(type(loaded).__name__, [l.name for l in loaded.layers] == [l.name for l in model.layers])
        print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), loaded.get_weights())))
        print(np.array_equal(np.asarray(loaded(x)), np.asarray(model(x))))
        model.save_weights(D + '/m.weights.h5')
        clone = keras.models.clone_model(model)
        print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), clone.get_weights())))
        clone.load_weights(D + '/m.weights.h5')
        print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), clone.get_weights())))
        again = keras.models.clone_model(model)
        again.load_weights(D + '/m.keras')
        print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), again.get_weights())))
        rebuilt = keras.models.model_from_json(model.to_json())
        print(rebuilt.to_json() == model.to_json(), model.to_json()[:34])
        """)
        XCTAssertEqual(output, "Sequential True\nTrue\nTrue\nFalse\nTrue\nTrue\nTrue {\"class_name\": \"Sequential\", \"conf\n")
    }

    /// Every learning-rate schedule survives a save: its config, and training continues from
    /// the loaded file exactly as from the model in memory.
    func testLearningRateSchedulesRoundTrip() {
        let output = run("""
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers
        schedules = keras.optimizers.schedules
        x = np.linspace(0, 1, 40, dtype='float32').reshape(20, 2)
        y = (x[:, :1] > 0.5).astype('float32')
        for schedule in [schedules.PiecewiseConstantDecay([2, 4], [0.1, 0.05, 0.01]),
                         schedules.ExponentialDecay(0.1, 3, 0.5, staircase=True), schedules.CosineDecay(0.1, 10)]:
            model = keras.Sequential([layers.Dense(1, activation='sigmoid', kernel_initializer='ones', input_shape=(2,))])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=schedule), loss='binary_crossentropy')
            model.fit(x, y, batch_size=5, epochs=1, shuffle=False, verbose=0)
            model.save(D + '/s.keras')
            loaded = keras.models.load_model(D + '/s.keras')
            restored = loaded.optimizer.get_config()['learning_rate']
            print(restored['class_name'], restored['config'] == schedule.get_config())
            model.fit(x, y, batch_size=5, epochs=1, shuffle=False, verbose=0)
            loaded.fit(x, y, batch_size=5, epochs=1, shuffle=False, verbose=0)
            print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), loaded.get_weights())))
        print(schedules.PiecewiseConstantDecay([2, 4], [0.1, 0.05, 0.01]).get_config())
        """)
        XCTAssertEqual(output, """
        PiecewiseConstantDecay True
        True
        ExponentialDecay True
        True
        CosineDecay True
        True
        {'boundaries': [2, 4], 'values': [0.1, 0.05, 0.01], 'name': None}

        """)
    }

    /// `get_config()` returns a schedule's arguments as written, ints as ints. The expected text
    /// is what Keras 2.12 (TF 2.12) prints for the same lines.
    func testScheduleConfigsKeepTheArgumentsAsWritten() {
        let output = run("""
        from tensorflow import keras
        s = keras.optimizers.schedules
        print(s.PiecewiseConstantDecay([2, 4], [0.1, 0.01, 1]).get_config())
        print(s.ExponentialDecay(0.1, 1000, 0.96, staircase=True).get_config())
        print(s.ExponentialDecay(1, 1000.0, 0.5).get_config())
        print(s.CosineDecay(0.1, 500).get_config())
        print(s.CosineDecay(0.1, 500, alpha=0).get_config())
        print(keras.optimizers.Adam(s.PiecewiseConstantDecay([2, 4], [0.1, 0.01, 1])).get_config()['learning_rate'])
        """)
        XCTAssertEqual(output, """
        {'boundaries': [2, 4], 'values': [0.1, 0.01, 1], 'name': None}
        {'initial_learning_rate': 0.1, 'decay_steps': 1000, 'decay_rate': 0.96, 'staircase': True, 'name': None}
        {'initial_learning_rate': 1, 'decay_steps': 1000.0, 'decay_rate': 0.5, 'staircase': False, 'name': None}
        {'initial_learning_rate': 0.1, 'decay_steps': 500, 'alpha': 0.0, 'name': None}
        {'initial_learning_rate': 0.1, 'decay_steps': 500, 'alpha': 0, 'name': None}
        {'class_name': 'PiecewiseConstantDecay', 'config': {'boundaries': [2, 4], 'values': [0.1, 0.01, 1], 'name': None}}

        """)
    }

    func testKeras3FilesPredictAsKeras3() {
        let output = run("""
        import numpy as np
        from tensorflow import keras
        for name, inputs in [('mlp', 1), ('multi_input', 2), ('batchnorm', 1), ('embedding_lstm', 2)]:
            model = keras.models.load_model(F + '/' + name + '.keras')
            xs = [np.load(F + '/' + name + '_x' + str(i) + '.npy') for i in range(inputs)]
            predicted = np.asarray(model(xs if inputs > 1 else xs[0]))
            expected = np.load(F + '/' + name + '_pred.npy')
            print(name, type(model).__name__, predicted.shape == expected.shape, float(np.max(np.abs(predicted - expected))) < 1e-6)
        """)
        XCTAssertEqual(output, """
        mlp Sequential True True
        multi_input Functional True True
        batchnorm Sequential True True
        embedding_lstm Functional True True

        """)
    }

    func testScriptSubclassesLoadWithTheirClass() {
        let output = run("""
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        class MyModel(keras.Model):
            def __init__(self, hidden_units=64, **kwargs):
                super().__init__(**kwargs)
                self.hidden_units = hidden_units
                self.dense1 = layers.Dense(hidden_units, activation='relu')
                self.dense2 = layers.Dense(hidden_units, activation='relu')
                self.output_layer = layers.Dense(10, activation='softmax')
            def call(self, inputs):
                return self.output_layer(self.dense2(self.dense1(inputs)))
            def get_config(self):
                return {'hidden_units': self.hidden_units, 'name': self.name}

        x = np.load(F + '/subclassed_x0.npy')
        model = keras.models.load_model(F + '/subclassed.keras')
        expected = np.load(F + '/subclassed_pred.npy')
        print(type(model).__name__, model.hidden_units, float(np.max(np.abs(np.asarray(model(x)) - expected))) < 1e-6)
        model.save(D + '/sub.keras')
        again = keras.models.load_model(D + '/sub.keras', custom_objects={'MyModel': MyModel})
        print(all(np.array_equal(a, b) for a, b in zip(model.get_weights(), again.get_weights())))
        del MyModel
        try:
            keras.models.load_model(D + '/sub.keras')
        except ValueError as e:
            print('ValueError', 'Unknown layer' in str(e))
        """)
        XCTAssertEqual(output, "MyModel 8 True\nTrue\nValueError True\n")
    }

    func testScriptLayerInsideAFunctionalModel() {
        let output = run("""
        import numpy as np
        from tensorflow import keras
        from tensorflow.keras import layers

        class Scale(layers.Layer):
            def __init__(self, factor=2.0, **kwargs):
                super().__init__(**kwargs)
                self.factor = factor
            def build(self, input_shape):
                self.w = self.add_weight(name='w', shape=(input_shape[-1],), initializer='random_normal')
            def call(self, x):
                return x * self.w * self.factor
            def get_config(self):
                config = super().get_config()
                config['factor'] = self.factor
                return config

        inputs = keras.Input(shape=(3,))
        model = keras.Model(inputs, layers.Dense(2)(Scale(3.0)(inputs)))
        data = np.ones((2, 3), dtype='float32')
        model.save(D + '/custom.keras')
        loaded = keras.models.load_model(D + '/custom.keras')
        print([type(l).__name__ for l in loaded.layers], loaded.layers[1].factor)
        print(np.array_equal(np.asarray(loaded(data)), np.asarray(model(data))))
        """)
        XCTAssertEqual(output, "['InputLayer', 'Scale', 'Dense'] 3.0\nTrue\n")
    }

    func testBadFilesAndNamesRaise() {
        let output = run("""
        from tensorflow import keras
        from tensorflow.keras import layers
        model = keras.Sequential([layers.Dense(2, input_shape=(3,))])
        def attempt(f):
            try:
                f()
                print('no error')
            except ValueError as e:
                print('ValueError:', str(e).replace(D, 'D'))
        attempt(lambda: keras.models.load_model(D + '/missing.keras'))
        open(D + '/junk.keras', 'w').write('not a zip')
        attempt(lambda: keras.models.load_model(D + '/junk.keras'))
        attempt(lambda: model.save(D + '/m.h5'))
        attempt(lambda: model.save_weights(D + '/w.h5'))
        open(D + '/w.weights.h5', 'w').write('not hdf5')
        attempt(lambda: model.load_weights(D + '/w.weights.h5'))
        """)
        XCTAssertEqual(output, """
        ValueError: File not found: filepath=D/missing.keras. Please ensure the file is an accessible `.keras` zip file.
        ValueError: D/junk.keras: not a .keras file (not a readable zip archive)
        ValueError: Invalid filepath extension for saving. Please add either a `.keras` extension for the native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if you want to export a SavedModel for use with TFLite/TFServing/etc. Received: filepath=D/m.h5.
        ValueError: The filename must end in `.weights.h5`. Received: filepath=D/w.h5
        ValueError: D/w.weights.h5: not an HDF5 file

        """)
    }
}
