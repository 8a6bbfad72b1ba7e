"""Writes ipython_reference.json: IPython 8.12's %whos and %who output and _format_time strings.

Run with IPython 8.12.0 and NumPy 1.23.5 installed (python3 -m venv v && v/bin/pip install
ipython==8.12.0 numpy==1.23.5 && v/bin/python make_ipython_reference.py).
"""
import contextlib
import io
import json

from IPython.core.interactiveshell import InteractiveShell
from IPython.core.magics.execution import _format_time

SETUP = ("import numpy as np; weights = np.zeros((2, 3), dtype='float32'); big = np.zeros(50000); "
         "numbers = [3, 1, 2]\ntext = 'x' * 60 + '\\n'")
ip = InteractiveShell.instance()
ip.run_cell(SETUP)
out = io.StringIO()
with contextlib.redirect_stdout(out):
    ip.run_line_magic("whos", "")
who = io.StringIO()
with contextlib.redirect_stdout(who):
    ip.run_line_magic("who", "")
times = [0.0001234, 1.5, 0.0215, 2.5e-8, 125, 3725.5]
json.dump({"setup": SETUP, "whos": out.getvalue(), "who": who.getvalue(),
           "format_time": [[t, _format_time(t)] for t in times]},
          open("ipython_reference.json", "w"), indent=1, ensure_ascii=False)
