"""Writes figures.json: figures described as lists of pyplot operations, and what
matplotlib makes of them (Axes boxes, limits, ticks and labels, text extents, legend boxes,
subplot parameters, artist colours). The Swift tests replay the same operations through
Plot and compare. Display coordinates are points with y up (figures at 72 dpi).
    /work/venv-tf/bin/python Tests/PlotTests/Fixtures/scripts/make_figures.py
"""
import io
import json
import math
import re
import os
import random

import numpy as np
import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "figures.json")
rng = random.Random(11)


def rnd(n, mu=0.0, sigma=1.0):
    return [round(rng.gauss(mu, sigma), 4) for _ in range(n)]


xs = [i * 0.25 for i in range(41)]
sine = [round(math.sin(x), 6) for x in xs]
cosine = [round(math.cos(x), 6) for x in xs]
grid28 = [[round(((r - 13.5) ** 2 + (c - 13.5) ** 2) ** 0.5 / 19.1, 4) for c in range(28)] for r in range(28)]

FIGURES = {
    "line_basic": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "y": [3, 1, 4, 1, 5, 9, 2, 6]},
        {"op": "title", "text": "Basic line"}, {"op": "xlabel", "text": "index"}, {"op": "ylabel", "text": "value"}]},
    "line_styles": {"figsize": [8, 5], "ops": [
        {"op": "plot", "x": xs, "y": sine, "fmt": "r--o", "label": "sin"},
        {"op": "plot", "x": xs, "y": cosine, "fmt": "g:", "label": "cos"},
        {"op": "plot", "x": xs, "y": [v * 0.5 for v in sine], "fmt": "k-.", "label": "half", "linewidth": 2},
        {"op": "plot", "x": xs, "y": [v + 1 for v in cosine], "color": "C4", "marker": "s", "markersize": 4, "label": "shifted"},
        {"op": "legend"}, {"op": "grid"}]},
    "negative_values": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [-3, -2, -1, 0, 1, 2], "y": [-0.5, -1.25, -2.0, -0.75, 0.5, -1.5]}]},
    "large_offset": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [1000000 + i for i in range(6)], "y": [123456.1, 123456.4, 123456.2, 123456.8, 123456.3, 123456.5]}]},
    "scientific": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 1, 2, 3], "y": [1e-7, 3e-7, 2e-7, 5e-7]},
        {"op": "plot", "x": [0, 1, 2, 3], "y": [4e-7, 1e-7, 4.5e-7, 2e-7]}]},
    "constant": {"figsize": [5, 4], "ops": [{"op": "plot", "y": [2, 2, 2, 2]}]},
    "scatter_legend": {"figsize": [6.4, 4.8], "ops": [
        {"op": "scatter", "x": rnd(30, 2, 1), "y": rnd(30, 5, 2), "label": "group a"},
        {"op": "scatter", "x": rnd(30, 5, 1), "y": rnd(30, 1, 1), "label": "group b", "marker": "^"},
        {"op": "legend", "loc": "upper left"}, {"op": "title", "text": "Scatter"}]},
    "scatter_cmap": {"figsize": [6, 5], "ops": [
        {"op": "scatter", "x": rnd(25), "y": rnd(25), "c": [i / 24 for i in range(25)], "s": [10 + 8 * i for i in range(25)],
         "cmap": "plasma"}]},
    "bar": {"figsize": [6.4, 4.8], "ops": [
        {"op": "bar", "x": [0, 1, 2, 3, 4], "height": [5, 7, 3, 8, 4], "label": "count"},
        {"op": "legend"}, {"op": "ylabel", "text": "count"}]},
    "bar_categories": {"figsize": [6.4, 4.8], "ops": [
        {"op": "bar", "categories": ["cat", "dog", "bird", "fish"], "height": [12, 7, 3, 9], "color": "tab:green",
         "edgecolor": "black"}]},
    "barh": {"figsize": [6, 4], "ops": [
        {"op": "barh", "y": [0, 1, 2], "width": [3.5, -1.2, 2.25]}]},
    "hist": {"figsize": [6.4, 4.8], "ops": [
        {"op": "hist", "x": [rnd(500, 0, 1)], "bins": 20},
        {"op": "title", "text": "Histogram"}, {"op": "xlabel", "text": "value"}]},
    "hist_edges_two": {"figsize": [6.4, 4.8], "ops": [
        {"op": "hist", "x": [rnd(200, 0, 1), rnd(200, 1, 0.5)], "bins": [-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3],
         "label": ["a", "b"]},
        {"op": "legend"}]},
    "hist_step": {"figsize": [5, 4], "ops": [
        {"op": "hist", "x": [rnd(100, 3, 2)], "bins": 8, "histtype": "step"}]},
    "fill_between": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": xs, "y": sine, "label": "mean"},
        {"op": "fill_between", "x": xs, "y1": [v - 0.3 for v in sine], "y2": [v + 0.3 for v in sine], "alpha": 0.3,
         "label": "band"},
        {"op": "legend"}]},
    "hlines": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "y": [0.2, 0.8, 0.4, 0.9, 0.1]},
        {"op": "axhline", "y": 0.5, "color": "r", "linestyle": "--"},
        {"op": "axvline", "x": 2.5, "color": "gray"}]},
    "imshow_gray": {"figsize": [4, 4], "ops": [
        {"op": "imshow", "rows": grid28, "cmap": "gray"}, {"op": "title", "text": "digit"}]},
    "imshow_viridis_wide": {"figsize": [6.4, 4.8], "ops": [
        {"op": "imshow", "rows": [[r * 5 + c for c in range(5)] for r in range(3)]}]},
    "imshow_off": {"figsize": [3, 3], "ops": [
        {"op": "imshow", "rows": grid28, "cmap": "binary"}, {"op": "axis", "value": "off"}]},
    "semilogy": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": list(range(12)), "y": [10 ** (0.5 * i) for i in range(12)]}, {"op": "yscale", "value": "log"}]},
    "loglog": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [1, 3, 10, 30, 100, 300, 1000], "y": [2, 5, 30, 60, 400, 900, 5000]},
        {"op": "xscale", "value": "log"}, {"op": "yscale", "value": "log"}]},
    "log_narrow": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 1, 2], "y": [2, 3, 7]}, {"op": "yscale", "value": "log"}]},
    "subplots_grid": {"figsize": [8, 6], "subplots": [2, 2], "ops": [
        {"op": "sca", "index": 0}, {"op": "plot", "y": [1, 2, 3]}, {"op": "title", "text": "a"},
        {"op": "sca", "index": 1}, {"op": "bar", "x": [1, 2, 3], "height": [3, 1, 2]}, {"op": "title", "text": "b"},
        {"op": "sca", "index": 2}, {"op": "scatter", "x": [1, 2, 3], "y": [3, 1, 2]}, {"op": "xlabel", "text": "x label"},
        {"op": "sca", "index": 3}, {"op": "hist", "x": [rnd(50)], "bins": 5}, {"op": "ylabel", "text": "y label"},
        {"op": "tight_layout"}]},
    "subplots_sharex": {"figsize": [6, 6], "subplots": [2, 1], "sharex": True, "ops": [
        {"op": "sca", "index": 0}, {"op": "plot", "x": [0, 10, 20], "y": [1, 3, 2]},
        {"op": "sca", "index": 1}, {"op": "plot", "x": [5, 15, 25], "y": [30, 10, 20]}]},
    "subplot_codes": {"figsize": [10, 3], "ops": [
        {"op": "subplot", "args": [131]}, {"op": "plot", "y": [1, 2]},
        {"op": "subplot", "args": [132]}, {"op": "plot", "y": [2, 1]},
        {"op": "subplot", "args": [133]}, {"op": "plot", "y": [1, 3]}, {"op": "suptitle", "text": "Three panels"}]},
    "suptitle_tight": {"figsize": [9, 4], "ops": [
        {"op": "subplot", "args": [1, 2, 1]}, {"op": "plot", "y": [0.1, 0.5, 0.3]}, {"op": "ylabel", "text": "loss"},
        {"op": "title", "text": "Loss"},
        {"op": "subplot", "args": [1, 2, 2]}, {"op": "plot", "y": [0.5, 0.8, 0.9]}, {"op": "ylabel", "text": "accuracy"},
        {"op": "title", "text": "Accuracy"},
        {"op": "suptitle", "text": "Training"}, {"op": "tight_layout"}]},
    "limits_ticks": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 1, 2, 3], "y": [0, 1, 4, 9]},
        {"op": "xlim", "value": [-1, 4]}, {"op": "ylim", "value": [0, 10]},
        {"op": "xticks", "ticks": [0, 1, 2, 3], "labels": ["zero", "one", "two", "three"]},
        {"op": "grid", "axis": "y"}]},
    "text_annotate": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 1, 2, 3, 4], "y": [0, 1, 0.5, 2, 1]},
        {"op": "text", "x": 0.5, "y": 1.5, "s": "a note"},
        {"op": "annotate", "text": "peak", "xy": [3, 2], "xytext": [1.5, 1.8], "arrowstyle": "->"}]},
    "axis_equal": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [math.cos(t / 10) * 2 for t in range(63)], "y": [math.sin(t / 10) for t in range(63)]},
        {"op": "axis", "value": "equal"}]},
    "axis_equal_tall": {"figsize": [4, 6], "ops": [
        {"op": "plot", "x": [0, 1, 2, 3], "y": [0, 0.5, 0.2, 0.4]}, {"op": "axis", "value": "equal"}]},
    "axis_square": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 4, 1], "y": [0, 1, 2]}, {"op": "axis", "value": "square"}]},
    "axis_scaled": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": [0, 4, 1], "y": [0, 1, 2]}, {"op": "axis", "value": "scaled"}]},
    "imshow_auto_aspect": {"figsize": [6.4, 4.8], "ops": [
        {"op": "imshow", "rows": [[r * 5 + c for c in range(5)] for r in range(3)], "aspect": "auto"}]},
    "image_grid": {"figsize": [6, 6], "ops": sum([[
        {"op": "subplot", "args": [3, 3, i + 1]}, {"op": "xticks", "ticks": [], "labels": []}, {"op": "yticks", "ticks": []},
        {"op": "grid", "visible": False},
        {"op": "imshow", "rows": [[((r * 3 + c * (i + 1)) % 17) / 16 for c in range(12)] for r in range(12)], "cmap": "binary"},
        {"op": "xlabel", "text": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag"][i]}]
        for i in range(9)], []) + [{"op": "tight_layout"}]},
    "chinese_title": {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "y": [1, 3, 2]}, {"op": "title", "text": "训练曲线"}]},
}

