# A shared Embedding trained by fit: its gradient is the gathered rows (tf.IndexedSlices), so
# the optimizers take Keras' sparse branch: clipping sees each gathered row, repeated rows are
# summed in order, and the moments decay on every row. Each prediction is one table element,
# so the numbers depend only on the optimizers' arithmetic.
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

ids_a = np.array([[1], [2], [1], [3], [5], [1]])
ids_b = np.array([[1], [1], [5], [2], [5], [0]])
y = (np.arange(48, dtype='float32').reshape(6, 8) - 20.0) / 9.0
table = (np.arange(40, dtype='float32').reshape(10, 4) - 17.0) / 23.0


def train(optimizer, regularizer=None, run_eagerly=False):
    shared = layers.Embedding(10, 4, embeddings_regularizer=regularizer)
    a = keras.Input(shape=(1,))
    b = keras.Input(shape=(1,))
    out = layers.Concatenate()([layers.Flatten()(shared(a)), layers.Flatten()(shared(b))])
    model = keras.Model(inputs=[a, b], outputs=out)
    model.compile(optimizer=optimizer, loss='mse', run_eagerly=run_eagerly)
    shared.set_weights([table])
    history = model.fit([ids_a, ids_b], y, batch_size=3, epochs=4, shuffle=False, verbose=0)
    return shared.get_weights()[0], history.history['loss']


for optimizer in [keras.optimizers.Adam(learning_rate=0.01),
                  keras.optimizers.Adam(learning_rate=0.01, amsgrad=True),
                  keras.optimizers.AdamW(learning_rate=0.01),
                  keras.optimizers.SGD(learning_rate=0.1),
                  keras.optimizers.SGD(learning_rate=0.1, momentum=0.9),
                  keras.optimizers.SGD(learning_rate=0.1, momentum=0.9, nesterov=True),
                  keras.optimizers.Adam(learning_rate=0.01, clipnorm=0.05),
                  keras.optimizers.Adam(learning_rate=0.01, global_clipnorm=0.05),
                  keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.02)]:
    weights, losses = train(optimizer)
    print(optimizer.name, optimizer.get_config().get('clipnorm'), [float(v) for v in weights.flatten()])

# RMSprop and Adagrad divide by TF's vectorised square roots, which differ in the last bit:
# 5 decimals.
for optimizer in [keras.optimizers.Adagrad(learning_rate=0.1),
                  keras.optimizers.RMSprop(learning_rate=0.01),
                  keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True)]:
    weights, losses = train(optimizer)
    print(optimizer.name, np.round(weights, 5).tolist())

# Keras 2.12's Nadam turns sparse updates into NaN inside a compiled train function; run
# eagerly it does what it means to.
weights, losses = train(keras.optimizers.Nadam(learning_rate=0.01), run_eagerly=True)
print('Nadam', [float(v) for v in weights.flatten()])

# A regularized table also gets a dense gradient: the two add up to a dense one.
weights, losses = train(keras.optimizers.Adam(learning_rate=0.01), regularizer='l2')
print('Adam l2', np.round(weights, 6).tolist(), [round(v, 4) for v in losses])
