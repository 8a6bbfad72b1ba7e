"""Writes optimizer_extras.json: optimizers and options numeric.json does not cover, run by
real Keras 2.12 (python make_optimizer_extras.py > optimizer_extras.json with TF 2.12)."""
import json
import numpy as np
import tensorflow as tf
from tensorflow import keras

initial = np.array([[0.5, -1.0, 2.0], [0.0, 0.25, -0.75]], dtype=np.float32)
rng = np.random.RandomState(7)
gradients = [rng.uniform(-2, 2, size=(2, 3)).astype(np.float32) for _ in range(5)]

cases = {
    "Nadam()": lambda: keras.optimizers.Nadam(),
    "Adagrad(learning_rate=0.1)": lambda: keras.optimizers.Adagrad(learning_rate=0.1),
    "SGD(learning_rate=0.1, momentum=0.8, nesterov=True)": lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.8, nesterov=True),
    "RMSprop(learning_rate=0.01, momentum=0.5, centered=True)": lambda: keras.optimizers.RMSprop(learning_rate=0.01, momentum=0.5, centered=True),
    "Adam(learning_rate=0.01, amsgrad=True)": lambda: keras.optimizers.Adam(learning_rate=0.01, amsgrad=True),
    "SGD(learning_rate=0.1, clipnorm=1.0)": lambda: keras.optimizers.SGD(learning_rate=0.1, clipnorm=1.0),
    "SGD(learning_rate=0.1, clipvalue=0.5)": lambda: keras.optimizers.SGD(learning_rate=0.1, clipvalue=0.5),
    "SGD(learning_rate=0.1, global_clipnorm=1.0)": lambda: keras.optimizers.SGD(learning_rate=0.1, global_clipnorm=1.0),
    "SGD(ExponentialDecay(0.1, 2, 0.5))": lambda: keras.optimizers.SGD(learning_rate=keras.optimizers.schedules.ExponentialDecay(0.1, 2, 0.5)),
    "Adam(CosineDecay(0.01, 4))": lambda: keras.optimizers.Adam(learning_rate=keras.optimizers.schedules.CosineDecay(0.01, 4)),
}
out = {"initial": initial.tolist(), "gradients": [g.astype(np.float64).tolist() for g in gradients], "runs": {}}
for name, make in cases.items():
    opt = make()
    var = tf.Variable(initial)
    values = []
    for g in gradients:
        opt.apply_gradients([(tf.constant(g), var)])
        values.append(var.numpy().astype(np.float64).tolist())
    out["runs"][name] = {"values_after_step": values}
wide_initial = rng.uniform(-1, 1, size=(3, 7)).astype(np.float32)
wide_gradients = [rng.uniform(-2, 2, size=(3, 7)).astype(np.float32) for _ in range(5)]
out["wide"] = {"initial": wide_initial.astype(np.float64).tolist(), "gradients": [g.astype(np.float64).tolist() for g in wide_gradients], "runs": {}}
for name, make in [("Adam()", lambda: keras.optimizers.Adam()), ("RMSprop()", lambda: keras.optimizers.RMSprop()),
                   ("Adagrad(learning_rate=0.1)", lambda: keras.optimizers.Adagrad(learning_rate=0.1)),
                   ("SGD(learning_rate=0.1, momentum=0.9)", lambda: keras.optimizers.SGD(learning_rate=0.1, momentum=0.9))]:
    opt = make()
    var = tf.Variable(wide_initial)
    values = []
    for g in wide_gradients:
        opt.apply_gradients([(tf.constant(g), var)])
        values.append(var.numpy().astype(np.float64).tolist())
    out["wide"]["runs"][name] = {"values_after_step": values}
print(json.dumps(out))
