import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers, Model

rng = np.random.RandomState(1)
x = rng.rand(96, 6).astype('float32')
y = (x[:, 0] > 0.5).astype('int64')


class CustomModel(Model):
    def __init__(self):
        super(CustomModel, self).__init__()
        self.dense1 = layers.Dense(8, activation='relu')
        self.dense2 = layers.Dense(2, activation='softmax')

    def call(self, inputs):
        return self.dense2(self.dense1(inputs))

    def train_step(self, data):
        x, y = data
        with tf.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


model = CustomModel()
model.build((None, 6))
model.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype('float32') for w in model.get_weights()])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
history = model.fit(x, y, epochs=2, batch_size=32, verbose=2, shuffle=False)
print(list(history.history.keys()))
print([round(v, 4) for v in history.history['loss']])


class Recorder(keras.callbacks.Callback):
    def on_train_begin(self, logs=None):
        print('train begin', self.params)

    def on_epoch_end(self, epoch, logs=None):
        print('epoch', epoch, sorted(logs.keys()), round(logs['loss'], 4))
        logs['extra'] = 1.5

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            print('batch', batch, sorted(logs.keys()))

    def on_test_end(self, logs=None):
        print('test end', sorted(logs.keys()))


seq = keras.Sequential([layers.Dense(4, activation='relu', input_shape=(6,)), layers.Dense(1, activation='sigmoid')])
seq.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype('float32') for w in seq.get_weights()])
seq.compile(optimizer=keras.optimizers.SGD(0.1), loss='binary_crossentropy', metrics=['accuracy', keras.metrics.AUC()])
h = seq.fit(x, y.astype('float32'), batch_size=16, epochs=3, shuffle=False, verbose=0, validation_data=(x[:32], y[:32].astype('float32')),
            callbacks=[Recorder(), keras.callbacks.ReduceLROnPlateau(monitor='loss', patience=1, factor=0.5)])
print(list(h.history.keys()))
print(h.history['lr'])
print(h.history['extra'])
stop = seq.fit(x, y.astype('float32'), epochs=20, verbose=0, shuffle=False, callbacks=[keras.callbacks.EarlyStopping(monitor='loss', patience=0, min_delta=10)])
print(len(stop.history['loss']))
print(seq.evaluate(x, y.astype('float32'), verbose=2)[0] > 0)
