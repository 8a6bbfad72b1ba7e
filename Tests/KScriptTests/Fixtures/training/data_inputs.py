import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.RandomState(2)
x = rng.rand(64, 5).astype('float32')
y = (x[:, 1] > 0.5).astype('int64')


def make():
    model = keras.Sequential([layers.Dense(4, activation='relu', input_shape=(5,)), layers.Dense(2, activation='softmax')])
    model.set_weights([np.random.RandomState(3).uniform(-0.5, 0.5, size=w.shape).astype('float32') for w in model.get_weights()])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss='sparse_categorical_crossentropy', metrics=['acc'])
    return model


def batches():
    i = 0
    while True:
        yield x[i:i + 16], y[i:i + 16]
        i = (i + 16) % 64


model = make()
h = model.fit(batches(), steps_per_epoch=4, epochs=2, verbose=0)
print(list(h.history.keys()), h.params, [round(v, 4) for v in h.history['loss']])

model = make()
ds = tf.data.Dataset.from_tensor_slices((x, y)).batch(16)
h = model.fit(ds, epochs=2, verbose=0, validation_data=ds)
print(list(h.history.keys()), h.params, [round(v, 4) for v in h.history['val_acc']])
print([round(v, 4) for v in model.evaluate(ds, verbose=0)])
print(model.predict(ds, verbose=0).shape)

model = make()
w = np.linspace(0.0, 2.0, 64).astype('float32')
h = model.fit(x, y, sample_weight=w, batch_size=16, epochs=1, shuffle=False, verbose=0)
print([round(v, 4) for v in h.history['loss']])
h = model.fit(x, y, class_weight={0: 2.0, 1: 0.5}, batch_size=16, epochs=1, shuffle=False, verbose=0)
print([round(v, 4) for v in h.history['loss']])
try:
    model.fit(x, y[:10], verbose=0)
except ValueError as e:
    print('ValueError', str(e).splitlines()[0])
