from tensorflow import keras
from tensorflow.keras import layers

class Tower(keras.Model):
    def __init__(self):
        super().__init__()
        self.blocks = [layers.Dense(8, activation='relu'), layers.Dense(8, activation='relu')]
        self.unused = layers.Dense(3)
        self.head = layers.Dense(2)

    def call(self, inputs, training=None):
        x = inputs
        for block in self.blocks:
            x = block(x)
        return self.head(x)

model = Tower()
try:
    model.summary()
except ValueError as e:
    print('ValueError:', e)
model.build(input_shape=(None, 5))
model.summary()
print([w.name for w in model.weights])
