"""Writes ticks.json: matplotlib's tick locations and labels for many view intervals.

For each case an Axes of the given size gets xlim/ylim set to the interval (linear or log
scale); the major (and for log, minor) locator's locations, the formatter's labels for all
of them, the offset text and the axis' tick space are recorded.
    /work/venv-tf/bin/python Tests/PlotTests/Fixtures/scripts/make_ticks.py
"""
import json
import os
import random

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ticks.json")

linear = [
    (0, 1), (-0.45, 9.45), (0.37979, 1.7281), (0.43984, 0.88047), (-1, 1), (0, 100), (0, 1e6),
    (0, 1.5e6), (1e6, 1e6 + 10), (12345.6, 12345.9), (1e-7, 5e-7), (-3e-6, 2e-6), (0.999, 1.001),
    (100, 101), (1000, 1001), (-1000.5, -1000.1), (5, 5.0001), (0, 0.0001), (-50, 50), (3, 3000),
    (1e9, 3e9), (-2.5, 7.5), (0.1, 0.2), (-0.05, 1.05), (-1.05, 21.05), (2.95, 3.05), (1e-3, 1e-2),
    (99.5, 100.5), (-7, -2), (0.5, 0.5000001), (1, 1e5), (0, 2 * 3.141592653589793),
    (-12.5, 262.5), (0.0, 0.8), (0.6, 1.0), (4.725, 5.275), (123456, 123789),
]
rng = random.Random(7)
for _ in range(140):
    magnitude = 10 ** rng.uniform(-8, 9)
    center = rng.choice([0, 1, -1, 10, 1000, rng.uniform(-5, 5)]) * magnitude * rng.uniform(0, 20)
    width = magnitude * rng.uniform(0.01, 30)
    linear.append((center - width * rng.random(), center + width * rng.random() + 1e-12 * magnitude))

log = [(1, 10), (1, 1000), (0.7079457843841379, 1412.537544622754), (1e-3, 1e5), (2, 8), (1, 1e20),
       (0.5, 2), (3, 30), (10, 11), (1e-10, 1e-2), (0.02, 50), (5, 5000), (1, 1e12), (40, 60)]
for _ in range(30):
    a = 10 ** rng.uniform(-6, 6)
    log.append((a, a * 10 ** rng.uniform(0.05, 14)))

sizes = [(6.4, 4.8), (12, 4), (3, 3), (10, 8)]
positions = [[0.125, 0.11, 0.775, 0.77], [0.125, 0.11, 0.352, 0.77], [0.3, 0.3, 0.2, 0.2]]


def axis_record(axis, view):
    locs = axis.get_major_locator()()
    fmt = axis.get_major_formatter()
    labels = fmt.format_ticks(locs)
    rec = {"requested": list(view), "view": [float(v) for v in axis.get_view_interval()], "tick_space": int(axis.get_tick_space()),
           "locs": [float(v) for v in locs], "labels": labels, "offset": fmt.get_offset()}
    if axis.get_scale() == "log":
        minor = axis.get_minor_locator()()
        rec["minor_locs"] = [float(v) for v in minor]
        rec["minor_labels"] = axis.get_minor_formatter().format_ticks(minor)
    return rec


cases = []
for i, item in enumerate([("linear", a, b) for a, b in linear] + [("log", a, b) for a, b in log]):
    scale, lo, hi = item
    size = sizes[i % len(sizes)]
    pos = positions[i % len(positions)]
    fig = plt.figure(figsize=size)
    ax = fig.add_axes(pos)
    ax.set_xscale(scale)
    ax.set_yscale(scale)
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    cases.append({"scale": scale, "figsize": list(size), "position": pos,
                  "x": axis_record(ax.xaxis, (lo, hi)), "y": axis_record(ax.yaxis, (lo, hi))})
    plt.close(fig)

with open(OUT, "w") as f:
    json.dump({"matplotlib": matplotlib.__version__, "cases": cases}, f, indent=0)
print(len(cases), "cases")
