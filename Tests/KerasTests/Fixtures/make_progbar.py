"""Writes progbar.json: Keras 2.12's ProgbarLogger (count_mode='steps', as fit/evaluate/
predict add it) driven by scripted callback events with a fake clock, and the exact text it
printed. Run with TF 2.12: python make_progbar.py > progbar.json"""
import io
import json
import sys
import types
from keras import callbacks
from keras.utils import generic_utils

clock = {"t": 1000.0, "step": 0.02}


def fake_time():
    clock["t"] += clock["step"]
    return clock["t"]


generic_utils.time.time = fake_time


def run(params, metric_names, events, clock_step):
    clock["t"] = 1000.0
    clock["step"] = clock_step
    cb = callbacks.ProgbarLogger(count_mode="steps")
    cb.model = types.SimpleNamespace(metrics=[types.SimpleNamespace(name=n) for n in metric_names])
    cb.set_params(params)
    out = io.StringIO()
    saved = sys.stdout
    sys.stdout = out
    try:
        for e in events:
            hook = e["hook"]
            logs = dict(e.get("logs", []))
            if hook in ("train_begin", "test_begin", "predict_begin"):
                getattr(cb, "on_" + hook)(logs)
            elif hook in ("test_end", "predict_end"):
                getattr(cb, "on_" + hook)(logs)
            elif hook in ("epoch_begin", "epoch_end"):
                getattr(cb, "on_" + hook)(e["epoch"], logs)
            else:
                getattr(cb, "on_" + hook)(e["batch"], logs)
    finally:
        sys.stdout = saved
    return out.getvalue()


def fit_events(epochs, steps, values, val):
    events = [{"hook": "train_begin"}]
    k = 0
    for epoch in range(epochs):
        events.append({"hook": "epoch_begin", "epoch": epoch})
        for b in range(steps):
            events.append({"hook": "train_batch_end", "batch": b, "logs": values[k]})
            k += 1
        end = list(values[k - 1]) + val[epoch]
        events.append({"hook": "epoch_end", "epoch": epoch, "logs": end})
    return events


def series(n, names, start, slope):
    rows = []
    for i in range(n):
        rows.append([[name, start[j] + slope[j] * i] for j, name in enumerate(names)])
    return rows


cases = []
vals = series(10, ["loss", "accuracy"], [0.9, 0.5], [-0.05, 0.03])
val = [[["val_loss", 0.71234], ["val_accuracy", 0.6]], [["val_loss", 0.6], ["val_accuracy", 0.7]]]
for verbose in (1, 2):
    for step in (0.02, 0.3):
        events = fit_events(2, 5, vals, val)
        params = {"verbose": verbose, "epochs": 2, "steps": 5}
        cases.append({"name": f"fit verbose={verbose} clock={step}", "params": params, "metrics": ["loss", "accuracy"],
                      "clock_step": step, "events": events, "output": run(params, ["loss", "accuracy"], events, step)})

small = series(3, ["loss", "mae"], [0.0005, -0.002], [-0.0002, 0.0001])
events = fit_events(1, 3, small, [[["val_loss", -0.0001]]])
params = {"verbose": 2, "epochs": 1, "steps": 3}
cases.append({"name": "small and negative values verbose=2", "params": params, "metrics": ["loss", "mae"], "clock_step": 0.001,
              "events": events, "output": run(params, ["loss", "mae"], events, 0.001)})
params = dict(params, verbose=1)
cases.append({"name": "small and negative values verbose=1", "params": params, "metrics": ["loss", "mae"], "clock_step": 0.001,
              "events": events, "output": run(params, ["loss", "mae"], events, 0.001)})

long_vals = series(120, ["loss"], [2.0], [-0.01])
events = fit_events(1, 120, long_vals, [[]])
params = {"verbose": 1, "epochs": 1, "steps": 120}
cases.append({"name": "long epoch with minute ETA", "params": params, "metrics": ["loss"], "clock_step": 1.3,
              "events": events, "output": run(params, ["loss"], events, 1.3)})

test_vals = series(4, ["loss", "accuracy"], [0.5, 0.8], [0.01, -0.02])
events = [{"hook": "test_begin"}] + [{"hook": "test_batch_end", "batch": b, "logs": test_vals[b]} for b in range(4)] + \
         [{"hook": "test_end", "logs": test_vals[3]}]
params = {"verbose": 1, "epochs": 1, "steps": 4}
cases.append({"name": "evaluate verbose=1", "params": params, "metrics": ["loss", "accuracy"], "clock_step": 0.03,
              "events": events, "output": run(params, ["loss", "accuracy"], events, 0.03)})

events = [{"hook": "predict_begin"}] + [{"hook": "predict_batch_end", "batch": b} for b in range(13)] + [{"hook": "predict_end"}]
params = {"verbose": 1, "epochs": 1, "steps": 13}
cases.append({"name": "predict verbose=1", "params": params, "metrics": [], "clock_step": 0.0004,
              "events": events, "output": run(params, [], events, 0.0004)})

print(json.dumps({"cases": cases}, indent=1))
