"""Writes training.json: real Keras 2.12 fit/evaluate/predict on the first 512 Fashion-MNIST
training images (x/255) with the chapter MLP (784-64-32-10, softmax) and weights drawn from
np.random.RandomState(0) (glorot-uniform bounds, zero biases), batch 32, shuffle=False.
Run with TF 2.12: python make_training.py > training.json"""
import gzip
import json
import numpy as np
import tensorflow as tf
from tensorflow import keras

root = "/usr/share/datasets/fashion-mnist/"
with gzip.open(root + "train-images-idx3-ubyte.gz") as f:
    images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 784)
with gzip.open(root + "train-labels-idx1-ubyte.gz") as f:
    labels = np.frombuffer(f.read(), np.uint8, offset=8)
x = images[:512].astype("float32") / 255.0
y = labels[:512].astype("int64")


def initial_weights():
    rng = np.random.RandomState(0)
    weights = []
    for fan_in, fan_out in [(784, 64), (64, 32), (32, 10)]:
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        weights.append(rng.uniform(-limit, limit, size=(fan_in, fan_out)))
        weights.append(np.zeros(fan_out))
    return weights


def model_for(optimizer, metrics=("accuracy",)):
    model = keras.Sequential([
        keras.layers.Dense(64, activation="relu", input_shape=(784,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(10, activation="softmax"),
    ])
    model.set_weights(initial_weights())
    model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


def floats(values):
    return [float(v) for v in values]


runs = {}
for name, make in [("sgd_momentum", lambda: keras.optimizers.SGD(learning_rate=0.01, momentum=0.9)),
                   ("adam", lambda: keras.optimizers.Adam(learning_rate=0.001)),
                   ("rmsprop", lambda: keras.optimizers.RMSprop(learning_rate=0.001))]:
    model = model_for(make())
    history = model.fit(x, y, batch_size=32, epochs=2, shuffle=False, verbose=0)
    evaluation = model.evaluate(x, y, batch_size=64, verbose=0)
    predictions = model.predict(x[:4], verbose=0)
    runs[name] = {"history": {k: floats(v) for k, v in history.history.items()},
                  "keys": list(history.history.keys()),
                  "params": history.params, "epoch": history.epoch,
                  "evaluate": floats(evaluation), "predict_first4": predictions.astype(np.float64).tolist()}

model = model_for(keras.optimizers.Adam(learning_rate=0.001), metrics=("accuracy",))
history = model.fit(x, y, batch_size=32, epochs=2, shuffle=False, verbose=0, validation_split=0.25)
runs["adam_validation_split"] = {"history": {k: floats(v) for k, v in history.history.items()},
                                 "keys": list(history.history.keys()), "params": history.params}

model = model_for(keras.optimizers.Adam(learning_rate=0.001), metrics=("accuracy",))
weights = np.linspace(0.5, 1.5, 512).astype("float32")
history = model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0, sample_weight=weights,
                    class_weight=None)
runs["adam_sample_weight"] = {"history": {k: floats(v) for k, v in history.history.items()}}

model = model_for(keras.optimizers.Adam(learning_rate=0.001), metrics=("accuracy",))
history = model.fit(x, y, batch_size=32, epochs=1, shuffle=False, verbose=0,
                    class_weight={i: 0.5 + 0.1 * i for i in range(10)})
runs["adam_class_weight"] = {"history": {k: floats(v) for k, v in history.history.items()}}

model = model_for(keras.optimizers.Adam(learning_rate=0.001))
logs = [model.train_on_batch(x[:32], y[:32]), model.train_on_batch(x[32:64], y[32:64], reset_metrics=False),
        model.test_on_batch(x[64:128], y[64:128])]
runs["on_batch"] = {"results": [floats(r) for r in logs]}

print(json.dumps({"runs": runs}))
