from tensorflow import keras
from tensorflow.keras import layers

model = keras.Sequential([
    keras.Input(shape=(10,)),
    layers.Dense(32, activation='relu', name='a_rather_long_layer_name_for_wrapping'),
    layers.BatchNormalization(name='bn'),
    layers.Dense(4, name='head'),
], name='custom_named_model')
model.get_layer('a_rather_long_layer_name_for_wrapping').trainable = False
model.summary()
print(len(model.trainable_weights), len(model.non_trainable_weights))
