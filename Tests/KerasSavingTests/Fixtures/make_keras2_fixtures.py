"""Makes the Keras 2.12 fixtures of the saving tests with TensorFlow 2.12 / Keras 2.12
(`/work/venv-tf/bin/python make_keras2_fixtures.py`).

TF 2.12's `model.save('x.keras')` and `model.save('x.h5')` both write Keras 2's HDF5 format
(`model_config` and `training_config` attributes, `model_weights/<layer>/<weight name>`,
`optimizer_weights/...`), which kscript reads so models trained in Keras 2.12 come over.

keras2/NAME.keras       written by TF 2.12's model.save (HDF5 despite the name)
keras2/NAME_x*.npy      fixed inputs
keras2/NAME_pred.npy    Keras 2.12's predict on them
keras2/NAME_next_pred.npy, NAME_ty.npy
                        predict after one more train_on_batch(NAME_x*, NAME_ty) on the
                        reloaded model (restored optimizer)
"""
import os
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import tensorflow as tf
from tensorflow import keras
from tensorflow.keras import layers

here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, "keras2")
os.makedirs(out, exist_ok=True)
keras.utils.set_random_seed(5)
rng = np.random.default_rng(5)


def finish(name, model, x, y):
    model.train_on_batch(x, y)
    path = os.path.join(out, name + ".keras")
    model.save(path)
    loaded = keras.models.load_model(path)
    xs = x if isinstance(x, list) else [x]
    for i, item in enumerate(xs):
        np.save(os.path.join(out, f"{name}_x{i}.npy"), item)
    np.save(os.path.join(out, name + "_pred.npy"), loaded.predict(x, verbose=0))
    np.save(os.path.join(out, name + "_ty.npy"), y)
    loaded.train_on_batch(x, y)
    np.save(os.path.join(out, name + "_next_pred.npy"), loaded.predict(x, verbose=0))


# Sequential with BatchNormalization, as the chapter's 02_sequential_add.
seq = keras.Sequential([
    layers.Dense(16, activation="relu", input_shape=(20,)),
    layers.BatchNormalization(),
    layers.Dense(3, activation="softmax"),
])
seq.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
x = rng.random((8, 20), dtype=np.float32)
finish("sequential_bn", seq, x, np.arange(8) % 3)

# The chapter's shared Embedding + LSTM model (smaller), RMSprop.
shared = layers.Embedding(50, 4)
a = keras.Input(shape=(6,))
b = keras.Input(shape=(6,))
merged = layers.Concatenate()([layers.LSTM(5)(shared(a)), layers.LSTM(5)(shared(b))])
lstm = keras.Model([a, b], layers.Dense(1, activation="sigmoid")(merged))
lstm.compile(optimizer=keras.optimizers.RMSprop(learning_rate=0.01), loss="binary_crossentropy")
xs = [rng.integers(0, 50, (4, 6)).astype(np.float32), rng.integers(0, 50, (4, 6)).astype(np.float32)]
finish("embedding_lstm", lstm, xs, (np.arange(4) % 2).astype(np.float32))
print("keras", keras.__version__)
