#!/bin/sh
# Fetches the nbformat 4.5 JSON schema from the nbformat wheel on PyPI.
set -e
dir=$(mktemp -d)
pip download nbformat==5.10.4 --no-deps -d "$dir"
python3 -c "import zipfile,glob,sys; z=zipfile.ZipFile(glob.glob(sys.argv[1]+'/*.whl')[0]); sys.stdout.buffer.write(z.read('nbformat/v4/nbformat.v4.5.schema.json'))" "$dir" > "$(dirname "$0")/nbformat.v4.5.schema.json"
rm -rf "$dir"
