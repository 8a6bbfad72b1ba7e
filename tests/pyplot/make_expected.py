"""Runs each tests/pyplot/*.kscript with CPython and matplotlib 3.10 (the scripts are valid
Python) and writes expected/NAME.json: the standard output, the warnings on standard error,
and for every SVG the script saved, its <text> elements (text, x, y, anchor, font size),
the colours it paints with and its element counts. PyPlotBridgeTests runs the same scripts
with kscript and compares.
    /work/venv-tf/bin/python tests/pyplot/make_expected.py
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svg_summary import summarize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "expected")
# Text as <text> elements, deterministic ids, and the SVG backend: its text metrics are
# the font's own, as Plot's; under Agg, tight_layout measures hinted text at 100 dpi and
# lands up to 1 pt elsewhere.
RC = "svg.fonttype: none\nsvg.hashsalt: kscript\nbackend: svg\n"


def normalize(text, script_path):
    text = re.sub(r"\b0x[0-9a-f]+", "0x0", text)
    return text.replace(script_path, os.path.basename(script_path))


def main():
    os.makedirs(OUT, exist_ok=True)
    for script in sorted(glob.glob(os.path.join(HERE, "*.kscript"))):
        name = os.path.splitext(os.path.basename(script))[0]
        with tempfile.TemporaryDirectory() as work:
            path = os.path.join(work, name + ".kscript")
            shutil.copy(script, path)
            with open(os.path.join(work, "matplotlibrc"), "w") as f:
                f.write(RC)
            run = subprocess.run([sys.executable, path], cwd=work, capture_output=True, text=True)
            figures = {}
            for svg in sorted(glob.glob(os.path.join(work, "*.svg"))):
                with open(svg, encoding="utf-8") as f:
                    figures[os.path.basename(svg)] = summarize(f.read())
        expected = {
            "stdout": normalize(run.stdout, path),
            "stderr": normalize(run.stderr, path),
            "status": run.returncode,
            "figures": figures,
        }
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(expected, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(name, run.returncode, len(figures), "figures")


if __name__ == "__main__":
    main()
