"""Regenerates expected outputs with real Keras 2.12, each case in a fresh process, stdout
saved byte for byte:

- summaries/NAME.txt for the extra cases 11_*.py ... (01-10 and their .txt are copies of
  /work/shared/reference/summaries);
- chapter/NAME.out for the chapter examples that build models without data
  (/work/shared/chapter/01-05, 07-09), run as Python.

    /work/venv-tf/bin/python Tests/KerasTests/Fixtures/summaries/generate.py
"""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
for path in sorted(glob.glob(os.path.join(here, "*.py"))):
    name = os.path.basename(path)[:-3]
    if name == "generate" or name < "11":
        continue
    result = subprocess.run([sys.executable, path], capture_output=True, env=env, cwd=here)
    if result.returncode != 0:
        sys.exit(f"{name} failed:\n{result.stderr.decode()}")
    with open(os.path.join(here, name + ".txt"), "wb") as f:
        f.write(result.stdout)
    print("wrote", name + ".txt")

chapter_dir = "/work/shared/chapter"
out_dir = os.path.join(os.path.dirname(here), "chapter")
for number in ["01", "02", "03", "04", "05", "07", "08", "09"]:
    (path,) = glob.glob(os.path.join(chapter_dir, number + "_*.kscript"))
    name = os.path.basename(path)[: -len(".kscript")]
    result = subprocess.run([sys.executable, path], capture_output=True, env=env, cwd=chapter_dir)
    if result.returncode != 0:
        sys.exit(f"{name} failed:\n{result.stderr.decode()}")
    with open(os.path.join(out_dir, name + ".out"), "wb") as f:
        f.write(result.stdout)
    print("wrote chapter", name + ".out")