# Legend placement with loc='best' for several data layouts, and the other locations.
best_cases = {
    "best_upper_right_free": [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0]],
    "best_upper_left_free": [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]],
    "best_lower_right": [[0, 1, 2, 3, 4], [0, 4, 0, 4, 4]],
    "best_lower_left": [[0, 1, 2, 3, 4], [4, 4, 0, 4, 0]],
    "best_center_band": [[0, 1, 2, 3, 4, 5, 6, 7, 8], [0, 8, 0, 8, 0, 8, 0, 8, 0]],
    "best_everywhere": [[0, 4, 0, 4, 2, 0, 4, 2, 2], [0, 0, 4, 4, 4, 2, 2, 0, 2]],
}
for name, (x, y) in best_cases.items():
    FIGURES[name] = {"figsize": [6.4, 4.8], "ops": [
        {"op": "plot", "x": x, "y": y, "label": "data", "marker": "o"},
        {"op": "plot", "x": x, "y": [v * 0.5 + 1 for v in y], "label": "half"}, {"op": "legend"}]}
for loc in ["upper left", "lower left", "lower right", "right", "center left", "center right",
            "lower center", "upper center", "center"]:
    FIGURES["loc_" + loc.replace(" ", "_")] = {"figsize": [5, 4], "ops": [
        {"op": "plot", "y": [1, 2, 3], "label": "one"}, {"op": "bar", "x": [0, 1, 2], "height": [1, 1, 1], "label": "two"},
        {"op": "legend", "loc": loc}]}
