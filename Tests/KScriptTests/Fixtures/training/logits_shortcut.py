import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers
model = keras.Sequential([layers.Dense(2, activation='softmax', input_shape=(1,))])
model.set_weights([np.array([[60.0, -60.0]], dtype='float32'), np.zeros(2, dtype='float32')])
x = np.ones((1, 1), dtype='float32')
y = np.array([1])
loss = keras.losses.SparseCategoricalCrossentropy()
print(round(float(loss(y, model(x))), 3))
print(round(float(loss(y, model(x).numpy())), 3))
model.compile(loss='sparse_categorical_crossentropy')
print(round(model.evaluate(x, y, verbose=0), 3))
