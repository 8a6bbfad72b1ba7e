"""Writes text_metrics.json: matplotlib's (width, height, descent) of strings, in points.

These are what matplotlib's renderers use to lay out text (RendererBase's
get_text_width_height_descent, DejaVu Sans through FreeType).
    /work/venv-tf/bin/python Tests/PlotTests/Fixtures/scripts/make_text_metrics.py
"""
import io
import json
import os
import random

import matplotlib

matplotlib.use("svg")
from matplotlib.backends.backend_svg import RendererSVG  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "text_metrics.json")
renderer = RendererSVG(6.4, 4.8, io.StringIO())
strings = ["0", "2", "0.4", "1.0", "Loss", "Accuracy", "train", "val", "lp", "\u22120.5", "AV", "To", "W",
           "iiiiiiiiii", "Type", "WAVE", "a b", " ", "Hello, World!", "dense_1 (Dense)", "(None, 784)",
           "input:", "output:", "1e6", "+1.2345e4", "Epoch", "Training and validation loss", "y = f(x)"]
rng = random.Random(3)
chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-_()[]{}/'\"!?%+=<>|"
for _ in range(120):
    strings.append("".join(rng.choice(chars) for _ in range(rng.randint(1, 16))))
cases = []
for s in strings:
    for size, weight in ((10, "normal"), (12, "normal"), (8.33, "normal"), (10, "bold")):
        w, h, d = renderer.get_text_width_height_descent(s, FontProperties(size=size, weight=weight), False)
        cases.append({"text": s, "size": size, "weight": weight, "width": w, "height": h, "descent": d})
with open(OUT, "w") as f:
    json.dump({"matplotlib": matplotlib.__version__, "cases": cases}, f, indent=0, ensure_ascii=False)
