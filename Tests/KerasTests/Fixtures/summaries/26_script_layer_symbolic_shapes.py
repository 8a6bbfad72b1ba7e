import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers


# A script layer called on a symbolic tensor sees an unknown batch: build gets (None, 3) and
# call gets a tensor of shape (None, 3), as Keras' placeholders have.
class Projection(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        print('build', self.name, input_shape, input_shape[0], input_shape.as_list())
        self.w = self.add_weight(name='w', shape=(input_shape[-1], self.units), initializer='ones')

    def call(self, inputs):
        y = tf.matmul(inputs, self.w)
        print('call', self.name, inputs.shape, inputs.shape[0], y.shape, tf.reshape(y, (-1, self.units, 1)).shape)
        return y


class Stacked(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.first = Projection(4, name='first')
        self.second = Projection(2, name='second')

    def call(self, inputs):
        return self.second(self.first(inputs) * 2.0)


class Model(keras.Model):
    def __init__(self):
        super().__init__(name='projector')
        self.stack = Stacked()
        self.head = layers.Dense(1)

    def call(self, x):
        print('model call', x.shape)
        return self.head(self.stack(x))


inputs = keras.Input(shape=(3,))
outputs = Stacked(name='stacked')(inputs)
functional = keras.Model(inputs, outputs)
functional.summary()

sequential = keras.Sequential([Projection(5, name='p5', input_shape=(3,)), Projection(2, name='p2')])
sequential.summary()

subclassed = Model()
subclassed.build((None, 3))
subclassed.summary()
print(subclassed.compute_output_shape((None, 3)))
print(Projection(6, name='p6').compute_output_shape((None, 3)))
print(keras.Model(inputs, Model()(inputs)).output_shape)

# Called on arrays, the batch is known.
print(Projection(2, name='eager')(np.ones((4, 3), dtype='float32')).shape)
later = keras.Sequential([Projection(3, name='later')])
print(later(np.ones((2, 3), dtype='float32')).shape)
