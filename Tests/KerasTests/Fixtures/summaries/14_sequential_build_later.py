from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential(name='late')
model.add(layers.Dense(20, activation='relu'))
model.add(layers.Dropout(0.2))
model.add(layers.Dense(3))
try:
    model.summary()
except ValueError as e:
    print('ValueError:', e)
model.build((None, 7))
model.summary()
print(model.layers[0].input_shape, model.layers[-1].output_shape)
model.pop()
print(len(model.layers), [l.name for l in model.layers])
