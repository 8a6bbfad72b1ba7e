from tensorflow import keras
from tensorflow.keras import layers

inner = keras.Sequential([layers.Dense(8, activation='relu', input_shape=(4,)), layers.Dense(4)], name='inner')
inputs = keras.Input(shape=(4,), name='x')
h = inner(inputs)
h = layers.Dense(3, name='frozen')(h)
model = keras.Model(inputs, layers.Dense(2, name='out')(h), name='wrapper')
model.get_layer('frozen').trainable = False

lines = []
model.summary(print_fn=lambda line: lines.append(line))
print(len(lines), repr(lines[0]), repr(lines[-2]))
model.summary(line_length=80, positions=[0.4, 0.7, 1.0])
model.summary(expand_nested=True, show_trainable=True)

config = model.get_config()
print(config['name'], [l['class_name'] for l in config['layers']], config['input_layers'], config['output_layers'])
clone = keras.Model.from_config(config)
print(clone.name, [l.name for l in clone.layers], clone.count_params())

a = keras.Input((3,), name='a')
b = keras.Input((3,), name='b')
shared = layers.Dense(2, name='shared')
merged = layers.Concatenate(name='cat')([shared(a), shared(b)])
two = keras.Model([a, b], merged)
clone2 = keras.Model.from_config(two.get_config())
clone2.summary()
seq = keras.Sequential([layers.Dense(5, input_shape=(2,)), layers.Dropout(0.1), layers.Dense(1)])
seq2 = keras.Sequential.from_config(seq.get_config())
print([l.name for l in seq2.layers], seq2.count_params())
print(layers.deserialize({'class_name': 'Dense', 'config': layers.Dense(7, name='d7').get_config()}).units)
