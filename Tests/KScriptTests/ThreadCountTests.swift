import Foundation
import XCTest

/// The engine shares kernel pieces with a helper thread; how the work is cut depends only on
/// the shapes, so a script trains to the same bits with the helper (`KSCRIPT_THREADS` unset)
/// and without it (`KSCRIPT_THREADS=1`).
final class ThreadCountTests: XCTestCase {
    func testTrainingGivesTheSameBitsOnOneThreadAndOnTwo() throws {
        // Shapes large enough that the products are cut into pieces and the optimizer updates
        // are halved (a 784x64 kernel, batches of 64), with shuffling (batches gathered in the
        // background), an LSTM and a validation split.
        let script = """
        import numpy as np
        import tensorflow as tf
        from tensorflow import keras
        from tensorflow.keras import layers
        tf.random.set_seed(3)
        rng = np.random.RandomState(0)
        x = rng.rand(2048, 784).astype('float32')
        y = rng.randint(0, 10, size=2048)
        mlp = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(784,)),
                                layers.Dense(32, activation='relu'), layers.Dense(10, activation='softmax')])
        mlp.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
        h = mlp.fit(x, y, batch_size=64, epochs=2, validation_split=0.25, verbose=0)
        print([repr(v) for v in h.history['loss'] + h.history['val_loss']])
        print(repr(float(mlp.layers[0].kernel.numpy().astype('float64').sum())))
        print(mlp.evaluate(x, y, batch_size=256, verbose=0))
        seq = rng.randint(0, 100, size=(256, 12))
        rnn = keras.Sequential([layers.Embedding(100, 48), layers.LSTM(64), layers.Dense(1, activation='sigmoid')])
        rnn.compile(optimizer='rmsprop', loss='binary_crossentropy')
        h = rnn.fit(seq, (seq[:, 0] > 50).astype('float32'), batch_size=128, epochs=2, verbose=0)
        print([repr(v) for v in h.history['loss']])
        """
        let binary = LangConformanceTests.binary.path
        let two = try FigureTools.run(binary, ["-c", script])
        let one = try FigureTools.run(binary, ["-c", script], environment: ["KSCRIPT_THREADS": "1"])
        XCTAssertEqual(two.status, 0, two.stderr)
        XCTAssertEqual(one.status, 0, one.stderr)
        let output = String(decoding: two.stdout, as: UTF8.self)
        XCTAssertEqual(output.split(separator: "\n").count, 4, output)
        XCTAssertEqual(output, String(decoding: one.stdout, as: UTF8.self))
    }
}
