from tensorflow import keras
from tensorflow.keras import layers

a = keras.Input(shape=(8,), name='a')
b = keras.Input(shape=(16,), name='b')
c = keras.Input(shape=(4,), name='c')
xa = layers.Dense(8, activation='relu')(a)
xb = layers.Dense(8, activation='relu')(b)
xb = layers.Dense(8)(xb)
merged = layers.Concatenate()([xa, xb, c])
out = layers.Dense(1)(merged)
model = keras.Model(inputs=[a, b, c], outputs=out)
model.summary()
print([l.name for l in model.layers])
print(model.count_params())