FIGURES["legend_ncols_title"] = {"figsize": [6.4, 4.8], "ops": [
    {"op": "plot", "y": [1, 2], "label": "alpha"}, {"op": "plot", "y": [2, 1], "label": "beta"},
    {"op": "plot", "y": [1.5, 1.5], "label": "gamma"}, {"op": "legend", "ncols": 2, "title": "Series", "loc": "lower center"}]}
FIGURES["legend_outside"] = {"figsize": [7, 4], "ops": [
    {"op": "plot", "y": [1, 2, 3], "label": "a"}, {"op": "plot", "y": [3, 2, 1], "label": "b"},
    {"op": "legend", "loc": "upper left", "bbox_to_anchor": [1.02, 1]}, {"op": "tight_layout"}]}


def run(spec):
    fig = plt.figure(figsize=spec["figsize"], dpi=72)
    if "subplots" in spec:
        r, c = spec["subplots"]
        axs = fig.subplots(r, c, sharex=spec.get("sharex", False), squeeze=False).ravel()
        plt.sca(axs[0])
    for op in spec["ops"]:
        o = op["op"]
        ax = plt.gca() if o not in ("subplot", "sca", "tight_layout", "suptitle") else None
        if o == "subplot":
            plt.subplot(*op["args"])
        elif o == "sca":
            plt.sca(fig.axes[op["index"]])
        elif o == "plot":
            args = ([op["x"]] if "x" in op else []) + [op["y"]] + ([op["fmt"]] if "fmt" in op else [])
            kw = {k: op[k] for k in ("label", "color", "linewidth", "marker", "markersize") if k in op}
            ax.plot(*args, **kw)
        elif o == "scatter":
            kw = {k: op[k] for k in ("label", "marker", "s", "c", "cmap") if k in op}
            ax.scatter(op["x"], op["y"], **kw)
        elif o == "bar":
            kw = {k: op[k] for k in ("label", "color", "edgecolor") if k in op}
            ax.bar(op.get("x", op.get("categories")), op["height"], **kw)
        elif o == "barh":
            ax.barh(op["y"], op["width"])
        elif o == "hist":
            kw = {k: op[k] for k in ("label", "histtype") if k in op}
            data = op["x"][0] if len(op["x"]) == 1 else op["x"]
            ax.hist(data, bins=op["bins"], **kw)
        elif o == "fill_between":
            ax.fill_between(op["x"], op["y1"], op["y2"], alpha=op["alpha"], label=op["label"])
        elif o == "axhline":
            ax.axhline(op["y"], color=op["color"], linestyle=op["linestyle"])
        elif o == "axvline":
            ax.axvline(op["x"], color=op["color"])
        elif o == "imshow":
            ax.imshow(np.array(op["rows"]), **{k: op[k] for k in ("cmap", "aspect") if k in op})
        elif o == "axis":
            ax.axis(op["value"])
        elif o == "xscale":
            ax.set_xscale(op["value"])
        elif o == "yscale":
            ax.set_yscale(op["value"])
        elif o == "legend":
            kw = {k: op[k] for k in ("loc", "ncols", "title", "bbox_to_anchor") if k in op}
            ax.legend(**kw)
        elif o == "title":
            ax.set_title(op["text"])
        elif o == "xlabel":
            ax.set_xlabel(op["text"])
        elif o == "ylabel":
            ax.set_ylabel(op["text"])
        elif o == "xlim":
            ax.set_xlim(*op["value"])
        elif o == "ylim":
            ax.set_ylim(*op["value"])
        elif o == "xticks":
            ax.set_xticks(op["ticks"], op["labels"])
        elif o == "grid":
            ax.grid(op.get("visible"), axis=op.get("axis", "both"))
        elif o == "yticks":
            ax.set_yticks(op["ticks"])
        elif o == "text":
            ax.text(op["x"], op["y"], op["s"])
        elif o == "annotate":
            ax.annotate(op["text"], xy=op["xy"], xytext=op["xytext"], arrowprops={"arrowstyle": op["arrowstyle"]})
        elif o == "suptitle":
            fig.suptitle(op["text"])
        elif o == "tight_layout":
            fig.tight_layout()
        else:
            raise ValueError(o)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer() if hasattr(fig.canvas, "get_renderer") else fig._get_renderer()
    return fig, renderer


