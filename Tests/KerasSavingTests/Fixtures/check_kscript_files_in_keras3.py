"""Checks that `.keras` files written by kscript load in Keras 3 and predict what kscript
predicted. Run by hand (the unit tests need no Python):

    mkdir -p /tmp/kscript-keras3 && KSCRIPT_SAVING_OUTPUT=/tmp/kscript-keras3 \\
        swift test --filter "ModelSavingTests|SubclassedModelTests"
    /work/venv-k3/bin/python check_kscript_files_in_keras3.py /tmp/kscript-keras3

For each NAME.keras it loads the model (compiled, with the optimizer state when the file has
one), predicts on NAME_x*.npy and compares with NAME_kscript_pred.npy; where kscript also
recorded NAME_kscript_next_pred.npy, it takes one `train_on_batch` on NAME_x*/NAME_ty and
compares the next predictions (the restored optimizer state at work). Prints one line per file and exits non-zero on failure.
"""
import glob, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras
from keras import layers


class MyModel(keras.Model):
    """The chapter's subclassed model (as in make_keras3_fixtures.py), for subclassed.keras."""

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


directory = sys.argv[1]
failures = 0
for path in sorted(glob.glob(os.path.join(directory, "*.keras"))):
    name = os.path.basename(path)[:-len(".keras")]
    try:
        model = keras.models.load_model(path, custom_objects={"MyModel": MyModel})
        xs = [np.load(p) for p in sorted(glob.glob(os.path.join(directory, name + "_x*.npy")))]
        expected = np.load(os.path.join(directory, name + "_kscript_pred.npy"))
        predicted = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        error = float(np.max(np.abs(predicted - expected)))
        optimizer = getattr(model, "optimizer", None)
        restored = optimizer is not None and len(optimizer.variables) > 0 and int(optimizer.iterations) > 0
        next_path = os.path.join(directory, name + "_kscript_next_pred.npy")
        step_note = ""
        if os.path.exists(next_path):
            model.train_on_batch(xs if len(xs) > 1 else xs[0], np.load(os.path.join(directory, name + "_ty.npy")))
            step_error = float(np.max(np.abs(model.predict(xs if len(xs) > 1 else xs[0], verbose=0) - np.load(next_path))))
            step_note = f", after one more train_on_batch max |keras3 - kscript| = {step_error:.3g}"
            error = max(error, step_error)
        status = "ok" if error <= 1e-6 else "MISMATCH"
        failures += status != "ok"
        print(f"{name}: {type(model).__name__}, {len(model.weights)} weights, max |keras3 - kscript| = {error:.3g}, "
              f"optimizer iterations restored: {restored}{step_note} -> {status}")
    except Exception as exc:
        failures += 1
        print(f"{name}: FAILED {type(exc).__name__}: {exc}")
print("keras", keras.__version__, "failures:", failures)
sys.exit(1 if failures else 0)
