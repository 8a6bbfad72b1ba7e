"""Checks that `.keras` files written by kscript load in Keras 3 and predict what kscript
predicted. Run by hand (the unit tests need no Python):

    mkdir -p /tmp/kscript-keras3 && KSCRIPT_SAVING_OUTPUT=/tmp/kscript-keras3 \\
        swift test --filter ModelSavingTests
    /work/venv-k3/bin/python check_kscript_files_in_keras3.py /tmp/kscript-keras3

For each NAME.keras it loads the model (compiled, with the optimizer state when the file has
one), predicts on NAME_x*.npy and compares with NAME_kscript_pred.npy; then trains one step
to show the restored optimizer works. Prints one line per file and exits non-zero on failure.
"""
import glob, os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import numpy as np
import keras

directory = sys.argv[1]
failures = 0
for path in sorted(glob.glob(os.path.join(directory, "*.keras"))):
    name = os.path.basename(path)[:-len(".keras")]
    try:
        model = keras.models.load_model(path)
        xs = [np.load(p) for p in sorted(glob.glob(os.path.join(directory, name + "_x*.npy")))]
        expected = np.load(os.path.join(directory, name + "_kscript_pred.npy"))
        predicted = model.predict(xs if len(xs) > 1 else xs[0], verbose=0)
        error = float(np.max(np.abs(predicted - expected)))
        optimizer = getattr(model, "optimizer", None)
        restored = optimizer is not None and len(optimizer.variables) > 0 and int(optimizer.iterations) > 0
        status = "ok" if error <= 1e-6 else "MISMATCH"
        failures += status != "ok"
        print(f"{name}: {type(model).__name__}, {len(model.weights)} weights, max |keras3 - kscript| = {error:.3g}, "
              f"optimizer iterations restored: {restored} -> {status}")
    except Exception as exc:
        failures += 1
        print(f"{name}: FAILED {type(exc).__name__}: {exc}")
print("keras", keras.__version__, "failures:", failures)
sys.exit(1 if failures else 0)