def bbox(b):
    return [float(b.x0), float(b.y0), float(b.x1), float(b.y1)]


def axis_record(ax, axis, renderer):
    ticks = []
    for tick in (axis._update_ticks() if ax.axison else []):
        loc = float(tick.get_loc())
        pt = (loc, 0) if axis.axis_name == "x" else (0, loc)
        pos = ax.transData.transform([pt])[0][0 if axis.axis_name == "x" else 1]
        label = tick.label1.get_text() if tick.label1.get_visible() else ""
        ticks.append({"loc": loc, "pos": float(pos), "label": label,
                      "major": tick in axis.majorTicks,
                      "label_bbox": bbox(tick.label1.get_window_extent(renderer)) if label else None})
    label = axis.label
    return {"ticks": ticks, "offset": axis.get_offset_text().get_text(),
            "label": label.get_text(),
            "label_bbox": bbox(label.get_window_extent(renderer)) if label.get_text() else None}


def svg_elements(fig):
    """Texts (content, anchor x, y, text-anchor) and marker uses (x, y) of the SVG, in order."""
    plt.rcParams["svg.fonttype"] = "none"
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    svg = buf.getvalue()
    texts = []
    for m in re.finditer(r'<text style="([^"]*)" x="([^"]+)" y="([^"]+)"[^>]*>([^<]*)</text>', svg):
        anchor = re.search(r"text-anchor: (\w+)", m.group(1))
        texts.append([m.group(4).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"),
                      float(m.group(2)), float(m.group(3)), anchor.group(1) if anchor else "start"])
    uses = [[float(x), float(y)] for x, y in re.findall(r'<use xlink:href="#[^"]+" x="([^"]+)" y="([^"]+)"', svg)]
    return texts, uses


