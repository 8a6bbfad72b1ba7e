"""Writes the chapter's history figure data and matplotlib's SVG of it.

The values were read back from /work/shared/reference/plots/history_matplotlib.svg (the
line vertices mapped through the tick positions) and rounded to 5 decimals, so this figure
is the reference figure. Run with the venv's Python (matplotlib 3.10):
    /work/venv-tf/bin/python scripts/make_history.py
"""
import json
import os

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

history = {
    "loss": [1.7281, 0.91544, 0.71729, 0.61147, 0.54698, 0.51775, 0.45086, 0.42624, 0.40446, 0.37971],
    "val_loss": [1.11896, 0.80794, 0.67379, 0.63722, 0.57636, 0.54021, 0.57198, 0.58911, 0.52359, 0.52715],
    "accuracy": [0.43984, 0.67031, 0.74844, 0.79219, 0.82656, 0.82656, 0.85312, 0.85625, 0.86797, 0.88047],
    "val_accuracy": [0.64375, 0.6875, 0.76563, 0.76875, 0.80625, 0.80937, 0.7875, 0.775, 0.81875, 0.80313],
}

plt.rcParams["svg.fonttype"] = "none"
plt.rcParams["svg.hashsalt"] = "kscript"
plt.figure(figsize=(12, 4))
plt.subplot(1, 2, 1)
plt.plot(history["loss"], label="train")
plt.plot(history["val_loss"], label="val")
plt.title("Loss")
plt.legend()
plt.subplot(1, 2, 2)
plt.plot(history["accuracy"], label="train")
plt.plot(history["val_accuracy"], label="val")
plt.title("Accuracy")
plt.legend()
plt.savefig(os.path.join(OUT, "history_matplotlib.svg"), metadata={"Date": None})

with open(os.path.join(OUT, "history_data.json"), "w") as f:
    json.dump(history, f, indent=1)
