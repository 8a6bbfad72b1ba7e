import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

class Block(layers.Layer):
    def __init__(self, units=4, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(units)
        self.drop = layers.Dropout(0.5)

    def call(self, inputs, training=None):
        print('block training =', training)
        return self.drop(self.dense(inputs))

class Net(keras.Model):
    def __init__(self):
        super().__init__(name='net')
        self.blocks = {'a': Block(6), 'b': Block(3)}
        self.out = layers.Dense(1)

    def call(self, x, training=None):
        x = self.blocks['a'](x)
        x = self.blocks['b'](x, training=training)
        return self.out(x)

m = Net()
x = np.ones((2, 5), dtype='float32')
y = m(x, training=True)
print(y.shape, len(m.trainable_variables), [l.name for l in m.layers])
m.summary()
print([w.name for w in m.weights])
m.blocks['a'].trainable = False
print(len(m.trainable_weights), len(m.non_trainable_weights))

class Forgetful(keras.Model):
    def __init__(self):
        self.d = layers.Dense(2)

try:
    Forgetful()
except RuntimeError as e:
    print('RuntimeError:', e)

left = keras.Input((5,), name='left')
right = keras.Input((5,), name='right')
f = keras.Model([left, right], layers.Add()([left, right]))
print(f({'right': x * 2, 'left': x}).numpy()[0])
print(f([x, x]).numpy()[0])
for bad in [np.ones((5, 2), dtype='float32'), np.ones((5,), dtype='float32')]:
    try:
        keras.Sequential([layers.Dense(4, input_shape=(3,))])(bad)
    except ValueError as e:
        print([line for line in str(e).splitlines() if line.startswith('Input 0')][0])
