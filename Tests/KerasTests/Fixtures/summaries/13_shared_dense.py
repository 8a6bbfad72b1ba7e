from tensorflow import keras
from tensorflow.keras import layers

shared = layers.Dense(12, activation='tanh')
left = keras.Input(shape=(6,))
right = keras.Input(shape=(6,))
l_out = shared(left)
r_out = shared(right)
diff = layers.Subtract()([l_out, r_out])
prod = layers.Multiply()([l_out, r_out])
both = layers.Concatenate(axis=-1)([diff, prod])
out = layers.Dense(1, activation='sigmoid')(both)
model = keras.Model([left, right], out)
model.summary()
print(shared.output_shape)
