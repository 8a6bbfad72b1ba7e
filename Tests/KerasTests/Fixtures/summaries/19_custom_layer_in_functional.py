import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

class Scale(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(name='w', shape=(input_shape[-1], self.units), initializer='ones', trainable=True)
        self.b = self.add_weight(name='b', shape=(self.units,), initializer='zeros', trainable=False)

    def call(self, inputs):
        return keras.activations.relu(inputs) * 2.0

inputs = keras.Input(shape=(3,))
x = Scale(3, name='scale')(inputs)
out = layers.Dense(2)(x)
model = keras.Model(inputs, out)
model.summary()
layer = model.get_layer('scale')
print(layer.w.shape, layer.b.shape, [w.name for w in layer.weights])
print(np.round(model.layers[1](np.array([[1.0, -2.0, 3.0]], dtype='float32')).numpy(), 4))
