from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    layers.Embedding(500, 16, input_length=12),
    layers.GRU(24, return_sequences=True),
    layers.LSTM(10, return_sequences=True),
    layers.SimpleRNN(6),
    layers.Dense(2, activation='softmax'),
])
model.summary()

inputs = keras.Input(shape=(5, 3))
seq, h, c = layers.LSTM(4, return_sequences=True, return_state=True)(inputs)
out = layers.GRU(2)(seq)
model2 = keras.Model(inputs, [out, h, c])
model2.summary()
