from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input(shape=(32,), name='features')
h = layers.Dense(16, activation='relu', name='shared_hidden')(inputs)
h = layers.BatchNormalization(name='norm')(h)
score = layers.Dense(1, activation='sigmoid', name='score')(h)
label = layers.Dense(5, activation='softmax', name='label')(h)
model = keras.Model(inputs=inputs, outputs=[score, label], name='two_heads')
model.summary()
print(model.output_names)
print([w.name for w in model.non_trainable_weights])
