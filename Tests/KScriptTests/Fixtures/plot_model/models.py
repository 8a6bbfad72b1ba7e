# Sequential, nested, subclassed and multi-output models, layers applied twice, and
# layer_range, drawn by keras.utils.plot_model.
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

seq = keras.Sequential([layers.Dense(64, activation='relu', input_shape=(784,)),
                        layers.Dropout(0.2), layers.Dense(10, activation='softmax')])
keras.utils.plot_model(seq, to_file='sequential.svg', show_shapes=True, show_layer_activations=True)

inner = keras.Sequential([layers.Dense(8, input_shape=(4,)), layers.Dense(2)], name='inner')
inputs = keras.Input(shape=(4,), name='features')
outputs = layers.Dense(3, name='head')(inner(inputs))
nested = keras.Model(inputs, outputs, name='outer')
keras.utils.plot_model(nested, to_file='nested.svg', show_shapes=True)
keras.utils.plot_model(nested, to_file='nested_expanded.svg', show_shapes=True, expand_nested=True)
keras.utils.plot_model(nested, to_file='nested_range.svg', layer_range=['inner', 'head'])

tokens = keras.Input(shape=(12,), dtype='int32', name='tokens')
embedded = layers.Embedding(50, 4)(tokens)
sequence, state_h, state_c = layers.LSTM(5, return_sequences=True, return_state=True)(embedded)
summary = layers.Concatenate(name='states')([state_h, state_c])
two_outputs = keras.Model(tokens, [sequence, layers.Dense(1, name='score')(summary)])
keras.utils.plot_model(two_outputs, to_file='two_outputs.svg', show_shapes=True, show_dtype=True)

x_in = keras.Input(shape=(3,), name='x')
twice = layers.Dense(3, name='twice')
doubled = twice(twice(x_in))
square = keras.Model(x_in, layers.Multiply(name='square')([doubled, doubled]))
keras.utils.plot_model(square, to_file='applied_twice.svg', show_shapes=True)


class TwoLayers(keras.Model):
    def __init__(self):
        super().__init__(name='two_layers')
        self.hidden = layers.Dense(4)
        self.out = layers.Dense(1)

    def call(self, x):
        return self.out(self.hidden(x))


subclassed = TwoLayers()
subclassed(tf.zeros((2, 3)))
keras.utils.plot_model(subclassed, to_file='subclassed.svg', show_shapes=True)
