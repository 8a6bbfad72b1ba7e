# A finite generator given to fit for several epochs: the first epoch counts its batches, the
# second finds it empty, ends with the reset metrics and stops training (Keras' "ran out of
# data" case); an endless generator with steps_per_epoch runs every epoch.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

rng = np.random.RandomState(1)
x = rng.rand(64, 4).astype('float32')
y = (x.sum(axis=1) > 2).astype('float32')


def finite():
    for i in range(0, 64, 16):
        yield x[i:i + 16], y[i:i + 16]


def endless():
    while True:
        for i in range(0, 64, 16):
            yield x[i:i + 16], y[i:i + 16]


model = keras.Sequential([layers.Dense(1, activation='sigmoid', kernel_initializer='zeros', input_shape=(4,))])
model.compile(optimizer='sgd', loss='binary_crossentropy', metrics=['accuracy'])
history = model.fit(finite(), epochs=3, verbose=2)
print(len(history.history['loss']), history.epoch)
print([round(v, 4) for v in history.history['loss']], history.history['accuracy'][1])
history = model.fit(endless(), epochs=2, steps_per_epoch=4, verbose=0)
print(len(history.history['loss']), [round(v, 4) for v in history.history['loss']])
