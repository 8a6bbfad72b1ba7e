from tensorflow import keras
from tensorflow.keras import layers

encoder = keras.Sequential([layers.Dense(32, activation='relu', input_shape=(64,)), layers.Dense(16)])
inputs = keras.Input(shape=(64,))
code = encoder(inputs)
decoded = layers.Dense(64, activation='sigmoid')(code)
autoencoder = keras.Model(inputs, decoded, name='autoencoder')
autoencoder.summary()

inner_in = keras.Input(shape=(16,))
inner = keras.Model(inner_in, layers.Dense(8)(inner_in), name='inner')
x_in = keras.Input(shape=(16,))
y = inner(x_in)
z = inner(layers.Dense(16)(x_in))
outer = keras.Model(x_in, layers.Add()([y, z]), name='outer')
outer.summary()
