import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.RandomState(0)
x = rng.rand(256, 8).astype('float32')
y = (x.sum(axis=1) > 4).astype('int64')
model = keras.Sequential([layers.Dense(16, activation='relu', input_shape=(8,)), layers.Dense(2, activation='softmax')])
model.set_weights([rng.uniform(-0.5, 0.5, size=w.shape).astype('float32') for w in model.get_weights()])
model.compile(optimizer=keras.optimizers.Adam(0.01), loss='sparse_categorical_crossentropy', metrics=['accuracy'])
history = model.fit(x, y, batch_size=32, epochs=3, shuffle=False, verbose=0, validation_split=0.25)
print(history.history.keys())
print(history.epoch, history.params)
print([round(v, 4) for v in history.history['loss']])
print([round(v, 4) for v in history.history['val_accuracy']])
print(type(history.history['loss'][0]).__name__)
res = model.evaluate(x, y, verbose=0)
print([round(v, 4) for v in res])
print(round(model.evaluate(x, y, verbose=0, return_dict=True)['loss'], 4))
p = model.predict(x[:3], verbose=0)
print(p.shape, p.dtype)
print(model.metrics_names, [m.name for m in model.metrics])
print(type(model.optimizer).__name__, int(model.optimizer.iterations.numpy()))
r = model.train_on_batch(x[:32], y[:32])
print(len(r), round(r[0], 4))
print(round(model.test_on_batch(x[:32], y[:32])[1], 4))
print(model.predict_on_batch(x[:2]).shape)
