import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

def show(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ':', e)
        print('---')

seq = keras.Sequential([layers.Dense(4, input_shape=(3,)), layers.Dropout(0.5), layers.Dense(2)])
show(lambda: seq(np.ones((5,), dtype='float32')))
show(lambda: seq(np.ones((5, 2), dtype='float32')))

class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.d1 = layers.Dense(8)
        self.d2 = layers.Dense(2)

    def call(self, x, training=None, scale=2):
        return self.d2(self.d1(x)) * scale

net = Net()
net(np.ones((2, 4), dtype='float32'))
show(lambda: net(np.ones((2, 5), dtype='float32')))

class Broken(layers.Layer):
    def call(self, inputs):
        return inputs + undefined_name

show(lambda: Broken()(np.ones((1, 2), dtype='float32')))
inputs = keras.Input((3,))
show(lambda: layers.LSTM(2)(inputs))
# TF raises tf.errors.InvalidArgumentError here (kscript: ValueError), so only the message.
try:
    layers.Embedding(4, 2)(np.array([[1, 9]]))
except Exception as e:
    print(e)
