"""Writes callbacks.json: Keras 2.12's EarlyStopping, ReduceLROnPlateau, ModelCheckpoint and
CSVLogger driven by scripted epoch logs on a stand-in model; records when training stops,
the learning rate and logs after each epoch, the files saved and the CSV text.
Run with TF 2.12: python make_callbacks.py > callbacks.json"""
import io
import json
import os
import sys
import tempfile
import tensorflow as tf
from tensorflow import keras


class StandIn:
    def __init__(self):
        self.stop_training = False
        self.optimizer = keras.optimizers.SGD(learning_rate=0.1)
        self.weights = [0.0]
        self.saved = []
        self.distribute_strategy = tf.distribute.get_strategy()

    def get_weights(self):
        return list(self.weights)

    def set_weights(self, w):
        self.weights = list(w)

    def save(self, path, overwrite=True, options=None):
        self.saved.append(os.path.basename(path))

    save_weights = save


def drive(cb, sequence, tmp=None):
    model = StandIn()
    cb.set_model(model)
    cb.set_params({"verbose": 0, "epochs": len(sequence), "steps": 1})
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    record = []
    try:
        cb.on_train_begin({})
        for epoch, logs in enumerate(sequence):
            model.weights = [float(epoch)]
            cb.on_epoch_begin(epoch, {})
            logs = dict(logs)
            cb.on_epoch_end(epoch, logs)
            record.append({"lr": float(model.optimizer.learning_rate.numpy()),
                           "logs": [[k, float(v)] for k, v in logs.items()]})
            if model.stop_training:
                break
        cb.on_train_end({})
    finally:
        sys.stdout = saved
    return {"epochs_run": len(record), "record": record, "weights": model.weights,
            "saved": model.saved, "stdout": out.getvalue()}


val = [0.9, 0.8, 0.85, 0.79995, 0.82, 0.83, 0.84, 0.7, 0.75, 0.76, 0.77, 0.78]
acc = [0.5, 0.6, 0.6, 0.61, 0.59, 0.58, 0.57, 0.7, 0.69, 0.69, 0.68, 0.7]
seq = [[["loss", 1.0 - 0.01 * i], ["accuracy", acc[i]], ["val_loss", val[i]], ["val_accuracy", acc[i] - 0.05]] for i in range(len(val))]

cases = {}
cases["EarlyStopping(patience=2)"] = drive(keras.callbacks.EarlyStopping(patience=2), seq)
cases["EarlyStopping(patience=2, restore_best_weights=True, verbose=1)"] = drive(
    keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True, verbose=1), seq)
cases["EarlyStopping(monitor='val_accuracy', patience=3, min_delta=0.005)"] = drive(
    keras.callbacks.EarlyStopping(monitor="val_accuracy", patience=3, min_delta=0.005), seq)
cases["EarlyStopping(patience=1, baseline=0.75)"] = drive(keras.callbacks.EarlyStopping(patience=1, baseline=0.75), seq)
cases["EarlyStopping(patience=1, start_from_epoch=4)"] = drive(keras.callbacks.EarlyStopping(patience=1, start_from_epoch=4), seq)
cases["ReduceLROnPlateau(factor=0.5, patience=1, verbose=1)"] = drive(
    keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1, verbose=1), seq)
cases["ReduceLROnPlateau(factor=0.2, patience=2, cooldown=2, min_lr=0.01)"] = drive(
    keras.callbacks.ReduceLROnPlateau(factor=0.2, patience=2, cooldown=2, min_lr=0.01), seq)
cases["ReduceLROnPlateau(monitor='accuracy', factor=0.5, patience=1, min_delta=0.02)"] = drive(
    keras.callbacks.ReduceLROnPlateau(monitor="accuracy", factor=0.5, patience=1, min_delta=0.02), seq)
cases["ModelCheckpoint('m.{epoch:02d}-{val_loss:.2f}.keras', save_best_only=True, verbose=1)"] = drive(
    keras.callbacks.ModelCheckpoint("m.{epoch:02d}-{val_loss:.2f}.keras", save_best_only=True, verbose=1), seq)
cases["ModelCheckpoint('w{epoch}.h5', save_weights_only=True)"] = drive(
    keras.callbacks.ModelCheckpoint("w{epoch}.h5", save_weights_only=True), seq[:3])
cases["ModelCheckpoint('best.keras', monitor='val_accuracy', save_best_only=True)"] = drive(
    keras.callbacks.ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True), seq)

tmp = tempfile.mkdtemp()
csv_path = os.path.join(tmp, "log.csv")
lr_logs = [[["loss", 0.5], ["lr", 0.1]], [["loss", 0.25], ["val_loss", 0.3]]]
cb = keras.callbacks.CSVLogger(csv_path)
model = StandIn()
cb.set_model(model)
cb.on_train_begin({})
cb.on_epoch_end(0, {"loss": 0.6931471824645996, "accuracy": 0.5, "lr": tf.constant(0.001).numpy()})
cb.on_epoch_end(1, {"loss": 0.5108255743980408, "accuracy": 0.75, "lr": tf.constant(0.0005).numpy()})
cb.on_train_end({})
with open(csv_path, newline="") as f:
    csv_text = f.read()
print(json.dumps({"sequence": seq, "cases": cases, "csv": csv_text}, indent=1))
