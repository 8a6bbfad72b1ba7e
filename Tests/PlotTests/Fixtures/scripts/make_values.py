"""Writes values.json: matplotlib's answers for colour specs, format strings, colormap
lookups, image colour mapping, histogram counts and scatter colours.
    /work/venv-tf/bin/python Tests/PlotTests/Fixtures/scripts/make_values.py
"""
import json
import os
import random

import numpy as np
import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib.axes._base import _process_plot_format  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "values.json")
rng = random.Random(5)

color_specs = ["red", "r", "g", "b", "k", "w", "c", "m", "y", "C0", "C1", "C9", "tab:orange", "tab:gray", "skyblue",
               "DarkGreen", "darkgreen", "#1f77b4", "#ABC", "#abcd", "#1f77b480", "0.5", "0", "1", "0.75",
               "lightgoldenrodyellow", "none", "crimson", "grey", "rebeccapurple"]
colors = {s: [float(v) for v in mcolors.to_rgba(s)] for s in color_specs}
bad_colors = []
for s in ["notacolor", "#12345", "1.5", "C", "-0.5", "#ggg"]:
    try:
        mcolors.to_rgba(s)
    except ValueError:
        bad_colors.append(s)

formats = {}
for f in ["r--o", "g:", "k-.", "b", "o", "--", "-", "C3s", "^-", "ro", "x", "-.d", ".", ",", "*--", "C2", "red", "#ff0000"]:
    ls, marker, color = _process_plot_format(f)
    formats[f] = {"linestyle": ls, "marker": marker, "color": None if color is None else mcolors.to_hex(color)}
bad_formats = []
for f in ["zz", "r--:", "oo", "rg"]:
    try:
        _process_plot_format(f)
    except ValueError:
        bad_formats.append(f)

samples = [0.0, 1e-9, 0.001, 0.1, 0.25, 0.3333, 0.5, 0.75, 0.9961, 0.99609375, 0.999, 1.0, -0.2, 1.7]
cmaps = {}
for name in ["viridis", "gray", "gray_r", "plasma", "hot", "binary", "jet", "Blues"]:
    cmap = matplotlib.colormaps[name]
    cmaps[name] = [mcolors.to_hex(cmap(x)) for x in samples]

image = [[rng.uniform(-3, 7) for _ in range(6)] for _ in range(4)]
image_bytes = {}
for name, vmin, vmax in [("viridis", None, None), ("gray", 0, 5), ("magma", -1, None)]:
    norm = mcolors.Normalize(vmin, vmax)
    arr = np.array(image)
    norm.autoscale_None(arr)
    image_bytes[name] = {"vmin": vmin, "vmax": vmax,
                         "rgba": matplotlib.colormaps[name](norm(arr), bytes=True).reshape(-1).tolist()}

hist_cases = []
for _ in range(6):
    data = [round(rng.gauss(0, 2), 3) for _ in range(rng.randint(5, 300))]
    bins = rng.choice([1, 3, 10, 17, [-5, -1, 0, 0.5, 4]])
    density = rng.random() < 0.3
    n, edges = np.histogram(data, bins=bins, density=density)
    hist_cases.append({"data": data, "bins": bins, "density": density, "n": n.tolist(), "edges": edges.tolist()})
hist_cases.append({"data": [2.0, 2.0, 2.0], "bins": 4, "density": False,
                   "n": np.histogram([2.0, 2.0, 2.0], 4)[0].tolist(), "edges": np.histogram([2.0, 2.0, 2.0], 4)[1].tolist()})

fig, ax = plt.subplots()
values = [rng.uniform(0, 10) for _ in range(12)]
sc = ax.scatter(range(12), range(12), c=values, cmap="viridis")
fig.canvas.draw()
scatter = {"values": values, "facecolors": [mcolors.to_hex(c) for c in sc.get_facecolors()]}
plt.close(fig)

with open(OUT, "w") as f:
    json.dump({"matplotlib": matplotlib.__version__, "colors": colors, "bad_colors": bad_colors, "formats": formats,
               "bad_formats": bad_formats, "colormap_samples": samples, "colormaps": cmaps, "image": image,
               "image_bytes": image_bytes, "hist": hist_cases, "scatter": scatter}, f, indent=0)
print(bad_colors, bad_formats)
