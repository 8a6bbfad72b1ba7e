"""Makes the Keras 3 fixtures of the saving tests (run with a Keras 3 / TensorFlow 2.21 venv
outside the repository: `/work/venv-k3/bin/python make_keras3_fixtures.py`).

keras3/NAME.keras           a model built, compiled with Adam and trained one step by Keras 3
keras3/NAME_x*.npy          fixed inputs (one file per model input)
keras3/NAME_pred.npy        Keras 3's `predict` on those inputs after loading the saved file
keras3/NAME_weights.npz     the model's weights (`model.weights` order, named w0, w1, ...)
keras3/NAME_opt.npz         the optimizer's variables (`optimizer.variables` order, o0, o1, ...)
                            (both left out for the MLP, whose file is large enough)
keras3/NAME_next_pred.npy   `predict` after one more `train_on_batch` on NAME_x*/NAME_ty
                            (optimizer state restored from the file)
keras3/NAME_ty.npy          the labels of that step
keras3/subclassed.keras     the chapter's subclassed MyModel (hidden_units=8), registered
                            as Custom>MyModel
h5/types.h5                 h5py datasets of every supported dtype, attributes, a soft link

`python make_keras3_fixtures.py NAME ...` remakes only the named parts (mlp, multi_input,
batchnorm, embedding_lstm, subclassed, h5).
"""
import os
import sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import json, zipfile
import numpy as np
import h5py
import keras
from keras import layers

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "keras3")
os.makedirs(out, exist_ok=True)


def finish(name, model, train_x, train_y, test_x, arrays=True):
    """Trains one step, saves, reloads and records the expected outputs."""
    model.train_on_batch(train_x, train_y)
    path = os.path.join(out, name + ".keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    xs = test_x if isinstance(test_x, list) else [test_x]
    for i, x in enumerate(xs):
        np.save(os.path.join(out, f"{name}_x{i}.npy"), x)
    np.save(os.path.join(out, name + "_pred.npy"), loaded.predict(test_x, verbose=0))
    if arrays:
        np.savez(os.path.join(out, name + "_weights.npz"),
                 **{f"w{i}": np.asarray(w) for i, w in enumerate(loaded.weights)})
        np.savez(os.path.join(out, name + "_opt.npz"),
                 **{f"o{i}": np.asarray(v) for i, v in enumerate(loaded.optimizer.variables)})
    np.save(os.path.join(out, name + "_ty.npy"), train_y)
    loaded.train_on_batch(test_x, train_y)
    np.save(os.path.join(out, name + "_next_pred.npy"), loaded.predict(test_x, verbose=0))


keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
wanted = set(sys.argv[1:]) or {"mlp", "multi_input", "batchnorm", "embedding_lstm", "subclassed", "h5"}

# The chapter's MLP (784-64-32-10).
mlp = keras.Sequential([
    keras.Input(shape=(784,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(32, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
mlp.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
x = rng.random((6, 784), dtype=np.float32)
y = np.arange(6) % 10
if "mlp" in wanted:
    finish("mlp", mlp, x, y, x, arrays=False)

# The chapter's two-input functional model.
input_a = keras.Input(shape=(100,), name="input_a")
input_b = keras.Input(shape=(100,), name="input_b")
x_a = layers.Dense(64, activation="relu")(input_a)
x_a = layers.Dense(32, activation="relu")(x_a)
x_b = layers.Dense(64, activation="relu")(input_b)
x_b = layers.Dense(32, activation="relu")(x_b)
merged = layers.Concatenate()([x_a, x_b])
outputs = layers.Dense(10, activation="softmax")(merged)
multi = keras.Model(inputs=[input_a, input_b], outputs=outputs)
multi.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
xs = [rng.random((5, 100), dtype=np.float32), rng.random((5, 100), dtype=np.float32)]
if "multi_input" in wanted:
    finish("multi_input", multi, xs, np.arange(5) % 10, xs)

# BatchNormalization between Dense layers, with Dropout.
bn = keras.Sequential([
    keras.Input(shape=(20,)),
    layers.Dense(16, activation="relu"),
    layers.BatchNormalization(),
    layers.Dropout(0.2),
    layers.Dense(3, activation="softmax"),
])
bn.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
x = rng.random((8, 20), dtype=np.float32)
if "batchnorm" in wanted:
    finish("batchnorm", bn, x, np.arange(8) % 3, x)

# The chapter's shared Embedding + two LSTMs (smaller sizes).
shared = layers.Embedding(100, 8)
in_a = keras.Input(shape=(10,))
in_b = keras.Input(shape=(10,))
h_a = layers.LSTM(6)(shared(in_a))
h_b = layers.LSTM(6)(shared(in_b))
out_ab = layers.Dense(1, activation="sigmoid")(layers.Concatenate()([h_a, h_b]))
lstm = keras.Model(inputs=[in_a, in_b], outputs=out_ab)
lstm.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
xs = [rng.integers(0, 100, (4, 10)).astype(np.int64), rng.integers(0, 100, (4, 10)).astype(np.int64)]
if "embedding_lstm" in wanted:
    finish("embedding_lstm", lstm, xs, (np.arange(4) % 2).astype(np.float32), xs)


# The chapter's subclassed model.
@keras.saving.register_keras_serializable()
class MyModel(keras.Model):
    def __init__(self, hidden_units=64, **kwargs):
        super().__init__(**kwargs)
        self.hidden_units = hidden_units
        self.dense1 = layers.Dense(hidden_units, activation="relu")
        self.dense2 = layers.Dense(hidden_units, activation="relu")
        self.output_layer = layers.Dense(10, activation="softmax")

    def call(self, inputs):
        return self.output_layer(self.dense2(self.dense1(inputs)))

    def get_config(self):
        return {**super().get_config(), "hidden_units": self.hidden_units}


sub = MyModel(8)
sub.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
x = rng.random((4, 5), dtype=np.float32)
if "subclassed" in wanted:
    finish("subclassed", sub, x, np.arange(4), x)

# HDF5 reading: every dtype h5py writes for NumPy arrays, attributes, nesting, a soft link.
def make_h5():
    os.makedirs(os.path.join(here, "h5"), exist_ok=True)
    with h5py.File(os.path.join(here, "h5", "types.h5"), "w") as f:
        f.attrs["title"] = "types"
        f.attrs["count"] = 3
        f.attrs["scale"] = 0.5
        f.attrs["names"] = np.array([b"dense", b"dense_1"])
        g = f.create_group("nested/inner")
        g.attrs["name"] = "inner"
        g["f32"] = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
        g["f64"] = np.array([1.5, -2.25, 1e300])
        g["i32"] = np.array([[1, -2], [3, 2147483647]], dtype=np.int32)
        g["i64"] = np.array(-(2 ** 62), dtype=np.int64)
        g["u8"] = np.array([0, 7, 255], dtype=np.uint8)
        g["b"] = np.array([True, False, True])
        g["empty"] = np.zeros((0, 4), dtype=np.float32)
        g["i16"] = np.array([-3, 4], dtype=np.int16)
        g["f16"] = np.array([1.0], dtype=np.float16)
        g["text"] = "not a number"
        f["link"] = h5py.SoftLink("/nested/inner/f32")
        f.create_dataset("compressed", data=np.arange(1000, dtype=np.float32), compression="gzip", chunks=(100,))


if "h5" in wanted:
    make_h5()
print("keras", keras.__version__)
