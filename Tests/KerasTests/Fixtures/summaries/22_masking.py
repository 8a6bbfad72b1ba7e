import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

ids = np.array([[3, 5, 0, 0], [0, 2, 4, 0]])
init = dict(kernel_initializer='ones', recurrent_initializer='ones')
for rnn in [layers.LSTM(2, return_sequences=True, **init), layers.GRU(2, return_sequences=True, **init),
            layers.SimpleRNN(2, return_sequences=True, **init), layers.LSTM(2, go_backwards=True, **init)]:
    model = keras.Sequential([layers.Embedding(8, 2, mask_zero=True, embeddings_initializer='ones', input_length=4), rnn])
    print(type(rnn).__name__, np.round(model(ids).numpy(), 4).tolist())

inputs = keras.Input(shape=(4,))
e = layers.Embedding(8, 3, mask_zero=True, embeddings_initializer='ones')(inputs)
seq = layers.LSTM(3, return_sequences=True, **init)(e)
d = layers.Dense(2, kernel_initializer='ones')(seq)
last = layers.GRU(2, **init)(d)
model = keras.Model(inputs, last)
print(np.round(model(ids.astype('float32')).numpy(), 4).tolist())
model.summary()
