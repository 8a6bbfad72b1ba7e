import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

i = keras.Input((4,))
a = layers.Dense(4, kernel_initializer='ones')(i)
b = a + i
c = b * 2.0
d = 1.0 - c
e = -d
f = a / 2
model = keras.Model(i, [e, f, a + b, 3.0 * a])
model.summary()
outputs = model(np.array([[1.0, 2.0, 3.0, 4.0]], dtype='float32'))
print([np.round(o.numpy(), 4).tolist() for o in outputs])
clone = keras.Model.from_config(model.get_config())
print([l.name for l in clone.layers])