def record(name, spec):
    fig, renderer = run(spec)
    axes = []
    for ax in fig.axes:
        rec = {"bbox": bbox(ax.get_window_extent(renderer)), "xlim": [float(v) for v in ax.get_xlim()],
               "ylim": [float(v) for v in ax.get_ylim()], "axison": ax.axison,
               "x": axis_record(ax, ax.xaxis, renderer), "y": axis_record(ax, ax.yaxis, renderer),
               "title": ax.get_title(), "title_bbox": bbox(ax.title.get_window_extent(renderer)) if ax.get_title() else None,
               "lines": [mcolors.to_hex(l.get_color()) for l in ax.lines],
               "patches": len(ax.patches), "collections": len(ax.collections), "images": len(ax.images),
               "tight": bbox(ax.get_tightbbox(renderer))}
        leg = ax.get_legend()
        if leg is not None:
            rec["legend"] = {"bbox": bbox(leg.get_window_extent(renderer)), "texts": [t.get_text() for t in leg.get_texts()]}
        axes.append(rec)
    sp = fig.subplotpars
    out = {"name": name, "spec": spec, "axes": axes,
           "subplotpars": [sp.left, sp.bottom, sp.right, sp.top, sp.wspace, sp.hspace],
           "tight_bbox": bbox(fig.get_tightbbox(renderer)) if True else None}
    if fig._suptitle is not None:
        out["suptitle_bbox"] = bbox(fig._suptitle.get_window_extent(renderer))
    out["svg_texts"], out["svg_uses"] = svg_elements(fig)
    plt.close(fig)
    return out


if __name__ == "__main__":
    import warnings
    warnings.simplefilter("ignore")
    records = [record(name, spec) for name, spec in FIGURES.items()]
    with open(OUT, "w") as f:
        json.dump({"matplotlib": matplotlib.__version__, "figures": records}, f, indent=0, ensure_ascii=False)
    print(len(records), "figures")
