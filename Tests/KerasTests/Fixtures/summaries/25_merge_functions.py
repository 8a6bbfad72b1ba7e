import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

# Keras' lowercase merge helpers build the layer and call it; name= goes to the layer.
a = keras.Input(shape=(8,), name='a')
b = keras.Input(shape=(8,), name='b')
seq = keras.Input(shape=(5, 8), name='seq')
x = layers.Dense(8, name='x')(a)
y = layers.Dense(8)(b)
merged = [
    layers.concatenate([x, y]),
    layers.concatenate([x, y], axis=1, name='joined'),
    layers.add([x, y]),
    layers.add([x, y, a], name='total'),
    layers.subtract([x, y]),
    layers.multiply([x, y]),
    layers.average([x, y]),
    layers.maximum([x, y]),
    layers.minimum([x, y], name='lowest'),
    layers.dot([x, y], axes=1),
    layers.dot([x, y], axes=-1, normalize=True, name='cosine'),
    layers.dot([seq, x], axes=(2, 1)),
    layers.dot([seq, seq], axes=[1, 1]),
    tf.keras.layers.Concatenate()([x, y]),
]
print([t.shape for t in merged])
model = keras.Model([a, b, seq], merged)
model.summary()
print([l.__class__.__name__ for l in model.layers])
print(model.get_layer('cosine').get_config())
print(list(model.get_layer('dot_2').get_config()['axes']))
clone = keras.Model.from_config(model.get_config())
print([l.name for l in clone.layers][-6:])

# Called on arrays they compute at once.
p = np.arange(6, dtype='float32').reshape(2, 3)
q = np.array([[1.0, -2.0, 0.5], [3.0, 0.0, -1.0]], dtype='float32')
print(layers.concatenate([p, q]).numpy().tolist())
print(layers.concatenate([p, q], axis=0).shape)
print(layers.add([p, q]).numpy().tolist())
print(layers.subtract([p, q]).numpy().tolist())
print(layers.multiply([p, q]).numpy().tolist())
print(layers.average([p, q]).numpy().tolist())
print(layers.maximum([p, q]).numpy().tolist())
print(layers.minimum([p, q]).numpy().tolist())
print(layers.dot([p, q], axes=1).numpy().tolist())
print(np.round(layers.dot([p, q], axes=1, normalize=True).numpy(), 5).tolist())
r = np.arange(24, dtype='float32').reshape(2, 3, 4)
print(layers.dot([r, p], axes=(1, 1)).numpy().tolist())
print(layers.dot([r, r], axes=2).shape)
variable = tf.Variable(r)
with tf.GradientTape() as tape:
    out = tf.reduce_sum(layers.dot([variable, p], axes=(1, 1), normalize=True) ** 2)
print(np.round(tape.gradient(out, variable).numpy(), 5).tolist())
print(layers.add([x]).shape, layers.average([p]).numpy().tolist(), layers.concatenate([x]).shape)
for bad in [lambda: layers.Dot(axes='x'), lambda: layers.Dot(axes=(1, 2, 3)), lambda: layers.Dot(axes=(1, 'a')),
            lambda: layers.dot([x, seq], axes=1), lambda: layers.subtract([x, y, a]), lambda: layers.subtract([p, q, p]),
            lambda: layers.add([p, np.ones((3, 3), dtype='float32')]), lambda: layers.add([x, seq])]:
    try:
        bad()
    except Exception as e:
        print(type(e).__name__ + ':', str(e).splitlines()[0])
