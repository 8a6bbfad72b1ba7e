#!/usr/bin/env bash
# Writes NAME.out for every NAME.py here: the stdout of real Keras 2.12 (TF 2.12 venv).
#   Tests/KScriptTests/Fixtures/training/make_outputs.sh [/path/to/venv/bin/python]
set -euo pipefail
python="${1:-/work/venv-tf/bin/python}"
cd "$(dirname "${BASH_SOURCE[0]}")"
for script in *.py; do
  "$python" "$script" 2>/dev/null > "${script%.py}.out"
done
